"""Report sections on speed and cost."""

from __future__ import annotations

from typing import Any

from bench.report_format import fmt, get, missing, seconds, table
from bench.report_scale import provenance


def speed(results: dict[str, Any]) -> list[str]:
    """Section 4: latency and throughput under load, the floor and the profile."""
    data = results["parts"].get("load") or {}
    lines = ["## 4. Speed under load (through the gateway, 127.0.0.1)", ""]
    if not data.get("levels"):
        return [*lines, missing(results, "load"), ""]
    lines += provenance(data)
    rows = [
        (
            level,
            v["conversations"],
            v["messages"],
            fmt(v["all"]["p50_ms"]),
            fmt(v["all"]["p95_ms"]),
            fmt(v["all"]["p99_ms"]),
            fmt(v["typed"]["p50_ms"]),
            fmt(v["buttons"]["p50_ms"]),
            fmt(v["messages_per_s"]),
            ", ".join(f"{k} ×{n}" for k, n in (v.get("error_kinds") or {}).items()) or "0",
        )
        for level, v in data["levels"].items()
    ]
    lines += [
        f"Each conversation: {data['turns_per_conversation']} user turns back to back, no "
        "think time (typed text and button presses alternate after the first message). With "
        "fewer than 10 at once, each simulated person holds several conversations one after "
        "another. Errors: HTTP errors and the gateway's fallback answers (bot too slow or down).",
        "",
    ]
    lines += table(
        (
            "at once",
            "conversations",
            "messages",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "typed p50 ms",
            "button p50 ms",
            "messages/s",
            "errors",
        ),
        rows,
    )
    floor = get(data, "rasa", "parse_floor") or {}
    channel = get(data, "channel_baseline", "all") or {}
    rows = [
        (
            "bare Rasa parse (`agent.parse_message`, in-process) — the floor",
            fmt(floor.get("p50_ms")),
            fmt(floor.get("p95_ms")),
        ),
        (
            "Rasa gateway channel directly (loopback HTTP, 1 conversation)",
            fmt(channel.get("p50_ms")),
            fmt(channel.get("p95_ms")),
        ),
        (
            "through the gateway (1 conversation)",
            fmt(get(data, "levels", "1", "all", "p50_ms")),
            fmt(get(data, "levels", "1", "all", "p95_ms")),
        ),
    ]
    lines += table(("one message", "p50 ms", "p95 ms"), rows)
    lines += [
        f"Ratio gateway round trip / bare parse (p50, 1 conversation): typed messages "
        f"{fmt(get(data, 'floor_ratio', 'typed_p50'))}×, all messages "
        f"{fmt(get(data, 'floor_ratio', 'all_p50'))}×. The gateway itself adds "
        f"{fmt(data.get('gateway_overhead_p50_ms'))} ms at p50 over calling the bot channel "
        "directly.",
        "",
    ]
    profile = get(data, "rasa", "turn_profile") or {}
    stock = (get(data, "rasa", "turn_profile_stock") or {}).get("parts") or {}
    if profile.get("parts"):
        names = {
            "total": "whole turn inside Rasa (`handle_message`)",
            "nlu": "NLU pipeline (`parse_message`)",
            "policies": "dialogue policies (`_predict_next_with_tracker`)",
            "validation": "… of which Rasa's check of the action answers (`jsonschema`)",
            "rest": "rest of Rasa (tracker, events, responses)",
        }
        rows = [
            (
                names.get(k) or f"action server: `{k.split(':', 1)[-1]}` (HTTP call and action)",
                fmt(v["mean_ms"]),
                fmt(v["p50_ms"]),
                fmt(v["share"], "%"),
                fmt(v.get("calls_per_turn")),
                fmt(v.get("cpu_mean_ms")),
                fmt((stock.get(k) or {}).get("mean_ms")),
                fmt((stock.get(k) or {}).get("cpu_mean_ms")),
            )
            for k, v in profile["parts"].items()
        ]
        lines += [
            f"Where the milliseconds of a chat turn go: an in-process profile of "
            f"{profile['turns']} turns of bench conversations, one at a time, with the stack's "
            "action server and landscape API (`bench/rasa_timing.py`), as the stack runs it "
            "(with `bot.speedups`: Rasa's `jsonschema` validator of action answers built once "
            "instead of on every call, one kept HTTP connection to the action server, button "
            "payloads read without the NLU pipeline). The last two columns are the same turns "
            "with stock Rasa 3.6. Wall time includes waiting for the action server; Rasa's CPU "
            "is the CPU time of the Rasa process, all its threads (for an action call: Rasa's "
            "side of it only). The action calls include Rasa's check of their answers; "
            "`action_recommend` includes its call to `/v1/recommendations`.",
            "",
        ]
        lines += table(
            (
                "part",
                "mean ms per turn",
                "p50 ms per turn",
                "share of the turn",
                "calls per turn",
                "Rasa's CPU ms per turn",
                "stock Rasa: mean ms",
                "stock Rasa: CPU ms",
            ),
            rows,
        )
    rows = []
    for concurrency, ep in (data.get("endpoints") or {}).items():
        for name in ("recommendations", "health"):
            e = ep.get(name) or {}
            rows.append(
                (
                    f"`{'/v1/recommendations' if name == 'recommendations' else '/health'}`",
                    concurrency,
                    fmt(e.get("p50_ms")),
                    fmt(e.get("p95_ms")),
                    fmt(e.get("requests_per_s")),
                    e.get("errors"),
                )
            )
        rows.append(
            (
                "ratio",
                concurrency,
                f"{fmt(ep.get('p50_ratio'))}×",
                "",
                f"/health serves {fmt(ep.get('rate_ratio'))}×",
                "",
            )
        )
    lines += [
        "The triage engine next to a trivial endpoint of the same app (`/health`, which reads "
        "the database once), each for a fixed time, with 1 client and with 10 at once:",
        "",
    ]
    lines += table(("endpoint", "clients", "p50 ms", "p95 ms", "requests/s", "errors"), rows)
    if data.get("skipped"):
        lines += [f"Levels skipped for time: {data['skipped']}.", ""]
    return lines


def cost(results: dict[str, Any]) -> list[str]:
    """Section 6: training, model size, start-up and memory."""
    data = results["parts"].get("cost") or {}
    load = results["parts"].get("load") or {}
    lines = ["## 6. Cost", ""]
    if "cost" not in results["parts"]:
        return [*lines, missing(results, "cost"), ""]
    training = data.get("training") or {}
    model = data.get("model") or {}
    timings = data.get("stack_timings_s") or {}
    make_run = data.get("make_run") or {}
    rows = [
        (
            "training time, cold cache (`rasa train` as `bot.train` runs it)",
            seconds(training),
        ),
        ("model size", f"{fmt(model.get('size_mib'))} MiB ({fmt(model.get('model'))})"),
        ("database migrate + seed import", f"{fmt(timings.get('database_import'))} s"),
        (
            "stack start with an existing model (all three healthy)",
            f"{fmt(timings.get('stack_start'))} s",
        ),
        (
            "… API ready / action server ready / Rasa ready",
            " / ".join(
                f"{fmt(timings.get(k))} s" for k in ("ready_api", "ready_actions", "ready_rasa")
            ),
        ),
        (
            "`bot.train` when the model is up to date",
            seconds(data.get("train_noop")),
        ),
        (
            "`make run` set-up + start with an existing model",
            seconds(make_run, "with_model_s"),
        ),
        (
            "`make run` set-up + start without a model (train + start)",
            seconds(make_run, "without_model_s"),
        ),
    ]
    lines += table(("measure", "value"), rows)
    lines += [
        "`make run` without a model is measured as database import + cold training + stack "
        "start, each timed on its own in this run (a full fresh run would not fit the bench's "
        "time budget twice); creating the two virtual environments is not included.",
        "",
    ]
    columns = (
        ("after start-up", load.get("memory_at_start_mib") or {}),
        ("after the triage conversations", load.get("memory_before_load_mib") or {}),
        ("peak under load", load.get("memory_under_load_peak_mib") or {}),
        ("after load", load.get("memory_after_load_mib") or {}),
    )
    rows = [
        (name, *(fmt(values.get(name)) for _, values in columns))
        for name in ("api", "actions", "rasa")
    ]
    totals = [sum(v for v in values.values() if v) for _, values in columns]
    rows.append(("all three", *(fmt(round(t, 1)) if t else "–" for t in totals)))
    lines += ["Resident memory (MiB, process and its children, psutil):", ""]
    lines += table(("process", *(title for title, _ in columns)), rows)
    return lines
