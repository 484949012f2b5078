"""The triage engine next to a trivial endpoint of the same app: latency and throughput."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from bench.chat_client import new_client
from bench.stats import ratio, summary_ms

ENDPOINT_SECONDS = 5.0
# One client shows what a request costs; ten at once show how many the app serves per second.
CONCURRENCIES = (1, 10)
# Facts of the kind the actions send (docs/contracts.md), cycled by the endpoint test.
FACTS = [
    {
        "language": "nl",
        "role": "victim",
        "concerns": ["sexual_violence"],
        "timing": "within_7_days",
    },
    {"language": "en", "role": "relative", "concerns": ["domestic_violence"], "danger_now": "no"},
    {"language": "nl", "role": "perpetrator", "concerns": ["sexual_violence", "child_abuse"]},
    {"language": "en", "role": "bystander", "concerns": ["human_trafficking"]},
    {"language": "nl", "role": "victim", "concerns": ["online_sexual_abuse"], "age_group": "12_17"},
    {"language": "en"},
]


async def endpoint_speed(
    url: str, method: str, bodies: list[Any], concurrency: int
) -> dict[str, Any]:
    """Requests for ENDPOINT_SECONDS with `concurrency` clients: latency and rate."""
    seconds: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + ENDPOINT_SECONDS

    async def worker(client: httpx.AsyncClient, offset: int) -> None:
        nonlocal errors
        index = offset
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                if method == "POST":
                    answer = await client.post(url, json=bodies[index % len(bodies)])
                else:
                    answer = await client.get(url)
                errors += answer.status_code != 200
            except httpx.HTTPError:
                errors += 1
            seconds.append(time.perf_counter() - started)
            index += 1

    async with new_client(concurrency) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client, i) for i in range(concurrency)))
        wall = time.perf_counter() - started
    return {
        **summary_ms(seconds),
        "requests_per_s": round(len(seconds) / wall, 1),
        "errors": errors,
        "concurrency": concurrency,
    }


async def compare(base_url: str) -> dict[str, Any]:
    """/v1/recommendations and /health at each concurrency, and their ratios."""
    report: dict[str, Any] = {}
    for concurrency in CONCURRENCIES:
        rec = await endpoint_speed(f"{base_url}/v1/recommendations", "POST", FACTS, concurrency)
        health = await endpoint_speed(f"{base_url}/health", "GET", [], concurrency)
        report[str(concurrency)] = {
            "recommendations": rec,
            "health": health,
            "p50_ratio": ratio(rec["p50_ms"], health["p50_ms"]),
            "rate_ratio": ratio(health["requests_per_s"], rec["requests_per_s"]),
        }
    return report
