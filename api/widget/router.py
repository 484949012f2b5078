"""The chat widget's files at /widget/, its config, and the demo host page at / (and /en).

The widget is a small loader for the host page (wegwijzer.js) and the chat itself in a frame
from this origin (frame.html, frame.js, wegwijzer.css): no script of the host page can read the
conversation. The frame has a Content-Security-Policy of its own, which names who may embed
it (this origin and CORS_ORIGINS, the sites that embed the widget). The config is a JSON file
the frame fetches, so no page needs an inline script.
"""

from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from api.core.settings import ROOT, Settings, get_settings
from api.widget.schemas import WidgetConfig

WIDGET_DIR = ROOT / "bot" / "widget"
ASSETS = {
    "wegwijzer.js": "text/javascript; charset=utf-8",
    "frame.js": "text/javascript; charset=utf-8",
    "wegwijzer.css": "text/css; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
}
PAGES = {"nl": "index.html", "en": "index.en.html"}
FRAME = "frame.html"
LOADER_TAG = 'src="/widget/wegwijzer.js"'
# Browsers may keep the files but must ask whether they changed.
REVALIDATE = {"Cache-Control": "no-cache"}

router = APIRouter(tags=["widget"])


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def frame_headers(settings: Settings) -> dict[str, str]:
    """The frame's own policy: scripts, styles and calls only from this origin; embeddable by
    this origin and the sites in CORS_ORIGINS, by no one else."""
    ancestors = " ".join(["'self'", *(o for o in map(_origin, settings.cors_origins) if o)])
    policy = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self'; frame-ancestors {ancestors}; base-uri 'none'; form-action 'none'"
    )
    return {**REVALIDATE, "Content-Security-Policy": policy, "Referrer-Policy": "no-referrer"}


@router.get("/widget/config.json")
def widget_config(settings: Annotated[Settings, Depends(get_settings)]) -> WidgetConfig:
    """Where the widget talks to, where quick exit goes, and the message limit."""
    return WidgetConfig(
        gateway_url=settings.public_url.rstrip("/"),
        quick_exit_url=settings.quick_exit_url,
        max_chars=settings.chat_max_chars,
        idle_minutes=settings.chat_idle_minutes,
    )


@router.get("/widget/frame.html", include_in_schema=False)
def widget_frame(settings: Annotated[Settings, Depends(get_settings)]) -> FileResponse:
    """The chat's frame, which the loader on the host page embeds."""
    return FileResponse(WIDGET_DIR / FRAME, media_type="text/html", headers=frame_headers(settings))


@router.get("/widget/{name}", include_in_schema=False)
def widget_asset(name: str) -> FileResponse:
    """The widget's scripts and style sheets (nothing else in the folder is served)."""
    if name not in ASSETS:
        raise HTTPException(404, f"The widget has only {', '.join(sorted(ASSETS))}.")
    return FileResponse(WIDGET_DIR / name, media_type=ASSETS[name], headers=REVALIDATE)


def demo_page(page: Path, settings: Settings) -> HTMLResponse:
    """A demo host page that embeds the widget as another site would: from PUBLIC_URL when it
    is set (so the page and the chat's frame are different origins), else from this origin."""
    gateway = _origin(settings.public_url)
    html = page.read_text("utf-8")
    if gateway:
        html = html.replace(LOADER_TAG, f'src="{gateway}/widget/wegwijzer.js"')
    sources = f"'self' {gateway}".strip()
    policy = (
        f"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src {sources}; "
        f"frame-src {sources}; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    )
    headers = {**REVALIDATE, "Content-Security-Policy": policy}
    return HTMLResponse(html, headers=headers)


@router.get("/", include_in_schema=False)
def demo_page_dutch(settings: Annotated[Settings, Depends(get_settings)]) -> HTMLResponse:
    """The demo host page in Dutch, with the widget embedded by one script tag."""
    return demo_page(WIDGET_DIR / PAGES["nl"], settings)


@router.get("/en", include_in_schema=False)
def demo_page_english(settings: Annotated[Settings, Depends(get_settings)]) -> HTMLResponse:
    """The demo host page in English."""
    return demo_page(WIDGET_DIR / PAGES["en"], settings)
