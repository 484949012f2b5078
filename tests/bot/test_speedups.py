"""The validator Rasa uses for action server responses accepts and rejects the same answers."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import speedups

GOOD = {"events": [{"event": "slot", "name": "language", "value": "en"}], "responses": []}
BAD = {"events": "not a list", "responses": []}


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    speedups.install()


def test_speedups_accept_a_valid_action_response() -> None:
    action = RemoteAction("action_x", None)
    assert action._validate_action_result(GOOD) is True


def test_speedups_reject_an_invalid_action_response_with_rasas_message() -> None:
    action = RemoteAction("action_x", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(BAD)


def test_speedups_install_twice_keeps_one_patch() -> None:
    patched = RemoteAction._validate_action_result
    speedups.install()
    assert RemoteAction._validate_action_result is patched
