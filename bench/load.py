"""Speed under load: concurrent conversations through the gateway, the bare Rasa parse floor,
and /v1/recommendations next to /health.

Run alone: .venv/bin/python -m bench.load [--levels 1,10,20,50]
(it starts the stack on free ports with a temporary database; traffic goes to 127.0.0.1 only).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from bench import endpoints
from bench.chat_client import ChannelSession, ChatSession, Reply, new_client, require_loopback
from bench.memory import PeakSampler, snapshot
from bench.stats import ratio, summary_ms
from bench.triage_quality import is_fallback

ROOT = Path(__file__).resolve().parent.parent
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
# Higher loads, human-paced and at saturation, are the scale part's (bench/scale.py).
LEVELS = (1, 10)
TURNS = 10
# At least this many conversations per level: at 1 at a time, one conversation alone would
# give too few messages for a p95; the level then runs them one after another.
MIN_CONVERSATIONS = 10


@dataclass
class Sample:
    seconds: float
    kind: str  # text | payload
    error: str | None  # None, "status 5xx", a transport error name, or "fallback"


@dataclass
class Script:
    """Openers and fillers from bench/data/load.yml."""

    openers: dict[str, list[str]]
    fillers: dict[str, str]
    samples: list[Sample] = field(default_factory=list)


def load_script() -> Script:
    raw = yaml.safe_load((ROOT / "bench" / "data" / "load.yml").read_text("utf-8"))
    return Script(raw["openers"], raw["fillers"])


def _record(script: Script, reply: Reply, kind: str) -> None:
    error = reply.error or ("fallback" if is_fallback(reply.messages) else None)
    script.samples.append(Sample(reply.seconds, kind, error))


async def converse(
    session: Any, number: int, script: Script, think: Callable[[], float] | None = None
) -> None:
    """Ten turns: an opener, then the bot's buttons, pressed or typed by turns; with `think`,
    the person waits that many seconds after each reply before the next message."""
    language = "nl" if number % 2 == 0 else "en"

    async def pause() -> None:
        if think is not None:
            await asyncio.sleep(think())

    await session.open()
    await pause()
    openers = script.openers[language]
    reply = await session.say(openers[(number // 2) % len(openers)])
    _record(script, reply, "text")
    for turn in range(1, TURNS):
        await pause()
        buttons = reply.buttons()
        if not buttons:
            reply, kind = await session.say(script.fillers[language]), "text"
        elif turn % 2:
            button = buttons[(number + turn) % len(buttons)]
            reply, kind = await session.say(button["title"]), "text"
        else:
            button = buttons[(number + turn) % len(buttons)]
            reply, kind = await session.press(button["payload"]), "payload"
        _record(script, reply, kind)
    await session.close()


def _level_report(script: Script, wall: float, conversations: int) -> dict[str, Any]:
    samples = script.samples
    errors = Counter(s.error for s in samples if s.error)
    return {
        "conversations": conversations,
        "messages": len(samples),
        "wall_s": round(wall, 2),
        "messages_per_s": round(len(samples) / wall, 2) if wall else None,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "all": summary_ms([s.seconds for s in samples]),
        "typed": summary_ms([s.seconds for s in samples if s.kind == "text"]),
        "buttons": summary_ms([s.seconds for s in samples if s.kind == "payload"]),
    }


def _number_language(number: int) -> str:
    return "nl" if number % 2 == 0 else "en"


async def chat_level(gateway_url: str, concurrency: int) -> dict[str, Any]:
    """`concurrency` people at once, each holding ten-turn conversations back to back."""
    script = load_script()
    rounds = max(1, -(-MIN_CONVERSATIONS // concurrency))

    async def person(client: httpx.AsyncClient, worker: int) -> None:
        for round_number in range(rounds):
            number = worker + round_number * concurrency
            session = ChatSession(client, gateway_url, _number_language(number))
            await converse(session, number, script)

    async with new_client(concurrency) as client:
        started = time.perf_counter()
        await asyncio.gather(*(person(client, worker) for worker in range(concurrency)))
        wall = time.perf_counter() - started
    return _level_report(script, wall, concurrency * rounds)


async def channel_baseline(rasa_url: str, token: str) -> dict[str, Any]:
    """The conversations of the one-at-a-time level again, straight to the bot channel."""
    script = load_script()
    async with new_client(1) as client:
        started = time.perf_counter()
        for number in range(MIN_CONVERSATIONS):
            session = ChannelSession(client, rasa_url, token, _number_language(number))
            await converse(session, number, script)
        wall = time.perf_counter() - started
    return _level_report(script, wall, MIN_CONVERSATIONS)


def rasa_timing(
    action_url: str | None, out: Path, timeout: float, nlu_out: Path | None = None
) -> dict[str, Any]:
    """The parse floor and the in-process turn profile, measured in .venv-rasa (and, with
    `nlu_out`, the NLU evaluation with the same loaded model)."""
    command = [str(RASA_PY), "-m", "bench.rasa_timing", "--out", str(out)]
    if action_url:
        command += ["--action-url", action_url]
    if nlu_out is not None:
        command += ["--nlu-out", str(nlu_out)]
    try:
        subprocess.run(command, cwd=ROOT, check=True, timeout=timeout, capture_output=True)
    except (subprocess.SubprocessError, OSError) as exc:
        return {"error": f"rasa_timing failed: {type(exc).__name__}"}
    return json.loads(out.read_text("utf-8"))


async def run(
    *,
    gateway_url: str,
    rasa_url: str,
    action_url: str,
    token: str,
    pids: dict[str, int],
    deadline: float,
    out_dir: Path,
    levels: tuple[int, ...] = LEVELS,
    memory_at_start: dict[str, float | None] | None = None,
    nlu_out: Path | None = None,
) -> dict[str, Any]:
    """Every measurement of this part, within the deadline."""
    gateway_url, rasa_url = require_loopback(gateway_url), require_loopback(rasa_url)
    report: dict[str, Any] = {"turns_per_conversation": TURNS, "levels": {}, "skipped": []}
    report["memory_at_start_mib"] = memory_at_start or snapshot(pids)
    report["memory_before_load_mib"] = snapshot(pids)
    remaining = max(60.0, deadline - time.monotonic())
    report["rasa"] = await asyncio.to_thread(
        rasa_timing, action_url, out_dir / "rasa_timing.json", min(300.0, remaining / 2), nlu_out
    )
    report["channel_baseline"] = await channel_baseline(rasa_url, token)
    memory_peak: dict[str, float] = {}
    for level in levels:
        if time.monotonic() > deadline:
            report["skipped"].append(level)
            continue
        with PeakSampler(pids) as sampler:
            report["levels"][str(level)] = await chat_level(gateway_url, level)
        for name, value in sampler.peak.items():
            memory_peak[name] = max(memory_peak.get(name, 0.0), value)
    report["memory_under_load_peak_mib"] = memory_peak
    report["memory_after_load_mib"] = snapshot(pids)
    report["endpoints"] = await endpoints.compare(gateway_url)
    floor = (report["rasa"].get("parse_floor") or {}).get("p50_ms")
    first = report["levels"].get(str(levels[0])) or {}
    report["floor_ratio"] = {
        "typed_p50": ratio((first.get("typed") or {}).get("p50_ms"), floor),
        "all_p50": ratio((first.get("all") or {}).get("p50_ms"), floor),
    }
    channel = report["channel_baseline"]["all"]["p50_ms"]
    gateway = (first.get("all") or {}).get("p50_ms")
    report["gateway_overhead_p50_ms"] = (
        round(gateway - channel, 2) if gateway is not None and channel is not None else None
    )
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: start a stack, measure, write JSON."""
    from bench import stack

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "load.json")
    parser.add_argument("--budget", type=float, default=600, help="seconds")
    args = parser.parse_args(argv)
    levels = tuple(int(x) for x in args.levels.split(","))
    deadline = time.monotonic() + args.budget
    running = stack.start()
    try:
        report = asyncio.run(
            run(
                gateway_url=running.gateway_url, rasa_url=running.rasa_url,
                action_url=running.action_url, token=running.token, pids=running.pids(),
                deadline=deadline, out_dir=args.out.parent, levels=levels,
                memory_at_start=running.memory_at_start_mib,
            )
        )  # fmt: skip
    finally:
        running.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "rasa"}, indent=2)[:3000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
