"""Landscape CLI: `python -m api.cli validate|import|export|freshness|migrate`, admin tokens
(`create-token|revoke-token|list-tokens`) and workspace accounts (`invite|reset-link|accounts`)."""

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from api.admin import seed_sync, tokens
from api.core import migrate
from api.core.db import get_sessionmaker
from api.core.errors import ServiceError
from api.core.settings import get_settings
from api.landscape import seed_export, seed_io
from api.rules import store as rule_store
from api.rules.triage.document import RulesInvalid
from api.rules.triage.model import RuleSet
from api.workspace import accounts, freshness


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


def _print_sync(report: seed_sync.SyncReport) -> None:
    print(
        f"Imported the landscape: {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged."
    )
    if report.kept:
        print(
            f"Kept {len(report.kept)} contact point(s) changed in the workspace since the last "
            f"import (the seed did not change them): {', '.join(report.kept)}. "
            "`python -m api.cli export` writes them into the seed."
        )
    if report.forced:
        print(f"--force: the seed replaced workspace changes of {', '.join(report.forced)}.")
    if report.conflicts:
        print(
            f"Not imported, changed both in the seed and in the workspace: "
            f"{', '.join(report.conflicts)}. Keep the workspace version with "
            "`python -m api.cli export` (then review the YAML), or the seed's with "
            "`python -m api.cli import --force`.",
            file=sys.stderr,
        )


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
        report = seed_sync.sync(session, seed, force=args.force)
        try:
            loaded = rules is not None and rule_store.import_rules(session, *rules)
        except RulesInvalid as exc:
            for error in exc.errors:
                print(f"rules.yml: {error}", file=sys.stderr)
            print("Nothing was imported.", file=sys.stderr)
            return 1
        session.commit()
    _print_sync(report)
    if rules is not None:
        state = "loaded" if loaded else "unchanged"
        print(f"Rule set {rules[1].version}: {state}.")
    return 0


def _export(args: argparse.Namespace) -> int:
    out_dir: Path = args.out_dir or get_settings().seed_dir
    into_seed = out_dir.resolve() == get_settings().seed_dir.resolve()
    with get_sessionmaker()() as session:
        files = seed_export.export_seed(session, out_dir)
        if into_seed:
            # The seed now says what the database says: the next import has nothing to do.
            entries = [
                entry
                for by_id in seed_export.points_by_organisation(session).values()
                for entry in by_id.values()
            ]
            seed_sync.mark_synced(session, entries)
            session.commit()
    print(f"Exported the approved landscape to {out_dir}: {len(files)} file(s) changed.")
    if into_seed and files:
        print("Review the change with `git diff api/landscape/seed/` and commit it.")
    return 0


def _create_token(args: argparse.Namespace) -> int:
    if args.scope == "read" and (args.organisation or args.contact_point):
        print("A read token reads everything; --organisation needs --scope write.", file=sys.stderr)
        return 1
    migrate.upgrade(get_settings().database_url)
    days = args.days if args.days is not None else get_settings().admin_token_days
    with get_sessionmaker()() as session:
        try:
            secret = tokens.create_token(
                session,
                name=args.name,
                scope=args.scope,
                days=days,
                organisations=args.organisation or [],
                contact_points=args.contact_point or [],
            )
        except tokens.TokenNameTaken as exc:
            print(exc, file=sys.stderr)
            return 1
        session.commit()
    limited = bool(args.organisation or args.contact_point)
    role = tokens.role_of(args.scope, limited=limited)
    print(
        f"Token '{args.name}' ({args.scope}, acts as {role}, expires in {days:g} days) created. "
        "Keep it safe; it is shown only once:"
    )
    print(secret)
    return 0


def _revoke_token(args: argparse.Namespace) -> int:
    with get_sessionmaker()() as session:
        try:
            token = tokens.revoke_token(session, name=args.name)
        except tokens.TokenNotFound as exc:
            print(exc, file=sys.stderr)
            return 1
        session.commit()
        print(f"Token '{token.name}' is revoked; it no longer opens the admin API.")
    return 0


def _list_tokens(_args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    with get_sessionmaker()() as session:
        found = tokens.all_tokens(session)
        for token in found:
            state = tokens.problem(token, now=now) or (
                f"valid until {tokens.aware(token.expires_at):%Y-%m-%d}"
                if token.expires_at
                else "valid"
            )
            limit = ", ".join((token.organisations or []) + (token.contact_points or []))
            role = tokens.actor_of(token).role
            print(f"{token.name}: {token.scope} ({role}{': ' + limit if limit else ''}); {state}")
    print(f"{len(found)} token(s).")
    return 0


def _base_url() -> str:
    settings = get_settings()
    return settings.public_url.rstrip("/") or f"http://{settings.api_host}:{settings.api_port}"


def _invite(args: argparse.Namespace) -> int:
    migrate.upgrade(get_settings().database_url)
    with get_sessionmaker()() as session:
        try:
            account, secret = accounts.invite(
                session,
                name=args.name,
                role=args.role,
                organisations=args.organisation or [],
                contact_points=args.contact_point or [],
                by="cli",
            )
        except ServiceError as exc:
            print(exc.message, file=sys.stderr)
            return 1
    days = get_settings().workspace_invite_days
    print(f"Account '{account.name}' ({account.role}) invited. Send this link in a safe way;")
    print(f"it works once, for {days:g} days, to choose a password:")
    print(f"{_base_url()}/beheer/uitnodiging/{secret}")
    return 0


def _reset_link(args: argparse.Namespace) -> int:
    with get_sessionmaker()() as session:
        account = accounts.by_name(session, args.name)
        if account is None:
            print(f"There is no account '{args.name}'.", file=sys.stderr)
            return 1
        secret = accounts.reset_link(session, account=account, by="cli")
    print(f"A one-time link for '{args.name}' to choose a new password:")
    print(f"{_base_url()}/beheer/uitnodiging/{secret}")
    return 0


def _accounts(_args: argparse.Namespace) -> int:
    with get_sessionmaker()() as session:
        found = accounts.all_accounts(session)
        for account in found:
            scope = ", ".join(account.organisations + account.contact_points)
            state = (
                "blocked"
                if account.disabled_at
                else ("invited" if not account.password_hash else "active")
            )
            print(f"{account.name}: {account.role}{' of ' + scope if scope else ''}; {state}")
    print(f"{len(found)} account(s).")
    return 0


def _freshness(args: argparse.Namespace) -> int:
    days = args.days or get_settings().freshness_days
    today = date.today()
    with get_sessionmaker()() as session:
        found = freshness.due_list(
            session, today=today, max_age_days=days, organisation=args.organisation
        )
    if args.json:
        data = {
            "max_age_days": days,
            "today": today.isoformat(),
            "items": [item.as_json() for item in found],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for item in found:
        why = [
            *([f"not checked for more than {days} days"] if "stale" in item.reasons else []),
            *(["never checked"] if "never_checked" in item.reasons else []),
            *(["not verified"] if not item.verified else []),
            *item.unverified_facts,
        ]
        checked = item.last_verified_at.isoformat() if item.last_verified_at else "never"
        who = f" by {item.confirmed_by}" if item.confirmed_by else ""
        print(f"{item.id} (last checked {checked}{who}; {item.organisation})")
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

    load = commands.add_parser(
        "import",
        help="load the seed into the database; points changed in the workspace since the "
        "last import are kept unless --force",
    )
    load.add_argument("--seed-dir", type=Path, default=seed_dir)
    load.add_argument(
        "--force", action="store_true", help="let the seed win over workspace changes (audited)"
    )
    load.set_defaults(run=_import)

    export = commands.add_parser(
        "export", help="write the approved landscape back as seed YAML (default: the seed itself)"
    )
    export.add_argument("out_dir", type=Path, nargs="?", default=None)
    export.set_defaults(run=_export)

    token = commands.add_parser("create-token", help="create an admin API token")
    token.add_argument("name")
    token.add_argument("--scope", choices=["read", "write"], default="read")
    token.add_argument(
        "--organisation", action="append", help="write only these organisations' points (editor)"
    )
    token.add_argument(
        "--contact-point", action="append", help="write only these contact points (editor)"
    )
    token.add_argument("--days", type=float, default=None, help="default: ADMIN_TOKEN_DAYS (90)")
    token.set_defaults(run=_create_token)

    revoke = commands.add_parser("revoke-token", help="revoke an admin API token by name")
    revoke.add_argument("name")
    revoke.set_defaults(run=_revoke_token)

    commands.add_parser("list-tokens", help="list admin API tokens").set_defaults(run=_list_tokens)

    invite = commands.add_parser(
        "invite", help="invite someone to the workspace: prints a one-time link"
    )
    invite.add_argument("name", help="what they sign in with, e.g. anna.vt-utrecht")
    invite.add_argument("--role", choices=["editor", "steward", "reader"], required=True)
    invite.add_argument("--organisation", action="append", help="an editor's organisation")
    invite.add_argument("--contact-point", action="append", help="an editor's contact point")
    invite.set_defaults(run=_invite)

    reset = commands.add_parser("reset-link", help="a one-time link to choose a new password")
    reset.add_argument("name")
    reset.set_defaults(run=_reset_link)

    commands.add_parser("accounts", help="list workspace accounts").set_defaults(run=_accounts)

    fresh = commands.add_parser(
        "freshness", help="list contact points to re-check (stale or with unverified facts)"
    )
    fresh.add_argument("--days", type=int, default=None, help="default: FRESHNESS_DAYS (180)")
    fresh.add_argument("--organisation", default=None)
    fresh.add_argument(
        "--json", action="store_true", help="the same JSON as GET /v1/admin/freshness"
    )
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
