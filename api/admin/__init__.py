"""The admin API: token-protected changes to the landscape, with an audit log."""
