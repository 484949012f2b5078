"""Bodies of the landscape API: what a contact point and the taxonomy look like to the public,
and the filters of the list."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.core.params import Moment
from api.landscape.seed_schema import ChannelType


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
    at: Moment | None = Field(
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
