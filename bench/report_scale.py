"""Report section on capacity: the embedded and the scaled stack side by side (bench/scale.py)."""

from __future__ import annotations

from typing import Any

from bench.report_format import fmt, get, missing, table

KINDS = ("rasa", "actions", "gateway", "haproxy", "redis", "postgres")


def provenance(data: dict[str, Any]) -> list[str]:
    """Where a part's figures come from, when not from the run named at the top."""
    run = data.get("run")
    if not run:
        return []
    commit = f" at commit `{run['commit'][:7]}`" if run.get("commit") else ""
    return [
        "*This section comes from another run of this part (`bench.run --parts`, merged by "
        f"`bench.merge`) on "
        f"{run['date'][:16]} with the model `{run.get('model')}`{commit}.*",
        "",
    ]


def _errors(level: dict[str, Any]) -> str:
    kinds = level.get("error_kinds") or {}
    return ", ".join(f"{k} ×{n}" for k, n in kinds.items()) or "0"


def _row(label: str, stack: str, level: dict[str, Any]) -> tuple[Any, ...]:
    latency = level.get("latency") or {}
    return (
        stack,
        label + (" (cut off)" if level.get("cut_off") else ""),
        level.get("messages"),
        fmt(latency.get("p50_ms")),
        fmt(latency.get("p95_ms")),
        fmt(latency.get("p99_ms")),
        fmt(level.get("messages_per_s")),
        _errors(level),
        level.get("lost_replies"),
    )


def _runs(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(stack, what, measurements) for every level and saturation run, in report order."""
    runs = []
    for name, stack in (data.get("stacks") or {}).items():
        for level, values in (stack.get("levels") or {}).items():
            runs.append((name, f"{level} conversations, human pace", values))
        if stack.get("saturation"):
            replicas = "2 Rasa replicas" if name == "scaled" else "1 Rasa"
            runs.append((name, f"saturation, {replicas}", stack["saturation"]))
        if stack.get("saturation_one_replica"):
            runs.append((name, "saturation, 1 Rasa replica", stack["saturation_one_replica"]))
    return runs


def scale(results: dict[str, Any]) -> list[str]:
    """Section 5: human-paced load and saturation, embedded and scaled, CPU and memory."""
    data = results["parts"].get("scale") or {}
    lines = ["## 5. Capacity: the embedded and the scaled stack side by side", ""]
    if not data.get("stacks"):
        return [*lines, missing(results, "scale"), ""]
    lines += provenance(data)
    lines += [
        "Both stacks on this machine, through their public origin, one after the other: "
        "**embedded** (`make run`: one gateway, one Rasa, one action server, SQLite, "
        "conversations in Rasa's memory) and **scaled** (`make run-scaled`: haproxy in front "
        "of two gateway workers and two Rasa replicas sharing Redis, PostgreSQL, one action "
        f"server). Human pace: {data.get('turns_per_conversation')}-turn conversations, the "
        f"person waits {fmt(data.get('think_s'))} s (±20 %) after each reply; the conversations "
        "start spread over the first think time. Saturation: "
        f"{data.get('saturation_clients')} clients send back to back for "
        f"{fmt(data.get('saturation_s'))} s. With one replica, the second is taken out of "
        "haproxy's rotation (same processes, same machine). Errors: HTTP errors, transport "
        "errors and the gateway's fallback answers; a lost reply is a message the person got "
        "no answer to from the bot.",
        "",
    ]
    rows = [_row(what, stack, values) for stack, what, values in _runs(data)]
    lines += table(
        (
            "stack", "load", "messages", "p50 ms", "p95 ms", "p99 ms", "messages/s",
            "errors", "lost replies",
        ),
        rows,
    )  # fmt: skip
    rows = [
        (stack, what, *(fmt((values.get("cpu_ms_per_message") or {}).get(k)) for k in KINDS))
        for stack, what, values in _runs(data)
    ]
    lines += [
        "CPU milliseconds per message, by kind of process (user + system time of every process "
        "of that kind and its children during the run, divided by the messages answered; the "
        "load generator runs on the same 2 cores and is not counted):",
        "",
    ]
    lines += table(("stack", "load", *KINDS), rows)
    lines += memory(data)
    lines += hung(data)
    return lines


def hung(data: dict[str, Any]) -> list[str]:
    """The wait for an answer while every Rasa process hangs."""
    rows = []
    for name, stack in (data.get("stacks") or {}).items():
        for kind, values in (stack.get("hung_bot") or {}).items():
            rows.append(
                (
                    name,
                    kind,
                    " / ".join(fmt(v) for v in values.get("seconds") or []),
                    "yes" if values.get("answered") else "no",
                    "; ".join(f"“{fmt(v)}…”" for v in values.get("first_line") or []),
                )
            )
    if not rows:
        return []
    lines = [
        "Every Rasa process stopped (SIGSTOP) while a person writes: seconds until the gateway's "
        "answer for messages it reads as danger or suicide and for ordinary ones (in this order: "
        "the second crisis message comes right after the first missed its deadline), and the "
        "answer's first line:",
        "",
    ]
    return lines + table(("stack", "messages", "seconds each", "answered", "first line"), rows)


def memory(data: dict[str, Any]) -> list[str]:
    """Resident memory per process of each stack."""
    rows = []
    for name, stack in (data.get("stacks") or {}).items():
        start = stack.get("memory_at_start_mib") or {}
        peaks: dict[str, float] = {}
        for _, _, values in [r for r in _runs(data) if r[0] == name]:
            for process, value in (values.get("memory_peak_mib") or {}).items():
                peaks[process] = max(peaks.get(process, 0.0), value)
        for process in start:
            rows.append((name, process, fmt(start.get(process)), fmt(peaks.get(process))))
        total_start = round(sum(v for v in start.values() if v), 1)
        total_peak = round(sum(peaks.values()), 1)
        rows.append((name, "all processes", fmt(total_start), fmt(total_peak)))
    lines = ["Resident memory per process (MiB, process and its children, psutil):", ""]
    return lines + table(("stack", "process", "after start-up", "peak under load"), rows)


def capacity_summary(results: dict[str, Any]) -> dict[str, Any]:
    """The figures the key numbers and README's capacity table quote."""
    stacks = get(results, "parts", "scale", "stacks") or {}
    embedded, scaled = stacks.get("embedded") or {}, stacks.get("scaled") or {}
    return {
        "embedded_p95_50": get(embedded, "levels", "50", "latency", "p95_ms"),
        "scaled_p95_50": get(scaled, "levels", "50", "latency", "p95_ms"),
        "embedded_saturation": get(embedded, "saturation", "messages_per_s"),
        "scaled_saturation_1": get(scaled, "saturation_one_replica", "messages_per_s"),
        "scaled_saturation_2": get(scaled, "saturation", "messages_per_s"),
    }
