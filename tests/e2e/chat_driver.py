"""Helpers of the end-to-end tests: the public chat API and a test person who answers the bot."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from scripts.stack import Stack

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# Short enough for the expiry test to wait it out, long enough for any conversation turn.
IDLE_MINUTES = 0.5
SESSION_LIMIT_PER_MINUTE = 40


def stack_logs(stack: Stack) -> str:
    """Everything the three processes printed so far."""
    assert stack.log_dir is not None
    return "\n".join(path.read_text(errors="replace") for path in stack.log_dir.glob("*.log"))


@dataclass
class Gateway:
    """The public chat API of the running stack."""

    client: httpx.Client

    def create(self, language: str = "nl") -> dict[str, Any]:
        answer = self.client.post("/v1/chat/sessions", json={"language": language})
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    def send(self, session_id: str, language: str = "nl", **body: str) -> httpx.Response:
        return self.client.post(
            f"/v1/chat/sessions/{session_id}/messages", json={"language": language, **body}
        )

    def forget(self, session_id: str) -> httpx.Response:
        return self.client.post(f"/v1/chat/sessions/{session_id}/forget")


# How the tests answer the bot's questions: about themselves, adult, otherwise skip.
PREFERRED_ANSWERS = ('"role":"victim"', '"age":"18_plus"', "/skip")
MAX_TURNS = 8


def choose_answer(payloads: list[str]) -> str:
    """The payload a test person picks from the bot's buttons."""
    for wanted in PREFERRED_ANSWERS:
        for payload in payloads:
            if wanted in payload:
                return payload
    return payloads[0]


def is_recommendation(messages: list[dict[str, Any]]) -> bool:
    """The bot showed places and now offers the next steps (summary, other options)."""
    payloads = {button["payload"] for m in messages for button in m.get("buttons", [])}
    return "/request_summary" in payloads


def converse(gateway: Gateway, language: str, story: str) -> tuple[str, list[dict[str, Any]]]:
    """Tell the story, answer the bot's questions, and return every message it sent."""
    session = gateway.create(language)
    transcript = list(session["messages"])
    answer = gateway.send(session["session_id"], language, text=story)
    for _turn in range(MAX_TURNS):
        assert answer.status_code == 200, answer.text
        messages = answer.json()["messages"]
        transcript += messages
        if is_recommendation(messages):
            return session["session_id"], transcript
        payloads = [b["payload"] for b in messages[-1].get("buttons", [])] if messages else []
        assert payloads, f"the bot asked nothing and gave no places: {messages}"
        answer = gateway.send(session["session_id"], language, payload=choose_answer(payloads))
    raise AssertionError(f"no recommendation after {MAX_TURNS} answers: {transcript}")


# The national lines by situation, as contact point ids of the seed (their numbers are read
# from the seed, never typed here).
LINE_POINTS = {
    "danger": ("alarmnummer-112",),
    "suicide": ("113-zelfmoordpreventie",),
    "all": ("alarmnummer-112", "113-zelfmoordpreventie", "veilig-thuis", "centrum-seksueel-geweld"),
}


def crisis_links(kind: str) -> set[str]:
    """The tel: links of the lines for `kind` (danger, suicide, all), from the seed."""
    import yaml

    wanted = set(LINE_POINTS[kind])
    links: set[str] = set()
    for path in sorted((ROOT / "api" / "landscape" / "seed" / "contact_points").glob("*.yml")):
        for point in (yaml.safe_load(path.read_text("utf-8")) or {}).get("contact_points") or []:
            if point["id"] not in wanted:
                continue
            phones = [c for c in point.get("channels") or [] if c.get("type") == "phone"]
            # The first phone line of each point is the one every answer gives.
            if phones:
                links.add("tel:" + "".join(ch for ch in str(phones[0]["value"]) if ch.isdigit()))
    return links


def place_names(messages: list[dict[str, Any]]) -> list[str]:
    """The contact point ids of the place cards in an answer, in order."""
    from bench.places import load_landscape

    return load_landscape().cards(messages)
