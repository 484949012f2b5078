"""Landscape CLI: `python -m api.cli validate|import|export|create-token|freshness|migrate`."""

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from api.admin import tokens
from api.core import migrate
from api.core.db import get_sessionmaker
from api.core.settings import get_settings
from api.insight import freshness
from api.landscape import seed_export, seed_import, seed_io
from api.rules import store as rule_store
from api.rules.triage.document import RulesInvalid
from api.rules.triage.model import RuleSet


def _validate(args: argparse.Namespace) -> int:
    try:
        seed = seed_io.load_seed(args.seed_dir)
    except seed_io.SeedInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} error(s); nothing was imported.", file=sys.stderr)
        return 1
    print(f"The seed is valid: {len(seed.contact_points)} contact points.")
    return _check_rules(args.seed_dir, seed)


def _rules(seed_dir: Path, seed: seed_io.Seed) -> tuple[dict[str, Any], RuleSet] | None:
    """The raw and validated rules.yml of the seed, checked against its active contact points."""
    path = seed_dir / "rules.yml"
    if not path.exists():
        return None
    active = {p.id for p in seed.contact_points if p.status == "active"}
    return rule_store.read_file(path, active)


def _check_rules(seed_dir: Path, seed: seed_io.Seed) -> int:
    try:
        rules = _rules(seed_dir, seed)
    except RulesInvalid as exc:
        for error in exc.errors:
            print(f"rules.yml: {error}", file=sys.stderr)
        print(f"{len(exc.errors)} error(s) in rules.yml; nothing was imported.", file=sys.stderr)
        return 1
    if rules is None:
        print("No rules.yml in the seed directory; the triage rules were not checked.")
    else:
        rule_set = rules[1]
        print(f"The rule set {rule_set.version} is valid: {len(rule_set.rules)} rules.")
    return 0


def _import(args: argparse.Namespace) -> int:
    try:
        seed = seed_io.load_seed(args.seed_dir)
    except seed_io.SeedInvalid as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"{len(exc.errors)} error(s); nothing was imported.", file=sys.stderr)
        return 1
    if _check_rules(args.seed_dir, seed):
        return 1
    rules = _rules(args.seed_dir, seed)
    migrate.upgrade(get_settings().database_url)
    with get_sessionmaker()() as session:
        report = seed_import.import_seed(session, seed)
        try:
            loaded = rules is not None and rule_store.import_rules(session, *rules)
        except RulesInvalid as exc:
            for error in exc.errors:
                print(f"rules.yml: {error}", file=sys.stderr)
            print("Nothing was imported.", file=sys.stderr)
            return 1
        session.commit()
    print(
        f"Imported the landscape: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged."
    )
    if rules is not None:
        state = "loaded" if loaded else "unchanged"
        print(f"Rule set {rules[1].version}: {state}.")
    return 0


def _export(args: argparse.Namespace) -> int:
    with get_sessionmaker()() as session:
        files = seed_export.export_seed(session, args.out_dir)
    print(f"Exported {len(files)} files to {args.out_dir}.")
    return 0


def _create_token(args: argparse.Namespace) -> int:
    migrate.upgrade(get_settings().database_url)
    with get_sessionmaker()() as session:
        try:
            secret = tokens.create_token(session, name=args.name, scope=args.scope)
        except tokens.TokenNameTaken as exc:
            print(exc, file=sys.stderr)
            return 1
        session.commit()
    print(f"Token '{args.name}' ({args.scope}) created. Keep it safe; it is shown only once:")
    print(secret)
    return 0


def _freshness(args: argparse.Namespace) -> int:
    days = args.days or get_settings().freshness_days
    with get_sessionmaker()() as session:
        found = freshness.to_recheck(session, today=date.today(), max_age_days=days)
    for item in found:
        why = [
            *([f"not checked for more than {days} days"] if item.stale else []),
            *(["not verified"] if not item.verified else []),
            *item.unverified_facts,
        ]
        checked = item.last_verified_at.isoformat() if item.last_verified_at else "never"
        print(f"{item.id} (last checked {checked})")
        for reason in why:
            print(f"  - {reason}")
    print(f"{len(found)} contact point(s) to re-check.")
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    migrate.upgrade(get_settings().database_url)
    print("The database schema is up to date.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m api.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    seed_dir = get_settings().seed_dir

    validate = commands.add_parser("validate", help="check the seed files and name every error")
    validate.add_argument("--seed-dir", type=Path, default=seed_dir)
    validate.set_defaults(run=_validate)

    load = commands.add_parser("import", help="load the seed into the database (idempotent)")
    load.add_argument("--seed-dir", type=Path, default=seed_dir)
    load.set_defaults(run=_import)

    export = commands.add_parser("export", help="write the database back as seed YAML")
    export.add_argument("out_dir", type=Path)
    export.set_defaults(run=_export)

    token = commands.add_parser("create-token", help="create an admin API token")
    token.add_argument("name")
    token.add_argument("--scope", choices=["read", "write"], default="write")
    token.set_defaults(run=_create_token)

    fresh = commands.add_parser(
        "freshness", help="list contact points to re-check (stale or with unverified facts)"
    )
    fresh.add_argument("--days", type=int, default=None, help="default: FRESHNESS_DAYS (180)")
    fresh.set_defaults(run=_freshness)

    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        run=_migrate
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
