"""The one normalisation of what people type, shared by the fact model, the phrases and the
gateway's crisis check (pure; no Rasa types, importable from both environments)."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Lower case, no accents, plain quotes, single spaces."""
    if not text:
        return ""
    plain = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return _SPACE.sub(" ", plain.lower()).strip()
