"""Custom actions of the Wegwijzer bot, one module per concern.

The imports register every action with the rasa-sdk action server; importing does no work.
"""

from actions import (  # noqa: F401
    extraction,
    feedback,
    language,
    recommend,
    repeat,
    rephrase,
    restart,
    summary,
    triage,
)
