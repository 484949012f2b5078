"""'Start over' in the scaled stack: the old conversation leaves Redis entirely (nothing the
person wrote is left in any key of any database), and the new one continues on either replica."""

from __future__ import annotations

import pytest

from scripts.stack_scaled import ScaledStack
from tests.e2e.chat_driver import Gateway

pytestmark = pytest.mark.stack

MARKER = "merkteken-opnieuw-scaled-4417"
# endpoints.scaled.yml: conversations in database 0, locks in database 1.
DATABASES = (0, 1)


def everything_in_redis(scaled: ScaledStack) -> str:
    """Every key and every value Redis holds, as text."""
    redis = scaled.redis
    assert redis is not None
    found = []
    for db in DATABASES:
        for key in redis.call("KEYS", "*", db=db) or []:
            kind = redis.call("TYPE", key, db=db)
            if kind == "string":
                value = redis.call("GET", key, db=db)
            elif kind == "hash":
                value = redis.call("HGETALL", key, db=db)
            elif kind == "list":
                value = redis.call("LRANGE", key, "0", "-1", db=db)
            elif kind == "set":
                value = redis.call("SMEMBERS", key, db=db)
            elif kind == "zset":
                value = redis.call("ZRANGE", key, "0", "-1", db=db)
            else:
                value = f"<{kind}>"
            found.append(f"{db} {key} {value}")
    return "\n".join(found)


def test_scaled_start_over_leaves_nothing_in_redis(scaled: ScaledStack, public: Gateway) -> None:
    old = public.create("nl")["session_id"]
    assert public.send(old, text=f"ik heet {MARKER}").status_code == 200
    assert MARKER in everything_in_redis(scaled)  # the check can see a conversation
    answer = public.send(old, text="wis alles en begin opnieuw")
    assert answer.status_code == 200
    result = answer.json()
    assert result["started_over"] is True
    new = result["session_id"]
    assert new and new != old
    assert MARKER not in everything_in_redis(scaled)
    # Only the deleted conversation's tombstone (value "1", so that a message still in flight
    # cannot bring it back) still names the old id; its conversation is gone.
    assert scaled.redis is not None
    assert scaled.redis.call("EXISTS", "tracker:" + old) == 0
    assert public.send(old, text="hallo").status_code == 404
    for _turn in range(3):  # both replicas serve the new conversation
        assert public.send(new, text="hallo").status_code == 200
