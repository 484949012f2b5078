"""Capacity, side by side: the embedded stack (one of everything, SQLite, conversations in
Rasa's memory) and the scaled stack (PostgreSQL, Redis, two Rasa replicas and two gateway
workers behind haproxy), on the same machine, through the public origin.

For each stack: human-paced load (ten-turn conversations, about 5 s between a reply and the
next message, starts spread over the first think time) at 20, 50 and 100 conversations; then
saturation (clients sending back to back) for a fixed time. The scaled stack runs saturation
twice: with both Rasa replicas, and with one (the other taken out of haproxy's rotation through
its admin socket, so the rest of the stack is the same). CPU seconds of every process per
message, and resident memory per process.

Run alone: .venv/bin/python -m bench.scale [--levels 20,50,100] [--budget 900]
Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench import load
from bench.chat_client import ChatSession, Reply, new_client
from bench.memory import PeakSampler, snapshot
from bench.stats import summary_ms
from bench.triage_quality import is_fallback

ROOT = Path(__file__).resolve().parent.parent
LEVELS = (20, 50, 100)
THINK_S = 5.0
SATURATION_CLIENTS = 16
SATURATION_S = 40.0
# A level that cannot finish in this time is cut off and says so (the stack is overloaded).
LEVEL_LIMIT_S = 150.0


class Recorder:
    """Every reply of a level: latency, errors, lost replies."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.errors: Counter[str] = Counter()
        self.lost = 0

    def add(self, reply: Reply) -> None:
        self.seconds.append(reply.seconds)
        if reply.error:
            self.errors[reply.error] += 1
        elif is_fallback(reply.messages):
            self.errors["fallback"] += 1
        if reply.error or not reply.messages:
            # The person saw nothing from the bot for this message.
            self.lost += 1

    def report(self, wall: float, conversations: int, cut_off: bool) -> dict[str, Any]:
        return {
            "conversations": conversations,
            "messages": len(self.seconds),
            "wall_s": round(wall, 1),
            "messages_per_s": round(len(self.seconds) / wall, 2) if wall else None,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "lost_replies": self.lost,
            "cut_off": cut_off,
            "latency": summary_ms(self.seconds),
        }


class RecordingSession(ChatSession):
    """A widget-like session whose message replies are recorded (not the greeting)."""

    recorder: Recorder

    async def _message(self, body: dict[str, Any]) -> Reply:
        reply = await super()._message(body)
        self.recorder.add(reply)
        return reply


async def conversation(
    client: httpx.AsyncClient, url: str, number: int, recorder: Recorder, think: Callable[[], float]
) -> None:
    session = RecordingSession(client, url, "nl" if number % 2 == 0 else "en")
    session.recorder = recorder
    await load.converse(session, number, load.load_script(), think=think)


async def human_level(url: str, conversations: int) -> dict[str, Any]:
    """`conversations` people at once, each typing about 5 s after every reply."""
    recorder, rng = Recorder(), random.Random(conversations)

    def think() -> float:
        return rng.uniform(0.8 * THINK_S, 1.2 * THINK_S)

    async def person(client: httpx.AsyncClient, number: int) -> None:
        await asyncio.sleep(rng.uniform(0, THINK_S))
        await conversation(client, url, number, recorder, think)

    async with new_client(conversations, timeout=60) as client:
        started = time.perf_counter()
        tasks = [asyncio.create_task(person(client, n)) for n in range(conversations)]
        _done, pending = await asyncio.wait(tasks, timeout=LEVEL_LIMIT_S)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        wall = time.perf_counter() - started
    return recorder.report(wall, conversations, cut_off=bool(pending))


async def saturation(url: str, clients: int = SATURATION_CLIENTS) -> dict[str, Any]:
    """`clients` sending back to back for SATURATION_S: the messages per second the stack
    can serve, and the latency when it is full."""
    recorder = Recorder()
    deadline = time.monotonic() + SATURATION_S

    async def client_loop(client: httpx.AsyncClient, worker: int) -> None:
        number = worker
        while time.monotonic() < deadline:
            await conversation(client, url, number, recorder, lambda: 0.0)
            number += clients

    async with new_client(clients, timeout=60) as client:
        started = time.perf_counter()
        tasks = [asyncio.create_task(client_loop(client, n)) for n in range(clients)]
        await asyncio.wait(tasks, timeout=SATURATION_S + 60)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        wall = time.perf_counter() - started
    return recorder.report(wall, 0, cut_off=False)


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """User + system CPU seconds of each process and its children so far."""
    totals: dict[str, float] = {}
    for name, pid in pids.items():
        with contextlib.suppress(psutil.Error):
            process = psutil.Process(pid)
            total = sum(process.cpu_times()[:2])
            for child in process.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += sum(child.cpu_times()[:2])
            totals[name] = total
    return totals


def group(name: str) -> str:
    """rasa1, rasa2 → rasa; gateway1 → gateway; api → gateway (the embedded one)."""
    base = name.rstrip("0123456789")
    return "gateway" if base == "api" else base


async def measured(pids: dict[str, int], work: Callable[[], Any]) -> dict[str, Any]:
    """Run a level; add the CPU milliseconds per message of each kind of process and the
    peak memory."""
    before = cpu_seconds(pids)
    with PeakSampler(pids) as sampler:
        result = await work()
    after = cpu_seconds(pids)
    messages = result["messages"] or 1
    per_kind: dict[str, float] = {}
    for name in after:
        per_kind[group(name)] = per_kind.get(group(name), 0.0) + after[name] - before.get(name, 0)
    result["cpu_ms_per_message"] = {k: round(1000 * v / messages, 1) for k, v in per_kind.items()}
    result["memory_peak_mib"] = dict(sampler.peak)
    return result


async def measure_stack(
    label: str, running: Any, levels: tuple[int, ...], deadline: float
) -> dict[str, Any]:
    """Human-paced levels and saturation on one running stack."""
    pids = running.pids()
    report: dict[str, Any] = {"label": label, "levels": {}, "skipped": []}
    report["memory_at_start_mib"] = running.memory_at_start_mib
    report["start_s"] = round(running.timings.get("stack_start", 0), 1)
    for level in levels:
        if time.monotonic() + 90 > deadline:
            report["skipped"].append(level)
            continue
        print(f"    {label}: {level} conversations, human pace", flush=True)
        report["levels"][str(level)] = await measured(
            pids, lambda level=level: human_level(running.gateway_url, level)
        )
    if time.monotonic() + SATURATION_S + 20 < deadline:
        print(f"    {label}: saturation", flush=True)
        report["saturation"] = await measured(pids, lambda: saturation(running.gateway_url))
    scaled = running.scaled
    replicas = len(scaled.rasa_urls) if scaled is not None else 1
    if replicas > 1 and time.monotonic() + SATURATION_S + 20 < deadline:
        print(f"    {label}: saturation with one Rasa replica", flush=True)
        report["saturation_one_replica"] = await one_replica(scaled, pids, running)
    if time.monotonic() + 60 < deadline:
        print(f"    {label}: every Rasa process hung (SIGSTOP)", flush=True)
        report["hung_bot"] = await hung_bot(running)
    report["memory_after_mib"] = snapshot(pids)
    return report


HUNG_MESSAGES = {
    "crisis": ["hij slaat me nu", "ik wil niet meer leven", "he is at the door"],
    "ordinary": ["ik weet niet wat ik moet doen", "my partner controls my money"],
}


async def hung_bot(running: Any) -> dict[str, Any]:
    """How long a person waits for an answer while every Rasa process hangs, for crisis
    messages and ordinary ones; and whether the answer names 112 or 113 first."""
    names = [name for name in running.pids() if name.startswith("rasa")]
    processes = [running.stack.services[name].process for name in names]
    report: dict[str, Any] = {}
    async with new_client(2, timeout=30) as client:
        session = ChatSession(client, running.gateway_url, "nl")
        await session.open()
        for process in processes:
            os.killpg(process.pid, signal.SIGSTOP)
        try:
            for kind, texts in HUNG_MESSAGES.items():
                replies = [await session.say(text) for text in texts]
                report[kind] = {
                    "seconds": [round(reply.seconds, 2) for reply in replies],
                    "max_s": round(max(reply.seconds for reply in replies), 2),
                    "first_line": [
                        (reply.messages[0].get("text") or "")[:60] if reply.messages else None
                        for reply in replies
                    ],
                    "answered": all(reply.messages and not reply.error for reply in replies),
                }
        finally:
            for process in processes:
                os.killpg(process.pid, signal.SIGCONT)
    await asyncio.sleep(5)  # let the replicas take in what waited and pass their checks again
    return report


async def one_replica(scaled: Any, pids: dict[str, int], running: Any) -> dict[str, Any]:
    """Saturation with all but the first Rasa replica out of haproxy's rotation."""
    others = [f"rasa{n}" for n in range(2, len(scaled.rasa_urls) + 1)]
    for name in others:
        scaled.haproxy.admin(f"disable server rasa/{name}")
    try:
        return await measured(pids, lambda: saturation(running.gateway_url))
    finally:
        for name in others:
            scaled.haproxy.admin(f"enable server rasa/{name}")


def _report() -> dict[str, Any]:
    return {
        "think_s": THINK_S,
        "turns_per_conversation": load.TURNS,
        "saturation_clients": SATURATION_CLIENTS,
        "saturation_s": SATURATION_S,
        "stacks": {},
    }


def _scaled_half(report: dict[str, Any], deadline: float, levels: tuple[int, ...]) -> None:
    from bench import stack

    if time.monotonic() + 300 > deadline:
        report["stacks"]["scaled"] = {"error": "no time left in the budget"}
        return
    running = stack.start_scaled(echo=lambda _line: None)
    try:
        report["stacks"]["scaled"] = asyncio.run(measure_stack("scaled", running, levels, deadline))
    finally:
        running.stop()


def run_both(embedded: Any, deadline: float, levels: tuple[int, ...] = LEVELS) -> dict[str, Any]:
    """Measure the running embedded stack (the bench's shared one), then start, measure and
    stop the scaled stack. The embedded half leaves time for the scaled one."""
    report = _report()
    share = time.monotonic() + (deadline - time.monotonic()) * 0.42
    report["stacks"]["embedded"] = asyncio.run(measure_stack("embedded", embedded, levels, share))
    _scaled_half(report, deadline, levels)
    return report


def run(deadline: float, levels: tuple[int, ...] = LEVELS) -> dict[str, Any]:
    """Stand-alone: start the embedded stack, measure it, stop it; then the scaled one."""
    from bench import stack

    running = stack.start(echo=lambda _line: None)
    try:
        share = time.monotonic() + (deadline - time.monotonic()) * 0.42
        report = _report()
        report["stacks"]["embedded"] = asyncio.run(
            measure_stack("embedded", running, levels, share)
        )
    finally:
        running.stop()
    _scaled_half(report, deadline, levels)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: both stacks, then JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "scale.json")
    parser.add_argument("--budget", type=float, default=900, help="seconds")
    args = parser.parse_args(argv)
    levels = tuple(int(x) for x in args.levels.split(","))
    report = run(time.monotonic() + args.budget, levels)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2)[:4000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
