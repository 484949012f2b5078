"""Bodies of the admin API: contact points and channels written like seed entries, the version
the editor read, and the audit log."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.core.params import StoredMoment
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
    """A new channel, in the shape of a seed channel; `version` is the contact point's.
    A new number or address needs its `source` (added to the point's sources)."""

    version: int | None = None
    source: SourceSeed | None = None


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
    source: SourceSeed | None = Field(
        default=None, description="needed when the value or the hours change"
    )


class VersionOnly(Strict):
    """Only the version you read (for retiring a contact point)."""

    version: int | None = None


class AuditPublic(BaseModel):
    id: int
    at: StoredMoment
    token_name: str = Field(description="who: a token's or an account's name, or 'seed import'")
    via: str | None = Field(description="api, workspace, cli or import")
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    note: str | None
    proposal_id: int | None


class ProposalPublic(BaseModel):
    """A change waiting for (or after) a steward's review."""

    id: int
    contact_point_id: str
    organisation_id: str
    action: str
    status: str = Field(description="pending, approved, rejected or withdrawn")
    base_version: int = Field(description="the version of the contact point it was written for")
    author: str
    author_via: str
    created_at: StoredMoment
    note: str | None
    reviewer: str | None
    reviewed_at: StoredMoment | None
    review_note: str | None
    before: dict[str, object]
    after: dict[str, object]


class ProposalList(BaseModel):
    items: list[ProposalPublic]


class ReviewNote(Strict):
    """The steward's note with an approval (optional) or a rejection (needed)."""

    note: str | None = Field(default=None, max_length=2000)


class ConfirmBody(Strict):
    """ "Still correct": the version you checked, and an optional note."""

    version: int | None = None
    note: str | None = Field(default=None, max_length=2000)


class FreshnessItem(BaseModel):
    id: str
    name: dict[str, str]
    organisation: str
    last_verified_at: date | None
    confirmed_by: str | None
    days_since_check: int | None
    due: bool = Field(description="not checked for FRESHNESS_DAYS days (or never)")
    verified: bool
    reasons: list[str] = Field(description="never_checked, stale, not_verified, unverified_facts")
    unverified_facts: list[str]


class FreshnessList(BaseModel):
    max_age_days: int
    today: date
    items: list[FreshnessItem]


class AuditPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[AuditPublic]
