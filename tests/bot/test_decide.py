"""The decision rules on top of the classifiers (bot/understanding/decide.py), with the model's
probabilities given: a second crisis line when the other crisis is plausible, and the extra
evidence "perpetrator" needs before it can send someone to a perpetrator's place."""

from __future__ import annotations

import pytest

from bot.understanding import numbers
from bot.understanding.decide import (
    CLAUSE_BAR,
    CLAUSE_GATE,
    CONTEXT_BAR,
    CONTEXT_MAX_CHARS,
    CRISIS_SHARE,
    PERPETRATOR_MIN,
    SECOND_LINE_SHARE,
    SENTENCE_MIN_CHARS,
    Fact,
    clauses,
    decide,
    one_crisis,
    read_in_context,
    unclear_crisis,
    with_previous,
    worth_reading_by_clause,
)
from bot.understanding.model import NONE, Head
from bot.understanding.phrases import VETO, Match

HEADS = [
    Head("role", "role", (NONE, "victim", "relative", "bystander", "perpetrator", "professional")),
    Head("danger", "danger", (NONE, "yes")),
    Head("suicide", "suicide", (NONE, "self", "other")),
    Head("needs=stop_own_behaviour", "needs", (NONE, "stop_own_behaviour")),
]
THRESHOLDS = {"role": 0.5, "danger": 0.5, "suicide": 0.4, "needs=stop_own_behaviour": 0.5}


def _binary(present: float, value: str) -> dict[str, float]:
    return {NONE: 1.0 - present, value: present}


def _facts(
    *, danger: float = 0.0, suicide: float = 0.0, role: dict[str, float] | None = None,
    phrases: dict[str, Match] | None = None, text: str = "zomaar een bericht",
    stop_own: float = 0.0, clause_suicide: tuple[float, ...] = (),
) -> dict[str, set[str]]:  # fmt: skip
    role_probs = role or {}
    probs = {
        "danger": _binary(danger, "yes"),
        "suicide": _binary(suicide, "self"),
        "needs=stop_own_behaviour": _binary(stop_own, "stop_own_behaviour"),
        "role": {NONE: 1.0 - sum(role_probs.values()), **role_probs},
    }
    clause_probs = [{"suicide": _binary(one, "self")} for one in clause_suicide]
    found: dict[str, set[str]] = {}
    for fact in decide(text=text, heads=HEADS, probs=probs, thresholds=THRESHOLDS,
                       phrases=phrases or {}, numbers=numbers.load(),
                       clause_probs=clause_probs):  # fmt: skip
        found.setdefault(fact.name, set()).add(fact.value)
    return found


def test_danger_with_plausible_thoughts_of_suicide_gets_both_lines() -> None:
    just_plausible = SECOND_LINE_SHARE * THRESHOLDS["suicide"] + 0.01
    facts = _facts(danger=0.9, suicide=just_plausible)
    assert facts["danger"] == {"yes"}
    assert facts["suicide"] == {"self"}


def test_suicide_with_plausible_danger_gets_both_lines() -> None:
    facts = _facts(suicide=0.8, danger=SECOND_LINE_SHARE * THRESHOLDS["danger"] + 0.01)
    assert facts["danger"] == {"yes"}
    assert facts["suicide"] == {"self"}


def test_a_clear_danger_alone_gets_one_line() -> None:
    facts = _facts(danger=0.9, suicide=0.05)
    assert "danger" in facts and "suicide" not in facts


def _bar(head: str) -> float:
    return CRISIS_SHARE[head] * THRESHOLDS[head]


def test_a_calm_message_gets_no_line_however_close_both_heads_are() -> None:
    # The second line is only added to a message that already is a crisis.
    facts = _facts(danger=_bar("danger") - 0.01, suicide=_bar("suicide") - 0.01)
    assert "danger" not in facts and "suicide" not in facts


def test_thoughts_of_suicide_get_113_below_the_corpus_threshold() -> None:
    # A missed 113 costs more than a needless one: the suicide head says "present" at its
    # share of the threshold (chosen on frozen sets 4-8), danger at the threshold itself.
    assert CRISIS_SHARE["suicide"] < 1.0
    facts = _facts(suicide=_bar("suicide") + 0.01)
    assert facts["suicide"] == {"self"}
    assert "danger" not in _facts(danger=_bar("danger") - 0.01)


def test_a_curated_veto_keeps_the_second_line_out() -> None:
    # "ik ga dood van de stress" is vetoed as suicide by a phrase; danger does not bring it back.
    veto = {"suicide": Match("suicide", VETO, 100, 0, 4)}
    facts = _facts(danger=0.9, suicide=0.39, phrases=veto)
    assert "danger" in facts and "suicide" not in facts


def test_a_clause_that_clearly_reads_the_other_crisis_adds_its_line() -> None:
    # "my girlfriend dumped me and i have the pills ready, my stepdad is banging on my door
    # right now": the whole message reads danger only; one clause reads suicide.
    diluted = SECOND_LINE_SHARE * THRESHOLDS["suicide"] - 0.01
    assert "suicide" not in _facts(danger=0.95, suicide=diluted)
    facts = _facts(danger=0.95, suicide=diluted, clause_suicide=(0.1, CLAUSE_BAR + 0.01))
    assert facts["danger"] == {"yes"} and facts["suicide"] == {"self"}


def test_a_clause_below_the_bar_or_a_veto_adds_no_line() -> None:
    diluted = SECOND_LINE_SHARE * THRESHOLDS["suicide"] - 0.01
    assert "suicide" not in _facts(
        danger=0.95, suicide=diluted, clause_suicide=(CLAUSE_BAR - 0.01,)
    )
    veto = {"suicide": Match("suicide", VETO, 100, 0, 4)}
    facts = _facts(danger=0.95, suicide=diluted, phrases=veto, clause_suicide=(0.99,))
    assert "suicide" not in facts


def test_a_clause_never_makes_a_calm_message_a_crisis() -> None:
    # Clauses only add the second crisis to a message that is already one.
    assert "suicide" not in _facts(danger=0.05, suicide=0.05, clause_suicide=(0.99,))
    assert "danger" not in _facts(danger=0.05, suicide=0.05, clause_suicide=(0.99,))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "my girlfriend dumped me and i have the pills ready, my stepdad is banging on my door",
            [
                "my girlfriend dumped me",
                "i have the pills ready",
                "my stepdad is banging on my door",
            ],
        ),
        (
            "ik heb de pillen klaarliggen en hij bonkt nu op de deur",
            ["ik heb de pillen klaarliggen", "hij bonkt nu op de deur"],
        ),
        ("hij slaat me nu", []),
        ("ja, nu", []),
        ("x" * SENTENCE_MIN_CHARS + ", and more", []),
    ],
)
def test_a_short_message_is_split_into_clauses_and_a_long_one_is_not(text, parts) -> None:
    # A long message is read sentence by sentence instead; tiny pieces ("ja") are no clause.
    assert clauses(text) == parts


def test_only_a_message_with_exactly_one_crisis_is_read_by_clause() -> None:
    assert one_crisis([_fact("danger", "yes", 0.9)])
    assert not one_crisis([_fact("danger", "yes", 0.9), _fact("suicide", "self", 0.9)])
    assert not one_crisis([_fact("role", "victim", 0.9)])


def _worth(suicide: float, facts: list[Fact], phrases: dict[str, Match] | None = None) -> bool:
    probs = {"danger": _binary(0.95, "yes"), "suicide": _binary(suicide, "self")}
    return worth_reading_by_clause(facts, HEADS, probs, phrases or {})


def test_clauses_are_read_only_where_the_other_crisis_could_come_from_them() -> None:
    # The second encoding is spent only on a message of one crisis whose whole reading holds
    # the other faintly and where no phrase vetoes it.
    danger = [_fact("danger", "yes", 0.95)]
    assert _worth(CLAUSE_GATE + 0.005, danger)
    assert not _worth(CLAUSE_GATE / 2, danger)
    assert not _worth(0.5, [*danger, _fact("suicide", "self", 0.5)])
    assert not _worth(0.5, [_fact("role", "victim", 0.9)])
    assert not _worth(0.5, danger, {"suicide": Match("suicide", VETO, 100, 0, 4)})


def test_a_veto_on_danger_now_says_the_person_is_safe_now() -> None:
    # "ik ben nu veilig, hij is op zijn werk": no banner, and "no" to "is anyone in danger?".
    veto = {"danger": Match("danger", VETO, 5, 0, 16)}
    facts = _facts(danger=0.9, phrases=veto)
    assert "danger" not in facts
    assert facts["safe_now"] == {"yes"}
    assert "safe_now" not in _facts(danger=0.9)


def test_perpetrator_needs_more_than_the_role_threshold() -> None:
    unsure = _facts(role={"perpetrator": PERPETRATOR_MIN - 0.05, "victim": 0.1})
    assert "role" not in unsure  # the bot asks who it is about instead of guessing
    sure = _facts(role={"perpetrator": PERPETRATOR_MIN + 0.05})
    assert sure["role"] == {"perpetrator"}


def test_perpetrator_below_the_bar_counts_when_the_person_wants_to_stop() -> None:
    # "ik kijk naar plaatjes van kinderen en wil stoppen": the wish to stop is the evidence.
    role = {"perpetrator": PERPETRATOR_MIN - 0.1, "victim": 0.05}
    assert _facts(role=role, stop_own=0.9)["role"] == {"perpetrator"}
    assert "role" not in _facts(role=role, stop_own=0.2)


@pytest.mark.parametrize("role", ["victim", "relative", "bystander", "professional"])
def test_other_roles_keep_the_ordinary_threshold(role: str) -> None:
    assert _facts(role={role: 0.55})["role"] == {role}


def test_a_curated_perpetrator_phrase_is_not_held_back() -> None:
    phrase = {"role": Match("role", "perpetrator", 100, 0, 10)}
    assert _facts(role={"perpetrator": 0.2}, phrases=phrase)["role"] == {"perpetrator"}


def test_a_long_story_is_also_read_sentence_by_sentence() -> None:
    from bot.understanding.decide import SENTENCE_MIN_CHARS, sentences

    calm = "Het begon jaren geleden, toen we net samenwoonden en hij steeds jaloerser werd. "
    story = calm * 3 + "En nu staat hij voor de deur en schopt ertegen! Wat moet ik doen?"
    assert len(story) >= SENTENCE_MIN_CHARS
    assert sentences(story)[-2] == "En nu staat hij voor de deur en schopt ertegen!"
    assert sentences("hij staat voor de deur. help") == []  # short: the whole message says it
    assert sentences("a" * SENTENCE_MIN_CHARS) == []  # one sentence: nothing to add


def test_a_sentence_clearly_a_crisis_by_itself_counts_for_the_whole_story() -> None:
    from bot.understanding.decide import SENTENCE_BAR, with_sentences

    whole = {"danger": _binary(0.2, "yes"), "suicide": _binary(0.1, "self")}
    clear = {"danger": _binary(SENTENCE_BAR + 0.02, "yes"), "suicide": _binary(0.0, "self")}
    unsure = {"danger": _binary(SENTENCE_BAR - 0.1, "yes"), "suicide": _binary(0.3, "self")}
    merged = with_sentences(HEADS, whole, [unsure, clear])
    assert merged["danger"] == clear["danger"] and merged["suicide"] == whole["suicide"]
    # A sentence that is only somewhat alarming leaves the story's own reading alone.
    assert with_sentences(HEADS, whole, [unsure]) == whole


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("mijn oom heeft me misbruikt toen ik 10 was, ik ben nu 30", 30),
        ("ik ben inmiddels 16 maar het begon toen ik 9 was", 16),
        ("it started when i was 9, i'm now 25", 25),
        ("ik ben 15 jaar", 15),
        # An amount of time after "ik ben" is no age: an adult is not read as a child of 3.
        ("ik ben 3 dagen weg bij hem", None),
        ("ik ben nu 2 weken bij mijn zus", None),
        ("i am 3 days late", None),
        # How long it goes on is no age either: an adult is not sent to the Kindertelefoon.
        ("het gebeurt al een paar jaar", None),
        ("het gaat nu al 3 jaar zo", None),
        ("he has been hitting me for 4 years", None),
        ("this has been going on for a couple of years", None),
        ("sinds 2 jaar woon ik bij hem", None),
        ("ik ben 16 jaar en het gebeurt al 3 jaar", 16),
        ("my daughter is 8 years old", 8),
        ("8 jaar", 8),
    ],
)
def test_the_age_now_is_read_and_an_amount_of_time_is_not_an_age(text, age) -> None:
    assert numbers.load().age(text) == age


def _fact(name: str, value: str, confidence: float, source: str = "model") -> Fact:
    return Fact(name, value, confidence, source)


def test_only_an_unclear_model_reading_of_crisis_is_read_again_with_what_came_before() -> None:
    assert unclear_crisis([_fact("danger", "yes", CONTEXT_BAR - 0.01)])
    assert unclear_crisis([_fact("suicide", "self", 0.4), _fact("role", "victim", 0.9)])
    # clear by itself, a curated phrase, or no crisis at all: nothing to read again
    assert not unclear_crisis([_fact("danger", "yes", CONTEXT_BAR)])
    assert not unclear_crisis([_fact("danger", "yes", 1.0, "phrase")])
    assert not unclear_crisis([_fact("danger", "yes", 0.5), _fact("suicide", "self", 0.95)])
    assert not unclear_crisis([_fact("role", "victim", 0.6)])


def test_the_joint_reading_takes_away_only_the_crisis_and_only_when_it_has_none() -> None:
    alone = [_fact("role", "victim", 0.8), _fact("danger", "yes", 0.7)]
    calm_together = [_fact("role", "victim", 0.9)]
    assert read_in_context(alone, calm_together) == [alone[0]]
    crisis_together = [_fact("suicide", "self", 0.5)]
    assert read_in_context(alone, crisis_together) == alone


def test_a_long_message_before_gives_only_its_end() -> None:
    joined = with_previous("x" * 5000 + " het einde", "en nu?")
    assert joined.endswith("het einde en nu?")
    assert len(joined) <= CONTEXT_MAX_CHARS + len(" en nu?")
