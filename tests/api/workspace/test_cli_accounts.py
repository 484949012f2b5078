"""Accounts from the command line: `invite` prints a one-time link that opens the workspace,
`reset-link` a new one, `accounts` lists who has access; `make run` says where to start."""

import pytest
from fastapi.testclient import TestClient

from api import cli
from scripts.stack import workspace_hint
from tests.api.workspace.browser import Person
from tests.api.workspace.conftest import PASSWORD


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _path(out: str) -> str:
    link = out.strip().splitlines()[-1]
    assert "/beheer/uitnodiging/" in link
    return link[link.index("/beheer/") :]


def test_invite_prints_a_link_that_opens_the_workspace(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "invite", "cli.steward", "--role", "steward")
    assert code == 0 and "works once" in out
    person = Person(TestClient(client.app))
    page = person.get(_path(out))
    assert page.status_code == 200 and "cli.steward" in page.text
    done = person.submit(page, "", password=PASSWORD, password_again=PASSWORD)
    assert "Accounts" in done.text  # a steward sees the accounts page in the menu
    code, out, _ = _run(capsys, "accounts")
    assert "cli.steward: steward; active" in out


def test_invite_checks_role_scope_and_name(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "invite", "cli.editor", "--role", "editor")
    assert code == 1 and "at least one organisation" in err
    code, _, err = _run(
        capsys, "invite", "cli.editor", "--role", "editor", "--organisation", "nobody"
    )
    assert code == 1 and "no organisation 'nobody'" in err
    code, _, err = _run(capsys, "invite", "Not A Name", "--role", "reader")
    assert code == 1 and "3 to 60 characters" in err
    assert _run(capsys, "invite", "cli.editor2", "--role", "editor", "--contact-point",
                "csg-utrecht")[0] == 0  # fmt: skip
    code, _, err = _run(capsys, "invite", "cli.editor2", "--role", "reader")
    assert code == 1 and "already" in err


def test_reset_link_gives_a_new_one_time_link(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    _, first, _ = _run(capsys, "invite", "cli.reader", "--role", "reader")
    code, out, _ = _run(capsys, "reset-link", "cli.reader")
    assert code == 0
    person = Person(TestClient(client.app))
    assert person.get(_path(first)).status_code == 404  # the older link stopped working
    assert person.get(_path(out)).status_code == 200
    assert _run(capsys, "reset-link", "nobody")[0] == 1


def test_make_run_says_where_the_workspace_is_and_how_to_invite() -> None:
    hint = workspace_hint("http://127.0.0.1:8000")
    assert "http://127.0.0.1:8000/beheer/" in hint
    assert "python -m api.cli invite NAME --role steward" in hint
