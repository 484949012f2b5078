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


def test_speedups_keepalive_reuses_one_connection_for_action_calls() -> None:
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    async def scenario() -> tuple[set[int], list[dict]]:
        ports: set[int] = set()

        async def webhook(request: web.Request) -> web.Response:
            ports.add(request.transport.get_extra_info("peername")[1])
            return web.json_response({"events": [], "responses": []})

        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
        speedups.install_keepalive()
        try:
            answers = [await endpoint.request(json={"n": n}, method="post") for n in range(5)]
        finally:
            speedups.uninstall_keepalive()
            await speedups.close_kept_sessions()
            await runner.cleanup()
        return ports, answers

    ports, answers = asyncio.run(scenario())
    assert answers == [{"events": [], "responses": []}] * 5
    assert len(ports) == 1  # one client connection for all five calls


@pytest.fixture(scope="module")
def tiny_agent(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The tiny bot of the channel tests, loaded in-process."""
    from rasa.core.agent import Agent

    from tests.support import tiny_bot

    models = tiny_bot.train(tmp_path_factory.mktemp("tiny-shortcut"))
    return Agent.load(str(next(models.glob("*.tar.gz"))))


@pytest.mark.parametrize(
    "text",
    [
        "/greet",
        '/inform_role{"role":"victim"}',
        '/switch_language{"language":"en"}',
        "/affirm@0.7",
        "/no_such_intent",  # not an intent of the domain: the pipeline reads it as text
        "/",
        "hallo",
    ],
)
def test_speedups_payload_shortcut_parses_exactly_like_the_pipeline(tiny_agent, text) -> None:  # type: ignore[no-untyped-def]
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.trackers import DialogueStateTracker

    processor = tiny_agent.processor
    tracker = DialogueStateTracker.from_events("a" * 43, [])
    message = UserMessage(text, sender_id="a" * 43)
    pipeline = speedups._original_parse(processor, message, tracker)
    shortcut = speedups._parse_payload_or_graph(processor, message, tracker)
    assert shortcut == pipeline


def test_speedups_payload_shortcut_skips_the_pipeline(tiny_agent) -> None:  # type: ignore[no-untyped-def]
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.trackers import DialogueStateTracker

    runs = []
    graph_runner = tiny_agent.processor.graph_runner
    original_run = graph_runner.run
    graph_runner.run = lambda *args, **kwargs: runs.append(1) or original_run(*args, **kwargs)
    try:
        tracker = DialogueStateTracker.from_events("a" * 43, [])
        speedups._parse_payload_or_graph(
            tiny_agent.processor, UserMessage('/inform_role{"role":"victim"}'), tracker
        )
        assert runs == []
        speedups._parse_payload_or_graph(tiny_agent.processor, UserMessage("hallo"), tracker)
        assert runs == [1]
    finally:
        graph_runner.run = original_run
