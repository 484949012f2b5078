/*
 * Wegwijzer chat widget: the loader for the host page. Embed with one tag:
 *   <script src="https://GATEWAY/widget/wegwijzer.js" data-lang="nl" defer></script>
 * Optional: data-exit-url="https://..." (where quick exit goes; default from the gateway).
 * The host page's Content-Security-Policy must allow the gateway in script-src and frame-src.
 *
 * The chat itself runs in a frame served by the gateway (/widget/frame.html, frame.js): a
 * different origin from the host page, so no script of the host page can read what is said,
 * the session id, or the key presses in the chat. This loader only places that frame, sizes
 * it when it asks, and does what only the host page can: quick exit, which replaces the whole
 * page with a neutral one (the frame asks for it, or the person presses Escape twice or Shift
 * three times while on the host page). It never sees a word of the conversation.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__wegwijzer) {
    return;
  }
  window.__wegwijzer = true;

  var FALLBACK_EXIT_URL = "https://www.buienradar.nl/";
  var MESSAGE = "wegwijzer:";
  var NARROW_PX = 480;
  var OPEN_WIDTH_PX = 412;
  var OPEN_HEIGHT_PX = 652;
  var MAX_CLOSED_PX = 600;
  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000;
  var ESCAPE_WINDOW_MS = 1000;
  // How long the frame may take to wipe its storage before the page is replaced anyway.
  var EXIT_WAIT_MS = 300;
  var TITLES = { nl: "Wegwijzer: anonieme chat", en: "Wegwijzer: anonymous chat" };

  var origin = new URL(script.src, window.location.href).origin;
  var lang = String(script.getAttribute("data-lang") || document.documentElement.lang || "nl")
    .toLowerCase().slice(0, 2) === "en" ? "en" : "nl";
  var hostExitUrl = https(script.getAttribute("data-exit-url"));
  var frameExitUrl = null;
  var leaving = false;
  var replaced = false;
  var open = false;
  var escapeAt = 0;
  var shifts = [];

  function https(value) {
    try {
      var url = new URL(String(value));
      return url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function style(node, properties) {
    Object.keys(properties).forEach(function (name) {
      node.style.setProperty(name, properties[name], "important");
    });
  }

  var frame = document.createElement("iframe");
  frame.src = origin + "/widget/frame.html#lang=" + lang;
  frame.title = TITLES[lang];
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.setAttribute("data-wegwijzer", "");
  style(frame, {
    position: "fixed",
    right: "0",
    bottom: "0",
    width: "360px",
    height: "160px",
    "max-width": "100vw",
    "max-height": "100vh",
    margin: "0",
    padding: "0",
    border: "0",
    background: "transparent",
    "color-scheme": "normal",
    "z-index": "2147483000",
    visibility: "hidden"
  });

  function narrow() {
    return window.innerWidth <= NARROW_PX;
  }

  function layout() {
    if (!open) {
      return;
    }
    var full = narrow();
    style(frame, {
      width: full ? "100vw" : OPEN_WIDTH_PX + "px",
      height: full ? "100vh" : Math.min(OPEN_HEIGHT_PX, window.innerHeight) + "px"
    });
  }

  function tellFrame(type, data) {
    if (frame.contentWindow) {
      frame.contentWindow.postMessage(Object.assign({ type: MESSAGE + type }, data || {}), origin);
    }
  }

  function size(data) {
    open = data.open === true;
    if (open) {
      layout();
    } else {
      var width = Number(data.width);
      var height = Number(data.height);
      if (!(width > 0 && height > 0)) {
        return;
      }
      style(frame, {
        width: Math.min(width, MAX_CLOSED_PX) + "px",
        height: Math.min(height, MAX_CLOSED_PX) + "px"
      });
    }
    style(frame, { visibility: "visible" });
  }

  // Quick exit: cover the page at once, then replace it (the tab keeps no history of it).
  function leave() {
    if (replaced) {
      return;
    }
    replaced = true;
    var curtain = document.createElement("div");
    style(curtain, {
      position: "fixed",
      inset: "0",
      background: "#fff",
      "z-index": "2147483647"
    });
    (document.body || document.documentElement).appendChild(curtain);
    window.location.replace(hostExitUrl || frameExitUrl || FALLBACK_EXIT_URL);
  }

  function exitFromHost() {
    if (leaving) {
      return;
    }
    leaving = true;
    style(frame, { visibility: "hidden" });
    // The frame wipes its own storage and asks the gateway to forget, then answers "exit".
    tellFrame("exit");
    window.setTimeout(leave, EXIT_WAIT_MS);
  }

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== origin) {
      return;
    }
    var data = event.data;
    if (!data || typeof data !== "object" || typeof data.type !== "string") {
      return;
    }
    if (data.type === MESSAGE + "size") {
      size(data);
    } else if (data.type === MESSAGE + "ready") {
      frameExitUrl = https(data.exitUrl);
      tellFrame("layout", { narrow: narrow() });
    } else if (data.type === MESSAGE + "exit") {
      // The frame has wiped its storage and asked the gateway to forget: leave now.
      leaving = true;
      leave();
    }
  });

  // Keys pressed on the host page itself (the chat's own keys never reach it).
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      var now = Date.now();
      if (now - escapeAt <= ESCAPE_WINDOW_MS) {
        exitFromHost();
      }
      escapeAt = now;
      return;
    }
    escapeAt = 0;
    if (event.key !== "Shift") {
      shifts = [];
      return;
    }
    if (event.repeat) {
      return;
    }
    var at = Date.now();
    shifts = shifts.filter(function (time) { return at - time < SHIFT_WINDOW_MS; });
    shifts.push(at);
    if (shifts.length >= SHIFT_PRESSES) {
      exitFromHost();
    }
  }, true);

  window.addEventListener("resize", function () {
    layout();
    tellFrame("layout", { narrow: narrow() });
  });

  function mount() {
    document.body.appendChild(frame);
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
