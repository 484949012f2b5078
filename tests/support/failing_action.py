"""A test action that fails with the conversation in its exception text, served by a real
rasa-sdk action server (`rasa run actions --actions tests.support.failing_action`) WITHOUT the
project's guard: what a bug outside the guard looks like to Rasa.

See tests/bot/test_action_privacy.py."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionCheck(Action):
    """The tiny bot's custom action (tests/support/tiny_bot.py), failing on purpose."""

    def name(self) -> str:
        return "action_check"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        said = " ".join(
            str(event.get("text") or "") for event in tracker.events if event.get("event") == "user"
        )
        raise RuntimeError(f"action_check failed for {tracker.sender_id} after: {said}")
