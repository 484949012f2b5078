"""Admin tokens from the command line: read scope by default, an expiry on every token,
`revoke-token`, `list-tokens`, and a write token limited to organisations acting as editor."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api import cli
from api.admin import models
from api.core.db import get_sessionmaker


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _secret(out: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {out.strip().splitlines()[-1]}"}


def test_create_token_reads_by_default_and_expires(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "create-token", "tok-default")
    assert code == 0 and "(read, acts as reader, expires in 90 days)" in out
    headers = _secret(out)
    assert client.get("/v1/admin/audit", headers=headers).status_code == 200
    assert client.post("/v1/admin/contact-points", json={}, headers=headers).status_code == 403
    with get_sessionmaker()() as session:
        token = session.scalar(select(models.ApiToken).where(models.ApiToken.name == "tok-default"))
        assert token is not None and token.expires_at is not None


def test_an_expired_token_gets_401_saying_so(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(capsys, "create-token", "tok-old", "--days", "1")
    with get_sessionmaker()() as session:
        token = session.scalar(select(models.ApiToken).where(models.ApiToken.name == "tok-old"))
        assert token is not None
        token.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        session.commit()
    response = client.get("/v1/admin/audit", headers=_secret(out))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"] and "create-token" in response.json()["detail"]


def test_revoke_token_closes_the_admin_api(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run(capsys, "create-token", "tok-revoke", "--scope", "write")
    headers = _secret(out)
    assert client.get("/v1/admin/audit", headers=headers).status_code == 200
    code, out, _ = _run(capsys, "revoke-token", "tok-revoke")
    assert code == 0 and "revoked" in out
    response = client.get("/v1/admin/audit", headers=headers)
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    code, _, err = _run(capsys, "revoke-token", "no-such-token")
    assert code == 1 and "list-tokens" in err


def test_list_tokens_names_role_limit_and_state(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys, "create-token", "tok-cms", "--scope", "write", "--contact-point", "csg-utrecht")
    _run(capsys, "create-token", "tok-gone", "--scope", "write")
    _run(capsys, "revoke-token", "tok-gone")
    code, out, _ = _run(capsys, "list-tokens")
    assert code == 0
    assert "tok-cms: write (editor: csg-utrecht); valid until" in out
    assert "tok-gone: write (steward); The token 'tok-gone' was revoked" in out


def test_a_read_token_cannot_be_limited(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "create-token", "tok-x", "--organisation", "veilig-thuis")
    assert code == 1 and "--scope write" in err
