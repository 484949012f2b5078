"""The workspace's words in Dutch (the default) and English, from messages.yml; the page's
language comes from `?lang=` (remembered in a cookie), never from the browser's guess."""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("nl", "en")
MESSAGES_FILE = Path(__file__).resolve().parent / "messages.yml"
LANG_COOKIE = "beheer_taal"


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """Every message key with its Dutch and English text."""
    data: dict[str, dict[str, str]] = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    return data


def translate(key: str, lang: str, /, **values: Any) -> str:
    """The message in `lang`, with `{name}` placeholders filled in."""
    text = messages()[key][lang]
    return text.format(**values) if values else text


class Translator:
    """`t("signed_in_as", name=...)` in a template, bound to the page's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, /, **values: Any) -> str:
        return translate(key, self.lang, **values)

    def has(self, key: str) -> bool:
        return key in messages()
