"""A client of the chat gateway that behaves like the widget: sessions, typed text, buttons."""

from __future__ import annotations

import contextlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.loopback import require_loopback

__all__ = ["ChannelSession", "ChatSession", "Reply", "new_client", "require_loopback"]


@dataclass
class Reply:
    """One answer of the gateway: its messages, status and how long it took."""

    status: int
    messages: list[dict[str, Any]]
    language: str | None
    seconds: float
    error: str | None = None

    def buttons(self) -> list[dict[str, str]]:
        """Every button of every message in this reply, in order."""
        return [b for m in self.messages for b in m.get("buttons") or []]


@dataclass
class ChatSession:
    """A conversation through the gateway, like one open widget."""

    client: httpx.AsyncClient
    base_url: str
    language: str
    session_id: str | None = None
    replies: list[Reply] = field(default_factory=list)

    async def open(self) -> Reply:
        """POST /v1/chat/sessions with the page language; the greeting is the first reply."""
        reply = await self._post("/v1/chat/sessions", {"language": self.language})
        return reply

    async def say(self, text: str) -> Reply:
        """What the person typed."""
        return await self._message({"text": text})

    async def press(self, payload: str) -> Reply:
        """A button the person chose (its payload)."""
        return await self._message({"payload": payload})

    async def close(self) -> None:
        """DELETE the session, like the widget's quick exit or "forget me"."""
        if self.session_id:
            with contextlib.suppress(httpx.HTTPError):
                await self.client.delete(f"{self.base_url}/v1/chat/sessions/{self.session_id}")

    async def _message(self, body: dict[str, Any]) -> Reply:
        if self.session_id is None:
            return Reply(0, [], None, 0.0, "no session")
        body = {**body, "language": self.language}
        return await self._post(f"/v1/chat/sessions/{self.session_id}/messages", body)

    async def _post(self, path: str, body: dict[str, Any]) -> Reply:
        started = time.perf_counter()
        try:
            answer = await self.client.post(f"{self.base_url}{path}", json=body)
        except httpx.HTTPError as exc:
            reply = Reply(0, [], None, time.perf_counter() - started, type(exc).__name__)
            self.replies.append(reply)
            return reply
        seconds = time.perf_counter() - started
        data = (
            answer.json()
            if answer.headers.get("content-type", "").startswith("application/json")
            else {}
        )
        error = None if answer.status_code in (200, 201) else f"status {answer.status_code}"
        if data.get("session_id"):
            self.session_id = data["session_id"]
        if data.get("language") in ("nl", "en"):
            self.language = data["language"]
        reply = Reply(
            answer.status_code, data.get("messages") or [], data.get("language"), seconds, error
        )
        self.replies.append(reply)
        return reply


class ChannelSession:
    """The same conversation straight to Rasa's gateway channel (loopback, with the token):
    the gateway's share of a round trip is the difference."""

    def __init__(self, client: httpx.AsyncClient, rasa_url: str, token: str, language: str):
        self.client, self.base = client, f"{rasa_url}/webhooks/gateway"
        self.headers = {"X-Channel-Token": token}
        self.language = language
        self.session_id = ""

    async def _post(self, path: str, body: dict[str, Any]) -> Reply:
        started = time.perf_counter()
        try:
            answer = await self.client.post(self.base + path, json=body, headers=self.headers)
            data = answer.json()
            error = None if answer.status_code in (200, 201) else f"status {answer.status_code}"
        except (httpx.HTTPError, ValueError) as exc:
            data, error = {}, type(exc).__name__
        return Reply(200, data.get("messages") or [], None, time.perf_counter() - started, error)

    async def open(self) -> Reply:
        """Create the conversation with an id of our own, as the gateway does."""
        self.session_id = secrets.token_urlsafe(32)
        body = {"sender_id": self.session_id, "language": self.language}
        return await self._post("/conversations", body)

    async def say(self, text: str) -> Reply:
        body = {"text": text, "language": self.language}
        return await self._post(f"/conversations/{self.session_id}/messages", body)

    async def press(self, payload: str) -> Reply:
        body = {"payload": payload, "language": self.language}
        return await self._post(f"/conversations/{self.session_id}/messages", body)

    async def close(self) -> None:
        await self.client.delete(
            f"{self.base}/conversations/{self.session_id}", headers=self.headers
        )


def new_client(concurrency: int = 10, timeout: float = 60.0) -> httpx.AsyncClient:
    """An HTTP client with enough connections for `concurrency` parallel conversations."""
    limits = httpx.Limits(
        max_connections=concurrency + 5, max_keepalive_connections=concurrency + 5
    )
    return httpx.AsyncClient(timeout=timeout, limits=limits, trust_env=False)
