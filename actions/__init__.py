"""Custom actions of the Wegwijzer bot, one module per concern.

The imports register every action with the rasa-sdk action server. Importing does one thing
more: it puts the guard of actions/guard.py around rasa-sdk's executor, so that no failing
action can write the conversation to a log, and every failure still gives the 24/7 lines.
"""

from actions import guard

guard.install()

from actions import (  # noqa: E402, F401
    extraction,
    feedback,
    greet,
    language,
    recommend,
    repeat,
    rephrase,
    restart,
    summary,
    triage,
)
