"""Triage: POST /v1/recommendations, the rule set in the database, and the pure engine in
`triage/`."""
