"""From the classifiers' probabilities, the curated phrases, the numbers and the place names of
one message to its triage facts, each with a confidence and where it came from (pure).

Precedence, the same for every fact: a curated phrase (including a veto) beats a number rule,
which beats the statistical model. Crisis is decided here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.understanding.model import CRISIS, NONE, Head
from bot.understanding.numbers import NumberReader, age_group
from bot.understanding.phrases import VETO, Match
from bot.understanding.places import PlaceFinder

if TYPE_CHECKING:
    import numpy as np

    from bot.understanding.model import FactModel

# How sure a phrase or number rule is (they are curated): above any model probability.
RULE_CONFIDENCE = 1.0
# Within a week: the Centrum Seksueel Geweld comes first (forensic care, PEP).
RECENT_DAYS = 7
# A perpetrator's route is the costliest wrong place: a victim or a bystander read as
# "perpetrator" is sent to Stop it Now! or forensic care. So the model's "perpetrator" needs
# this probability, not only the role threshold; below it the role stays open and the bot asks
# who it is about. Measured on the corpus's held-out split (80 perpetrator messages, with the
# phrases): at the role threshold 62 found and 17 others read as perpetrator (men hit by their
# wife among them), at 0.6 58 and 8, at 0.7 51 and 4. Below the bar, a message that also reads
# as wanting to stop one's own behaviour still counts ("ik kijk naar plaatjes van kinderen en wil
# stoppen"): after the corpus of 5 December, 52 → 55 of 80 found, still 4 others.
PERPETRATOR_MIN = 0.7
STOP_OWN = "needs=stop_own_behaviour"
# The share of its corpus threshold (chosen at 5 % false alarms on the corpus's calm examples,
# bot/understanding/model.py) at which a crisis head says "present". Safety comes first, and a
# missed crisis costs more than a needless line, but the two heads do not trade alike. Measured
# with model 795a7b66 on the frozen first messages of sets 4-8 (500 crisis, 900 calm; the ninth
# set was not read), crisis messages given a line / calm messages given one, as the share falls:
#   suicide 1.0: 434 / 35, 0.9: 439 / 38, 0.8: 447 / 42, 0.7: 452 / 47, 0.6: 453 / 56, 0.5: 458 / 66
#   danger  1.0: 434 / 35, 0.8: 442 / 53, 0.7: 444 / 63, 0.6: 449 / 79
# Suicide at 0.8: 13 more crisis messages reached for 7 more calm ones, where danger at 0.8
# would reach 8 more for 18. Below 0.8 each step costs a calm message per crisis message or
# more, and short returns start to read as suicide: at 0.7 "ik ben er weer" (0.75 of the
# threshold) got 113. (Held-out split at 0.8: 740 -> 756 of 826 crisis, calm 115 -> 135 of
# 1 342; its calm examples were written to be hard.) In the conversations of the main and
# triage/unseen bench sets (122 calm ones; not the frozen set), calm conversations with a
# crisis line went 2 -> 4 (sextortion told with shame); every one still reached its places.
# Chosen before the ninth set was read.
CRISIS_SHARE = {"danger": 1.0, "suicide": 0.8}
# A long story is also read sentence by sentence for crisis: "…en nu staat hij voor de deur" in
# the middle of 600 calm characters is diluted in the whole message's reading. A sentence counts
# only when it is by itself clearly a crisis. Held-out split (1 636 messages, 46 of them of 300+
# characters with 2+ sentences): every needed line 270 -> 276 of 325 multi-sentence crisis
# messages, false alarms 57 -> 58 of 650; every sentence of every message (bar 0.5) gave 299
# and 141, at 200 characters the same gain for more encoder time.
SENTENCE_MIN_CHARS = 300
SENTENCE_BAR = 0.9
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a long message worth reading on their own; [] for a short one."""
    if len(text) < SENTENCE_MIN_CHARS:
        return []
    parts = [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]
    return parts if len(parts) >= 2 else []


def with_sentences(
    heads: Sequence[Head],
    probs: Mapping[str, Mapping[str, float]],
    sentence_probs: Sequence[Mapping[str, Mapping[str, float]]],
) -> dict[str, Mapping[str, float]]:
    """The message's probabilities, where a sentence that is clearly a crisis by itself
    (SENTENCE_BAR) replaces the whole message's weaker crisis reading."""
    merged = dict(probs)
    for head in heads:
        if head.fact not in CRISIS or head.name not in probs:
            continue
        best = _reading(head, probs[head.name])[0]
        for one in sentence_probs:
            present = _reading(head, one[head.name])[0] if head.name in one else 0.0
            if present >= SENTENCE_BAR and present > best:
                merged[head.name], best = one[head.name], present
    return merged


def message_probs(
    model: FactModel, text: str, vector: np.ndarray, encode: Callable[[list[str]], np.ndarray]
) -> dict[str, Mapping[str, float]]:
    """The heads' probabilities for one message (its sentence vector given), and for a long
    story also its sentences, encoded by `encode`."""
    probs = model.predict([text], vector)[0]
    parts = sentences(text)
    if parts:
        probs = with_sentences(model.heads, probs, model.predict(parts, encode(parts)))
    return probs


# In the middle of a conversation a short answer is often unclear by itself: "Nu is hij weg, bij
# zijn broer.", "i just want them gone", "ik walg van mezelf" read as danger or suicide alone,
# and as what they are after the message before them. So a crisis reading that comes from the
# model only and is below this bar on every crisis fact is read once more with the person's
# previous typed message in front of it; when that joint reading holds no crisis, the message
# gets no line. A clear reading, a curated phrase and a first message keep their line. Designed
# on the spent conversation sets only (first frozen set and the eleventh, every turn read with
# model cf4b0be3): calm conversations with a needless line 34 -> 23 of 141, and no crisis turn
# lost its line. The joint reading keeps implicit crises ("i locked my door" 0.66 -> 1.0 after
# "he is downstairs honking"), because what came before sets the scene; it dissolved one clear
# one ("shit ik hoor zijn auto op de oprit…", 0.98 alone), which the bar keeps. Weighed once on
# set 12 with a rule written before (bench/data/unseen12/README.md).
CONTEXT_BAR = 0.9
# Only the end of a long previous message is put in front (the encoder reads head and tail).
CONTEXT_MAX_CHARS = 600


def unclear_crisis(facts: Sequence[Fact]) -> bool:
    """Whether the message's crisis reading is the model's alone and not clear by itself."""
    readings = [f for f in facts if f.name in CRISIS]
    return bool(readings) and all(
        f.source == "model" and f.confidence < CONTEXT_BAR for f in readings
    )


def with_previous(previous: str, text: str) -> str:
    """The text read when a message is read together with the one before it."""
    return f"{previous.strip()[-CONTEXT_MAX_CHARS:]} {text}"


def read_in_context(facts: Sequence[Fact], joint: Sequence[Fact]) -> list[Fact]:
    """The message's facts, without its crisis reading when the joint reading has none."""
    if crisis(joint) is not None:
        return list(facts)
    return [f for f in facts if f.name not in CRISIS]


# A message read as one crisis gets the other crisis line too when the other head is at least
# this share of its own threshold ("the pills are ready, he is coming home tonight" needs 113
# and 112). Held-out split of 4 December (467 crisis messages, with the phrases): every needed
# line 396 times without this rule, 402 at share 0.5. Held-out split of 5 December (737 crisis
# messages, after the contrast pairs, crisis-in-context and short-and-broken data): 659 at 0.5,
# 661 at 0.4, 666 at 0.3 and 0.2, while the crisis messages given a line they did not need go
# 60, 79, 100, 130. It touches crisis replies only (a calm message gets no line from it); an
# extra line in a crisis reply costs little, a missing one a great deal.
SECOND_LINE_SHARE = 0.3
# A short message can hold the two crises in two clauses, and then the whole message's reading
# of the second is diluted: "my girlfriend dumped me and i have the pills ready, my stepdad is
# also banging on my door right now" read danger 1.0 and no suicide, while its clause "i have the
# pills ready" reads suicide 0.99. So when a message of one crisis has clauses, each is read on
# its own, and a clause that reads the other crisis at CLAUSE_BAR adds it. Designed on the spent
# first messages (first frozen set and sets 3-10, 2 706 messages, model f673a75b): messages that
# need both lines and got them 113 -> 119 of 136, a suicide line added to danger-only messages
# 77 -> 86 of 401 (bar 0.5: 122 and 102; 0.9: 115 and 80); held-out split 78 -> 79 of 85 and
# 62 -> 66 of 448. Long messages are read by sentence instead (SENTENCE_MIN_CHARS). Weighed on
# the thirteenth frozen set with a rule written before (bench/data/unseen13/README.md).
CLAUSE_BAR = 0.7
CLAUSE_MIN_CHARS = 8
_CLAUSE_END = re.compile(r"[.!?;,\n]+|\s+(?:and|en|but|maar|also|ook|then|dan)\s+", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """The clauses of a short message worth reading on their own; [] for one clause."""
    if len(text) >= SENTENCE_MIN_CHARS:
        return []
    parts = [p.strip() for p in _CLAUSE_END.split(text) if p and len(p.strip()) >= CLAUSE_MIN_CHARS]
    return parts if len(parts) >= 2 else []


def one_crisis(facts: Sequence[Fact]) -> bool:
    """Whether the facts hold exactly one of the two crises (the other may be in a clause)."""
    return len({f.name for f in facts if f.name in CRISIS}) == 1


# Reading the clauses costs a second encoding of the message's words: about 70 ms on average
# on this machine for a short crisis message with clauses (533 of the 2 706 spent first
# messages, model b4d7a92e). A clause adds the other crisis only where the whole message
# already reads it faintly: the 21 lines the clauses added there came from whole readings of
# 0.014 to 0.15, while 182 of the 533 messages read by clause were below 0.01. Below this the
# clauses are not read (a third less of that encoding; the same facts in every spent message).
CLAUSE_GATE = 0.01


def worth_reading_by_clause(
    facts: Sequence[Fact],
    heads: Sequence[Head],
    probs: Mapping[str, Mapping[str, float]],
    phrases: Mapping[str, Match],
) -> bool:
    """Whether a clause could add the other crisis: the facts hold one crisis, the other is not
    vetoed by a phrase, and the whole message reads it at least at CLAUSE_GATE."""
    if not one_crisis(facts):
        return False
    other = next(kind for kind in CRISIS if kind not in {f.name for f in facts})
    match = phrases.get(other)
    head = next((h for h in heads if h.name == other), None)
    if (match is not None and match.value == VETO) or head is None or not probs.get(other):
        return False
    return _reading(head, probs[other])[0] >= CLAUSE_GATE


@dataclass(frozen=True)
class Fact:
    """One fact of one message."""

    name: str
    value: str
    confidence: float
    source: str  # model | phrase | number | place
    start: int = 0
    end: int = 0


def _reading(head: Head, head_probs: Mapping[str, float]) -> tuple[float, str, float]:
    """(probability that the fact is there at all, its most likely code, that code's own)."""
    value = max((c for c in head.classes if c != NONE), key=lambda c: head_probs.get(c, 0.0))
    return 1.0 - head_probs.get(NONE, 0.0), value, head_probs.get(value, 0.0)


def _from_model(
    heads: Sequence[Head], probs: Mapping[str, Mapping[str, float]], thresholds: Mapping[str, float]
) -> dict[str, list[Fact]]:
    found: dict[str, list[Fact]] = {}
    stop_own = probs.get(STOP_OWN)
    wants_to_stop = bool(stop_own) and (1.0 - stop_own.get(NONE, 1.0)) >= thresholds.get(
        STOP_OWN, 0.5
    )
    for head in heads:
        head_probs = probs.get(head.name)
        if not head_probs:
            continue
        present, value, own = _reading(head, head_probs)
        if present < CRISIS_SHARE.get(head.name, 1.0) * thresholds.get(head.name, 0.5):
            continue
        if value == "perpetrator" and own < PERPETRATOR_MIN and not wants_to_stop:
            continue
        found.setdefault(head.fact, []).append(Fact(head.fact, value, round(present, 4), "model"))
    return found


def decide(
    *,
    text: str,
    heads: Sequence[Head],
    probs: Mapping[str, Mapping[str, float]],
    thresholds: Mapping[str, float],
    phrases: Mapping[str, Match],
    numbers: NumberReader,
    places: PlaceFinder | None = None,
    clause_probs: Sequence[Mapping[str, Mapping[str, float]]] = (),
) -> list[Fact]:
    """Every fact the message states, in contract order (`clause_probs`: the heads'
    probabilities for each clause, read when the message holds one crisis)."""
    found = _from_model(heads, probs, thresholds)

    days = numbers.days_ago(text)
    if days is not None:
        value = "within_7_days" if days <= RECENT_DAYS else "longer_ago"
        found["timing"] = [Fact("timing", value, RULE_CONFIDENCE, "number")]
    age = numbers.age(text)
    if age is not None:
        found["age_group"] = [Fact("age_group", age_group(age), RULE_CONFIDENCE, "number")]
    elif numbers.mentions_age_back_then(text):
        # "toen ik 10 was" says when it happened, not how old the person is now.
        found.pop("age_group", None)
    bare = numbers.bare_number(text)
    if bare is not None:
        # "15" alone: an age only as the answer to "how old?"; the actions know what was asked.
        found["number"] = [Fact("number", str(bare), RULE_CONFIDENCE, "number")]

    vetoed: set[str] = set()
    for fact, match in phrases.items():
        if match.value == VETO:
            vetoed.add(fact)
            found.pop(fact, None)
            if fact == "danger":
                # "ik ben nu veilig, hij is op zijn werk", "he doesn't hit me anymore": also
                # the answer "no" to "is anyone in danger right now?" (actions/extraction.py).
                found["safe_now"] = [
                    Fact("safe_now", "yes", RULE_CONFIDENCE, "phrase", match.start, match.end)
                ]
            continue
        phrase = Fact(fact, match.value, RULE_CONFIDENCE, "phrase", match.start, match.end)
        if (fact in found and len(found[fact]) > 1) or _many(heads, fact):
            # A list fact: the phrase adds its code to what the model found.
            kept = [f for f in found.get(fact, []) if f.value != match.value]
            found[fact] = [*kept, phrase]
        else:
            found[fact] = [phrase]

    if places is not None and "region" not in found:
        place = places.find(text)
        if place is not None:
            found["region"] = [Fact("region", place.name, RULE_CONFIDENCE, "place", *place.span)]

    _second_line(found, heads, probs, thresholds, vetoed, clause_probs)
    _whose_thoughts(found)

    order = [h.fact for h in heads]
    return [
        fact
        for name in sorted(found, key=lambda n: order.index(n) if n in order else len(order))
        for fact in found[name]
    ]


def _second_line(
    found: dict[str, list[Fact]],
    heads: Sequence[Head],
    probs: Mapping[str, Mapping[str, float]],
    thresholds: Mapping[str, float],
    vetoed: set[str],
    clause_probs: Sequence[Mapping[str, Mapping[str, float]]] = (),
) -> None:
    """Add the other crisis when the message is one and the other is plausible (not vetoed):
    in the whole message, or clearly (CLAUSE_BAR) in one of its clauses."""
    kinds = [kind for kind in CRISIS if kind in found]
    if len(kinds) != 1:
        return
    other = next(kind for kind in CRISIS if kind != kinds[0])
    if other in vetoed:
        return
    head = next((h for h in heads if h.name == other), None)
    head_probs = probs.get(other)
    if head is None or not head_probs:
        return
    present, value, _ = _reading(head, head_probs)
    if present < SECOND_LINE_SHARE * thresholds.get(other, 0.5):
        readings = [_reading(head, one[other]) for one in clause_probs if one.get(other)]
        present, value, _ = max(readings, default=(0.0, value, 0.0))
        if present < CLAUSE_BAR:
            return
    found[other] = [Fact(other, value, round(present, 4), "model")]


# A writer who speaks as someone close, a bystander or a professional tells about another
# person's thoughts of suicide ("mijn broer wil niet meer leven"): the model's own/other head is
# the weakest of all, and who writes settles it.
WRITES_ABOUT_ANOTHER = ("relative", "bystander", "professional")


def _whose_thoughts(found: dict[str, list[Fact]]) -> None:
    roles = {f.value for f in found.get("role", [])}
    suicide = found.get("suicide") or []
    if roles & set(WRITES_ABOUT_ANOTHER) and suicide and suicide[0].source == "model":
        found["suicide"] = [
            Fact("suicide", "other", f.confidence, f.source, f.start, f.end) for f in suicide
        ]


def _many(heads: Sequence[Head], fact: str) -> bool:
    return any(h.fact == fact and h.name != h.fact for h in heads)


def crisis(facts: Sequence[Fact]) -> str | None:
    """ "danger", "suicide" or None: the one crisis decision of a message (danger first)."""
    names = {f.name for f in facts}
    if "danger" in names:
        return "danger"
    if "suicide" in names:
        return "suicide"
    return None
