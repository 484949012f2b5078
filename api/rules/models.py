"""The triage rule set as loaded into the database: each import of a changed rules.yml adds a
rule set (version, checksum) with its rules; the newest one is the one in use."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.db import Base, utcnow


class RuleSetRow(Base):
    """One version of the rule set; `settings` holds its scoring settings as written."""

    __tablename__ = "rule_set"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(60), unique=True)
    checksum: Mapped[str] = mapped_column(String(64))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    rules: Mapped[list["RuleRow"]] = relationship(
        back_populates="rule_set", cascade="all, delete-orphan", order_by="RuleRow.position"
    )


class RuleRow(Base):
    """One named rule; `definition` is the rule exactly as written in rules.yml."""

    __tablename__ = "rule"
    __table_args__ = (UniqueConstraint("rule_set_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule_set_id: Mapped[int] = mapped_column(ForeignKey("rule_set.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)

    rule_set: Mapped[RuleSetRow] = relationship(back_populates="rules")
