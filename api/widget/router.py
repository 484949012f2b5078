"""The chat widget's files at /widget/, its config, and the demo host page at / (and /en).

The config is a JSON file the widget fetches, so no page needs an inline script and the strict
Content-Security-Policy holds.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse

from api.core.settings import ROOT, Settings, get_settings
from api.widget.schemas import WidgetConfig

WIDGET_DIR = ROOT / "bot" / "widget"
ASSETS = {
    "wegwijzer.js": "text/javascript; charset=utf-8",
    "wegwijzer.css": "text/css; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
}
PAGES = {"nl": "index.html", "en": "index.en.html"}
# Browsers may keep the files but must ask whether they changed.
REVALIDATE = {"Cache-Control": "no-cache"}

router = APIRouter(tags=["widget"])


@router.get("/widget/config.json")
def widget_config(settings: Annotated[Settings, Depends(get_settings)]) -> WidgetConfig:
    """Where the widget talks to, where quick exit goes, and the message limit."""
    return WidgetConfig(
        gateway_url=settings.public_url.rstrip("/"),
        quick_exit_url=settings.quick_exit_url,
        max_chars=settings.chat_max_chars,
        idle_minutes=settings.chat_idle_minutes,
    )


@router.get("/widget/{name}", include_in_schema=False)
def widget_asset(name: str) -> FileResponse:
    """The widget's script and style sheets (nothing else in the folder is served)."""
    if name not in ASSETS:
        raise HTTPException(404, f"The widget has only {', '.join(sorted(ASSETS))}.")
    return FileResponse(WIDGET_DIR / name, media_type=ASSETS[name], headers=REVALIDATE)


@router.get("/", include_in_schema=False)
def demo_page() -> FileResponse:
    """The demo host page in Dutch, with the widget embedded by one script tag."""
    return FileResponse(WIDGET_DIR / PAGES["nl"], media_type="text/html", headers=REVALIDATE)


@router.get("/en", include_in_schema=False)
def demo_page_english() -> FileResponse:
    """The demo host page in English."""
    return FileResponse(WIDGET_DIR / PAGES["en"], media_type="text/html", headers=REVALIDATE)
