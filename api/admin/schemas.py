"""Bodies of the admin API: contact points and channels written like seed entries, the version
the editor read, and the audit log."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.landscape.seed_schema import (
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


class ContactPointCreate(ContactPointSeed):
    """A new contact point, in the shape of a seed entry (see api/landscape/seed/README.md)."""


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
