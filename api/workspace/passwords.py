"""Passwords and one-time secrets: scrypt with a salt of its own per password, compared in
constant time; links and cookies are random and stored as SHA-256 (they are long enough)."""

import base64
import hashlib
import hmac
import secrets

# 16 MiB of memory per hash (128 * r * n), about 50 ms: slow for a guesser, fine for a person.
N, R, P = 2**14, 8, 1
MIN_LENGTH, MAX_LENGTH = 12, 200
COMMON = frozenset(
    {"wachtwoord123", "welkom123456", "password1234", "123456789012", "qwertyuiopas",
     "wegwijzer123", "veiligthuis1", "wachtwoord12", "welkomwelkom"}
)  # fmt: skip


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash`, everything needed to check it later."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, stored: str | None) -> bool:
    """Whether `password` matches `stored`; without a stored hash it still does the work, so
    the answer takes as long for an unknown name as for a wrong password."""
    if not stored:
        hashlib.scrypt(password.encode(), salt=b"0" * 16, n=N, r=R, p=P, dklen=32)
        return False
    try:
        _, n, r, p, salt, digest = stored.split("$")
        found = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, base64.b64decode(digest))


def password_problem(password: str, *, name: str) -> str | None:
    """A message key when the password is too weak, else None."""
    if len(password) < MIN_LENGTH:
        return "password_short"
    if len(password) > MAX_LENGTH:
        return "password_long"
    lowered = password.lower()
    if lowered in COMMON or name.lower() in lowered or len(set(lowered)) < 5:
        return "password_guessable"
    return None


def new_secret() -> str:
    """A random secret for a link or a cookie."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """How a link or cookie secret is stored and looked up."""
    return hashlib.sha256(secret.encode()).hexdigest()
