"""Seed and database agree. After the first import the database is the source of truth for
contact points (the workspace changes it, with review); `api.cli export` writes it back to the
seed YAML for git. An import brings in a point's seed change only when the point was not
changed in the workspace since the last import or export; when both changed, it is a conflict
that is left alone unless forced. Every write of the import is in the audit log."""

import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin import audit
from api.admin.models import AuditLog, SeedBaseline
from api.admin.roles import Actor
from api.core.db import utcnow
from api.landscape import models, seed_import
from api.landscape.seed_export import canonical
from api.landscape.seed_io import Seed
from api.landscape.seed_schema import ContactPointSeed

IMPORT = Actor.of(name="seed import", role="steward", via="import")
# The notes of the import's audit rows (the workspace shows them in the page's language).
NOTE_NEW = "new in the seed"
NOTE_CHANGED = "changed in the seed"
NOTE_FORCED = "changed in the seed and in the workspace; --force: the seed wins"
NOTES = {NOTE_NEW: "new", NOTE_CHANGED: "changed", NOTE_FORCED: "forced"}


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # changed in the workspace since the last import, unchanged in the seed: the database wins
    kept: list[str] = field(default_factory=list)
    # changed on both sides: left as in the database (without --force)
    conflicts: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)


def checksum(entry: ContactPointSeed) -> str:
    """A fingerprint of a seed entry that ignores the order of unordered lists."""
    text = json.dumps(canonical(entry), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _remember(session: Session, point: models.ContactPoint, entry_sum: str) -> None:
    """Record that the seed entry with this checksum and the point's version agree."""
    baseline = session.get(SeedBaseline, point.id) or SeedBaseline(contact_point_id=point.id)
    baseline.checksum, baseline.db_version, baseline.synced_at = entry_sum, point.version, utcnow()
    session.add(baseline)


def _changed_outside_import(session: Session, point_id: str) -> bool:
    """For a point without a baseline (a database from before baselines): any audited change."""
    found = session.scalar(
        select(AuditLog.id)
        .where(AuditLog.entity_type.in_(("contact_point", "channel")))
        .where(
            (AuditLog.entity_id == point_id)
            | AuditLog.entity_id.startswith(f"{point_id}/", autoescape=True)
        )
        .where(AuditLog.via.is_(None) | (AuditLog.via != "import"))
        .where(AuditLog.action.not_in(("propose", "reject", "withdraw")))
        .limit(1)
    )
    return found is not None


def _write(
    session: Session, row: models.ContactPoint, entry: ContactPointSeed, *, action: str, note: str
) -> None:
    before = audit.entry(row) if row in session else None
    seed_import.apply_point(session, row, entry)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=IMPORT,
        action=action,
        entity=("contact_point", row.id),
        before=before,
        after=audit.entry(row),
        note=note,
    )


def sync(session: Session, seed: Seed, *, force: bool = False) -> SyncReport:
    """Import the seed without overwriting workspace changes (unless `force`); one transaction."""
    report = SyncReport()
    with session.begin_nested() if session.in_transaction() else session.begin():
        seed_import.import_reference_data(session, seed)
        for entry in seed.contact_points:
            entry_sum = checksum(entry)
            row = session.get(models.ContactPoint, entry.id)
            if row is None:
                row = models.ContactPoint(id=entry.id)
                _write(session, row, entry, action="import", note=NOTE_NEW)
                _remember(session, row, entry_sum)
                report.created.append(entry.id)
                continue
            if seed_import.same_as_seed(row, entry):
                baseline = session.get(SeedBaseline, entry.id)
                if baseline is None or (baseline.checksum, baseline.db_version) != (
                    entry_sum,
                    row.version,
                ):
                    _remember(session, row, entry_sum)
                report.unchanged.append(entry.id)
                continue
            baseline = session.get(SeedBaseline, entry.id)
            if baseline is not None:
                seed_changed = baseline.checksum != entry_sum
                db_changed = baseline.db_version != row.version
            else:
                seed_changed, db_changed = True, _changed_outside_import(session, entry.id)
            if not db_changed:
                _write(session, row, entry, action="import", note=NOTE_CHANGED)
                _remember(session, row, entry_sum)
                report.updated.append(entry.id)
            elif not seed_changed:
                report.kept.append(entry.id)
            elif force:
                _write(
                    session,
                    row,
                    entry,
                    action="import_forced",
                    note=NOTE_FORCED,
                )
                _remember(session, row, entry_sum)
                report.forced.append(entry.id)
            else:
                report.conflicts.append(entry.id)
    return report


def mark_synced(session: Session, entries: list[ContactPointSeed]) -> None:
    """After an export into the seed: these entries and the database agree (the caller commits)."""
    for entry in entries:
        row = session.get(models.ContactPoint, entry.id)
        if row is not None:
            _remember(session, row, checksum(entry))
