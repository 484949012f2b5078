"""The shape of the landscape seed files (see api/landscape/seed/README.md), as pydantic models."""

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.landscape import hours

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ChannelType = Literal["phone", "chat", "web", "walk_in", "whatsapp", "email"]
Cost = Literal["free", "local_rate", "paid", "messaging_rate", "unknown"]
Anonymity = Literal["yes", "no", "partly", "unknown"]
TAXONOMIES = ("role", "violence_type", "phase", "age_group", "need")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Text(Strict):
    """A text in Dutch and English."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class SourceSeed(Strict):
    url: str = Field(pattern=r"^https?://\S+$")
    seen: str | None = None
    verified: bool = True
    note: str | None = None

    @field_validator("seen", mode="before")
    @classmethod
    def _seen_as_text(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, date) else value


class ChannelSeed(Strict):
    type: ChannelType
    value: str = Field(min_length=1, max_length=500)
    label: Text | None = None
    hours: str = "unknown"
    cost: Cost = "unknown"
    anonymous: Anonymity = "unknown"
    languages: list[str] = Field(default_factory=list)
    note: Text | None = None
    unverified_facts: list[str] = Field(default_factory=list)

    @field_validator("hours", mode="before")
    @classmethod
    def _valid_hours(cls, value: object) -> object:
        if not isinstance(value, str):
            raise ValueError(f"opening hours '{value}' is not a valid schedule")
        hours.parse(value)
        return value

    @field_validator("languages")
    @classmethod
    def _iso_codes(cls, value: list[str]) -> list[str]:
        for code in value:
            if not re.fullmatch(r"[a-z]{2}", code):
                raise ValueError(f"language '{code}' is not a two-letter ISO 639-1 code")
        return value

    @model_validator(mode="after")
    def _value_fits_type(self) -> "ChannelSeed":
        web = self.type in ("web", "chat") and self.value.startswith("http")
        if web and not self.value.startswith("https://"):
            raise ValueError(f"value '{self.value}' must be an https:// address")
        if self.type in ("phone", "whatsapp") and len(re.sub(r"\D", "", self.value)) < 3:
            raise ValueError(f"value '{self.value}' is not a phone number")
        return self


class Serves(Strict):
    role: list[str] = Field(default_factory=list)
    violence_type: list[str] = Field(default_factory=list)
    phase: list[str] = Field(default_factory=list)
    age_group: list[str] = Field(default_factory=list)
    need: list[str] = Field(default_factory=list)


class Area(Strict):
    scope: Literal["national", "regional"] = "national"
    regions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _regions_when_regional(self) -> "Area":
        if self.scope == "regional" and not self.regions:
            raise ValueError("a regional contact point needs at least one region")
        if self.scope == "national" and self.regions:
            raise ValueError("a national contact point lists no regions")
        return self


class ContactPointSeed(Strict):
    id: str = Field(pattern=SLUG, max_length=80)
    organisation: str = Field(pattern=SLUG)
    name: Text
    kind: str = Field(min_length=1, max_length=60)
    description: Text
    what_happens: Text
    serves: Serves
    area: Area = Field(default_factory=Area)
    confidential_location: bool = False
    address: str | None = None
    status: Literal["active", "retired"] = "active"
    verified: bool = False
    last_verified_at: date | None = None
    unverified_facts: list[str] = Field(default_factory=list)
    notes: str | None = None
    channels: list[ChannelSeed] = Field(min_length=1)
    sources: list[SourceSeed] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_public_address_for_confidential(self) -> "ContactPointSeed":
        if self.confidential_location and self.address:
            raise ValueError("a confidential location (shelter) never has a public address")
        return self


class OrganisationSeed(Strict):
    id: str = Field(pattern=SLUG, max_length=80)
    name: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    description: Text
    sources: list[SourceSeed] = Field(default_factory=list)


class RegionSeed(Strict):
    id: str = Field(pattern=SLUG, max_length=80)
    name: str = Field(min_length=1)
    kind: Literal["province", "veilig_thuis_region", "csg_region", "municipality_group"]
    provinces: list[str] = Field(default_factory=list)
    municipalities: list[str] = Field(default_factory=list)
    postcode_ranges: list[tuple[int, int]] = Field(default_factory=list)
    sources: list[SourceSeed] = Field(default_factory=list)
    verified: bool = False
    note: str | None = None

    @field_validator("postcode_ranges")
    @classmethod
    def _valid_ranges(cls, value: list[tuple[int, int]]) -> list[tuple[int, int]]:
        for low, high in value:
            if not (1000 <= low <= high <= 9999):
                raise ValueError(f"postcode range [{low}, {high}] is not within 1000-9999")
        return value


class TermSeed(Strict):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    label: Text


class TaxonomySeed(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: Text
    terms: list[TermSeed] = Field(min_length=1)
