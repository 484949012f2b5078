"""The scaled stack end to end: the public origin (haproxy), two gateway workers, two Rasa
replicas sharing Redis, PostgreSQL, the action server — all real processes."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from scripts.stack_scaled import ScaledStack
from tests.e2e.chat_driver import Gateway, choose_answer, is_recommendation
from tests.lines import number, tel
from tests.scaled.conftest import IDLE_SECONDS, SESSION_LIMIT_PER_MINUTE

pytestmark = pytest.mark.stack

TRACKER = "tracker:"
MARKER = "merkteken-scaled-7302"
FALLBACK_WORDS = "Het lukt me nu even niet"


def links(messages: list[dict[str, Any]]) -> set[str]:
    return {link["url"] for message in messages for link in message["links"]}


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message["text"] for message in messages)


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds:.0f} s"
        time.sleep(0.5)


def answer_until_places(gateway: Gateway, session_id: str, story: str) -> list[dict[str, Any]]:
    """Tell the story and answer the bot until it shows places; every reply must be the
    bot's own (no gateway fallback)."""
    answer = gateway.send(session_id, "nl", text=story)
    transcript: list[dict[str, Any]] = []
    for _turn in range(8):
        assert answer.status_code == 200, answer.text
        messages = answer.json()["messages"]
        assert FALLBACK_WORDS not in texts(messages), messages
        transcript += messages
        if is_recommendation(messages):
            return transcript
        payloads = [b["payload"] for b in messages[-1].get("buttons", [])] if messages else []
        assert payloads, f"the bot asked nothing and gave no places: {messages}"
        answer = gateway.send(session_id, "nl", payload=choose_answer(payloads))
    raise AssertionError(f"no places after 8 answers: {transcript}")


def test_scaled_conversation_on_both_replicas_keeps_its_state(
    scaled: ScaledStack, public: Gateway
) -> None:
    assert scaled.haproxy is not None
    before = scaled.haproxy.served("rasa")
    session_id = public.create("nl")["session_id"]
    transcript = answer_until_places(public, session_id, "ik ben gisteren verkracht")
    after = scaled.haproxy.served("rasa")
    # The turns of this one conversation were spread over both replicas ...
    assert all(after[name] > before[name] for name in after), (before, after)
    # ... and each replica continued where the other left off: the story told on one turn
    # (sexual violence, yesterday) decided the places shown several turns later.
    assert tel("sexual") in links(transcript)
    assert "Centrum Seksueel Geweld" in texts(transcript)


def test_scaled_quick_exit_through_one_worker_is_gone_for_the_other(
    scaled: ScaledStack, workers: list[Gateway]
) -> None:
    first, second = workers
    session_id = first.create("nl")["session_id"]
    assert second.send(session_id, text="hallo").status_code == 200
    assert first.forget(session_id).status_code == 204
    assert second.send(session_id, text="hallo").status_code == 404
    assert scaled.redis is not None
    assert scaled.redis.call("EXISTS", TRACKER + session_id) == 0


def test_scaled_logs_hold_no_message_text_or_ids(scaled: ScaledStack, public: Gateway) -> None:
    session_id = public.create("nl")["session_id"]
    assert public.send(session_id, text=f"ik heet {MARKER}").status_code == 200
    assert public.send(session_id, text=f"/{MARKER}").status_code == 200
    time.sleep(1)
    assert scaled.log_dir is not None
    for log in scaled.log_dir.glob("*.log"):
        content = log.read_text(errors="replace")
        assert MARKER not in content, log.name
        assert session_id not in content, log.name


def test_scaled_redis_keeps_conversations_in_memory_only(scaled: ScaledStack) -> None:
    redis = scaled.redis
    assert redis is not None
    assert redis.call("CONFIG", "GET", "save") == ["save", ""]
    assert redis.call("CONFIG", "GET", "appendonly") == ["appendonly", "no"]
    assert not [p for p in redis.folder.rglob("*") if p.suffix in (".rdb", ".aof")]


def test_scaled_idle_conversation_expires_in_redis(scaled: ScaledStack, public: Gateway) -> None:
    redis = scaled.redis
    assert redis is not None
    session_id = public.create("nl")["session_id"]
    assert public.send(session_id, text="hallo").status_code == 200
    ttl = redis.call("TTL", TRACKER + session_id)
    assert isinstance(ttl, int)
    assert 0 < ttl <= IDLE_SECONDS
    time.sleep(IDLE_SECONDS + 1)
    assert redis.call("EXISTS", TRACKER + session_id) == 0
    assert public.send(session_id, text="hallo").status_code == 404


@contextmanager
def tracker_writes_denied(scaled: ScaledStack) -> Iterator[None]:
    """Redis still serves reads and locks but refuses to save conversations: the failure that
    Rasa's fail-safe wrapper would hide by keeping conversations in process memory."""
    redis, haproxy = scaled.redis, scaled.haproxy
    assert redis is not None and haproxy is not None
    redis.call("ACL", "SETUSER", "default", "resetkeys", "%R~tracker:*", "~lock:*")
    try:
        yield
    finally:
        redis.call("ACL", "SETUSER", "default", "resetkeys", "~*")
    wait_for(lambda: set(haproxy.status("rasa").values()) == {"UP"}, 60, "both replicas back UP")


def test_scaled_fail_safe_fallback_is_detected_and_refused(
    scaled: ScaledStack, public: Gateway
) -> None:
    haproxy, redis = scaled.haproxy, scaled.redis
    assert haproxy is not None and redis is not None
    session_id = public.create("nl")["session_id"]
    assert public.send(session_id, text="hallo").status_code == 200
    with tracker_writes_denied(scaled):
        answer = public.send(session_id, text=f"ik ben gisteren verkracht {MARKER}")
        # The person gets the crisis lines from the gateway, never an answer kept in memory.
        assert answer.status_code == 200
        assert tel("danger") in links(answer.json()["messages"])
        assert FALLBACK_WORDS in texts(answer.json()["messages"])
        # Nothing of the refused turn was kept.
        assert MARKER not in str(redis.call("GET", TRACKER + session_id))
        # The replicas' health checks fail: haproxy stops sending them conversations.
        wait_for(lambda: "UP" not in set(haproxy.status("rasa").values()), 30, "replicas DOWN")
    # Once Redis takes writes again, both replicas serve again (the context waited for it).
    session_id = public.create("nl")["session_id"]
    answer = public.send(session_id, text="hallo")
    assert answer.status_code == 200
    assert FALLBACK_WORDS not in texts(answer.json()["messages"])


def test_scaled_rate_limit_holds_across_both_workers(
    scaled: ScaledStack, workers: list[Gateway]
) -> None:
    session_id = workers[0].create("nl")["session_id"]
    statuses = []
    for turn in range(2 * SESSION_LIMIT_PER_MINUTE):
        # Empty messages: counted by the limit, answered by the gateway without the bot.
        statuses.append(workers[turn % 2].send(session_id, text="").status_code)
    # One limit for the conversation, whichever worker takes the message.
    assert statuses.count(200) == SESSION_LIMIT_PER_MINUTE
    assert set(statuses[SESSION_LIMIT_PER_MINUTE:]) == {429}


@contextmanager
def replicas_hanging(scaled: ScaledStack) -> Iterator[None]:
    """Every Rasa replica stops answering (SIGSTOP), then goes on (SIGCONT)."""
    processes = [scaled.services[name].process for name in ("rasa1", "rasa2")]
    for process in processes:
        assert process is not None
        os.killpg(process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for process in processes:
            assert process is not None
            os.killpg(process.pid, signal.SIGCONT)
    haproxy = scaled.haproxy
    assert haproxy is not None
    wait_for(lambda: set(haproxy.status("rasa").values()) == {"UP"}, 60, "replicas back UP")


def timed_send(gateway: Gateway, session_id: str, text: str) -> tuple[list[dict], float]:
    started = time.monotonic()
    answer = gateway.send(session_id, "nl", text=text)
    assert answer.status_code == 200
    return answer.json()["messages"], time.monotonic() - started


def test_scaled_hung_bot_crisis_answer_within_a_second_others_within_three(
    scaled: ScaledStack, public: Gateway
) -> None:
    session_id = public.create("nl")["session_id"]
    with replicas_hanging(scaled):
        messages, seconds = timed_send(public, session_id, "hij slaat me nu")
        assert seconds < 1.5
        assert number("danger") in messages[0]["text"]
        messages, seconds = timed_send(public, session_id, "ik weet niet wat ik moet doen")
        assert seconds < 3.6
        assert "traag" in texts(messages)
        assert tel("danger") in links(messages)
        # Right after a slow answer, a crisis message does not wait at all.
        messages, seconds = timed_send(public, session_id, "ik wil niet meer leven")
        assert seconds < 0.5
        assert number("suicide") in messages[0]["text"]


def test_scaled_conversation_survives_a_replica_that_dies(
    scaled: ScaledStack, public: Gateway
) -> None:
    # Last: it kills a replica for good.
    session_id = public.create("nl")["session_id"]
    first = public.send(session_id, text="ik ben gisteren verkracht")
    assert first.status_code == 200
    process = scaled.services["rasa1"].process
    assert process is not None
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    transcript = answer_until_places(public, session_id, "zaterdag, op een feest")
    assert tel("sexual") in links(transcript)
