"""Speed fixes for Rasa 3.6 on the hot path of every chat turn.

Rasa checks each action server response with `jsonschema.validate`, which first checks the
schema itself against its metaschema; with three action calls per turn that cost about 150 ms
of a ~250 ms turn here (see bench/report.md). The same check with a validator built once does
exactly the same validation of the response (`install`).

Rasa also opens a new HTTP session, and so a new TCP connection, for every call to the action
server; `install_keepalive` keeps one session per endpoint open instead.

And Rasa runs the whole NLU pipeline on a button's payload, only to replace the result with
what the payload says; `install_payload_shortcut` reads the payload directly.
"""

import asyncio
from typing import Any

import aiohttp
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.endpoints import EndpointConfig

_original = RemoteAction._validate_action_result


def _validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def install() -> None:
    """Make RemoteAction reuse one validator (idempotent)."""
    if RemoteAction._validate_action_result is not _original:
        return
    validator = _validator()

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your "
                "response from the Action endpoint is valid."
            )
            raise
        return True

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


class _Shared:
    """`async with` that hands out a kept session instead of opening and closing one."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        return None


_original_session = EndpointConfig.session
_sessions: dict[tuple[Any, ...], aiohttp.ClientSession] = {}


def _kept_session(self: EndpointConfig) -> Any:
    # One session (and its open connections) per endpoint and event loop: Rasa otherwise
    # opens a new HTTP session and TCP connection for every action call.
    key = (
        id(asyncio.get_running_loop()),
        self.url,
        tuple(sorted(self.headers.items())),
        tuple(sorted(self.basic_auth.items())),
    )
    session = _sessions.get(key)
    if session is None or session.closed:
        session = _sessions[key] = _original_session(self)
    return _Shared(session)


def install_keepalive() -> None:
    """Keep the action server's HTTP connection open between calls (idempotent)."""
    EndpointConfig.session = _kept_session  # type: ignore[method-assign]


def uninstall_keepalive() -> None:
    """Rasa's own behaviour again (for comparisons in the bench)."""
    EndpointConfig.session = _original_session  # type: ignore[method-assign]


async def close_kept_sessions() -> None:
    """Close the kept sessions of this event loop's endpoints (before the loop ends)."""
    loop = id(asyncio.get_running_loop())
    for key in [key for key in _sessions if key[0] == loop]:
        await _sessions.pop(key).close()


_original_parse = MessageProcessor._parse_message_with_graph


def _parse_payload_or_graph(
    self: MessageProcessor,
    message: UserMessage,
    tracker: DialogueStateTracker,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    # A button's payload ("/intent{...}") names its intent and entities. Rasa still runs the
    # whole NLU pipeline on it, and then its last component, RegexMessageHandler, replaces the
    # result by what the payload says. Reading the payload the same way gives the same
    # result without the pipeline's work.
    text = (message.text or "").strip()
    if text.startswith(INTENT_MESSAGE_PREFIX):
        unpacked = YAMLStoryReader.unpack_regex_message(
            Message({TEXT: text}), self.domain, entity_extractor_name=RegexMessageHandler.__name__
        )
        if unpacked.get(INTENT):
            parse_data = {
                TEXT: "",
                INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                ENTITIES: [],
            }
            parse_data.update(unpacked.as_dict(only_output_properties=only_output_properties))
            return parse_data
    return _original_parse(self, message, tracker, only_output_properties)


def install_payload_shortcut() -> None:
    """Read button payloads without running the NLU pipeline (idempotent)."""
    MessageProcessor._parse_message_with_graph = _parse_payload_or_graph  # type: ignore[method-assign]


def uninstall_payload_shortcut() -> None:
    """Rasa's own behaviour again (for comparisons in the bench and tests)."""
    MessageProcessor._parse_message_with_graph = _original_parse  # type: ignore[method-assign]
