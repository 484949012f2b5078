"""The bench sends traffic to 127.0.0.1 only."""

from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def require_loopback(url: str) -> str:
    """The URL without a trailing slash; refuses anything that is not loopback."""
    if urlsplit(url).hostname not in LOOPBACK:
        raise ValueError(f"The bench only talks to loopback, not to {url}.")
    return url.rstrip("/")
