"""Shared by the HSDS mapping (api/hsds/mapping.py): stable UUIDs, the words used in
descriptions in Dutch and English, and the vocabulary a service refers to."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NAMESPACE = uuid.UUID("b75c30b0-8c74-5b18-98f2-606b24c78882")  # uuid5(URL, "urn:wegwijzer:hsds")
WORDS = {
    "nl": {
        "country": "Nederland",
        "national": "Landelijk: voor iedereen in Nederland.",
        "regional": "Regionaal",
        "holidays": "Gesloten op Nederlandse feestdagen.",
        "timezone": "Tijden in Nederlandse tijd (Europe/Amsterdam).",
        "unverified": "Niet bevestigd door het onderzoek",
        "entry_unverified": "De gegevens van dit punt zijn niet bevestigd.",
        "taxonomy": "Indeling van de Wegwijzer-landschapskaart",
    },
    "en": {
        "country": "The Netherlands",
        "national": "National: for everyone in the Netherlands.",
        "regional": "Regional",
        "holidays": "Closed on Dutch public holidays.",
        "timezone": "Times in Dutch time (Europe/Amsterdam).",
        "unverified": "Not confirmed by the research",
        "entry_unverified": "The details of this entry could not be confirmed.",
        "taxonomy": "Classification of the Wegwijzer landscape map",
    },
}

Obj = dict[str, Any]


@dataclass(frozen=True)
class Vocabulary:
    """The serialised taxonomies (by id), terms (by `<taxonomy>.<code>`) and regions (by id)
    that services refer to by code, read once per request."""

    taxonomies: Mapping[str, Obj]
    terms: Mapping[str, Obj]
    regions: Mapping[str, Obj]

    def term(self, taxonomy: str, code: str) -> Obj:
        return self.terms[f"{taxonomy}.{code}"]


def hsds_id(kind: str, our_id: str) -> str:
    """The stable HSDS UUID of one of our objects: the same on every call and machine."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{our_id}"))


def prune(obj: Obj) -> Obj:
    """The object without empty fields (HSDS leaves out what is not known)."""
    return {k: v for k, v in obj.items() if v is not None and v != [] and v != ""}
