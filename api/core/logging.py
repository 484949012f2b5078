"""The one log style of the API process: `event key=value key=value`, printed by `log_event`.

Logs carry event names, outcomes, codes, counts and durations. Never message text, slot
values, session ids, IP addresses or user agents: a field with such a name is written as
`key=[withheld]`, whatever its value."""

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# Field names that could only ever carry what a person typed or who they are.
WITHHELD = frozenset(
    {"text", "message", "payload", "slot", "slots", "session_id", "sender_id", "ip", "client",
     "user_agent", "address", "region", "place"}
)  # fmt: skip


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    shown = str(value)
    return f'"{shown}"' if not shown or any(c.isspace() or c == "=" for c in shown) else shown


def format_event(event: str, fields: dict[str, object]) -> str:
    """`event key=value ...` in the order given; withheld fields never show their value."""
    parts = [event]
    for key, value in fields.items():
        parts.append(f"{key}=[withheld]" if key in WITHHELD else f"{key}={_value(value)}")
    return " ".join(parts)


def log_event(
    logger: logging.Logger, event: str, /, level: int = logging.INFO, **fields: object
) -> None:
    """Log one event with its fields, e.g. `log_event(log, "chat.message", outcome="ok")`."""
    if logger.isEnabledFor(level):
        logger.log(level, format_event(event, fields))


def configure(level: str) -> None:
    """The process's log format and level; libraries that log URLs are kept quiet."""
    logging.basicConfig(level=level, format=FORMAT)
    # httpx logs every request URL at INFO, and the bot channel's URLs hold session ids.
    logging.getLogger("httpx").setLevel(logging.WARNING)
