"""The widget on the demo page in Debian's chromium, against the real stack.

Every test runs with the page's strict CSP, records every request and dialog, and fails if a
request leaves for another host than the stack (the quick-exit site is intercepted locally).
Screenshots of each state go to test-artifacts/screenshots/.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route, expect

from scripts.stack import Stack
from tests.e2e.chat_driver import MAX_TURNS, SCREENSHOTS, Gateway, choose_answer

pytestmark = [pytest.mark.stack, pytest.mark.browser]

EXIT_URL = "https://www.buienradar.nl/"
SUMMARY = '.ww-choice:enabled[data-payload="/request_summary"]'
XSS = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>"]
BUSY_TIMEOUT_MS = 60_000


@dataclass
class Browsing:
    page: Page
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(params=[(1280, 800)], ids=["desktop"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    width, height = request.param
    return {"width": width, "height": height}


@pytest.fixture
def browsing(browser: Any, stack: Stack, viewport: dict[str, int]) -> Iterator[Browsing]:
    """A fresh tab whose requests may only reach the stack."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    state = Browsing(page)

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(stack.url + "/"):
            route.continue_()
        elif url.startswith(EXIT_URL):
            state.exits.append(url)
            route.fulfill(status=200, content_type="text/html", body="<h1>Het weer vandaag</h1>")
        else:
            state.foreign.append(url)
            route.abort()

    page.route("**/*", guard)
    page.on("request", lambda request: state.requests.append(request.url))
    page.on("dialog", lambda dialog: (state.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: state.errors.append(str(error)))
    yield state
    context.close()
    assert state.foreign == [], f"requests to other hosts: {state.foreign}"
    others = [u for u in state.requests if not u.startswith((stack.url + "/", EXIT_URL))]
    assert others == [], f"requests to other hosts: {others}"
    assert state.dialogs == [], f"a dialog opened: {state.dialogs}"
    assert state.errors == [], f"script errors: {state.errors}"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def wait_idle(page: Page) -> None:
    expect(page.locator(".ww-log")).to_have_attribute("aria-busy", "false", timeout=BUSY_TIMEOUT_MS)


def open_chat(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(".ww-launcher").click()
    expect(page.locator(".ww-input")).to_be_focused()
    wait_idle(page)
    expect(page.locator(".ww-msg--bot").first).to_be_visible()


def send_text(page: Page, text: str) -> None:
    page.locator(".ww-input").fill(text)
    page.locator(".ww-input").press("Enter")
    wait_idle(page)


def converse(page: Page, story: str) -> None:
    """Tell the story and answer with the bot's buttons until it shows places."""
    send_text(page, story)
    for _turn in range(MAX_TURNS):
        if page.locator(SUMMARY).count():
            return
        choices = page.locator(".ww-choice:enabled")
        payloads = [
            str(choices.nth(i).get_attribute("data-payload")) for i in range(choices.count())
        ]
        assert payloads, "the bot asked nothing and showed no places"
        choices.nth(payloads.index(choose_answer(payloads))).click()
        wait_idle(page)
    raise AssertionError(f"no recommendation after {MAX_TURNS} answers")


def session_id(page: Page) -> str | None:
    return page.evaluate(
        "() => (JSON.parse(sessionStorage.getItem('wegwijzer') || '{}').sessionId || null)"
    )


@pytest.mark.parametrize(
    ("path", "story", "send_label", "name"),
    [
        ("/", "ik ben gisteren verkracht", "Verstuur", "nl"),
        ("/en", "i was raped yesterday", "Send", "en"),
    ],
)
def test_widget_conversation_to_recommendation(
    browsing: Browsing, stack: Stack, path: str, story: str, send_label: str, name: str
) -> None:
    page = browsing.page
    page.goto(stack.url + path)
    shot(page, f"{name}-01-closed")
    open_chat(page, stack.url + path)
    expect(page.locator(".ww-send")).to_have_text(send_label)
    shot(page, f"{name}-02-greeting")
    converse(page, story)
    shot(page, f"{name}-03-recommendation")
    csg = page.locator('.ww-link[href="tel:08000188"]').first
    expect(csg).to_be_visible()
    for href in page.locator('.ww-link[href^="tel:"]').evaluate_all("a => a.map(x => x.href)"):
        assert href.startswith("tel:") and href[4:].lstrip("+").isdigit(), href
    for anchor in page.locator(".ww-link").evaluate_all("a => a.map(x => x.protocol)"):
        assert anchor in ("tel:", "https:")
    page.locator(SUMMARY).click()
    wait_idle(page)
    shot(page, f"{name}-04-summary")
    assert (
        page.locator(".ww-msg--user")
        .last.inner_text()
        .strip()
        .endswith("Laat de samenvatting zien" if name == "nl" else "Show the summary")
    )


def test_widget_language_toggle_tells_the_bot(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    open_chat(page, stack.url + "/")
    before = page.locator(".ww-msg--bot").count()
    page.locator('.ww-lang-button[lang="en"]').click()
    wait_idle(page)
    expect(page.locator('.ww-lang-button[lang="en"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".ww-send")).to_have_text("Send")
    assert page.locator(".ww-msg--bot").count() > before
    shot(page, "toggle-01-english")
    stored = page.evaluate("() => JSON.parse(sessionStorage.getItem('wegwijzer'))")
    assert stored["lang"] == "en"


def quick_exit_checks(browsing: Browsing, stack: Stack, gateway: Gateway, session: str) -> None:
    page = browsing.page
    page.wait_for_url(EXIT_URL)
    shot(page, "exit-neutral-site")
    assert browsing.exits == [EXIT_URL]
    # The chat page is not in the tab's history, and the stack's storage is empty.
    page.go_back()
    assert not page.url.startswith(stack.url)
    page.goto(stack.url + "/")
    assert page.evaluate("() => sessionStorage.length") == 0
    # The beacon reached the gateway: the bot has forgotten the conversation.
    for _attempt in range(20):
        if gateway.send(session, text="hallo").status_code == 404:
            return
        page.wait_for_timeout(250)
    raise AssertionError("the conversation was not forgotten after quick exit")


@pytest.mark.parametrize("how", ["button", "escape", "triple_shift"])
def test_widget_quick_exit(browsing: Browsing, stack: Stack, gateway: Gateway, how: str) -> None:
    page = browsing.page
    open_chat(page, stack.url + "/")
    send_text(page, "hallo")
    session = session_id(page)
    assert session
    if how == "button":
        page.locator(".ww-panel .ww-exit").click()
    elif how == "escape":
        page.locator(".ww-input").press("Escape")
    else:
        page.locator(".ww-close").click()
        for _ in range(3):
            page.keyboard.press("Shift")
    quick_exit_checks(browsing, stack, gateway, session)


def test_widget_quick_exit_visible_when_closed(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    page.goto(stack.url + "/")
    expect(page.locator(".ww-exit--floating")).to_be_visible()
    page.locator(".ww-launcher").click()
    expect(page.locator(".ww-panel .ww-exit")).to_be_visible()
    page.locator(".ww-close").click()
    expect(page.locator(".ww-launcher")).to_be_focused()
    expect(page.locator(".ww-exit--floating")).to_be_visible()


def test_widget_typing_capitals_is_no_quick_exit(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    open_chat(page, stack.url + "/")
    for key in ("Shift+H", "Shift+A", "Shift+L", "Shift+Enter", "Shift+O"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert page.url.startswith(stack.url)
    assert browsing.exits == []


def test_widget_renders_html_as_text(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    open_chat(page, stack.url + "/")
    for text in XSS:
        send_text(page, text)
        expect(page.locator(".ww-msg--user .ww-text").last).to_have_text(text)
    assert page.locator(".ww img, .ww script").count() == 0
    page.wait_for_timeout(500)
    page.locator(".ww-msg--user").nth(-2).scroll_into_view_if_needed()
    shot(page, "xss-as-text")


def test_widget_bad_input_never_breaks(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    open_chat(page, stack.url + "/")
    sent = page.locator(".ww-msg--user").count()
    for empty in ("", "   ", "\n\n"):
        page.locator(".ww-input").fill(empty)
        page.locator(".ww-input").press("Enter")
    assert page.locator(".ww-msg--user").count() == sent
    page.locator(".ww-input").fill("x" * 100_000)
    page.locator(".ww-input").press("Enter")
    expect(page.locator(".ww-msg--bot").last).to_contain_text("te lang")
    expect(page.locator(".ww-counter")).to_be_visible()
    shot(page, "bad-input-too-long")
    for text in ("🙂🙂🙂", "hallo\u0000\u0007\u202e"):
        send_text(page, text)
    assert page.locator(".ww-msg--user").count() == sent + 2
    send_text(page, "hallo")
    expect(page.locator(".ww-msg--bot").last).to_be_visible()


def test_widget_expired_session_starts_again_quietly(
    browsing: Browsing, stack: Stack, gateway: Gateway
) -> None:
    page = browsing.page
    open_chat(page, stack.url + "/")
    first = session_id(page)
    assert first is not None
    assert gateway.forget(first).status_code == 204
    bot_messages = page.locator(".ww-msg--bot").count()
    send_text(page, "hallo")
    assert page.locator(".ww-msg--bot").count() > bot_messages
    assert session_id(page) not in (None, first)


def test_widget_gateway_unreachable_shows_crisis_lines(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    page.route("**/v1/chat/**", lambda route: route.abort())
    page.goto(stack.url + "/")
    page.locator(".ww-launcher").click()
    wait_idle(page)
    for number in ("112", "08000113", "08002000", "08000188"):
        expect(page.locator(f'.ww-link[href="tel:{number}"]')).to_be_visible()
    shot(page, "offline-crisis-lines")


def test_widget_keeps_only_the_session_id(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    open_chat(page, stack.url + "/")
    send_text(page, "hallo")
    stored = page.evaluate(
        "() => ({session: Object.keys(sessionStorage), local: localStorage.length, "
        "cookies: document.cookie, item: JSON.parse(sessionStorage.getItem('wegwijzer'))})"
    )
    assert stored["session"] == ["wegwijzer"]
    assert stored["local"] == 0
    assert stored["cookies"] == ""
    assert set(stored["item"]) == {"sessionId", "lang", "open"}


def test_widget_keyboard_only(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    page.goto(stack.url + "/")
    page.locator(".ww-launcher").focus()
    outline = page.locator(".ww-launcher").evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.locator(".ww-input")).to_be_focused()
    wait_idle(page)
    page.keyboard.type("hallo")
    page.keyboard.press("Enter")
    wait_idle(page)
    choice = page.locator(".ww-choice:enabled").first
    choice.focus()
    shot(page, "keyboard-focus-on-choice")
    replies = page.locator(".ww-msg--bot").count()
    page.keyboard.press("Enter")
    wait_idle(page)
    assert page.locator(".ww-msg--bot").count() > replies
    page.locator(".ww-close").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ww-launcher")).to_be_focused()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    results = Axe().run(page)
    violations = results.response["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_widget_accessibility(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    page.goto(stack.url + "/")
    page.wait_for_timeout(300)
    assert serious_violations(page) == []
    open_chat(page, stack.url + "/")
    send_text(page, "ik ben gisteren verkracht")
    page.locator(".ww-safety summary").click()
    assert serious_violations(page) == []
    shot(page, "axe-checked-open")


@pytest.mark.parametrize("viewport", [(320, 640)], ids=["320px"], indirect=True)
def test_widget_small_screen(browsing: Browsing, stack: Stack) -> None:
    page = browsing.page
    page.goto(stack.url + "/")
    page.wait_for_timeout(300)
    no_scroll = "() => document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_scroll)
    expect(page.locator(".ww-exit--floating")).to_be_in_viewport()
    shot(page, "320-01-closed")
    open_chat(page, stack.url + "/")
    send_text(page, "ik ben gisteren verkracht")
    assert page.evaluate(no_scroll)
    for selector in (".ww-panel .ww-exit", ".ww-close", '.ww-lang-button[lang="en"]', ".ww-send"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, selector
    expect(page.locator(".ww-panel .ww-exit")).to_be_in_viewport()
    assert serious_violations(page) == []
    shot(page, "320-02-open")
