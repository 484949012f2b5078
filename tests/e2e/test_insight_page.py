"""The /insight/ page in a real browser: accessible, the heatmap loads, no third-party
requests (the `browsing` fixture fails on any request that leaves the stack)."""

from scripts.stack import Stack
from tests.e2e.test_widget import (  # noqa: F401  (pytest fixtures used by name)
    Browsing,
    browsing,
    serious_violations,
    shot,
    viewport,
)


def test_insight_page_passes_axe_in_both_languages(browsing: Browsing, stack: Stack) -> None:  # noqa: F811
    page = browsing.page
    for lang in ("nl", "en"):
        page.goto(f"{stack.url}/insight/?lang={lang}")
        page.wait_for_load_state("networkidle")
        assert page.locator("img.heatmap").evaluate("img => img.naturalWidth") > 0
        assert serious_violations(page) == []
        shot(page, f"insight-{lang}")
