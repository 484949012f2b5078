"""The widget on the demo page in Debian's chromium, against the real stack.

The demo page is opened as a host site (http://localhost:PORT) and the chat runs in its frame
from the gateway's origin (http://127.0.0.1:PORT), as on a real site. Every test runs with the
pages' strict CSPs, records every request and dialog, and fails if a request leaves for
another host than these two (the quick-exit site is intercepted locally). Screenshots of each
state go to test-artifacts/screenshots/.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, FrameLocator, Page, Route, expect

from scripts.stack import Stack
from tests.e2e.chat_driver import MAX_TURNS, SCREENSHOTS, Gateway, choose_answer
from tests.lines import number, tel

pytestmark = [pytest.mark.stack, pytest.mark.browser]

EXIT_URL = "https://www.buienradar.nl/"
FRAME = "iframe[data-wegwijzer]"
SUMMARY = '.ww-choice:enabled[data-payload="/request_summary"]'
XSS = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>"]
BUSY_TIMEOUT_MS = 60_000
# Escape twice within this time is quick exit; once is not.
ESCAPE_WINDOW_MS = 1000


@dataclass
class Browsing:
    page: Page
    host: str
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
def browsing(browser: Any, stack: Stack, host: str, viewport: dict[str, int]) -> Iterator[Browsing]:
    """A fresh tab whose requests may only reach the host site and the gateway."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    state = Browsing(page, host)
    allowed = (stack.url + "/", host + "/")

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        elif url.startswith(EXIT_URL):
            state.exits.append(url)
            route.fulfill(status=200, content_type="text/html", body="<h1>Het weer vandaag</h1>")
        else:
            state.foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page.on("request", lambda request: state.requests.append(request.url))
    page.on("dialog", lambda dialog: (state.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: state.errors.append(str(error)))
    yield state
    context.close()
    assert state.foreign == [], f"requests to other hosts: {state.foreign}"
    others = [u for u in state.requests if not u.startswith((*allowed, EXIT_URL))]
    assert others == [], f"requests to other hosts: {others}"
    assert state.dialogs == [], f"a dialog opened: {state.dialogs}"
    assert state.errors == [], f"script errors: {state.errors}"


def chat(page: Page) -> FrameLocator:
    """The chat's frame on the host page."""
    return page.frame_locator(FRAME)


def chat_frame(page: Page) -> Frame:
    """The chat's frame as a Frame, for the test's own look inside (never the host page's)."""
    for frame in page.frames:
        if "/widget/frame.html" in frame.url:
            return frame
    raise AssertionError("the chat's frame is not on the page")


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def wait_idle(page: Page) -> None:
    expect(chat(page).locator(".ww-log")).to_have_attribute(
        "aria-busy", "false", timeout=BUSY_TIMEOUT_MS
    )


def open_chat(page: Page, url: str) -> None:
    page.goto(url)
    chat(page).locator(".ww-launcher").click()
    expect(chat(page).locator(".ww-input")).to_be_focused()
    wait_idle(page)
    expect(chat(page).locator(".ww-msg--bot").first).to_be_visible()


def send_text(page: Page, text: str) -> None:
    chat(page).locator(".ww-input").fill(text)
    chat(page).locator(".ww-input").press("Enter")
    wait_idle(page)


def converse(page: Page, story: str) -> None:
    """Tell the story and answer with the bot's buttons until it shows places."""
    send_text(page, story)
    for _turn in range(MAX_TURNS):
        if chat(page).locator(SUMMARY).count():
            return
        choices = chat(page).locator(".ww-choice:enabled")
        payloads = [
            str(choices.nth(i).get_attribute("data-payload")) for i in range(choices.count())
        ]
        assert payloads, "the bot asked nothing and showed no places"
        choices.nth(payloads.index(choose_answer(payloads))).click()
        wait_idle(page)
    raise AssertionError(f"no recommendation after {MAX_TURNS} answers")


def stored(page: Page) -> Any:
    """The chat frame's own sessionStorage entry (the host page cannot read it)."""
    return chat_frame(page).evaluate(
        "() => JSON.parse(sessionStorage.getItem('wegwijzer') || 'null')"
    )


def session_id(page: Page) -> str | None:
    item = stored(page)
    return item.get("sessionId") if item else None


@pytest.mark.parametrize(
    ("path", "story", "send_label", "name"),
    [
        ("/", "ik ben gisteren verkracht", "Verstuur", "nl"),
        ("/en", "i was raped yesterday", "Send", "en"),
    ],
)
def test_widget_conversation_to_recommendation(
    browsing: Browsing, path: str, story: str, send_label: str, name: str
) -> None:
    page = browsing.page
    page.goto(browsing.host + path)
    expect(chat(page).locator(".ww-launcher")).to_be_visible()
    shot(page, f"{name}-01-closed")
    open_chat(page, browsing.host + path)
    expect(chat(page).locator(".ww-send")).to_have_text(send_label)
    shot(page, f"{name}-02-greeting")
    converse(page, story)
    shot(page, f"{name}-03-recommendation")
    csg = chat(page).locator(f'.ww-link[href="{tel("sexual")}"]').first
    expect(csg).to_be_visible()
    links = chat(page).locator('.ww-link[href^="tel:"]')
    for href in links.evaluate_all("a => a.map(x => x.href)"):
        assert href.startswith("tel:") and href[4:].lstrip("+").isdigit(), href
    for anchor in chat(page).locator(".ww-link").evaluate_all("a => a.map(x => x.protocol)"):
        assert anchor in ("tel:", "https:")
    chat(page).locator(SUMMARY).click()
    wait_idle(page)
    shot(page, f"{name}-04-summary")
    assert (
        chat(page)
        .locator(".ww-msg--user")
        .last.inner_text()
        .strip()
        .endswith("Laat de samenvatting zien" if name == "nl" else "Show the summary")
    )


def test_widget_language_toggle_tells_the_bot(browsing: Browsing) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    before = chat(page).locator(".ww-msg--bot").count()
    chat(page).locator('.ww-lang-button[lang="en"]').click()
    wait_idle(page)
    expect(chat(page).locator('.ww-lang-button[lang="en"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(chat(page).locator(".ww-send")).to_have_text("Send")
    assert chat(page).locator(".ww-msg--bot").count() > before
    shot(page, "toggle-01-english")
    assert stored(page)["lang"] == "en"


def quick_exit_checks(browsing: Browsing, gateway: Gateway, session: str) -> None:
    page = browsing.page
    page.wait_for_url(EXIT_URL)
    shot(page, "exit-neutral-site")
    assert browsing.exits == [EXIT_URL]
    # The chat page is not in the tab's history, and the chat's storage is empty.
    page.go_back()
    assert not page.url.startswith(browsing.host)
    page.goto(browsing.host + "/")
    expect(chat(page).locator(".ww-launcher")).to_be_visible()
    assert chat_frame(page).evaluate("() => sessionStorage.length") == 0
    # The beacon reached the gateway: the bot has forgotten the conversation.
    for _attempt in range(20):
        if gateway.send(session, text="hallo").status_code == 404:
            return
        page.wait_for_timeout(250)
    raise AssertionError("the conversation was not forgotten after quick exit")


@pytest.mark.parametrize("how", ["button", "escape_twice", "triple_shift", "host_keys"])
def test_widget_quick_exit(browsing: Browsing, gateway: Gateway, how: str) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    send_text(page, "hallo")
    session = session_id(page)
    assert session
    if how == "button":
        chat(page).locator(".ww-panel .ww-exit").click()
    elif how == "escape_twice":
        chat(page).locator(".ww-input").press("Escape")
        chat(page).locator(".ww-input").press("Escape")
    elif how == "triple_shift":
        chat(page).locator(".ww-close").click()
        for _ in range(3):
            page.keyboard.press("Shift")
    else:
        # On the host page itself (focus outside the chat): the loader's own keys.
        page.locator("h1").click()
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    quick_exit_checks(browsing, gateway, session)


@pytest.mark.parametrize("where", ["chat", "host"])
def test_widget_escape_once_is_no_quick_exit(browsing: Browsing, where: str) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    send_text(page, "hallo")
    if where == "chat":
        chat(page).locator(".ww-input").press("Escape")
    else:
        page.locator("h1").click()
        page.keyboard.press("Escape")
    page.wait_for_timeout(ESCAPE_WINDOW_MS + 300)
    # A second Escape much later is again only one.
    if where == "chat":
        chat(page).locator(".ww-input").press("Escape")
    else:
        page.keyboard.press("Escape")
    page.wait_for_timeout(600)
    assert page.url.startswith(browsing.host)
    assert browsing.exits == []
    assert session_id(page)
    expect(chat(page).locator(".ww-msg--user")).to_have_count(1)


def test_widget_quick_exit_visible_when_closed(browsing: Browsing) -> None:
    page = browsing.page
    page.goto(browsing.host + "/")
    expect(chat(page).locator(".ww-exit--floating")).to_be_visible()
    chat(page).locator(".ww-launcher").click()
    expect(chat(page).locator(".ww-panel .ww-exit")).to_be_visible()
    chat(page).locator(".ww-close").click()
    expect(chat(page).locator(".ww-launcher")).to_be_focused()
    expect(chat(page).locator(".ww-exit--floating")).to_be_visible()
    # The closed frame covers only its two buttons, not the page.
    box = page.locator(FRAME).bounding_box()
    assert box is not None and box["width"] < 300 and box["height"] < 200, box


def test_widget_typing_capitals_is_no_quick_exit(browsing: Browsing) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    for key in ("Shift+H", "Shift+A", "Shift+L", "Shift+Enter", "Shift+O"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert page.url.startswith(browsing.host)
    assert browsing.exits == []


def test_widget_renders_html_as_text(browsing: Browsing) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    for text in XSS:
        send_text(page, text)
        expect(chat(page).locator(".ww-msg--user .ww-text").last).to_have_text(text)
    assert chat(page).locator(".ww img, .ww script").count() == 0
    page.wait_for_timeout(500)
    chat(page).locator(".ww-msg--user").nth(-2).scroll_into_view_if_needed()
    shot(page, "xss-as-text")


def test_widget_bad_input_never_breaks(browsing: Browsing) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    sent = chat(page).locator(".ww-msg--user").count()
    for empty in ("", "   ", "\n\n"):
        chat(page).locator(".ww-input").fill(empty)
        chat(page).locator(".ww-input").press("Enter")
    assert chat(page).locator(".ww-msg--user").count() == sent
    chat(page).locator(".ww-input").fill("x" * 100_000)
    chat(page).locator(".ww-input").press("Enter")
    expect(chat(page).locator(".ww-msg--bot").last).to_contain_text("te lang")
    expect(chat(page).locator(".ww-counter")).to_be_visible()
    shot(page, "bad-input-too-long")
    for text in ("🙂🙂🙂", "hallo\u0000\u0007\u202e"):
        send_text(page, text)
    assert chat(page).locator(".ww-msg--user").count() == sent + 2
    send_text(page, "hallo")
    expect(chat(page).locator(".ww-msg--bot").last).to_be_visible()


def test_widget_long_story_with_danger_inside_gets_112_and_stays_in_the_box(
    browsing: Browsing,
) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    sent = chat(page).locator(".ww-msg--user").count()
    calm = "Mijn oom deed vroeger dingen met mij toen ik klein was. " * 40
    story = calm + "En hij staat nu voor mijn deur en bonkt erop. " + calm
    chat(page).locator(".ww-input").fill(story)
    chat(page).locator(".ww-input").press("Enter")
    expect(chat(page).locator(".ww-msg--bot").nth(-3)).to_contain_text(
        f"Bel meteen {number('danger')}"
    )
    expect(chat(page).locator(".ww-msg--bot").nth(-2)).to_contain_text("te lang")
    # The story was not read: where it can be told right away, day and night.
    expect(chat(page).locator(".ww-msg--bot").last).to_contain_text(number("suicide"))
    # Not sent to the bot, so not shown as sent; kept to be shortened.
    assert chat(page).locator(".ww-msg--user").count() == sent
    assert chat(page).locator(".ww-input").input_value() == story
    shot(page, "long-story-with-danger")


def test_widget_expired_session_starts_again_quietly(browsing: Browsing, gateway: Gateway) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    first = session_id(page)
    assert first is not None
    assert gateway.forget(first).status_code == 204
    bot_messages = chat(page).locator(".ww-msg--bot").count()
    send_text(page, "hallo")
    assert chat(page).locator(".ww-msg--bot").count() > bot_messages
    assert session_id(page) not in (None, first)


def test_widget_start_over_clears_the_screen_and_the_id(
    browsing: Browsing, gateway: Gateway
) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    send_text(page, "ik heet merkteken-scherm-2291")
    first = session_id(page)
    send_text(page, "wis alles en begin opnieuw")
    second = session_id(page)
    assert second not in (None, first)
    assert gateway.send(str(first), text="hallo").status_code == 404
    expect(chat(page).locator(".ww-log")).not_to_contain_text("merkteken-scherm-2291")
    expect(chat(page).locator(".ww-note")).to_be_visible()
    shot(page, "start-over")


def test_widget_gateway_unreachable_shows_crisis_lines(browsing: Browsing) -> None:
    page = browsing.page
    page.context.route("**/v1/chat/**", lambda route: route.abort())
    page.goto(browsing.host + "/")
    chat(page).locator(".ww-launcher").click()
    wait_idle(page)
    for link in (tel("danger"), tel("suicide", 1), tel("domestic"), tel("sexual")):
        expect(chat(page).locator(f'.ww-link[href="{link}"]')).to_be_visible()
    shot(page, "offline-crisis-lines")


def test_widget_keeps_only_the_session_id(browsing: Browsing) -> None:
    page = browsing.page
    open_chat(page, browsing.host + "/")
    send_text(page, "hallo")
    inside = chat_frame(page).evaluate(
        "() => ({session: Object.keys(sessionStorage), local: localStorage.length, "
        "cookies: document.cookie})"
    )
    assert inside == {"session": ["wegwijzer"], "local": 0, "cookies": ""}
    assert set(stored(page)) == {"sessionId", "lang", "open"}
    # The host page keeps nothing of the chat at all.
    outside = page.evaluate(
        "() => ({session: sessionStorage.length, local: localStorage.length, "
        "cookies: document.cookie})"
    )
    assert outside == {"session": 0, "local": 0, "cookies": ""}


def test_widget_works_when_the_frame_gets_no_storage(
    strict_browser: Any, host: str, gateway: Gateway
) -> None:
    # Browsers that block third-party cookies give the chat's frame no storage at all: the
    # chat still works (the id lives in the frame's memory only) and quick exit still forgets.
    context = strict_browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(
        f"{EXIT_URL}**", lambda route: route.fulfill(status=200, body="<h1>Het weer</h1>")
    )
    page = context.new_page()
    errors: list[str] = []
    sessions: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            sessions.append(request.url.split("/sessions/")[1].split("/")[0])
            if "/v1/chat/sessions/" in request.url
            else None
        ),
    )
    try:
        open_chat(page, host + "/")
        blocked = "() => { try { return sessionStorage.length } catch (e) { return e.name } }"
        assert chat_frame(page).evaluate(blocked) == "SecurityError"
        send_text(page, "hallo")
        expect(chat(page).locator(".ww-msg--bot")).not_to_have_count(1)
        session = sessions[-1]
        chat(page).locator(".ww-panel .ww-exit").click()
        page.wait_for_url(EXIT_URL)
        for _attempt in range(20):
            if gateway.send(session, text="hallo").status_code == 404:
                break
            page.wait_for_timeout(250)
        else:
            raise AssertionError("the conversation was not forgotten after quick exit")
    finally:
        context.close()
    assert errors == []


def test_widget_keyboard_only(browsing: Browsing) -> None:
    page = browsing.page
    page.goto(browsing.host + "/")
    launcher = chat(page).locator(".ww-launcher")
    expect(launcher).to_be_visible()
    launcher.focus()
    outline = launcher.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(chat(page).locator(".ww-input")).to_be_focused()
    wait_idle(page)
    page.keyboard.type("hallo")
    page.keyboard.press("Enter")
    wait_idle(page)
    choice = chat(page).locator(".ww-choice:enabled").first
    choice.focus()
    shot(page, "keyboard-focus-on-choice")
    replies = chat(page).locator(".ww-msg--bot").count()
    page.keyboard.press("Enter")
    wait_idle(page)
    assert chat(page).locator(".ww-msg--bot").count() > replies
    chat(page).locator(".ww-close").focus()
    page.keyboard.press("Enter")
    expect(chat(page).locator(".ww-launcher")).to_be_focused()


def serious_violations(page: Page | Frame, *, frames: bool = True) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page and, inside, the chat's frame
    (axe runs in each document on its own: the frame is another origin)."""
    targets: list[Page | Frame] = [page]
    if frames and isinstance(page, Page):
        targets += [f for f in page.frames if "/widget/frame.html" in f.url]
    found = []
    for target in targets:
        options = {"resultTypes": ["violations"], "iframes": False}
        violations = Axe().run(target, options=options).response["violations"]
        found += [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
    return found


def test_widget_accessibility(browsing: Browsing) -> None:
    page = browsing.page
    page.goto(browsing.host + "/")
    expect(chat(page).locator(".ww-launcher")).to_be_visible()
    assert serious_violations(page) == []
    open_chat(page, browsing.host + "/")
    send_text(page, "ik ben gisteren verkracht")
    chat(page).locator(".ww-safety summary").click()
    assert serious_violations(page) == []
    shot(page, "axe-checked-open")


@pytest.mark.parametrize("viewport", [(320, 640)], ids=["320px"], indirect=True)
def test_widget_small_screen(browsing: Browsing) -> None:
    page = browsing.page
    page.goto(browsing.host + "/")
    expect(chat(page).locator(".ww-launcher")).to_be_visible()
    no_scroll = "() => document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_scroll)
    expect(chat(page).locator(".ww-exit--floating")).to_be_in_viewport()
    shot(page, "320-01-closed")
    open_chat(page, browsing.host + "/")
    send_text(page, "ik ben gisteren verkracht")
    assert page.evaluate(no_scroll)
    frame_box = page.locator(FRAME).bounding_box()
    assert frame_box is not None
    assert (frame_box["width"], frame_box["height"]) == (320, 640)
    for selector in (".ww-panel .ww-exit", ".ww-close", '.ww-lang-button[lang="en"]', ".ww-send"):
        box = chat(page).locator(selector).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, selector
    expect(chat(page).locator(".ww-panel .ww-exit")).to_be_in_viewport()
    assert serious_violations(page) == []
    shot(page, "320-02-open")
