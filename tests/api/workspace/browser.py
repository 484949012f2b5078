"""A small stand-in for a browser in the HTTP tests: it keeps cookies (one TestClient per
person), reads the forms of a page like a browser would (inputs, checked boxes, selected
options, textareas) and submits them with the page's own CSRF token."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import httpx
from fastapi.testclient import TestClient


@dataclass
class HtmlForm:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str | None, str]] = field(default_factory=list)  # (formaction, text)

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.fields if k == name), None)

    def set(self, name: str, value: str) -> None:
        """Replace a field's value (or add it)."""
        self.fields = [(k, v) for k, v in self.fields if k != name] + [(name, value)]

    def check(self, name: str, value: str = "1") -> None:
        if (name, value) not in self.fields:
            self.fields.append((name, value))

    def uncheck(self, name: str, value: str | None = None) -> None:
        self.fields = [
            (k, v) for k, v in self.fields if not (k == name and (value is None or v == value))
        ]


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._button: tuple[str | None, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "file"):
                self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a.get("name"), None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._form.fields.append((self._select, value))
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        elif tag == "button":
            self._button = (a.get("formaction") or None, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._form is not None and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._form.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea:
            text = "".join(self._text)
            self._form.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "button" and self._form is not None and self._button is not None:
            self._form.buttons.append((self._button[0], " ".join("".join(self._button[1]).split())))
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)
        if self._button is not None:
            self._button[1].append(data)


def forms(html: str) -> list[HtmlForm]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def form(html: str, action: str) -> HtmlForm:
    """The form of the page whose action ends with `action`."""
    found = [f for f in forms(html) if f.action.endswith(action) or f.action == action]
    assert found, f"no form with action {action} in the page"
    return found[0]


def text_of(html: str) -> str:
    """The page's text without tags, whitespace collapsed (for 'the page says …')."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class Person:
    """Someone with a browser: their own cookies, on the shared app."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(url, follow_redirects=True, **kwargs)

    def submit(
        self, page: httpx.Response, action: str, *, button: str | None = None, **changes: str
    ) -> httpx.Response:
        """Fill in the form with these changes (`name_with_dashes` → `name-with-dashes`) and
        send it as the browser would; `button` picks a submit button's formaction."""
        found = form(page.text, action)
        if not found.action:
            found.action = str(page.url.path)  # an empty action submits to the page itself
        for key, value in changes.items():
            found.set(key.replace("_", "-"), value)
        return self.send(found, button=button)

    def send(self, found: HtmlForm, *, button: str | None = None) -> httpx.Response:
        url = button or found.action or ""
        if found.method == "get":
            return self.client.get(url, params=found.fields, follow_redirects=True)
        data: dict[str, list[str]] = {}
        for key, value in found.fields:
            data.setdefault(key, []).append(value)
        return self.client.post(url, data=data, follow_redirects=True)
