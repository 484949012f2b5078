"""Bodies of the landscape API: what a contact point looks like to the public, the filters
of the list, and what the admin API accepts to create and change contact points."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.seed_schema import (
    Anonymity,
    Area,
    ChannelSeed,
    ChannelType,
    ContactPointSeed,
    Cost,
    Serves,
    SourceSeed,
    Strict,
    Text,
)

Status = Literal["active", "retired"]


class TextPublic(BaseModel):
    nl: str
    en: str


class OrganisationRef(BaseModel):
    id: str
    name: str
    url: str | None


class AreaPublic(BaseModel):
    scope: Literal["national", "regional"]
    regions: list[str]


class SourcePublic(BaseModel):
    url: str
    seen: str | None
    verified: bool
    note: str | None


class ChannelPublic(BaseModel):
    id: int
    type: str
    value: str
    link: str | None = Field(description="tel: link for phone numbers, the address for web/chat")
    label: TextPublic | None
    hours: str = Field(description="opening hours in the seed grammar, Europe/Amsterdam time")
    hours_text: TextPublic
    open_now: bool
    next_open: datetime | None
    cost: str
    anonymous: str
    languages: list[str]
    note: TextPublic | None
    unverified_facts: list[str]


class ContactPointPublic(BaseModel):
    id: str
    organisation: OrganisationRef
    name: TextPublic
    description: TextPublic
    what_happens: TextPublic
    kind: str
    serves: dict[str, list[str]] = Field(description="term codes per taxonomy")
    area: AreaPublic
    confidential_location: bool
    address: str | None = Field(description="never given for a confidential location")
    status: str
    verified: bool
    last_verified_at: date | None
    unverified_facts: list[str] = Field(description="facts the research could not confirm")
    version: int = Field(description="send it back (or as If-Match) when you change the point")
    sources: list[SourcePublic]
    channels: list[ChannelPublic]


class ContactPointPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[ContactPointPublic]


class ContactPointQuery(BaseModel):
    """The filters of GET /v1/contact-points; term codes are checked against the database."""

    model_config = ConfigDict(extra="ignore")

    role: str | None = None
    violence_type: str | None = None
    phase: str | None = None
    age_group: str | None = None
    need: str | None = None
    region: str | None = Field(
        default=None, max_length=100, description="a 4-digit postcode, a municipality or a province"
    )
    open_now: bool | None = None
    at: datetime | None = Field(
        default=None, description="the moment for open_now/next_open (default: now, Amsterdam)"
    )
    anonymous: Literal["yes", "no", "partly"] | None = None
    channel_type: ChannelType | None = None
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    status: Literal["active", "retired", "all"] = "active"
    page: int = Field(default=1, ge=1)
    per_page: int = Field(default=20, ge=1, le=100)


class TermPublic(BaseModel):
    code: str
    label: TextPublic


class TaxonomyPublic(BaseModel):
    id: str
    name: TextPublic
    terms: list[TermPublic]


class TaxonomyList(BaseModel):
    taxonomies: list[TaxonomyPublic]


class ContactPointCreate(ContactPointSeed):
    """A new contact point, in the shape of a seed entry (see api/seed/README.md)."""


class ContactPointUpdate(Strict):
    """The fields to change; each replaces the old value whole, except `serves`, where only
    the taxonomies you send are replaced. `version` is the version you read."""

    organisation: str | None = Field(default=None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: Text | None = None
    kind: str | None = Field(default=None, min_length=1, max_length=60)
    description: Text | None = None
    what_happens: Text | None = None
    serves: Serves | None = None
    area: Area | None = None
    confidential_location: bool | None = None
    address: str | None = None
    status: Status | None = None
    verified: bool | None = None
    last_verified_at: date | None = None
    unverified_facts: list[str] | None = None
    notes: str | None = None
    sources: list[SourceSeed] | None = Field(default=None, min_length=1)
    version: int | None = None


class ChannelCreate(ChannelSeed):
    """A new channel, in the shape of a seed channel; `version` is the contact point's."""

    version: int | None = None


class ChannelUpdate(Strict):
    """The channel fields to change (each replaces the old value); `version` as above."""

    type: ChannelType | None = None
    value: str | None = Field(default=None, min_length=1, max_length=500)
    label: Text | None = None
    hours: str | None = None
    cost: Cost | None = None
    anonymous: Anonymity | None = None
    languages: list[str] | None = None
    note: Text | None = None
    unverified_facts: list[str] | None = None
    version: int | None = None


class VersionOnly(Strict):
    """Only the version you read (for retiring a contact point)."""

    version: int | None = None


class AuditPublic(BaseModel):
    id: int
    at: datetime
    token_name: str
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, object] | None
    after: dict[str, object] | None


class AuditPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[AuditPublic]
