/*
 * Wegwijzer chat widget. Embed with one tag:
 *   <script src="https://GATEWAY/widget/wegwijzer.js" data-lang="nl" defer></script>
 * Optional: data-exit-url="https://..." (where quick exit goes; default from the gateway).
 *
 * Safety first: bot text is only ever set with textContent; links open only tel: and https:;
 * the session id lives only in sessionStorage; quick exit (button, Escape, Shift three times)
 * wipes the widget's storage, asks the gateway to forget the conversation and replaces the page.
 * The widget talks to its own gateway only: no fonts, CDN or analytics.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || document.getElementById("wegwijzer-root")) {
    return;
  }

  var STORAGE_KEY = "wegwijzer";
  var FALLBACK_EXIT_URL = "https://www.buienradar.nl/";
  var REQUEST_TIMEOUT_MS = 30000;
  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000;
  var SAFE_SCHEMES = ["tel:", "https:"];

  var TEXTS = {
    nl: {
      launcher: "Chat anoniem",
      title: "Wegwijzer",
      subtitle: "Anoniem: je naam is niet nodig",
      close: "Chat sluiten",
      exit: "Snel weg",
      exitHint: "Snel weg: druk op Esc of 3 keer op Shift.",
      languages: "Taal",
      log: "Gesprek",
      bot: "Wegwijzer: ",
      you: "Jij: ",
      choices: "Kies een antwoord",
      links: "Contact",
      input: "Typ je bericht",
      placeholder: "Typ je bericht…",
      send: "Verstuur",
      typing: "Wegwijzer typt…",
      safetyTitle: "Veilig chatten",
      safety: [
        "Wegwijzer bewaart dit gesprek niet. Het wordt gewist als je weggaat, of na {idle} minuten stilte.",
        "Je browser onthoudt wel welke websites je bezocht. Gebruik je een gedeeld of gecontroleerd apparaat? Chat dan in een privévenster, of wis daarna je geschiedenis.",
        "Snel weg? Klik op ‘Snel weg’, druk op Esc of druk 3 keer op Shift."
      ],
      resumed: "Je gesprek loopt nog. Eerdere berichten zie je niet meer: ze worden niet op dit apparaat bewaard.",
      tooLong: "Je bericht is te lang voor mij (meer dan {max} tekens). Wil je het korter opschrijven, of in een paar stukjes?",
      counter: "{count} van {max} tekens",
      offline: "Ik kan nu geen verbinding maken. Je kunt wel meteen met iemand praten:\nBen je in gevaar? Bel 112.\nDenk je aan zelfmoord? Bel 113 of gratis 0800-0113.\nHuiselijk geweld of kindermishandeling: Veilig Thuis, gratis 0800-2000.\nSeksueel geweld: Centrum Seksueel Geweld, gratis 0800-0188.\nDeze nummers zijn dag en nacht bereikbaar.",
      offlineLinks: [
        ["Bel 112 (direct gevaar)", "tel:112"],
        ["Bel 0800-0113 (113 Zelfmoordpreventie)", "tel:08000113"],
        ["Bel 0800-2000 (Veilig Thuis)", "tel:08002000"],
        ["Bel 0800-0188 (Centrum Seksueel Geweld)", "tel:08000188"]
      ]
    },
    en: {
      launcher: "Chat anonymously",
      title: "Wegwijzer",
      subtitle: "Anonymous: no name needed",
      close: "Close chat",
      exit: "Quick exit",
      exitHint: "Quick exit: press Esc or Shift 3 times.",
      languages: "Language",
      log: "Conversation",
      bot: "Wegwijzer: ",
      you: "You: ",
      choices: "Choose an answer",
      links: "Contact",
      input: "Type your message",
      placeholder: "Type your message…",
      send: "Send",
      typing: "Wegwijzer is typing…",
      safetyTitle: "Chat safely",
      safety: [
        "Wegwijzer does not keep this conversation. It is deleted when you leave, or after {idle} minutes of silence.",
        "Your browser does remember which websites you visited. On a shared or monitored device, chat in a private window, or clear your history afterwards.",
        "Need to leave quickly? Choose ‘Quick exit’, press Esc or press Shift 3 times."
      ],
      resumed: "Your conversation is still open. Earlier messages are not shown: they are not kept on this device.",
      tooLong: "Your message is too long for me (more than {max} characters). Could you write it shorter, or in a few parts?",
      counter: "{count} of {max} characters",
      offline: "I can't connect right now. You can talk to someone straight away:\nAre you in danger? Call 112.\nThinking about suicide? Call 113 or 0800-0113 for free.\nDomestic violence or child abuse: Veilig Thuis, free on 0800-2000.\nSexual violence: Centre for Sexual Violence (Centrum Seksueel Geweld), free on 0800-0188.\nThese numbers are open day and night.",
      offlineLinks: [
        ["Call 112 (danger now)", "tel:112"],
        ["Call 0800-0113 (113 Suicide Prevention)", "tel:08000113"],
        ["Call 0800-2000 (Veilig Thuis)", "tel:08002000"],
        ["Call 0800-0188 (Centre for Sexual Violence)", "tel:08000188"]
      ]
    }
  };

  var origin = new URL(script.src, window.location.href).origin;
  var config = {
    gateway: origin,
    exitUrl: isHttps(script.getAttribute("data-exit-url"))
      ? script.getAttribute("data-exit-url")
      : FALLBACK_EXIT_URL,
    maxChars: 2000,
    idleMinutes: 30
  };
  var stored = readStorage();
  var state = {
    lang: pickLanguage(stored.lang || script.getAttribute("data-lang") || document.documentElement.lang),
    sessionId: stored.sessionId || null,
    open: false,
    busy: false,
    leaving: false,
    shiftPresses: [],
    starting: null
  };

  // ---------- storage: only the session id, language and whether the panel was open ----------

  function readStorage() {
    try {
      var raw = window.sessionStorage.getItem(STORAGE_KEY);
      var value = raw ? JSON.parse(raw) : {};
      return value && typeof value === "object" ? value : {};
    } catch (error) {
      return {};
    }
  }

  function writeStorage() {
    try {
      window.sessionStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ sessionId: state.sessionId, lang: state.lang, open: state.open })
      );
    } catch (error) {
      // Storage may be off (private modes, strict settings): the chat still works in this page.
    }
  }

  function wipeStorage() {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (error) {
      // nothing stored, nothing to wipe
    }
  }

  function pickLanguage(value) {
    return String(value || "").toLowerCase().slice(0, 2) === "en" ? "en" : "nl";
  }

  function t(key) {
    return TEXTS[state.lang][key];
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_match, name) {
      return String(values[name]);
    });
  }

  // ---------- DOM helpers (never innerHTML) ----------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function icon(pathData) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }

  function isHttps(value) {
    var url = safeUrl(value);
    return url !== null && url.indexOf("https:") === 0;
  }

  function safeUrl(value) {
    try {
      var url = new URL(String(value));
      return SAFE_SCHEMES.indexOf(url.protocol) >= 0 ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  // ---------- build the widget in a shadow root, so host pages cannot restyle it ----------

  var host = el("div");
  host.id = "wegwijzer-root";
  var shadow = host.attachShadow({ mode: "open" });
  var style = el("link");
  style.rel = "stylesheet";
  style.href = origin + "/widget/wegwijzer.css";
  var ui = el("div", "ww");
  ui.hidden = true; // until the style sheet is there, so nothing flashes unstyled
  style.addEventListener("load", function () { ui.hidden = false; });
  style.addEventListener("error", function () { ui.hidden = false; });
  window.setTimeout(function () { ui.hidden = false; }, 3000);

  var floatingExit = el("button", "ww-exit ww-exit--floating");
  floatingExit.type = "button";
  var launcher = el("button", "ww-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "ww-panel");
  launcher.appendChild(icon("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"));
  var launcherLabel = el("span");
  launcher.appendChild(launcherLabel);

  var panel = el("section", "ww-panel");
  panel.id = "ww-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "false");
  panel.setAttribute("aria-labelledby", "ww-title");

  var header = el("div", "ww-header");
  var heading = el("div", "ww-heading");
  var title = el("p", "ww-title");
  title.id = "ww-title";
  var subtitle = el("p", "ww-subtitle");
  heading.appendChild(title);
  heading.appendChild(subtitle);
  var languages = el("div", "ww-lang");
  languages.setAttribute("role", "group");
  var languageButtons = {};
  ["nl", "en"].forEach(function (code) {
    var button = el("button", "ww-lang-button", code.toUpperCase());
    button.type = "button";
    button.lang = code;
    button.setAttribute("aria-label", code === "nl" ? "Nederlands" : "English");
    button.addEventListener("click", function () { switchLanguage(code); });
    languageButtons[code] = button;
    languages.appendChild(button);
  });
  var panelExit = el("button", "ww-exit");
  panelExit.type = "button";
  var closeButton = el("button", "ww-close");
  closeButton.type = "button";
  closeButton.appendChild(icon("M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"));
  header.appendChild(heading);
  header.appendChild(languages);
  header.appendChild(panelExit);
  header.appendChild(closeButton);

  var safety = el("details", "ww-safety");
  var safetySummary = el("summary");
  var safetyBody = el("div", "ww-safety-body");
  safety.appendChild(safetySummary);
  safety.appendChild(safetyBody);

  var log = el("div", "ww-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.tabIndex = 0;
  var typing = el("div", "ww-typing");
  typing.hidden = true;
  typing.setAttribute("aria-hidden", "true");
  [0, 1, 2].forEach(function () { typing.appendChild(el("span", "ww-dot")); });
  var status = el("p", "ww-visually-hidden");
  status.setAttribute("role", "status");

  var form = el("form", "ww-form");
  var inputLabel = el("label", "ww-visually-hidden");
  inputLabel.htmlFor = "ww-input";
  var input = el("textarea", "ww-input");
  input.id = "ww-input";
  input.rows = 2;
  input.setAttribute("autocomplete", "off");
  input.setAttribute("spellcheck", "true");
  input.setAttribute("aria-describedby", "ww-counter ww-hint");
  var sendButton = el("button", "ww-send");
  sendButton.type = "submit";
  form.appendChild(inputLabel);
  form.appendChild(input);
  form.appendChild(sendButton);
  var counter = el("p", "ww-counter");
  counter.id = "ww-counter";
  counter.setAttribute("aria-live", "polite");
  var hint = el("p", "ww-hint");
  hint.id = "ww-hint";

  [header, safety, log, typing, status, form, counter, hint].forEach(function (node) {
    panel.appendChild(node);
  });
  var curtain = el("div", "ww-curtain");
  curtain.hidden = true;
  ui.appendChild(floatingExit);
  ui.appendChild(launcher);
  ui.appendChild(panel);
  ui.appendChild(curtain);
  shadow.appendChild(style);
  shadow.appendChild(ui);

  // ---------- texts in the current language ----------

  function applyLanguage() {
    ui.lang = state.lang;
    launcherLabel.textContent = t("launcher");
    title.textContent = t("title");
    subtitle.textContent = t("subtitle");
    languages.setAttribute("aria-label", t("languages"));
    Object.keys(languageButtons).forEach(function (code) {
      languageButtons[code].setAttribute("aria-pressed", String(code === state.lang));
    });
    floatingExit.textContent = t("exit");
    panelExit.textContent = t("exit");
    closeButton.setAttribute("aria-label", t("close"));
    safetySummary.textContent = t("safetyTitle");
    safetyBody.textContent = "";
    t("safety").forEach(function (line) {
      safetyBody.appendChild(el("p", null, fill(line, { idle: config.idleMinutes })));
    });
    log.setAttribute("aria-label", t("log"));
    inputLabel.textContent = t("input");
    input.placeholder = t("placeholder");
    sendButton.textContent = t("send");
    hint.textContent = t("exitHint");
    updateCounter();
  }

  function updateCounter() {
    var count = Array.from(input.value).length;
    var near = count > config.maxChars * 0.9;
    counter.hidden = !near;
    counter.classList.toggle("ww-counter--over", count > config.maxChars);
    counter.textContent = near ? fill(t("counter"), { count: count, max: config.maxChars }) : "";
  }

  // ---------- rendering messages ----------

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderUser(text) {
    var bubble = el("div", "ww-msg ww-msg--user");
    bubble.appendChild(el("span", "ww-visually-hidden", t("you")));
    bubble.appendChild(el("span", "ww-text", text));
    log.appendChild(bubble);
    scrollToEnd();
  }

  function renderNote(text) {
    log.appendChild(el("p", "ww-note", text));
    scrollToEnd();
  }

  function renderBot(message) {
    var bubble = el("div", "ww-msg ww-msg--bot");
    bubble.appendChild(el("span", "ww-visually-hidden", t("bot")));
    var text = typeof message.text === "string" ? message.text : "";
    // One paragraph per line keeps long answers readable; in a longer message the first
    // line (the name of a place) is the heading.
    var lines = text.split("\n").filter(function (line) { return line.trim() !== ""; });
    lines.forEach(function (line, index) {
      var lead = index === 0 && lines.length >= 3;
      bubble.appendChild(el("p", lead ? "ww-text ww-text--lead" : "ww-text", line));
    });
    var links = Array.isArray(message.links) ? message.links : [];
    var list = el("ul", "ww-links");
    list.setAttribute("aria-label", t("links"));
    links.forEach(function (link) {
      var href = link && safeUrl(link.url);
      if (!href || typeof link.title !== "string") {
        return;
      }
      var anchor = el("a", "ww-link", link.title);
      anchor.href = href;
      if (href.indexOf("https:") === 0) {
        anchor.target = "_blank";
        anchor.rel = "noopener noreferrer";
      }
      var item = el("li");
      item.appendChild(anchor);
      list.appendChild(item);
    });
    if (list.childNodes.length) {
      bubble.appendChild(list);
    }
    var buttons = Array.isArray(message.buttons) ? message.buttons : [];
    var group = el("div", "ww-choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", t("choices"));
    buttons.forEach(function (button) {
      if (!button || typeof button.title !== "string" || typeof button.payload !== "string") {
        return;
      }
      var choice = el("button", "ww-choice", button.title);
      choice.type = "button";
      choice.setAttribute("data-payload", button.payload);
      choice.addEventListener("click", function () {
        choose(button.title, button.payload);
      });
      group.appendChild(choice);
    });
    if (group.childNodes.length) {
      bubble.appendChild(group);
    }
    if (bubble.childNodes.length > 1) {
      log.appendChild(bubble);
    }
  }

  function renderMessages(messages) {
    var first = log.lastChild;
    (Array.isArray(messages) ? messages : []).forEach(renderBot);
    var start = first ? first.nextSibling : log.firstChild;
    if (start) {
      // Show the start of a long answer (the places), not its end.
      log.scrollTop = Math.max(0, start.offsetTop - 8);
    }
  }

  function renderOffline() {
    renderMessages([{
      text: t("offline"),
      links: t("offlineLinks").map(function (pair) { return { title: pair[0], url: pair[1] }; })
    }]);
  }

  function retireChoices() {
    // Only the latest answers can be chosen; older ones stay visible for context.
    Array.prototype.forEach.call(log.querySelectorAll(".ww-choice"), function (choice) {
      choice.disabled = true;
    });
  }

  function setBusy(busy) {
    state.busy = busy;
    typing.hidden = !busy;
    log.setAttribute("aria-busy", String(busy));
    status.textContent = busy ? t("typing") : "";
    sendButton.disabled = busy;
  }

  // ---------- talking to the gateway ----------

  function call(method, path, body) {
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    return fetch(config.gateway + path, {
      method: method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller.signal
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data || {} };
      });
    }).finally(function () {
      window.clearTimeout(timer);
    });
  }

  function adoptLanguage(language) {
    var next = pickLanguage(language);
    if (language && next !== state.lang) {
      state.lang = next;
      applyLanguage();
      writeStorage();
    }
  }

  function startSession(showGreeting) {
    if (state.starting) {
      return state.starting;
    }
    state.starting = call("POST", "/v1/chat/sessions", { language: state.lang })
      .then(function (answer) {
        if (answer.status === 201 && typeof answer.data.session_id === "string") {
          state.sessionId = answer.data.session_id;
          writeStorage();
          adoptLanguage(answer.data.language);
          if (showGreeting) {
            renderMessages(answer.data.messages);
          }
          return true;
        }
        renderMessages(answer.data.messages);
        if (!answer.data.messages || !answer.data.messages.length) {
          renderOffline();
        }
        return false;
      })
      .catch(function () {
        renderOffline();
        return false;
      })
      .finally(function () {
        state.starting = null;
      });
    return state.starting;
  }

  function post(body, retried) {
    return call("POST", "/v1/chat/sessions/" + encodeURIComponent(state.sessionId) + "/messages",
      Object.assign({ language: state.lang }, body))
      .then(function (answer) {
        if (answer.status === 404 && !retried) {
          // Expired or forgotten: start again quietly and pass the message on.
          state.sessionId = null;
          writeStorage();
          return startSession(!body.text).then(function (started) {
            return started && body.text ? post(body, true) : null;
          });
        }
        if (answer.status === 413) {
          renderMessages([{ text: fill(t("tooLong"), { max: config.maxChars }) }]);
          return null;
        }
        if (answer.status === 200 || answer.status === 429) {
          adoptLanguage(answer.data.language);
          renderMessages(answer.data.messages);
          return null;
        }
        renderOffline();
        return null;
      })
      .catch(function () {
        renderOffline();
      });
  }

  function deliver(body) {
    setBusy(true);
    var ready = state.sessionId ? Promise.resolve(true) : startSession(false);
    return ready.then(function (started) {
      return started ? post(body, false) : null;
    }).finally(function () {
      setBusy(false);
    });
  }

  function sendText() {
    var text = input.value;
    if (state.busy || state.leaving || !text.trim()) {
      return;
    }
    if (Array.from(text).length > config.maxChars) {
      renderMessages([{ text: fill(t("tooLong"), { max: config.maxChars }) }]);
      return;
    }
    input.value = "";
    updateCounter();
    retireChoices();
    renderUser(text);
    deliver({ text: text });
  }

  function choose(titleText, payload) {
    if (state.busy || state.leaving) {
      return;
    }
    retireChoices();
    renderUser(titleText);
    input.focus();
    deliver({ payload: payload });
  }

  function switchLanguage(code) {
    if (code === state.lang || state.leaving) {
      return;
    }
    state.lang = code;
    applyLanguage();
    writeStorage();
    if (state.sessionId && !state.busy) {
      retireChoices();
      deliver({ payload: '/switch_language{"language":"' + code + '"}' });
    }
  }

  // ---------- opening and closing ----------

  function openPanel(restoring) {
    state.open = true;
    writeStorage();
    panel.hidden = false;
    ui.classList.add("ww--open");
    launcher.setAttribute("aria-expanded", "true");
    if (restoring !== true) {
      input.focus();
    }
    if (!state.sessionId && !log.childNodes.length) {
      setBusy(true);
      startSession(true).finally(function () { setBusy(false); });
    }
  }

  function closePanel() {
    state.open = false;
    writeStorage();
    panel.hidden = true;
    ui.classList.remove("ww--open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  // ---------- quick exit (GOV.UK "Exit this page" pattern) ----------

  function quickExit() {
    if (state.leaving) {
      return;
    }
    state.leaving = true;
    var sessionId = state.sessionId;
    state.sessionId = null;
    wipeStorage();
    if (sessionId && navigator.sendBeacon) {
      navigator.sendBeacon(
        config.gateway + "/v1/chat/sessions/" + encodeURIComponent(sessionId) + "/forget"
      );
    }
    log.textContent = "";
    input.value = "";
    panel.hidden = true;
    curtain.hidden = false; // hide the page at once, before the neutral site has loaded
    window.location.replace(config.exitUrl);
  }

  function onKeyDown(event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      quickExit();
      return;
    }
    if (event.key !== "Shift") {
      state.shiftPresses = [];
      return;
    }
    if (event.repeat) {
      return;
    }
    var now = Date.now();
    state.shiftPresses = state.shiftPresses.filter(function (time) {
      return now - time < SHIFT_WINDOW_MS;
    });
    state.shiftPresses.push(now);
    if (state.shiftPresses.length >= SHIFT_PRESSES) {
      quickExit();
    }
  }

  // ---------- wiring ----------

  launcher.addEventListener("click", function () { openPanel(false); });
  closeButton.addEventListener("click", closePanel);
  floatingExit.addEventListener("click", quickExit);
  panelExit.addEventListener("click", quickExit);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendText();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendText();
    }
  });
  input.addEventListener("input", updateCounter);
  document.addEventListener("keydown", onKeyDown, true);

  fetch(origin + "/widget/config.json", { credentials: "omit", referrerPolicy: "no-referrer" })
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (data) {
      if (typeof data.gateway_url === "string" && data.gateway_url) {
        config.gateway = data.gateway_url.replace(/\/+$/, "");
      }
      if (!isHttps(script.getAttribute("data-exit-url")) && isHttps(data.quick_exit_url)) {
        config.exitUrl = data.quick_exit_url;
      }
      if (data.max_chars > 0) {
        config.maxChars = data.max_chars;
      }
      if (data.idle_minutes > 0) {
        config.idleMinutes = Math.round(data.idle_minutes * 10) / 10;
      }
      applyLanguage();
    })
    .catch(function () {
      // The defaults above keep the widget and its quick exit working.
    });

  function mount() {
    applyLanguage();
    document.body.appendChild(host);
    if (state.sessionId) {
      renderNote(t("resumed"));
    }
    if (stored.open) {
      openPanel(true);
    }
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
