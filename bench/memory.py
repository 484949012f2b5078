"""Resident memory of the stack's processes (psutil), at rest and sampled under load."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import psutil


def rss_mib(pid: int) -> float | None:
    """Resident set size of a process and its children, in MiB (None when it is gone)."""
    try:
        process = psutil.Process(pid)
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
    except psutil.Error:
        return None
    return round(total / 1024 / 1024, 1)


def snapshot(pids: dict[str, int]) -> dict[str, float | None]:
    """RSS of every named process now."""
    return {name: rss_mib(pid) for name, pid in pids.items()}


class PeakSampler:
    """Samples RSS every `interval` seconds while running; keeps the peak per process."""

    def __init__(self, pids: dict[str, int], interval: float = 0.5) -> None:
        self.pids = pids
        self.interval = interval
        self.peak: dict[str, float] = {}
        self._task: asyncio.Task[Any] | None = None

    async def _sample(self) -> None:
        while True:
            for name, value in snapshot(self.pids).items():
                if value is not None:
                    self.peak[name] = max(self.peak.get(name, 0.0), value)
            await asyncio.sleep(self.interval)

    def __enter__(self) -> PeakSampler:
        self._task = asyncio.get_running_loop().create_task(self._sample())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
