"""Report sections on quality: language detection, understanding and triage."""

from __future__ import annotations

from typing import Any

from bench.conversations import LOOP
from bench.report_format import fmt, missing, table


def language(results: dict[str, Any]) -> list[str]:
    """Section 1: language detection (bench/language.py)."""
    data = results["parts"].get("language") or {}
    lines = ["## 1. Language detection", ""]
    if not data.get("detectors"):
        return [*lines, missing(results, "language"), ""]
    rows = []
    for name, scores in data["detectors"].items():
        for part in ("short", "long"):
            s = scores[part]
            rows.append(
                (
                    name,
                    f"{part} ({s['messages']})",
                    fmt(s["accuracy"], "%"),
                    fmt(s["accuracy_unambiguous"], "%"),
                    fmt(s["ms_per_message"], "3"),
                )
            )
    lines += table(
        ("detector", "set (messages)", "accuracy", "accuracy, unambiguous texts", "ms per message"),
        rows,
    )
    rows = [
        (
            name,
            s["conversations"],
            s["turns"],
            fmt(s["turn_accuracy"], "%"),
            fmt(s["conversation_accuracy"], "%"),
        )
        for name, s in (data.get("sticky") or {}).items()
    ]
    lines += [
        "The bot's sticky strategy over short scripted conversations (answer language "
        "right after every turn):",
        "",
    ]
    lines += table(
        ("detector", "conversations", "turns", "turns right", "conversations right"), rows
    )
    framed = next((name for name in data["detectors"] if name.endswith(" + frame")), None)
    uses = f"`{data.get('default_detector')}`"
    if framed:
        uses += (
            f", with the sentence frame on top (`{framed}`: the function words of "
            "`data/language/function_words.yml` decide when they clearly say the other language)"
        )
    lines += [
        f"The bot uses {uses}. Short messages are 1–6 words, long ones 7 or more "
        "(`bench/data/language/`).",
        "",
    ]
    return lines


def understanding(results: dict[str, Any]) -> list[str]:
    """Section 2: intents and entities on the held-out test set."""
    data = results["parts"].get("nlu") or {}
    lines = ["## 2. Understanding (held-out test set `tests/nlu/`)", ""]
    if not data.get("languages"):
        return [*lines, missing(results, "nlu"), ""]
    rows = [
        (
            lang,
            s["intents"]["examples"],
            fmt(s["intents"]["accuracy"], "%"),
            fmt(s["intents"]["macro_f1"], "3"),
            fmt(s["intents"]["fallback_share"], "%"),
            fmt(s["entities"]["span"]["micro"]["f1"], "3"),
            fmt(s["entities"]["value"]["micro"]["f1"], "3"),
            fmt(s["parse_ms_mean"]),
        )
        for lang, s in data["languages"].items()
    ]
    lines += table(
        (
            "language",
            "examples",
            "intent accuracy",
            "intent macro-F1",
            "not understood (nlu_fallback)",
            "entity F1 (exact span)",
            "entity F1 (value)",
            "parse ms (mean)",
        ),
        rows,
    )
    lines += ["Worst intents (F1) and what they were taken for:", ""]
    rows = []
    for lang, s in data["languages"].items():
        for w in s["intents"]["worst"]:
            confused = ", ".join(f"{k} ×{v}" for k, v in w["confused_with"].items()) or "–"
            rows.append((lang, w["intent"], fmt(w["f1"], "3"), w["support"], confused))
    lines += table(("language", "intent", "F1", "examples", "confused with"), rows)
    lines += ["Triage entities (precision / recall / F1, exact span; support = gold entities):", ""]
    rows = []
    for lang, s in data["languages"].items():
        for entity, e in s["entities"]["span"]["per_entity"].items():
            v = s["entities"]["value"]["per_entity"].get(entity) or {}
            rows.append(
                (
                    lang,
                    entity,
                    fmt(e["precision"], "3"),
                    fmt(e["recall"], "3"),
                    fmt(e["f1"], "3"),
                    fmt(v.get("f1"), "3"),
                    e["support"],
                )
            )
    lines += table(
        ("language", "entity", "precision", "recall", "F1", "F1 by value", "support"), rows
    )
    lines += [f"Model `{data.get('model')}`.", ""]
    return lines


def triage(results: dict[str, Any]) -> list[str]:
    """Section 3: the scripted conversations through the gateway."""
    data = results["parts"].get("triage") or {}
    lines = ["## 3. Triage quality (scripted conversations through the gateway)", ""]
    if not data.get("overall"):
        return [*lines, missing(results, "triage"), ""]
    lines += _scope_table(data)
    o = data["overall"]
    rows = [
        (kind, v["conversations"], fmt(v["recall"], "%")) for kind, v in o["crisis_by_kind"].items()
    ]
    lines += table(("crisis", "conversations", "recall"), rows)
    rows = [(g, v["conversations"], fmt(v["top3_share"], "%")) for g, v in o["by_group"].items()]
    lines += table(("who is asking", "conversations", "acceptable in top 3"), rows)
    rows = [(c, v["conversations"], fmt(v["top3_share"], "%")) for c, v in o["by_concern"].items()]
    lines += table(("concern", "conversations", "acceptable in top 3"), rows)
    lines += [
        f"Scripted answers left out because the bot did not ask that question: "
        f"{o['skipped_turns']}; turns answered by the driver after the script ran out: "
        f"{o['auto_turns']}; questions asked again before the places (the same words a "
        f"second time): {o.get('asked_again', '–')}, conversations with a question asked three "
        f"times or more (the bot should not): {o.get('asked_three_times', '–')}; "
        f"replies with all national lines (the bot's or the gateway's safety "
        f"net, not counted as false alarms): {o['safety_net_replies']}; HTTP errors: "
        f"{o['errors']}; gateway fallback answers: {o['fallbacks']}; conversations skipped for "
        f"time: {data.get('skipped_for_time', 0)}.",
        "",
    ]
    lines += _failures(data)
    unseen = data.get("unseen") or {}
    if (unseen.get("overall") or {}).get("conversations"):
        lines += [
            "### The unseen set",
            "",
            "The main set above has been used to tune the text parsers (see `bench/README.md`). "
            "These conversations (`bench/data/triage/unseen/`) were written after that tuning "
            "and nobody has tuned on them: their numbers are the better guess of how the bot "
            "does with people it has not met.",
            "",
        ]
        lines += _scope_table(unseen)
        lines += _failures(unseen)
    lines += [
        "How places are recognised: see `bench/README.md` (place cards by name, mentions "
        "by name, unique phone number or link).",
        "",
    ]
    return lines


def _scope_table(data: dict[str, Any]) -> list[str]:
    """Per language and both: the headline numbers of one set."""
    scopes = {**data["by_language"], "both": data["overall"]}
    rows = [
        (
            name,
            s["conversations"],
            fmt(s["top3_share"], "%"),
            fmt(s["forbidden_share"], "%"),
            f"{fmt(s['crisis_recall'], '%')} of {s['crisis_conversations']}",
            f"{s['false_alarms']} of {s['calm_conversations']}",
            fmt(s["turns_median"]),
            fmt(s["turns_p90"]),
            fmt(s["reached_recommendation"], "%"),
        )
        for name, s in scopes.items()
    ]
    return table(
        (
            "language",
            "conversations",
            "acceptable in top 3",
            "forbidden shown",
            "crisis recall",
            "false alarms",
            "turns to first answer (median)",
            "turns (p90)",
            "reached an answer",
        ),
        rows,
    )


def _failures(data: dict[str, Any]) -> list[str]:
    """The conversations of one set that missed, with what the bot showed."""
    if not data.get("failures"):
        return []
    rows = [
        (
            f["id"],
            ", ".join(f["top3"]) or "–",
            ", ".join(f["forbidden_shown"]) or "–",
            {None: "–", True: "yes", False: "**no**"}[f["crisis_hit"]],
            "**yes**" if f["false_alarm"] else "–",
            fmt(f["turns_to_recommendation"]),
            f"**{f['most_asks']}**" if f.get("most_asks", 0) >= LOOP else "–",
        )
        for f in data["failures"]
    ]
    lines = ["Conversations that missed (top 3 as recognised from the bot's messages):", ""]
    return lines + table(
        (
            "conversation",
            "top 3",
            "forbidden shown",
            "crisis line in time",
            "false alarm",
            "turns",
            "one question asked 3+ times",
        ),
        rows,
    )
