"""The maintainers' workspace under /beheer/: accounts, sessions, forms, review and preview."""
