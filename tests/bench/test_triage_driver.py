"""How the bench plays a scripted conversation when the bot pauses after 113: the scripted
person says yes to the offer to go on and then gives the answer they had ready, instead of
losing it (a real person who has more to tell does the same)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import yaml

from bench import conversations as convs
from bench import places, triage_quality
from bench.chat_client import Reply
from bench.places import load_landscape
from tests.lines import number, tel

SUICIDE, SUICIDE_TEL = number("suicide"), tel("suicide")
SAFETY_QUESTION = [
    {"title": "Ja", "payload": "/affirm"},
    {"title": "Nee", "payload": "/deny"},
    {"title": "Zeg ik liever niet", "payload": "/skip"},
]
AGE_QUESTION = [
    {"title": "Jonger dan 12", "payload": '/inform_age{"age": "under_12"}'},
    {"title": "12 tot 18", "payload": '/inform_age{"age": "12_17"}'},
]


def _offer(name: str, language: str) -> list[dict[str, str]]:
    """The buttons of one offer to go on, as domain/responses/crisis.yml writes them."""
    variants = yaml.safe_load(convs.CRISIS_RESPONSES.read_text("utf-8"))["responses"][name]
    variant = next(v for v in variants if bool(v.get("condition")) == (language == "en"))
    return [{"title": b["title"], "payload": b["payload"]} for b in variant["buttons"]]


def test_both_offers_to_go_on_are_known_in_both_languages() -> None:
    for name in convs.GO_ON_OFFERS:
        for language in ("nl", "en"):
            assert convs.offers_to_go_on(_offer(name, language)), (name, language)
    assert not convs.offers_to_go_on(SAFETY_QUESTION)
    assert not convs.offers_to_go_on(AGE_QUESTION)


@dataclass
class PausingBot:
    """A stand-in for the gateway that answers like the bot does: 113 and a pause after the
    crisis message, the age question after "yes", then one place card."""

    offer: list[dict[str, str]]
    place: str
    sent: list[str] = field(default_factory=list)
    language: str = "nl"

    def _reply(self, messages: list[dict[str, Any]]) -> Reply:
        return Reply(status=200, messages=messages, language="nl", seconds=0.0)

    async def open(self) -> Reply:
        return self._reply([{"text": "Hoi. Waar gaat het over?"}])

    async def say(self, text: str) -> Reply:
        self.sent.append(text)
        if text.startswith("ik wil"):
            return self._reply([
                {"text": f"Bel {SUICIDE}.", "links": [{"title": f"Bel {SUICIDE}", "url": SUICIDE_TEL}]},
                {"text": "Ik stop even met mijn vragen.", "buttons": self.offer},
            ])  # fmt: skip
        return self._reply([{"text": self.place}])

    async def press(self, payload: str) -> Reply:
        self.sent.append(payload)
        if payload == "/affirm":
            return self._reply([{"text": "Hoe oud ben je?", "buttons": AGE_QUESTION}])
        return self._reply([{"text": self.place}])

    async def close(self) -> None:
        return None


def test_a_scripted_answer_waits_while_the_bot_offers_to_go_on() -> None:
    landscape = load_landscape()
    place = next(iter(landscape.names))
    bot = PausingBot(offer=_offer("utter_pause_triage", "nl"), place=place)
    conversation = convs.Conversation(
        id="nl_test_pause", page_language="nl", acceptable=[landscape.names[place]],
        forbidden=[], crisis="suicide", crisis_turn=0, group="victim", concern="unknown",
        turns=["ik wil er niet meer zijn", {"text": "16", "when": "age"}],
    )  # fmt: skip
    result = asyncio.run(triage_quality.drive(bot, conversation, landscape))  # type: ignore[arg-type]
    assert bot.sent == ["ik wil er niet meer zijn", "/affirm", "16"]
    assert result["crisis_hit"] is True
    assert result["skipped_turns"] == 0
    assert result["hit"] is True
    assert result["turns_to_recommendation"] == 3
    assert (result["asked_again"], result["most_asks"]) == (0, 1)


@dataclass
class LoopingBot:
    """A stand-in for a bot caught in a loop: it asks the age question whatever it is told."""

    sent: list[str] = field(default_factory=list)
    language: str = "nl"

    def _ask(self) -> Reply:
        return Reply(200, [{"text": "Hoe  oud ben je?", "buttons": AGE_QUESTION}], "nl", 0.0)

    async def open(self) -> Reply:
        return Reply(200, [{"text": "Hoi. Waar gaat het over?"}], "nl", 0.0)

    async def say(self, text: str) -> Reply:
        self.sent.append(text)
        return self._ask()

    async def press(self, payload: str) -> Reply:
        self.sent.append(payload)
        return self._ask()

    async def close(self) -> None:
        return None


def test_a_question_asked_again_and_again_is_counted() -> None:
    landscape = load_landscape()
    bot = LoopingBot()
    conversation = convs.Conversation(
        id="nl_test_loop", page_language="nl", acceptable=["veilig-thuis"], forbidden=[],
        crisis="none", crisis_turn=None, group="victim", concern="unknown",
        turns=["mijn oom zat aan me"],
    )  # fmt: skip
    result = asyncio.run(triage_quality.drive(bot, conversation, landscape))  # type: ignore[arg-type]
    asked = len(bot.sent)
    assert asked == triage_quality.MAX_USER_TURNS
    assert (result["asked_again"], result["most_asks"]) == (asked - 1, asked)
    overall = triage_quality.summarise([result])
    assert (overall["asked_again"], overall["asked_three_times"]) == (asked - 1, 1)


def test_a_banner_with_place_cards_under_it_is_no_safety_net() -> None:
    landscape = load_landscape()
    names = {point_id: name for name, point_id in landscape.names.items()}
    lines = [
        {"text": f"Bel {number(kind)}.", "links": [{"url": tel(kind)}]}
        for kind in ("danger", "suicide", "domestic", "sexual")
    ]
    assert places.is_safety_net(lines, landscape)
    # The same four numbers, two of them on the cards of the places the answer gives.
    banner = {
        "text": f"Bel {number('danger')}. Bel {number('suicide')}.",
        "links": [{"url": tel("danger")}, {"url": tel("suicide")}],
    }
    cards = [
        {"text": f"{names[point_id]} (nu bereikbaar)\nBel {number(kind)}."}
        for point_id, kind in (("veilig-thuis", "domestic"), ("centrum-seksueel-geweld", "sexual"))
    ]
    assert places.is_safety_net([banner, *cards])  # counted by numbers alone, as before
    assert not places.is_safety_net([banner, *cards], landscape)
