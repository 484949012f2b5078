"""The maintainers' workspace in Debian's chromium, against the real stack (API, actions,
Rasa): invitation → sign in → change opening hours → propose → a steward approves → the chat
shows the new hours. With the keyboard only; axe-core finds nothing serious on any page;
no request leaves the stack. Screenshots in test-artifacts/screenshots/workspace-*.png."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from scripts.stack import PYTHON, ROOT, Stack
from tests.e2e.chat_driver import SCREENSHOTS, Gateway, converse
from tests.e2e.test_widget import serious_violations

pytestmark = [pytest.mark.stack, pytest.mark.browser]

PASSWORD = "een lange zin als wachtwoord"
SOURCE = "https://www.veiligthuis.nl/contact"
STORY = "mijn man slaat me al maanden, thuis"


@dataclass
class Tab:
    page: Page
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def tabs(browser: Any, stack: Stack) -> Iterator[Any]:
    """New tabs (one browser context each, Dutch locale) whose requests stay on the stack."""
    contexts = []
    made: list[Tab] = []

    def open_tab() -> Tab:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        contexts.append(context)
        tab = Tab(context.new_page())

        def guard(route: Route) -> None:
            if route.request.url.startswith(stack.url + "/"):
                route.continue_()
            else:
                tab.foreign.append(route.request.url)
                route.abort()

        tab.page.route("**/*", guard)
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        made.append(tab)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
    for tab in made:
        assert tab.foreign == [], f"requests to other hosts: {tab.foreign}"
        assert tab.errors == [], f"script errors: {tab.errors}"


def shot(page: Page, name: str) -> None:
    """The whole page, top to bottom."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def cli(stack: Stack, *argv: str) -> str:
    """`python -m api.cli …` on the stack's own database."""
    env = {**stack.services["api"].env, "PUBLIC_URL": stack.url}
    done = subprocess.run(
        [str(PYTHON), "-m", "api.cli", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def invitation(stack: Stack, name: str, *args: str) -> str:
    out = cli(stack, "invite", name, *args)
    link = out.strip().splitlines()[-1]
    assert link.startswith(f"{stack.url}/beheer/uitnodiging/"), out
    return link


def tab_to(page: Page, selector: str, limit: int = 600) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def accept(page: Page, link: str) -> None:
    """Choose a password on the invitation page, with the keyboard."""
    page.goto(link)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("Welkom")


def chat_prefix(page: Page) -> str:
    select = page.locator("select[id$='-type'] >> nth=0")
    for index in range(select.count() + 10):
        found = page.locator(f"#ch-{index}-type")
        if found.count() and found.input_value() == "chat":
            return f"ch-{index}"
    raise AssertionError("no chat channel on the form")


def test_invite_sign_in_edit_hours_approve_and_the_chat_shows_them(
    tabs: Any, stack: Stack, gateway: Gateway
) -> None:
    editor = tabs().page
    accept(
        editor, invitation(stack, "vera.vt", "--role", "editor", "--organisation", "veilig-thuis")
    )
    shot(editor, "workspace-start-editor")

    # to the point and its form, keyboard only
    tab_to(editor, "a[href='/beheer/punten/veilig-thuis']")
    editor.keyboard.press("Enter")
    expect(editor.locator("h1")).to_have_text("Veilig Thuis")
    tab_to(editor, "a[href='/beheer/punten/veilig-thuis/wijzigen']")
    editor.keyboard.press("Enter")
    expect(editor.locator("h1")).to_contain_text("Wijzig Veilig Thuis")
    chat = chat_prefix(editor)
    tab_to(editor, f"#{chat}-d0-o1")
    editor.keyboard.type("09:00")
    tab_to(editor, f"#{chat}-d0-c1")
    editor.keyboard.type("21:00")
    tab_to(editor, f"input[name='{chat}-copy-monday']")
    editor.keyboard.press("Space")
    tab_to(editor, "#change-url")
    editor.keyboard.type(SOURCE)
    tab_to(editor, "#proposal-note")
    editor.keyboard.type("De chat is nu ook 's avonds open.")
    shot(editor, "workspace-edit-filled")
    tab_to(editor, "#submit-proposal")
    editor.keyboard.press("Enter")
    expect(editor.locator(".flash")).to_contain_text("Je voorstel is opgeslagen")
    expect(editor.locator("table.diff")).to_contain_text("09:00-21:00")
    shot(editor, "workspace-proposal-editor")
    proposal_url = editor.url.split("?")[0]

    # not in the chat yet
    evening = {"language": "nl", "role": "victim", "concerns": ["domestic_violence"],
               "now": "2026-11-25T19:30:00+01:00"}  # fmt: skip
    assert "09:00-21:00" not in httpx.post(f"{stack.url}/v1/recommendations", json=evening).text

    steward = tabs().page
    accept(steward, invitation(stack, "stella", "--role", "steward"))
    steward.goto(proposal_url)
    expect(steward.locator(".chat .bubble").first).to_be_visible()
    shot(steward, "workspace-proposal-steward")
    tab_to(steward, "#note")
    steward.keyboard.type("Gecontroleerd op de site van Veilig Thuis.")
    tab_to(steward, "#approve")
    steward.keyboard.press("Enter")
    expect(steward.locator(".flash")).to_contain_text("Goedgekeurd")
    shot(steward, "workspace-approved")

    # the engine the bot uses, and the chat itself
    answer = httpx.post(f"{stack.url}/v1/recommendations", json=evening).json()
    place = next(p for p in answer["recommendations"] if p["id"] == "veilig-thuis")
    chat_line = next(c for c in place["channels"] if c["type"] == "chat")
    assert chat_line["open_now"] and chat_line["hours_text"] == "ma-vr 09:00-21:00"
    _session, transcript = converse(gateway, "nl", STORY)
    said = "\n".join(m.get("text") or "" for m in transcript)
    assert "Anoniem chatten · ma-vr 09:00-21:00" in said, said


PAGES = [
    "/beheer/",
    "/beheer/?alles=1",
    "/beheer/punten/csg-utrecht",
    "/beheer/punten/csg-utrecht/wijzigen",
    "/beheer/punten/csg-utrecht/archiveren",
    "/beheer/controle",
    "/beheer/voorstellen",
    "/beheer/voorstellen?status=approved",
    "/beheer/logboek",
    "/beheer/account",
    "/beheer/accounts",
    "/beheer/bestaat-niet",
]


def _axe(page: Page, name: str) -> None:
    page.wait_for_load_state("load")
    assert serious_violations(page) == [], f"{name}: {page.url}"
    shot(page, f"workspace-{name}")


def test_every_workspace_page_passes_axe_in_both_languages(tabs: Any, stack: Stack) -> None:
    visitor = tabs().page
    for lang in ("nl", "en"):
        visitor.goto(f"{stack.url}/beheer/inloggen?lang={lang}")
        _axe(visitor, f"sign-in-{lang}")
    link = invitation(stack, "sam", "--role", "steward")
    visitor.goto(link + "?lang=nl")
    _axe(visitor, "invitation")
    steward = tabs().page
    accept(steward, link)
    editor = tabs().page
    accept(editor, invitation(stack, "carla", "--role", "editor", "--contact-point", "csg-utrecht"))

    # a proposal with an error page on the way, so those pages exist too
    editor.goto(f"{stack.url}/beheer/punten/csg-utrecht/wijzigen")
    phone = editor.locator("input[id$='-value']").first
    phone.fill("12")
    editor.locator("button:has-text('Voorstel indienen')").click()
    expect(editor.locator(".problem")).to_be_visible()
    _axe(editor, "edit-errors")
    editor.goto(f"{stack.url}/beheer/punten/csg-utrecht/wijzigen")
    editor.locator("#notes").fill("Nieuwe notitie voor het team.")
    editor.locator("button:has-text('Voorstel indienen')").click()
    expect(editor.locator(".flash")).to_be_visible()
    proposal = editor.url.split("?")[0]
    _axe(editor, "proposal-editor")
    editor.goto(f"{stack.url}/beheer/punten/veilig-thuis/wijzigen")
    _axe(editor, "forbidden")

    for lang in ("nl", "en"):
        steward.goto(f"{stack.url}/beheer/?lang={lang}")
        for number, path in enumerate(PAGES):
            steward.goto(stack.url + path)
            _axe(steward, f"{lang}-{number:02d}")
        steward.goto(proposal)
        _axe(steward, f"{lang}-proposal-steward")
        steward.goto(f"{stack.url}/beheer/logboek")
        steward.locator("td a[href^='/beheer/logboek/']").first.click()
        _axe(steward, f"{lang}-log-entry")
    steward.goto(f"{stack.url}/beheer/accounts")
    steward.locator("#name").fill("nieuw.account")
    steward.locator("input[name='role'][value='reader']").check()
    steward.locator(
        "button:has-text('Make invitation'), button:has-text('Uitnodiging maken')"
    ).click()
    expect(steward.locator(".secret")).to_be_visible()
    _axe(steward, "accounts-link")


def test_the_workspace_works_without_javascript(browser: Any, stack: Stack) -> None:
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(invitation(stack, "nojs", "--role", "reader"))
        page.locator("#password").fill(PASSWORD)
        page.locator("#password-again").fill(PASSWORD)
        page.locator("button[type='submit']").click()
        expect(page.locator(".flash")).to_contain_text("Welkom")
        page.locator("a[href='/beheer/punten/veilig-thuis']").click()
        expect(page.locator(".chat .bubble").first).to_contain_text("Veilig Thuis")
        page.locator("a[lang='en']").click()
        expect(page.locator("h2#chat-title")).to_have_text("How the chat shows this contact point")
        shot(page, "workspace-point-no-js-en")
    finally:
        context.close()
