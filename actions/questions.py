"""Which triage questions matter for the facts known so far (pure; no Rasa types).

The order is the order of asking. A question is relevant only when its answer can change
the recommendation, so common cases reach a recommendation after at most MAX_QUESTIONS.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

MAX_QUESTIONS = 4
# Safety is never cut by the question budget.
ALWAYS_ASKED = ("safe_to_chat",)
_ONGOING_HARM = {"domestic_violence", "human_trafficking"}
_AGE_MATTERS = {"sexual_violence", "online_sexual_abuse", "human_trafficking", "child_abuse"}


def relevant_slots(slots: Mapping[str, Any]) -> list[str]:
    """The fact slots worth knowing for these facts, in the order they are asked."""
    result: list[str] = []
    if slots.get("danger_now") == "yes":
        result.append("safe_to_chat")
        if slots.get("safe_to_chat") == "no":
            # Not safe to chat: stop asking and show the emergency help at once.
            return result
    result += ["role", "concern"]
    role = slots.get("role")
    concerns = set(slots.get("concern") or [])

    danger_matters = (
        bool(concerns & _ONGOING_HARM)
        or slots.get("timing") == "ongoing"
        or ("child_abuse" in concerns and role != "perpetrator")
    )
    if danger_matters and role != "professional":
        result.append("danger_now")
    if "sexual_violence" in concerns and role != "perpetrator":
        # Within 7 days the Centrum Seksueel Geweld comes first (forensic care, PEP).
        result.append("timing")
    if role == "victim" or (
        role in ("relative", "bystander", "professional", "unknown") and concerns & _AGE_MATTERS
    ):
        # Children and teenagers have their own places (Kindertelefoon, Fier).
        result.append("age_group")
    recent_sexual_violence = (
        "sexual_violence" in concerns and slots.get("timing") == "within_7_days"
    )
    if role in ("victim", "relative", "bystander") and not recent_sexual_violence:
        result.append("need")
    if slots.get("prefer_channel") == "in_person":
        # Only a walk-in place depends on where someone is; phone lines route by themselves.
        result.append("region")
    return result


def required_slots(slots: Mapping[str, Any], asked: Collection[str]) -> list[str]:
    """The form's required slots: relevant ones, with missing ones cut to the question budget.

    Filled slots stay in the list (so later answers are still validated); `asked` are the
    slots already asked in this conversation and count against MAX_QUESTIONS.
    """
    budget = MAX_QUESTIONS - len(set(asked) - set(ALWAYS_ASKED))
    result = []
    for name in relevant_slots(slots):
        if slots.get(name) is not None or name in ALWAYS_ASKED or name in asked:
            result.append(name)
        elif budget > 0:
            result.append(name)
            budget -= 1
    return result
