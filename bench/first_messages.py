"""First messages through the chat gateway, like the widget: does the first reply give the
crisis line when it should (and not when it should not), and is it in the person's language?

Run alone: .venv/bin/python -m bench.first_messages [--gateway http://127.0.0.1:PORT]
The messages are the frozen unseen sets, reported apart: bench/data/unseen/first_messages (4
December 2026) and the later sets of FROZEN_SETS (each written before a day's tuning), each
{nl,en}.yml.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from bench.chat_client import ChatSession, new_client, require_loopback
from bench.frozen_sets import FROZEN_SETS
from bench.places import Landscape, crisis_in, is_safety_net, load_landscape
from bench.stats import share

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "unseen" / "first_messages"
LANGUAGES = ("nl", "en")
PARALLEL = 2


def load(data_dir: Path = DATA) -> list[dict[str, Any]]:
    """The first messages of both languages."""
    items = []
    for language in LANGUAGES:
        raw = yaml.safe_load((data_dir / f"{language}.yml").read_text("utf-8")) or {}
        items += [{**item, "language": language} for item in raw.get("messages") or []]
    return items


def _needed(crisis: str) -> tuple[str, ...]:
    return {"danger": ("danger",), "suicide": ("suicide",), "both": ("danger", "suicide")}.get(
        crisis, ()
    )


def reply_language(messages: list[dict[str, Any]], detector: Any) -> str | None:
    """The language of the bot's reply text (lingua), or None when there is no text."""
    text = " ".join(m.get("text") or "" for m in messages).strip()
    if not text:
        return None
    found = detector.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else None


async def play(
    session: ChatSession, item: dict[str, Any], landscape: Landscape, detector: Any
) -> dict[str, Any]:
    """One first message: open, say it, judge the reply."""
    await session.open()
    reply = await session.say(item["text"])
    await session.close()
    needed = _needed(str(item.get("crisis") or "none"))
    given = {kind for kind in ("danger", "suicide") if crisis_in(reply.messages, kind, landscape)}
    language = reply_language(reply.messages, detector)
    return {
        "id": item["id"],
        "language": item["language"],
        "crisis": item.get("crisis") or "none",
        "crisis_lines": sorted(given),
        "crisis_hit": set(needed) <= given if needed else None,
        "false_alarm": (not needed)
        and bool(given)
        and not is_safety_net(reply.messages, landscape),
        "safety_net": is_safety_net(reply.messages, landscape),
        "reply_language": language,
        "language_ok": language == item["language"],
        "error": reply.error,
    }


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Crisis recall, false alarms, reply language and errors over a list of results."""
    crisis = [r for r in results if r["crisis"] != "none"]
    calm = [r for r in results if r["crisis"] == "none"]
    return {
        "messages": len(results),
        "crisis_messages": len(crisis),
        "crisis_recall": share(sum(bool(r["crisis_hit"]) for r in crisis), len(crisis)),
        "calm_messages": len(calm),
        "false_alarms": sum(r["false_alarm"] for r in calm),
        "false_alarm_share": share(sum(r["false_alarm"] for r in calm), len(calm)),
        "safety_net_replies": sum(r["safety_net"] for r in results),
        "reply_language_share": share(sum(r["language_ok"] for r in results), len(results)),
        "errors": sum(r["error"] is not None for r in results),
        "crisis_missed": [r["id"] for r in crisis if not r["crisis_hit"]],
        "false_alarm_ids": [r["id"] for r in calm if r["false_alarm"]],
        "wrong_language_ids": [r["id"] for r in results if not r["language_ok"]],
    }


async def run(gateway_url: str, deadline: float) -> dict[str, Any]:
    """Every first message, a few at a time, until the deadline."""
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH).build()
    landscape = load_landscape()
    base = require_loopback(gateway_url)
    gate = asyncio.Semaphore(PARALLEL)
    started = time.monotonic()
    skipped = 0

    async def one(client: Any, item: dict[str, Any]) -> dict[str, Any] | None:
        nonlocal skipped
        async with gate:
            if time.monotonic() > deadline:
                skipped += 1
                return None
            return await play(ChatSession(client, base, item["language"]), item, landscape,
                              detector)  # fmt: skip

    sets = {"unseen": load(DATA)}
    sets |= {name: load(path) for name, path in FROZEN_SETS.items() if path.is_dir()}
    items = [(name, item) for name, set_items in sets.items() for item in set_items]
    async with new_client(concurrency=PARALLEL) as client:
        played = await asyncio.gather(*(one(client, item) for _, item in items))
    results = [{**r, "set": name} for (name, _), r in zip(items, played, strict=True) if r]

    def summary(name: str) -> dict[str, Any]:
        mine = [r for r in results if r["set"] == name]
        return {
            "overall": summarise(mine),
            "by_language": {
                language: summarise([r for r in mine if r["language"] == language])
                for language in LANGUAGES
            },
        }

    return {
        **summary("unseen"),
        **{name: summary(name) for name in sets if name != "unseen"},
        "skipped_for_time": skipped,
        "seconds": round(time.monotonic() - started, 1),
        "messages": results,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: run the part alone and write its JSON."""
    from bench.stack import run_alone

    out = ROOT / "bench" / "out" / "first_messages.json"
    report = run_alone(run, out, argv, __doc__.splitlines()[0])
    print(json.dumps(report["overall"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
