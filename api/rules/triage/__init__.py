"""The triage engine: a named, versioned rule set (api/landscape/seed/rules.yml) applied to
anonymous facts over a plain copy of the landscape. Pure: no FastAPI or SQLAlchemy types in
here, so the policy can be tested with tables."""
