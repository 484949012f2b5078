"""Score the landscape against the facts with the rule set: hard filters first (a place must
serve this role, concern, age and phase where they are known), then weights from the needs and
the rules, then the pinned places of the rules that fired. Deterministic: ties are broken by
open now, then the fit with the preferred channel, then the id."""

from collections.abc import Iterable, Sequence

from api.landscape import hours
from api.rules.triage import texts
from api.rules.triage.model import (
    ContactPointInfo,
    Facts,
    Placement,
    Result,
    Rule,
    RuleSet,
    Settings,
    Text,
)

PREFERRED_TYPES = {"phone": {"phone"}, "chat": {"chat", "whatsapp"}, "in_person": {"walk_in"}}
NEED_ORDER = tuple(texts.NEED_REASONS)


def open_now(point: ContactPointInfo, facts: Facts) -> bool:
    return any(hours.is_open(c.schedule, facts.now) for c in point.channels)


def fits_preference(point: ContactPointInfo, facts: Facts) -> bool:
    wanted = PREFERRED_TYPES.get(facts.prefer_channel)
    return wanted is None or any(c.type in wanted for c in point.channels)


def serves(point: ContactPointInfo, facts: Facts, settings: Settings) -> bool:
    """The hard filter; a fact that is unknown or unsure filters nothing, and neither does an
    empty classification."""

    def fits(taxonomy: str, wanted: Iterable[str]) -> bool:
        listed = point.codes(taxonomy)
        return not listed or bool(listed & set(wanted))

    if facts.role != "unknown" and not fits("role", [facts.role]):
        return False
    if facts.known_concerns and not fits("violence_type", facts.known_concerns):
        return False
    if facts.age_group != "unknown" and not fits("age_group", [facts.age_group]):
        return False
    phases = settings.phase_matches.get(facts.timing)
    return not phases or fits("phase", phases)


def _in_area(point: ContactPointInfo, facts: Facts) -> bool:
    return point.area_scope != "regional" or bool(point.region_ids & facts.region_ids)


def _regional_stand_ins(points: Iterable[ContactPointInfo]) -> dict[str, ContactPointInfo]:
    """National id -> the regional place of the same organisation and kind in the person's
    region, which takes the national entry's place in the answer."""
    national = {(p.organisation_id, p.kind): p.id for p in points if p.area_scope != "regional"}
    found: dict[str, list[ContactPointInfo]] = {}
    for point in points:
        key = (point.organisation_id, point.kind)
        if point.area_scope == "regional" and key in national:
            found.setdefault(national[key], []).append(point)
    # Two regional places for one place typed (a province with two regions) is no answer:
    # then the national entry stays, whose number routes the caller to the right region.
    return {national_id: places[0] for national_id, places in found.items() if len(places) == 1}


class _Answer:
    """The answer under construction: placed points, in order, with their source ids."""

    def __init__(self, facts: Facts, fired: Sequence[Rule], points: Iterable[ContactPointInfo]):
        self.facts = facts
        self.forbidden = {i for rule in fired for i in rule.forbid}
        self.visible = {p.id: p for p in points if _in_area(p, facts)}
        self.stand_ins = _regional_stand_ins(self.visible.values())
        self.placed: dict[str, str] = {}  # placed id -> the id the rules named

    def resolve(self, point_id: str) -> ContactPointInfo | None:
        point = self.visible.get(point_id)
        if point is None or point_id in self.forbidden:
            return None
        stand_in = self.stand_ins.get(point_id)
        return stand_in if stand_in and stand_in.id not in self.forbidden else point

    def place(self, point_id: str, into: list[ContactPointInfo]) -> bool:
        point = self.resolve(point_id)
        if point is None or point.id in self.placed:
            return False
        self.placed[point.id] = point_id
        into.append(point)
        return True


def _relevance(point: ContactPointInfo, facts: Facts, fired: Sequence[Rule], s: Settings) -> int:
    score = s.weights.concern * len(facts.known_concerns & point.codes("violence_type"))
    score += s.weights.need * len(facts.known_needs & point.codes("need"))
    for rule in fired:
        score += sum(weight for point_id, weight in rule.boost if point_id == point.id)
        score += sum(w for tax, code, w in rule.boost_serving if code in point.codes(tax))
    return score


def _ranked(
    answer: _Answer, fired: Sequence[Rule], s: Settings
) -> list[tuple[int, ContactPointInfo]]:
    facts = answer.facts
    stand_in_ids = {p.id for p in answer.stand_ins.values()}
    ranked = []
    for point in answer.visible.values():
        if (
            point.id in answer.forbidden
            or point.id in s.only_when_named
            or point.id in stand_in_ids
            or not serves(point, facts, s)
        ):
            continue
        relevance = _relevance(point, facts, fired, s)
        if relevance <= 0:
            continue
        score = relevance + (s.weights.role if facts.role in point.codes("role") else 0)
        score += s.weights.region if point.area_scope == "regional" else 0
        ranked.append((score, point))
    ranked.sort(
        key=lambda sp: (
            -sp[0],
            not open_now(sp[1], facts),
            not fits_preference(sp[1], facts),
            sp[1].id,
        )
    )
    return ranked


def _reasons(
    point: ContactPointInfo,
    named_as: str,
    answer: _Answer,
    fired: Sequence[Rule],
    s: Settings,
    extra: Sequence[Text],
) -> tuple[Text, ...]:
    found: list[Text] = []
    for rule in fired:
        found.extend(text for pid, text in rule.reasons if pid in (named_as, point.id))
    facts = answer.facts
    found.extend(
        texts.NEED_REASONS[n] for n in NEED_ORDER if n in facts.known_needs & point.codes("need")
    )
    found.extend(extra)
    served = facts.known_concerns & point.codes("violence_type")
    concerns = [c for c in texts.CONCERN_WORDS if c in served]
    if not found:
        found.append(texts.concern_reason(concerns) if concerns else texts.GENERAL)
    if point.area_scope == "regional":
        found.append(texts.REGIONAL)
    unique = list(dict.fromkeys(found))
    return tuple(unique[: s.max_reasons])


def evaluate(rule_set: RuleSet, facts: Facts, points: Sequence[ContactPointInfo]) -> Result:
    """Apply the rule set to the facts over the landscape; never returns an empty list."""
    s = rule_set.settings
    fired = [rule for rule in rule_set.rules if rule.when.holds(facts)]
    answer = _Answer(facts, fired, points)
    urgent_ids = list(dict.fromkeys(i for rule in fired for i in rule.urgent_lines))
    recommendations: list[ContactPointInfo] = []
    for point_id in [*urgent_ids, *(i for rule in fired for i in rule.pin_first)]:
        answer.place(point_id, recommendations)
    ranked = _ranked(answer, fired, s)
    rest = [p for _, p in ranked]
    for relevance, point in ranked:
        full = len(recommendations) >= s.max_recommendations
        if full or (relevance < s.recommend_from and recommendations):
            break
        answer.place(point.id, recommendations)
    general = any(rule.general for rule in fired)
    if not recommendations:
        general = True
        for point_id in s.reachable_fallback:
            answer.place(point_id, recommendations)
    also: list[ContactPointInfo] = []
    for point_id in (i for rule in fired for i in rule.also_possible):
        answer.place(point_id, also)
    extra: dict[str, list[Text]] = {}
    if not any(open_now(p, facts) for p in recommendations):
        _add_reachable(answer, recommendations, also, rest, s, extra)
    for point in rest:
        if len(also) >= s.max_also_possible:
            break
        answer.place(point.id, also)
    scores = {p.id: score for score, p in ranked}

    def placement(point: ContactPointInfo) -> Placement:
        reasons = _reasons(
            point, answer.placed[point.id], answer, fired, s, extra.get(point.id, ())
        )
        return Placement(point, reasons, scores.get(point.id, 0), open_now(point, facts))

    kinds = list(dict.fromkeys(rule.urgent for rule in fired if rule.urgent))
    return Result(
        urgent="_and_".join(sorted(kinds)) if kinds else None,
        urgent_lines=tuple(
            (str(rule.urgent), answer.visible[i])
            for rule in fired
            for i in rule.urgent_lines
            if i in answer.visible
        ),
        recommendations=tuple(placement(p) for p in recommendations),
        also_possible=tuple(placement(p) for p in also[: s.max_also_possible]),
        general=general,
        rules_fired=tuple(rule.name for rule in fired),
    )


def _add_reachable(
    answer: _Answer,
    recommendations: list[ContactPointInfo],
    also: list[ContactPointInfo],
    rest: Sequence[ContactPointInfo],
    s: Settings,
    extra: dict[str, list[Text]],
) -> None:
    """Every answer has a place that can be reached now: prefer what the rules named, then the
    best open match, then the national 24/7 lines."""
    facts = answer.facts
    options = [p.id for p in also] + [p.id for p in rest] + list(s.reachable_fallback)
    for point_id in options:
        point = answer.resolve(point_id)
        if point is None or not open_now(point, facts) or point in recommendations:
            continue
        if point in also:
            also.remove(point)
        answer.placed[point.id] = answer.placed.get(point.id, point_id)
        recommendations.append(point)
        extra.setdefault(point.id, []).append(texts.REACHABLE_NOW)
        return
