"""Shared checks of triage answers: every id in an answer, the texts the engine wrote, and
whether a text is in the requested language (lingua, limited to Dutch and English)."""

from functools import lru_cache
from typing import Any

from lingua import Language, LanguageDetectorBuilder

Answer = dict[str, Any]
LINGUA = {"nl": Language.DUTCH, "en": Language.ENGLISH}


def ids(answer: Answer, part: str = "all") -> list[str]:
    """The contact point ids of the recommendations, the also-possible list, or both."""
    parts = ["recommendations", "also_possible"] if part == "all" else [part]
    return [item["id"] for name in parts for item in answer[name]]


def sentences(answer: Answer) -> list[str]:
    """The sentences the engine itself writes (not the contact point data)."""
    found = [answer["summary"]] if answer["summary"] else []
    if answer["urgent"]:
        found.append(answer["urgent"]["text"])
    for item in answer["recommendations"] + answer["also_possible"]:
        found.extend(item["reasons"])
        found.extend(item["unverified"])
    return found


def all_text(answer: Answer) -> str:
    """Every text of the answer, contact point texts included, lower case."""
    parts = sentences(answer)
    for item in answer["recommendations"] + answer["also_possible"]:
        parts += [item["description"], item["what_happens"], item["cost_text"]]
        parts += [item["anonymous_text"]]
        parts += [c["hours_text"] for c in item["channels"]]
    return " ".join(parts).lower()


@lru_cache(maxsize=1)
def _detector() -> Any:
    return LanguageDetectorBuilder.from_languages(*LINGUA.values()).build()


def language_of(text: str) -> str | None:
    found = _detector().detect_language_of(text)
    return next((code for code, lang in LINGUA.items() if lang == found), None)


def _without_names(answer: Answer, text: str) -> str:
    # Names such as "Slachtofferhulp Nederland" stay Dutch in English; they are data, not prose.
    items = answer["recommendations"] + answer["also_possible"]
    names = [i["name"] for i in items] + [i["organisation"] for i in items]
    if answer["urgent"]:
        names += [line["name"] for line in answer["urgent"]["lines"]]
    for name in sorted(set(names), key=len, reverse=True):
        text = text.replace(name, "")
    return text


def wrong_language(answer: Answer, language: str) -> list[str]:
    """The engine's sentences (of five words or more) that are not in `language`."""
    plain = [_without_names(answer, s) for s in sentences(answer)]
    return [s for s in plain if len(s.split()) >= 5 and language_of(s) != language]


def reachable_now(answer: Answer) -> bool:
    return any(c["open_now"] for item in answer["recommendations"] for c in item["channels"])
