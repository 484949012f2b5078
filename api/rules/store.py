"""The rule set in the database: load a validated rules.yml as a new version (idempotent), and
read back the version in use."""

from collections.abc import Collection
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.rules.models import RuleRow, RuleSetRow
from api.rules.triage import document, loader
from api.rules.triage.model import RuleSet


def read_file(path: Path, known_ids: Collection[str] | None) -> tuple[dict[str, Any], RuleSet]:
    """The raw document and the validated rule set of a rules.yml file."""
    raw = document.read(path)
    return raw, loader.parse(raw, known_ids)


def latest(session: Session) -> RuleSetRow | None:
    return session.scalars(select(RuleSetRow).order_by(RuleSetRow.id.desc()).limit(1)).first()


def import_rules(session: Session, raw: dict[str, Any], rule_set: RuleSet) -> bool:
    """Store the rule set as the version in use; False when it is already in use unchanged.
    A changed rule set must carry a new version, so every answer can be traced to one."""
    current = latest(session)
    if current is not None and current.checksum == rule_set.checksum:
        return False
    taken = session.scalars(select(RuleSetRow).where(RuleSetRow.version == rule_set.version))
    if taken.first() is not None:
        raise document.RulesInvalid(
            [
                f"version: '{rule_set.version}' was loaded before with other content; "
                "give the changed rule set a new version"
            ]
        )
    session.add(
        RuleSetRow(
            version=rule_set.version,
            checksum=rule_set.checksum,
            settings=raw.get("settings") or {},
            rules=[
                RuleRow(
                    name=rule.name,
                    position=position,
                    description=rule.description,
                    source=rule.source,
                    definition=definition,
                )
                for position, (rule, definition) in enumerate(
                    zip(rule_set.rules, raw["rules"], strict=True)
                )
            ],
        )
    )
    session.flush()
    return True


def load_active(session: Session) -> RuleSet | None:
    """The rule set in use, rebuilt from its stored rules (None when none was loaded)."""
    row = latest(session)
    if row is None:
        return None
    raw = {
        "version": row.version,
        "settings": row.settings,
        "rules": [rule.definition for rule in row.rules],
    }
    # Contact points retired after the import are skipped by the engine, so ids are not
    # checked again here: a retired place must not take the whole engine down.
    return loader.parse(raw)


def marker(session: Session) -> int | None:
    """Changes whenever another rule set comes into use."""
    row = latest(session)
    return row.id if row else None
