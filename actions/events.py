"""The events of the conversation as it stands now: since the last session start, restart or
start over. Nothing carries over a session start (domain/core.yml), a restart forgets
everything, and a start over resets every slot, so what came before any of them is no longer
this conversation (what the bot asked, offered, greeted with or showed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

STARTS = frozenset({"session_started", "restart", "reset_slots"})


def this_conversation(events: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events after the last start, oldest first (all of them when there was none)."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") in STARTS:
            return list(events[index + 1 :])
    return list(events)


def bot_said(events: Sequence[dict[str, Any]], responses: Sequence[str]) -> bool:
    """True when the bot sent one of `responses` in this conversation."""
    return any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") in responses
        for event in this_conversation(events)
    )


def said_this_turn(events: Sequence[dict[str, Any]], responses: Sequence[str]) -> set[str]:
    """Which of `responses` the bot sent since the person's last message."""
    said: set[str] = set()
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            break
        response = (event.get("metadata") or {}).get("utter_action")
        if kind == "bot" and isinstance(response, str) and response in responses:
            said.add(response)
    return said


def said_last_before_this_message(events: Sequence[dict[str, Any]]) -> str | None:
    """The response the bot sent last before the person's latest message (what was on screen
    when they wrote or pressed it); None when there was none."""
    passed_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if passed_user:
                return None
            passed_user = True
        elif event.get("event") == "bot" and passed_user:
            response = (event.get("metadata") or {}).get("utter_action")
            return response if isinstance(response, str) else None
    return None
