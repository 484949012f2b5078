"""Which triage questions to ask, in which order (pure; no Rasa types).

The engine decides which facts still matter: `POST /v1/recommendations` answers with
`missing_facts`, the facts whose answer could change where the person is sent (and the safety
questions of the rule set). The bot adds its own safety question (is it safe to chat?) and a
budget, so that a person reaches the places after a few questions at most.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from actions.facts import NOT_KNOWN

MAX_QUESTIONS = 3
# A person who skipped two questions has said what they want to say: no new questions.
MAX_SKIPPED = 2
# The engine's fact names (contracts/facts.yml) → the slots that hold them.
SLOT_OF_FACT = {
    "role": "role",
    "concerns": "concern",
    "danger_now": "danger_now",
    "timing": "timing",
    "age_group": "age_group",
    "needs": "need",
    "prefer_channel": "prefer_channel",
    "region": "region",
}
# Safety is never cut by the question budget.
ALWAYS_ASKED = ("safe_to_chat", "danger_now")


def plan(
    slots: Mapping[str, Any], asked: Collection[str], missing_facts: Sequence[str]
) -> list[str]:
    """The form's questions for these facts, in order.

    A question already asked stays in the list until it is answered or given up on (the form
    asks at most twice); new questions count against MAX_QUESTIONS.
    """
    result: list[str] = []
    if slots.get("danger_now") == "yes":
        result.append("safe_to_chat")
        if slots.get("safe_to_chat") == "no":
            # Not safe to chat: stop asking and show the emergency help at once.
            return result
    budget = MAX_QUESTIONS - len(set(asked) - set(ALWAYS_ASKED))
    skipped = [slot for slot in asked if slots.get(slot) is not None and _not_known(slot, slots)]
    if len(skipped) >= MAX_SKIPPED:
        budget = 0
    for fact in missing_facts:
        slot = SLOT_OF_FACT.get(fact)
        if slot is None or slot in result:
            continue
        if slot in asked or slot in ALWAYS_ASKED:
            result.append(slot)
        elif budget > 0:
            result.append(slot)
            budget -= 1
    return result


def _not_known(slot: str, slots: Mapping[str, Any]) -> bool:
    return slot in NOT_KNOWN and slots.get(slot) == NOT_KNOWN[slot]
