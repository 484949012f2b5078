"""Rasa in-process (runs in .venv-rasa): the bare parse time per message (the floor under the
gateway's round trip) and where the milliseconds of a chat turn go inside Rasa.

.venv-rasa/bin/python -m bench.rasa_timing --action-url http://127.0.0.1:PORT --out FILE
Without --action-url only the parse floor is measured (custom actions need the action server).
The turn profile wraps Rasa's own methods: MessageProcessor.parse_message (NLU),
MessageProcessor._predict_next_with_tracker (policies), RemoteAction.run (the HTTP call to
the action server, which includes the landscape API call of action_recommend) and, inside it,
RemoteAction._validate_action_result (Rasa's check of the action server's answer). It runs
twice: with stock Rasa 3.6 and with `bot.speedups` installed (one validator for action answers,
one kept HTTP session to the action server, button payloads read without the NLU pipeline), as
the stack's channel does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench import conversations as convs
from bench.loopback import require_loopback
from bench.rasa_model import load, newest_model, quiet
from bench.stats import summary_ms

ROOT = Path(__file__).resolve().parent.parent
PROFILE_CONVERSATIONS = 10  # per language; their scripted turns, one conversation at a time
WARM_UP = 5


def floor_texts() -> list[str]:
    """Typed bench texts: the triage conversations' free text and the load test's openers."""
    texts = [t for lang in convs.LANGUAGES for c in convs.load(lang) for t in convs.typed_texts(c)]
    openers = yaml.safe_load((ROOT / "bench/data/load.yml").read_text("utf-8"))["openers"]
    return texts + [t for lang in convs.LANGUAGES for t in openers[lang]]


async def parse_floor(agent: Any, texts: list[str]) -> dict[str, Any]:
    """agent.parse_message per text (after a warm-up): the NLU floor of one message."""
    for text in texts[:WARM_UP]:
        await agent.parse_message(text)
    seconds = []
    for text in texts:
        started = time.perf_counter()
        await agent.parse_message(text)
        seconds.append(time.perf_counter() - started)
    return summary_ms(seconds)


class Timer:
    """Accumulates the time spent in wrapped Rasa methods during one turn: wall time, and the
    CPU time of this process, all its threads (TensorFlow and the sentence encoder compute on
    threads of their own); it leaves out waiting for the action server and other processes
    competing for the cores."""

    def __init__(self) -> None:
        self.turn: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.originals: list[tuple[Any, str, Any]] = []

    def restore(self) -> None:
        """Put Rasa's methods back as they were before this timer wrapped them."""
        for owner, name, original in reversed(self.originals):
            setattr(owner, name, original)
        self.originals.clear()

    def wrap_async(self, owner: Any, name: str, label: Callable[[Any], str]) -> None:
        original = getattr(owner, name)
        self.originals.append((owner, name, original))
        timer = self

        async def timed(this: Any, *args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return await original(this, *args, **kwargs)
            finally:
                timer.turn[label(this)] += time.perf_counter() - started
                timer.cpu[label(this)] += time.process_time() - cpu
                timer.calls[label(this)] += 1

        setattr(owner, name, timed)

    def wrap_sync(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)
        self.originals.append((owner, name, original))
        timer = self

        def timed(this: Any, *args: Any, **kwargs: Any) -> Any:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return original(this, *args, **kwargs)
            finally:
                timer.turn[label] += time.perf_counter() - started
                timer.cpu[label] += time.process_time() - cpu
                timer.calls[label] += 1

        setattr(owner, name, timed)


def _action_label(action: Any) -> str:
    return f"action_server:{action.name()}"


async def turn_profile(agent: Any) -> dict[str, Any]:
    """Play bench conversations in-process and split each turn's time into its parts."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor

    timer = Timer()
    timer.wrap_async(MessageProcessor, "parse_message", lambda _: "nlu")
    timer.wrap_sync(MessageProcessor, "_predict_next_with_tracker", "policies")
    timer.wrap_async(RemoteAction, "run", _action_label)
    timer.wrap_sync(RemoteAction, "_validate_action_result", "validation")
    try:
        return await _play(agent, timer)
    finally:
        timer.restore()


async def _play(agent: Any, timer: Timer) -> dict[str, Any]:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    parts: dict[str, list[float]] = defaultdict(list)
    cpu_parts: dict[str, list[float]] = defaultdict(list)
    calls: dict[str, int] = defaultdict(int)
    for language in convs.LANGUAGES:
        for conversation in convs.load(language)[:PROFILE_CONVERSATIONS]:
            sender = secrets.token_urlsafe(32)
            metadata = {"language": conversation.page_language}
            output = CollectingOutputChannel()
            await agent.handle_message(UserMessage("/greet", output, sender, metadata=metadata))
            buttons = [b for m in output.messages for b in m.get("buttons") or []]
            for turn in conversation.turns:
                action = convs.resolve(turn, buttons)
                if action is None:
                    continue
                value = action[1]
                output = CollectingOutputChannel()
                timer.turn.clear()
                timer.cpu.clear()
                timer.calls.clear()
                started, cpu = time.perf_counter(), time.process_time()
                await agent.handle_message(UserMessage(value, output, sender, metadata=metadata))
                total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
                measured = dict(timer.turn)
                parts["total"].append(total)
                cpu_parts["total"].append(total_cpu)
                for name, value in measured.items():
                    parts[name].append(value)
                    cpu_parts[name].append(timer.cpu[name])
                    calls[name] += timer.calls[name]
                # Validation happens inside the action calls: shown on its own, counted once.
                parts["rest"].append(
                    total - sum(v for k, v in measured.items() if k != "validation")
                )
                cpu_parts["rest"].append(
                    total_cpu - sum(v for k, v in timer.cpu.items() if k != "validation")
                )
                buttons = [b for m in output.messages for b in m.get("buttons") or []]
    turns = len(parts["total"])
    total = sum(parts["total"]) or 1.0
    report: dict[str, Any] = {"turns": turns, "parts": {}}
    for name, values in sorted(parts.items(), key=lambda item: -sum(item[1])):
        # A part that did not run in a turn counts as 0 ms in that turn.
        padded = values + [0.0] * (turns - len(values))
        cpu = cpu_parts.get(name, [])
        report["parts"][name] = {
            "mean_ms": round(1000 * sum(padded) / turns, 2) if turns else None,
            "p50_ms": summary_ms(padded)["p50_ms"],
            "share": round(sum(padded) / total, 4),
            "calls_per_turn": round(calls[name] / turns, 2) if name in calls else None,
            # Rasa's own CPU in this part (for action calls: Rasa's side of the call only)
            "cpu_mean_ms": round(1000 * sum(cpu) / turns, 2) if turns else None,
        }
    return report


async def run(
    action_url: str | None, nlu_out: Path | None = None, model: Path | None = None
) -> dict[str, Any]:
    """Load the model (the newest by default) once; measure the floor, then (with an action
    server) the turns. With `nlu_out` the same agent also runs the NLU evaluation."""
    model = model or newest_model()
    agent, load_seconds = load(model, action_url)
    report: dict[str, Any] = {"model": model.name, "load_s": round(load_seconds, 1)}
    report["parse_floor"] = await parse_floor(agent, floor_texts())
    if nlu_out is not None:
        from bench import nlu_eval

        scores = await nlu_eval.evaluate_all(agent, model, load_seconds)
        nlu_out.write_text(json.dumps(scores, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if action_url:
        from bot import speedups

        report["turn_profile_stock"] = await turn_profile(agent)
        speedups.install()
        speedups.install_keepalive()
        speedups.install_payload_shortcut()
        report["turn_profile"] = await turn_profile(agent)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: measure and write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--action-url", help="a running action server on 127.0.0.1")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "rasa_timing.json")
    parser.add_argument("--nlu-out", type=Path, help="also write the NLU evaluation here")
    parser.add_argument("--model", type=Path, help="this model instead of the newest")
    args = parser.parse_args(argv)
    if args.action_url:
        require_loopback(args.action_url)
    quiet()
    report = asyncio.run(run(args.action_url, args.nlu_out, args.model))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report["parse_floor"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
