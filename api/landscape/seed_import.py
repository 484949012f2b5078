"""Load a validated seed into the database in one transaction: unchanged rows stay as they are,
so a second import changes nothing."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.landscape import hours, models, serialise
from api.landscape.seed_export import canonical, point_to_seed
from api.landscape.seed_io import Seed
from api.landscape.seed_schema import TAXONOMIES, ChannelSeed, ContactPointSeed, SourceSeed


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _source_rows(sources: list[SourceSeed]) -> list[models.Source]:
    return [
        models.Source(url=s.url, seen=s.seen, verified=s.verified, note=s.note, position=i)
        for i, s in enumerate(sources)
    ]


def _same_sources(rows: list[models.Source], seeds: list[SourceSeed]) -> bool:
    return serialise.sources(rows) == [s.model_dump() for s in seeds]


def apply_point(session: Session, point: models.ContactPoint, seed: ContactPointSeed) -> None:
    """Write a seed entry onto a (new or existing) contact point row, children included."""
    # Autoflush would write a half-filled new row; the caller's flush writes it whole.
    with session.no_autoflush:
        point.organisation_id = seed.organisation
        # The relationship too, so a changed organisation shows at once (not after a reload).
        point.organisation = session.get(models.Organisation, seed.organisation)  # type: ignore[assignment]
        point.name_nl, point.name_en = seed.name.nl, seed.name.en
        point.kind = seed.kind
        point.description_nl, point.description_en = seed.description.nl, seed.description.en
        point.what_happens_nl, point.what_happens_en = seed.what_happens.nl, seed.what_happens.en
        point.area_scope = seed.area.scope
        point.confidential_location = seed.confidential_location
        point.address = None if seed.confidential_location else seed.address
        point.status = seed.status
        point.verified = seed.verified
        point.last_verified_at = seed.last_verified_at
        point.notes = seed.notes
        term_ids = [f"{t}.{code}" for t in TAXONOMIES for code in getattr(seed.serves, t)]
        point.terms = list(
            session.scalars(select(models.TaxonomyTerm).where(models.TaxonomyTerm.id.in_(term_ids)))
        )
        point.regions = list(
            session.scalars(select(models.Region).where(models.Region.id.in_(seed.area.regions)))
        )
        point.sources = _source_rows(seed.sources)
        point.unverified_facts = [
            models.UnverifiedFact(contact_point_id=seed.id, text=text, position=i)
            for i, text in enumerate(seed.unverified_facts)
        ]
        point.channels = [_channel_row(seed.id, i, c) for i, c in enumerate(seed.channels)]


def _channel_row(point_id: str, position: int, seed: ChannelSeed) -> models.Channel:
    schedule = hours.parse(seed.hours)
    return models.Channel(
        position=position,
        type=seed.type,
        value=seed.value,
        label_nl=seed.label.nl if seed.label else None,
        label_en=seed.label.en if seed.label else None,
        hours=seed.hours,
        always_open=schedule.always_open,
        hours_known=schedule.known,
        closed_on_public_holidays=schedule.closed_on_public_holidays,
        cost=seed.cost,
        anonymous=seed.anonymous,
        languages=list(seed.languages),
        note_nl=seed.note.nl if seed.note else None,
        note_en=seed.note.en if seed.note else None,
        slots=[
            models.ScheduleSlot(weekday=s.weekday, opens_minute=s.opens, closes_minute=s.closes)
            for s in schedule.slots
        ],
        unverified_facts=[
            models.UnverifiedFact(contact_point_id=point_id, text=text, position=i)
            for i, text in enumerate(seed.unverified_facts)
        ],
    )


def _import_taxonomies(session: Session, seed: Seed) -> None:
    for position, taxonomy in enumerate(seed.taxonomies):
        row = session.get(models.Taxonomy, taxonomy.id) or models.Taxonomy(id=taxonomy.id)
        row.name_nl, row.name_en, row.position = taxonomy.name.nl, taxonomy.name.en, position
        session.add(row)
        for term_position, term in enumerate(taxonomy.terms):
            term_id = f"{taxonomy.id}.{term.code}"
            term_row = session.get(models.TaxonomyTerm, term_id) or models.TaxonomyTerm(
                id=term_id, taxonomy_id=taxonomy.id, code=term.code
            )
            term_row.label_nl, term_row.label_en = term.label.nl, term.label.en
            term_row.position = term_position
            session.add(term_row)


def _import_regions(session: Session, seed: Seed) -> None:
    for region in seed.regions:
        row = session.get(models.Region, region.id) or models.Region(id=region.id)
        values = {
            "name": region.name,
            "kind": region.kind,
            "provinces": list(region.provinces),
            "municipalities": list(region.municipalities),
            "postcode_ranges": [list(r) for r in region.postcode_ranges],
            "verified": region.verified,
            "note": region.note,
        }
        for key, value in values.items():
            if getattr(row, key, None) != value:
                setattr(row, key, value)
        if not _same_sources(row.sources, region.sources):
            row.sources = _source_rows(region.sources)
        session.add(row)


def _import_organisations(session: Session, seed: Seed) -> None:
    for organisation in seed.organisations:
        row = session.get(models.Organisation, organisation.id) or models.Organisation(
            id=organisation.id
        )
        row.name, row.url = organisation.name, organisation.url
        row.description_nl = organisation.description.nl
        row.description_en = organisation.description.en
        if not _same_sources(row.sources, organisation.sources):
            row.sources = _source_rows(organisation.sources)
        session.add(row)


def import_reference_data(session: Session, seed: Seed) -> None:
    """Taxonomies, regions and organisations: the seed is their source of truth, always."""
    _import_taxonomies(session, seed)
    _import_regions(session, seed)
    _import_organisations(session, seed)
    session.flush()


def same_as_seed(row: models.ContactPoint, entry: ContactPointSeed) -> bool:
    """Whether the row holds exactly what the seed entry says."""
    return canonical(point_to_seed(serialise.contact_point(row))) == canonical(entry)


def import_seed(session: Session, seed: Seed) -> ImportReport:
    """Bring the database in line with the seed in one transaction; unchanged rows stay as
    they are, so a second run changes nothing. Contact points not in the seed are kept.
    (`api.cli import` goes through api/admin/seed_sync.py, which also keeps workspace edits.)"""
    report = ImportReport()
    with session.begin_nested() if session.in_transaction() else session.begin():
        import_reference_data(session, seed)
        for entry in seed.contact_points:
            row = session.get(models.ContactPoint, entry.id)
            if row is None:
                row = models.ContactPoint(id=entry.id)
                apply_point(session, row, entry)
                session.add(row)
                report.created.append(entry.id)
            elif not same_as_seed(row, entry):
                apply_point(session, row, entry)
                report.updated.append(entry.id)
            else:
                report.unchanged.append(entry.id)
    return report
