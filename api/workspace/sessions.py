"""Server-side sessions of the workspace, in the database (so every API replica sees them):
the browser holds only a random cookie; the row holds its hash, the CSRF token and when it
ends (after WORKSPACE_SESSION_IDLE_MINUTES without use, or WORKSPACE_SESSION_MAX_HOURS)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.admin.tokens import aware
from api.core.settings import get_settings
from api.workspace import passwords
from api.workspace.models import Account, WebSession

# Writing last_seen_at on every page would make every read a write; once a minute is enough.
TOUCH_SECONDS = 60


def cookie_name(secure: bool) -> str:
    """`__Host-` cookies are bound to this host and path, and need Secure."""
    return "__Host-beheer" if secure else "beheer"


def start(session: Session, account: Account, *, now: datetime) -> str:
    """A new session for the account; returns the cookie value (commits)."""
    secret = passwords.new_secret()
    hours = get_settings().workspace_session_max_hours
    session.add(
        WebSession(
            id=passwords.digest(secret),
            account_id=account.id,
            csrf_token=passwords.new_secret(),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    session.commit()
    return secret


def load(session: Session, secret: str | None, *, now: datetime) -> WebSession | None:
    """The live session for this cookie value; an expired one is deleted."""
    if not secret or len(secret) > 100:
        return None
    found = session.get(WebSession, passwords.digest(secret))
    if found is None:
        return None
    idle = timedelta(minutes=get_settings().workspace_session_idle_minutes)
    last_seen = aware(found.last_seen_at)
    if aware(found.expires_at) <= now or last_seen + idle <= now or found.account.disabled_at:
        session.delete(found)
        session.commit()
        return None
    if (now - last_seen).total_seconds() >= TOUCH_SECONDS:
        found.last_seen_at = now
        session.commit()
    return found


def end(session: Session, secret: str | None) -> None:
    """Sign this browser out (commits)."""
    if secret:
        session.execute(delete(WebSession).where(WebSession.id == passwords.digest(secret)))
        session.commit()


def purge(session: Session, *, now: datetime | None = None) -> int:
    """Delete sessions past their absolute end (housekeeping; commits)."""
    moment = now or datetime.now(UTC)
    result = session.execute(delete(WebSession).where(WebSession.expires_at <= moment))
    session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
