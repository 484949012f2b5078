"""The landscape map as tables: organisations, contact points, channels, schedules, regions,
the classification taxonomy and sources."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.db import Base, utcnow

contact_point_term = Table(
    "contact_point_term",
    Base.metadata,
    Column(
        "contact_point_id", ForeignKey("contact_point.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("term_id", ForeignKey("taxonomy_term.id", ondelete="CASCADE"), primary_key=True),
)

contact_point_region = Table(
    "contact_point_region",
    Base.metadata,
    Column(
        "contact_point_id", ForeignKey("contact_point.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("region_id", ForeignKey("region.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")

    contact_points: Mapped[list["ContactPoint"]] = relationship(back_populates="organisation")
    sources: Mapped[list["Source"]] = relationship(
        primaryjoin="Organisation.id == Source.organisation_id",
        cascade="all, delete-orphan",
        order_by="Source.position",
    )


class Region(Base):
    """A province or a regional service area; postcodes and municipalities map to it."""

    __tablename__ = "region"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    provinces: Mapped[list[str]] = mapped_column(JSON, default=list)
    municipalities: Mapped[list[str]] = mapped_column(JSON, default=list)
    postcode_ranges: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)

    sources: Mapped[list["Source"]] = relationship(
        primaryjoin="Region.id == Source.region_id",
        cascade="all, delete-orphan",
        order_by="Source.position",
    )


class Taxonomy(Base):
    __tablename__ = "taxonomy"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    terms: Mapped[list["TaxonomyTerm"]] = relationship(
        back_populates="taxonomy", cascade="all, delete-orphan", order_by="TaxonomyTerm.position"
    )


class TaxonomyTerm(Base):
    """One term of a taxonomy; its id is `<taxonomy>.<code>`, e.g. `role.victim`."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy_id", "code"),)

    id: Mapped[str] = mapped_column(String(90), primary_key=True)
    taxonomy_id: Mapped[str] = mapped_column(ForeignKey("taxonomy.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(50))
    label_nl: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    taxonomy: Mapped[Taxonomy] = relationship(back_populates="terms")


class ContactPoint(Base):
    """A place to contact for help (HSDS "service")."""

    __tablename__ = "contact_point"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"))
    name_nl: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(60))
    description_nl: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    what_happens_nl: Mapped[str] = mapped_column(Text)
    what_happens_en: Mapped[str] = mapped_column(Text)
    area_scope: Mapped[str] = mapped_column(String(20), default="national")
    confidential_location: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="active")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    last_verified_at: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="contact_points")
    channels: Mapped[list["Channel"]] = relationship(
        back_populates="contact_point", cascade="all, delete-orphan", order_by="Channel.position"
    )
    terms: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=contact_point_term,
        order_by="(TaxonomyTerm.taxonomy_id, TaxonomyTerm.position)",
    )
    regions: Mapped[list[Region]] = relationship(
        secondary=contact_point_region, order_by="Region.id"
    )
    sources: Mapped[list["Source"]] = relationship(
        primaryjoin="ContactPoint.id == Source.contact_point_id",
        cascade="all, delete-orphan",
        order_by="Source.position",
    )
    unverified_facts: Mapped[list["UnverifiedFact"]] = relationship(
        primaryjoin="and_(ContactPoint.id == UnverifiedFact.contact_point_id, "
        "UnverifiedFact.channel_id.is_(None))",
        cascade="all, delete-orphan",
        order_by="UnverifiedFact.position",
        overlaps="unverified_facts",
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    def codes(self, taxonomy: str) -> list[str]:
        """The term codes of one taxonomy this contact point is classified with."""
        return [t.code for t in self.terms if t.taxonomy_id == taxonomy]


class Channel(Base):
    """One way to reach a contact point, with its weekly schedule."""

    __tablename__ = "channel"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_point_id: Mapped[str] = mapped_column(
        ForeignKey("contact_point.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    type: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(500))
    label_nl: Mapped[str | None] = mapped_column(String(200))
    label_en: Mapped[str | None] = mapped_column(String(200))
    # The schedule as written in the seed ("Mo-Fr 09:00-17:00; PH off"); the rows in
    # schedule_slot and the three flags below are parsed from it and kept in sync.
    hours: Mapped[str] = mapped_column(String(300), default="unknown")
    always_open: Mapped[bool] = mapped_column(Boolean, default=False)
    hours_known: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on_public_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    cost: Mapped[str] = mapped_column(String(20), default="unknown")
    anonymous: Mapped[str] = mapped_column(String(10), default="unknown")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    note_nl: Mapped[str | None] = mapped_column(Text)
    note_en: Mapped[str | None] = mapped_column(Text)

    contact_point: Mapped[ContactPoint] = relationship(back_populates="channels")
    slots: Mapped[list["ScheduleSlot"]] = relationship(
        cascade="all, delete-orphan", order_by="(ScheduleSlot.weekday, ScheduleSlot.opens_minute)"
    )
    unverified_facts: Mapped[list["UnverifiedFact"]] = relationship(
        primaryjoin="Channel.id == UnverifiedFact.channel_id",
        cascade="all, delete-orphan",
        order_by="UnverifiedFact.position",
        overlaps="unverified_facts",
    )


class ScheduleSlot(Base):
    """An opening period on one weekday (0 = Monday), in minutes since midnight, Amsterdam time.
    A period whose closing minute is not after its opening minute runs past midnight."""

    __tablename__ = "schedule_slot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)
    opens_minute: Mapped[int] = mapped_column(Integer)
    closes_minute: Mapped[int] = mapped_column(Integer)


class Source(Base):
    """A public page a fact was taken from."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_point_id: Mapped[str | None] = mapped_column(
        ForeignKey("contact_point.id", ondelete="CASCADE")
    )
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE")
    )
    region_id: Mapped[str | None] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(String(1000))
    seen: Mapped[str | None] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(Text)


class UnverifiedFact(Base):
    """A fact the research could not confirm; shown to maintainers, never presented as certain."""

    __tablename__ = "unverified_fact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_point_id: Mapped[str] = mapped_column(
        ForeignKey("contact_point.id", ondelete="CASCADE")
    )
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
