"""The scripted triage conversations in bench/data/triage/<language>.yml (the main set) and
bench/data/triage/unseen/<language>.yml (written after the last tuning, never tuned on), and
how a turn is played: typed text, a button payload, or "click the button whose title contains
X"."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "triage"
# The main set; the November set written after the parser tuning (since read while tuning);
# and the frozen set of December, written before the understanding layer was tuned and never
# tuned on (bench/data/unseen/README.md).
FROZEN = ROOT / "bench" / "data" / "unseen" / "conversations"
# The eleventh frozen set: conversations only, written on 6 December 2026 before one decision
# (bench/data/unseen11/README.md), reported apart.
FROZEN11 = ROOT / "bench" / "data" / "unseen11" / "conversations"
# The twelfth: conversations only, written on 6 December 2026 before the crisis decision
# weighed the conversation (bench/data/unseen12/README.md), reported apart.
FROZEN12 = ROOT / "bench" / "data" / "unseen12" / "conversations"
# The thirteenth: conversations only, written on 7 December 2026 before a second crisis was read
# clause by clause and child witnesses were labelled victims (bench/data/unseen13/README.md).
FROZEN13 = ROOT / "bench" / "data" / "unseen13" / "conversations"
# The eighteenth: conversations only, written on 7 December 2026 before the next change of the
# conversation was weighed (bench/data/unseen18/README.md).
FROZEN18 = ROOT / "bench" / "data" / "unseen18" / "conversations"
SETS = {
    "main": DATA,
    "unseen": DATA / "unseen",
    "frozen": FROZEN,
    "frozen11": FROZEN11,
    "frozen12": FROZEN12,
    "frozen13": FROZEN13,
    "frozen18": FROZEN18,
}
LANGUAGES = ("nl", "en")
CRISIS_KINDS = ("danger", "suicide", "none")
# What a person answers when the script has run out and the bot still asks: the "rather not
# say" button, else "I don't know", else "yes" (to "shall I help you look?").
AUTO_PAYLOADS = ("/skip", "/dont_know", "/affirm")
AUTO_TEXT = {"nl": "weet ik niet", "en": "i don't know"}
# The bot's offers to go on after 113 (after a first message, and the pause in the middle of
# the questions): a person who still has something to tell says yes, then tells it. The names
# are shared with the actions (contracts/dialogue.yml).
DIALOGUE = ROOT / "contracts" / "dialogue.yml"
GO_ON_OFFERS = tuple(yaml.safe_load(DIALOGUE.read_text("utf-8"))["go_on_offers"])
CRISIS_RESPONSES = ROOT / "domain" / "responses" / "crisis.yml"


@dataclass
class Conversation:
    """One scripted conversation and what counts as a good answer."""

    id: str
    page_language: str
    turns: list[Any]
    acceptable: list[str]
    forbidden: list[str]
    crisis: str
    crisis_turn: int | None
    group: str
    concern: str
    notes: str = ""
    tags: list[str] = field(default_factory=list)


# The same question this often before the places is a loop (the bot asks at most twice).
LOOP = 3


def load(language: str, data_dir: Path = DATA) -> list[Conversation]:
    """The conversations of one bench file (written for the bench, never training data)."""
    raw = yaml.safe_load((data_dir / f"{language}.yml").read_text("utf-8")) or {}
    conversations = []
    for item in raw.get("conversations") or []:
        crisis = item.get("crisis", "none")
        conversations.append(
            Conversation(
                id=item["id"],
                page_language=item.get("page_language", language),
                turns=list(item["turns"]),
                acceptable=list(item.get("acceptable") or []),
                forbidden=list(item.get("forbidden") or []),
                crisis=crisis,
                crisis_turn=item.get("crisis_turn"),
                group=item.get("group", "unknown"),
                concern=item.get("concern", "unknown"),
                notes=item.get("notes", ""),
                tags=list(item.get("tags") or []),
            )
        )
    return conversations


def typed_texts(conversation: Conversation) -> list[str]:
    """The free-text turns (what a person types), not buttons."""
    texts = []
    for turn in conversation.turns:
        if isinstance(turn, str) and not turn.startswith("/"):
            texts.append(turn)
        elif isinstance(turn, dict) and "text" in turn:
            texts.append(str(turn["text"]))
    return texts


def resolve(turn: Any, buttons: list[dict[str, str]]) -> tuple[str, str] | None:
    """(kind, value) for one scripted turn against the buttons on screen, or None to skip it.

    kind is "text" or "payload". A person only presses what is on screen: a click or payload
    whose button is not shown is skipped (the bot did not ask that question, often because
    it already understood the answer from an earlier message). A turn with `when: X` is only
    played while a question with /inform_X buttons (or, for `when: yes_no`, a yes/no question)
    is on screen: an age typed as "31" answers "how old are you?" only."""
    if isinstance(turn, str):
        turn = {"payload": turn} if turn.startswith("/") else {"text": turn}
    if not _asked(turn.get("when"), buttons):
        return None
    if "payload" in turn:
        payload = str(turn["payload"])
        return ("payload", payload) if _offered(payload, buttons) else None
    if "click" in turn:
        button = find_button(str(turn["click"]), buttons)
        return ("payload", button["payload"]) if button else None
    return "text", str(turn["text"])


def find_button(wanted: str, buttons: list[dict[str, str]]) -> dict[str, str] | None:
    """The button titled `wanted`, else the first whose title starts with it, else the first
    whose title contains it (case-insensitive): "No" must not click "I don't know"."""
    wanted = wanted.lower()
    titles = [(b, (b.get("title") or "").lower()) for b in buttons]
    for test in (str.__eq__, str.startswith, str.__contains__):
        for button, title in titles:
            if test(title, wanted):
                return button
    return None


def auto_answer(buttons: list[dict[str, str]], language: str) -> tuple[str, str]:
    """The answer of a person who has said all they wanted to say."""
    payloads = [b.get("payload") for b in buttons]
    for payload in AUTO_PAYLOADS:
        if payload in payloads:
            return "payload", payload
    return "text", AUTO_TEXT.get(language, AUTO_TEXT["nl"])


@functools.cache
def _button_sets(responses: Path = CRISIS_RESPONSES) -> frozenset[frozenset[tuple[str, str]]]:
    """The (title, payload) buttons of each offer to go on, in each language (read once)."""
    domain = yaml.safe_load(responses.read_text("utf-8"))["responses"]
    return frozenset(
        frozenset((str(b["title"]), str(b["payload"])) for b in variant.get("buttons") or [])
        for name in GO_ON_OFFERS
        for variant in domain[name]
    )


def offers_to_go_on(buttons: list[dict[str, str]]) -> bool:
    """Whether the bot's question on screen is its offer to go on after 113."""
    shown = frozenset((str(b.get("title")), str(b.get("payload"))) for b in buttons)
    return shown in _button_sets()


def _asked(when: str | None, buttons: list[dict[str, str]]) -> bool:
    """Whether the question a `when:` turn answers is on screen (yes_no: a yes/no question)."""
    if not when:
        return True
    payloads = [b.get("payload") or "" for b in buttons]
    if when == "yes_no":
        return "/affirm" in payloads
    return any(p.startswith(f"/inform_{when}") for p in payloads)


def _offered(payload: str, buttons: list[dict[str, str]]) -> bool:
    return any(b.get("payload") == payload for b in buttons)
