"""One log style for the action server: an event name and key=value fields, printed by any
formatter (rasa-sdk's own ignores `extra`). Never message text or slot values."""

from __future__ import annotations

import logging


def log_event(
    logger: logging.Logger, event: str, level: int = logging.INFO, **fields: object
) -> None:
    """Log `event key=value …`."""
    if logger.isEnabledFor(level):
        logger.log(level, " ".join([event, *(f"{k}={v}" for k, v in fields.items())]))
