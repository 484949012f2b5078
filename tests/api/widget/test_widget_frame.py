"""The chat's frame and the demo page's headers: who may embed the frame, and what it may load."""

from fastapi.testclient import TestClient

from api.core.settings import get_settings
from api.main import create_app

SITE = "https://www.voorbeeld.nl"


def _client(**settings: object) -> TestClient:
    app = create_app()
    configured = get_settings().model_copy(update=settings)
    app.dependency_overrides[get_settings] = lambda: configured
    return TestClient(app)


def test_frame_may_be_embedded_only_by_the_sites_that_embed_the_widget() -> None:
    frame = _client(cors_origins=[SITE, "not a url"]).get("/widget/frame.html")
    assert frame.status_code == 200
    policy = frame.headers["content-security-policy"]
    assert f"frame-ancestors 'self' {SITE};" in policy
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "x-frame-options" not in frame.headers
    assert frame.headers["referrer-policy"] == "no-referrer"
    assert frame.text.count("<script") == 1 and "/widget/frame.js" in frame.text


def test_every_other_page_may_not_be_framed() -> None:
    client = _client(cors_origins=[SITE])
    for path in ("/", "/en", "/widget/config.json", "/docs", "/widget/wegwijzer.js"):
        answer = client.get(path)
        framing = answer.headers.get("x-frame-options") == "DENY" or (
            "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        )
        assert framing, path


def test_demo_page_loads_the_widget_from_the_public_origin() -> None:
    page = _client(public_url="https://chat.example.org/").get("/")
    assert '<script src="https://chat.example.org/widget/wegwijzer.js"' in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self' https://chat.example.org;" in policy
    assert "frame-src 'self' https://chat.example.org;" in policy
