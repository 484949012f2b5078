"""Health checks of the stack's services over loopback HTTP."""

import json
import urllib.error
import urllib.request

# Stores that forget conversations (bot/tracker_store.py); anything else keeps them for ever.
FORGETTING_STORES = {"ExpiringInMemoryTrackerStore", "ExpiringRedisTrackerStore"}


class UnsafeBot(RuntimeError):
    """Rasa runs, but with a tracker store that does not forget conversations."""


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, object]]:
    # Only the stack's own loopback http:// URLs come here.
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=2) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"{}")
        except ValueError:
            return error.code, {}
    except (OSError, ValueError):
        return 0, {}


def ok(url: str) -> bool:
    """The URL answers 200."""
    return _get(url)[0] == 200


def rasa_ok(rasa_url: str, token: str) -> bool:
    """Rasa serves the gateway channel with a model and a forgetting tracker store."""
    status, body = _get(f"{rasa_url}/webhooks/gateway/health", {"X-Channel-Token": token})
    if status == 503 and body.get("status") == "starting":
        return False
    if status == 503 or (status == 200 and body.get("tracker_store") not in FORGETTING_STORES):
        raise UnsafeBot(str(body.get("detail") or f"tracker store {body.get('tracker_store')}"))
    if status == 401:
        raise UnsafeBot("Rasa refused the channel token: CHANNEL_TOKEN differs between processes.")
    return status == 200 and body.get("model_loaded") is True
