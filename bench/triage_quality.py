"""Triage quality: scripted conversations driven through the chat gateway like the widget.

Run alone: .venv/bin/python -m bench.triage_quality [--gateway http://127.0.0.1:PORT]
(without --gateway it starts the stack on free ports with a temporary database).
Places are recognised from the bot's messages with bench/places.py (method in bench/README.md).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from api.chat import texts as chat_texts
from bench import conversations as convs
from bench.chat_client import ChatSession, new_client, require_loopback
from bench.places import Landscape, crisis_in, is_safety_net, load_landscape
from bench.stats import percentile, share

ROOT = Path(__file__).resolve().parent.parent
MAX_USER_TURNS = 14
PARALLEL = 2  # conversations at a time (each conversation is still played turn by turn)


def is_fallback(messages: list[dict[str, Any]]) -> bool:
    """The gateway's own crisis answer: the bot was down, or an action failed."""
    intros = [*chat_texts.BOT_UNAVAILABLE.values(), *chat_texts.ACTION_FAILED.values()]
    return any((m.get("text") or "").startswith(tuple(intros)) for m in messages)


async def drive(
    session: ChatSession, conversation: convs.Conversation, landscape: Landscape
) -> dict[str, Any]:
    """Play one conversation to its first recommendation (and past it, up to a scripted crisis)."""
    greeting = await session.open()
    buttons = greeting.buttons()
    result: dict[str, Any] = {
        "id": conversation.id,
        "language": conversation.page_language,
        "group": conversation.group,
        "concern": conversation.concern,
        "crisis": conversation.crisis,
        "errors": 0 if greeting.error is None else 1,
        "fallbacks": 0,
        "skipped_turns": 0,
        "safety_net_replies": 0,
        "auto_turns": 0,
        "false_alarm": False,
        "crisis_hit": None,
        "turns_to_recommendation": None,
        "top3": [],
        "mentioned": [],
    }
    asks: Counter[str] = Counter()  # each question before the places, by its words
    asks.update(question(greeting.messages))
    user_turns = 0
    index = 0
    while user_turns < MAX_USER_TURNS:
        done = result["turns_to_recommendation"] is not None
        crisis_pending = conversation.crisis_turn is not None and index <= conversation.crisis_turn
        played = True
        if index < len(conversation.turns) and (not done or crisis_pending):
            action = convs.resolve(conversation.turns[index], buttons)
            played = action is not None
            if not played and convs.offers_to_go_on(buttons):
                # The bot paused after 113 and offers to go on: the person, who has more to
                # tell, says yes; the scripted turn waits for its question.
                action = ("payload", "/affirm")
                result["auto_turns"] += 1
            elif not played:
                result["skipped_turns"] += 1
                index += 1
                continue
            kind, value = action
        elif not done:
            kind, value = convs.auto_answer(buttons, session.language)
            result["auto_turns"] += 1
        else:
            break
        reply = await (session.say(value) if kind == "text" else session.press(value))
        user_turns += 1
        result["errors"] += 0 if reply.error is None else 1
        result["fallbacks"] += int(is_fallback(reply.messages))
        safety_net = is_safety_net(reply.messages, landscape)
        result["safety_net_replies"] += int(safety_net)
        if conversation.crisis != "none" and played and index == conversation.crisis_turn:
            result["crisis_hit"] = crisis_in(reply.messages, conversation.crisis, landscape)
        elif (
            conversation.crisis == "none"
            and not done
            and not safety_net
            and (
                crisis_in(reply.messages, "danger", landscape)
                or crisis_in(reply.messages, "suicide", landscape)
            )
        ):
            result["false_alarm"] = True
        cards = landscape.cards(reply.messages)
        if not done and not cards:
            asks.update(question(reply.messages))
        if cards and not done:
            result["turns_to_recommendation"] = user_turns
            result["top3"] = cards[:3]
            result["mentioned"] = sorted(landscape.mentions(reply.messages))
        buttons = reply.buttons()
        index += int(played)
    await session.close()
    result["asked_again"] = sum(n - 1 for n in asks.values())
    result["most_asks"] = max(asks.values(), default=0)
    acceptable = set().union(*(landscape.family(i) for i in conversation.acceptable)) if (
        conversation.acceptable) else set()  # fmt: skip
    result["expects_place"] = bool(conversation.acceptable)
    result["hit"] = bool(acceptable & set(result["top3"])) if acceptable else None
    result["forbidden_shown"] = sorted(set(conversation.forbidden) & set(result["mentioned"]))
    return result


def question(messages: list[dict[str, Any]]) -> list[str]:
    """The question a reply asks: the words of its last message with buttons ([] for none)."""
    asking = [m for m in messages if m.get("buttons")]
    return [" ".join((asking[-1].get("text") or "").split())] if asking else []


def _group_shares(results: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        if r["expects_place"]:
            groups[r[key]].append(r)
    return {
        name: {
            "conversations": len(rs),
            "top3_share": share(sum(bool(r["hit"]) for r in rs), len(rs)),
        }
        for name, rs in sorted(groups.items())
    }


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The headline numbers over a list of conversation results."""
    expecting = [r for r in results if r["expects_place"]]
    crisis = [r for r in results if r["crisis"] != "none"]
    calm = [r for r in results if r["crisis"] == "none"]
    turns = [r["turns_to_recommendation"] for r in expecting if r["turns_to_recommendation"]]

    def recall(kind: str) -> dict[str, Any]:
        rs = [r for r in crisis if r["crisis"] == kind]
        return {
            "conversations": len(rs),
            "recall": share(sum(bool(r["crisis_hit"]) for r in rs), len(rs)),
        }

    return {
        "conversations": len(results),
        "reached_recommendation": share(len(turns), len(expecting)),
        "top3_share": share(sum(bool(r["hit"]) for r in expecting), len(expecting)),
        "forbidden_share": share(sum(bool(r["forbidden_shown"]) for r in results), len(results)),
        "crisis_recall": share(sum(bool(r["crisis_hit"]) for r in crisis), len(crisis)),
        "crisis_conversations": len(crisis),
        "crisis_by_kind": {kind: recall(kind) for kind in ("danger", "suicide")},
        "false_alarms": sum(r["false_alarm"] for r in calm),
        "false_alarm_share": share(sum(r["false_alarm"] for r in calm), len(calm)),
        "calm_conversations": len(calm),
        "turns_median": percentile(turns, 0.5),
        "turns_p90": percentile(turns, 0.9),
        "skipped_turns": sum(r["skipped_turns"] for r in results),
        "safety_net_replies": sum(r["safety_net_replies"] for r in results),
        "auto_turns": sum(r["auto_turns"] for r in results),
        "asked_again": sum(r.get("asked_again", 0) for r in results),
        "asked_three_times": sum(r.get("most_asks", 0) >= convs.LOOP for r in results),
        "errors": sum(r["errors"] for r in results),
        "fallbacks": sum(r["fallbacks"] for r in results),
        "by_group": _group_shares(results, "group"),
        "by_concern": _group_shares(results, "concern"),
    }


FROZEN = convs.FROZEN


async def run(
    gateway_url: str, deadline: float, sets: dict[str, Path] | None = None
) -> dict[str, Any]:
    """Every conversation of both languages until the deadline, a few at a time: quality does
    not depend on speed, and the bench has a time budget. The frozen set is played first."""
    sets = dict(sets or convs.SETS)
    landscape = load_landscape()
    base = require_loopback(gateway_url)
    skipped = 0
    started = time.monotonic()
    gate = asyncio.Semaphore(PARALLEL)
    todo = [
        (name, lang, c)
        for name, data_dir in sorted(sets.items(), key=lambda kv: kv[0] != "frozen")
        for lang in convs.LANGUAGES
        for c in convs.load(lang, data_dir)
    ]

    async def play(
        client: Any, bench_set: str, language: str, conversation: convs.Conversation
    ) -> Any:
        nonlocal skipped
        async with gate:
            if time.monotonic() > deadline:
                skipped += 1
                return None
            session = ChatSession(client, base, conversation.page_language)
            result = await drive(session, conversation, landscape)
            return {**result, "bench_language": language, "bench_set": bench_set}

    async with new_client(concurrency=PARALLEL) as client:
        played = await asyncio.gather(*(play(client, *item) for item in todo))
    results: list[dict[str, Any]] = [r for r in played if r is not None]
    scores = {name: _scores([r for r in results if r["bench_set"] == name]) for name in sets}
    return {
        **scores.get("main", {}),
        **scores,
        "skipped_for_time": skipped,
        "seconds": round(time.monotonic() - started, 1),
        "conversations": results,
    }


def _scores(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Overall and per-language numbers of one set, and the conversations that missed."""
    failures = [
        {k: r[k] for k in ("id", "top3", "forbidden_shown", "crisis", "crisis_hit",
                           "turns_to_recommendation", "false_alarm", "safety_net_replies",
                           "most_asks")}
        for r in results
        if r["hit"] is False or r["forbidden_shown"] or r["crisis_hit"] is False or r["false_alarm"]
        or r["most_asks"] >= convs.LOOP
    ]  # fmt: skip
    return {
        "overall": summarise(results),
        "by_language": {
            language: summarise([r for r in results if r["bench_language"] == language])
            for language in convs.LANGUAGES
        },
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: run the part alone and write its JSON."""
    from bench.stack import run_alone

    out = ROOT / "bench" / "out" / "triage.json"
    report = run_alone(run, out, argv, __doc__.splitlines()[0])
    print(json.dumps(report["overall"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
