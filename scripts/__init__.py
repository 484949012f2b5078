"""Developer commands: the one-command stack (`python -m scripts.stack`) and the test runner."""
