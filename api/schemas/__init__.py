"""Request and response bodies of the HTTP API (suffixes: Public, Create, Update, Query)."""
