"""Wegwijzer service: the map of Dutch help points, the triage engine and the chat gateway."""
