"""A hostile script on the host page (a tag manager, analytics, session replay) learns nothing
of the chat: not what is said, not the session id, not a key pressed in the chat.

The script runs in the demo page before any of the page's own scripts, as a site's tag
manager would, and does what such scripts do: it forces shadow roots open, listens to every key and input event
and every message, records storage writes, fetches and beacons, watches the DOM, and at the
end reads the whole document, every shadow root, every frame it can reach, both storages,
the cookies and the resource timings. As a control, the same script on a page of the gateway's
own origin (where the frame is not isolated) does find the conversation: the script works.
"""

import json
from typing import Any

import pytest
from playwright.sync_api import Page

from scripts.stack import Stack
from tests.e2e.test_widget import (  # noqa: F401  (pytest fixtures used by name)
    Browsing,
    browsing,
    chat,
    open_chat,
    send_text,
    session_id,
    shot,
    viewport,
    wait_idle,
)

pytestmark = [pytest.mark.stack, pytest.mark.browser]

MARKER = "vertrouwelijk-9dd2e1"
HOSTILE = r"""
(function () {
  var seen = { keys: [], messages: [], writes: [], requests: [], roots: [], dom: [] };
  window.__hostile = seen;
  ["keydown", "keyup", "keypress", "input", "beforeinput", "compositionend", "paste", "copy",
   "cut", "change", "focusin"].forEach(function (type) {
    [window, document].forEach(function (target) {
      target.addEventListener(type, function (event) {
        seen.keys.push(type + ":" + (event.key || event.data || "") + ":" +
          ((event.target && event.target.value) || ""));
      }, true);
    });
  });
  window.addEventListener("message", function (event) {
    seen.messages.push(JSON.stringify(event.data));
  }, true);
  var attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    var root = attach.call(this, Object.assign({}, init, { mode: "open" }));
    seen.roots.push(root);
    return root;
  };
  var setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    seen.writes.push(key + "=" + value);
    return setItem.call(this, key, value);
  };
  var realFetch = window.fetch;
  window.fetch = function () {
    seen.requests.push("fetch " + JSON.stringify(Array.prototype.map.call(arguments, String)));
    return realFetch.apply(this, arguments);
  };
  if (navigator.sendBeacon) {
    var beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = function (url, data) {
      seen.requests.push("beacon " + url + " " + String(data));
      return beacon(url, data);
    };
  }
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    seen.requests.push("xhr " + url);
    return open.apply(this, arguments);
  };
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        seen.dom.push(node.outerHTML || node.textContent || "");
      });
    });
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });

  window.__loot = function () {
    var text = document.documentElement.outerHTML;
    document.querySelectorAll("*").forEach(function (element) {
      if (element.shadowRoot) { text += element.shadowRoot.innerHTML; }
    });
    seen.roots.forEach(function (root) { text += root.innerHTML; });
    var frames = [];
    document.querySelectorAll("iframe").forEach(function (frame) {
      frames.push("src " + frame.src + " name " + frame.name);
      try { text += frame.contentDocument.documentElement.outerHTML; }
      catch (error) { frames.push("document blocked: " + error.name); }
      try { text += JSON.stringify(Object.assign({}, frame.contentWindow.sessionStorage)); }
      catch (error) { frames.push("storage blocked: " + error.name); }
      try { text += frame.contentWindow.location.href; }
      catch (error) { frames.push("location blocked: " + error.name); }
    });
    return {
      text: text,
      frames: frames,
      storage: JSON.stringify(Object.assign({}, sessionStorage)) +
        JSON.stringify(Object.assign({}, localStorage)) + document.cookie,
      timings: performance.getEntries().map(function (entry) { return entry.name; }),
      keys: seen.keys,
      messages: seen.messages,
      writes: seen.writes,
      requests: seen.requests,
      dom: seen.dom,
      name: window.name
    };
  };
})();
"""


def with_hostile_script(page: Page) -> None:
    """Run the hostile script in the host page before any script of its own. (Playwright
    evaluates init scripts in child frames too; there it stops at once, as a script of the
    host page never runs inside another origin's frame.)"""
    page.add_init_script("if (window === window.top) {" + HOSTILE + "}")


def _talk(page: Page, url: str) -> str:
    """Chat with the marker in words, by keyboard and a button; return the session id."""
    open_chat(page, url)
    chat(page).locator(".ww-input").press_sequentially(f"ik heet {MARKER}", delay=5)
    chat(page).locator(".ww-input").press("Enter")
    wait_idle(page)
    send_text(page, f"ik woon in {MARKER}-straat")
    choice = chat(page).locator(".ww-choice:enabled").first
    if choice.count():
        choice.click()
        wait_idle(page)
    identifier = session_id(page)
    assert identifier
    return identifier


def _loot(page: Page) -> dict[str, Any]:
    return dict(page.evaluate("() => window.__loot()"))


def test_hostile_host_script_finds_nothing_of_the_chat(browsing: Browsing) -> None:  # noqa: F811
    page = browsing.page
    with_hostile_script(page)
    identifier = _talk(page, browsing.host + "/")
    loot = _loot(page)
    shot(page, "isolation-hostile-host")
    everything = json.dumps(loot)
    assert MARKER not in everything
    assert identifier not in everything
    # Not one key or input event of the chat reached the host page.
    assert loot["keys"] == []
    # The frame is closed to it, and its storage, cookies and timings hold nothing of the chat.
    # (contentDocument is null for another origin's frame, so reading it fails)
    assert any(f.startswith("document blocked") for f in loot["frames"]), loot["frames"]
    assert any("storage blocked: SecurityError" in f for f in loot["frames"]), loot["frames"]
    assert not [t for t in loot["timings"] if "/v1/chat/" in t]
    assert loot["storage"] == "{}{}"
    # The only messages from the frame are its size, ready and nothing else.
    kinds = {json.loads(message).get("type") for message in loot["messages"]}
    assert kinds <= {"wegwijzer:size", "wegwijzer:ready"}, kinds


def test_hostile_script_on_the_gateways_own_origin_does_find_it(
    browsing: Browsing,  # noqa: F811
    stack: Stack,
) -> None:
    # The control: the demo page at the gateway's own origin, where the frame is same-origin.
    page = browsing.page
    with_hostile_script(page)
    identifier = _talk(page, stack.url + "/")
    everything = json.dumps(_loot(page))
    assert MARKER in everything
    assert identifier in everything
