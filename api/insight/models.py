"""Anonymous triage outcomes: one row per recommendation shown in the chat, structured
categories only.

No column can hold free text, a session id, a place or a time: every text column is a foreign
key to a taxonomy term, a national contact point, an organisation or a province; the rest are
the week, booleans, small enums and counts (a test checks this over the table definitions).
A regional contact point shown is kept only as its organisation and province(s), so that a
row never points at a few municipalities."""

from datetime import date

from sqlalchemy import Boolean, Column, Date, Enum, ForeignKey, Integer, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.db import Base
from api.landscape.models import ContactPoint, Organisation, Region, TaxonomyTerm

outcome_concern = Table(
    "outcome_concern",
    Base.metadata,
    Column("outcome_id", ForeignKey("outcome.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True),
)

outcome_need = Table(
    "outcome_need",
    Base.metadata,
    Column("outcome_id", ForeignKey("outcome.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True),
)

outcome_recommendation = Table(
    "outcome_recommendation",
    Base.metadata,
    Column("outcome_id", ForeignKey("outcome.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_point_id", ForeignKey("contact_point.id"), primary_key=True),
)


class OutcomeRegional(Base):
    """A regional place shown, generalised: its organisation and one province it serves."""

    __tablename__ = "outcome_regional"

    outcome_id: Mapped[int] = mapped_column(
        ForeignKey("outcome.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    province_id: Mapped[str] = mapped_column(ForeignKey("region.id"), primary_key=True)

    organisation: Mapped[Organisation] = relationship()
    province: Mapped[Region] = relationship()


class Outcome(Base):
    """One anonymous triage outcome; `week` is the Monday of its ISO week (the server's own
    date, never the day or the time). The database column is still called `day`."""

    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    week: Mapped[date] = mapped_column("day", Date)
    language: Mapped[str] = mapped_column(
        Enum("nl", "en", name="outcome_language", native_enum=False)
    )
    role_term_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    timing_term_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    age_term_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    specific_match: Mapped[bool] = mapped_column(Boolean)
    feedback_given: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback_yes: Mapped[int] = mapped_column(Integer, default=0)
    feedback_partly: Mapped[int] = mapped_column(Integer, default=0)
    feedback_no: Mapped[int] = mapped_column(Integer, default=0)

    role: Mapped[TaxonomyTerm | None] = relationship(foreign_keys=[role_term_id])
    timing: Mapped[TaxonomyTerm | None] = relationship(foreign_keys=[timing_term_id])
    age: Mapped[TaxonomyTerm | None] = relationship(foreign_keys=[age_term_id])
    concerns: Mapped[list[TaxonomyTerm]] = relationship(secondary=outcome_concern)
    needs: Mapped[list[TaxonomyTerm]] = relationship(secondary=outcome_need)
    # National places only; regional ones are generalised in `regional`.
    recommended: Mapped[list[ContactPoint]] = relationship(secondary=outcome_recommendation)
    regional: Mapped[list[OutcomeRegional]] = relationship(cascade="all, delete-orphan")
