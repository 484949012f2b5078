"""The admin tables: API tokens (stored as hashes), the audit log of landscape changes, the
proposals that wait for review, the verifications ("still correct") and the seed baseline
that tells an import whether a point was changed in the workspace since the last import."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, utcnow


class ApiToken(Base):
    """An admin API token; only its SHA-256 hash is stored. A `write` token limited to
    organisations or contact points acts as their editor; without a limit, as a steward."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))  # read | write
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # None on tokens made before tokens expired; every new token has a date.
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    organisations: Mapped[list[str] | None] = mapped_column(JSON)
    contact_points: Mapped[list[str] | None] = mapped_column(JSON)


class AuditLog(Base):
    """Who changed what in the landscape (or in the accounts), with the state before and after.
    `token_name` is the actor: a token's or an account's name, or "seed import"."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    token_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(120))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    via: Mapped[str | None] = mapped_column(String(20))  # api | workspace | cli | import
    note: Mapped[str | None] = mapped_column(Text)
    proposal_id: Mapped[int | None] = mapped_column(Integer)


class Proposal(Base):
    """A change to one contact point that waits for a steward: the entry before and after, in
    the shape of a seed entry, and the version it was written against."""

    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_point_id: Mapped[str] = mapped_column(String(80), index=True)
    organisation_id: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))  # update | retire | add_channel | ...
    base_version: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The channel row each channel of `after` updates (None: a new channel), so ids survive.
    channel_ids: Mapped[list[int | None]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    author: Mapped[str] = mapped_column(String(100))
    author_via: Mapped[str] = mapped_column(String(20))  # workspace | api
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reviewer: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    review_note: Mapped[str | None] = mapped_column(Text)


class Verification(Base):
    """Someone confirmed that a contact point is still correct, on a day."""

    __tablename__ = "verification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_point_id: Mapped[str] = mapped_column(
        ForeignKey("contact_point.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    via: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class SeedBaseline(Base):
    """What the last import (or export) left a contact point as: the checksum of its seed
    entry and the database version right after, so the next import can tell who changed it."""

    __tablename__ = "seed_baseline"

    contact_point_id: Mapped[str] = mapped_column(
        ForeignKey("contact_point.id", ondelete="CASCADE"), primary_key=True
    )
    checksum: Mapped[str] = mapped_column(String(64))
    db_version: Mapped[int] = mapped_column(Integer)
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
