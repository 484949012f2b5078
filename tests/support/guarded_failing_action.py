"""The failing test action of tests/support/failing_action.py, served the way production
serves actions: importing the project's `actions` package puts its guard around rasa-sdk's
executor (`rasa run actions --actions tests.support.guarded_failing_action`)."""

import actions  # noqa: F401  (the guard, exactly as `--actions actions` installs it)
from tests.support.failing_action import ActionCheck  # noqa: F401
