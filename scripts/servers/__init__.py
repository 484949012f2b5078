"""The servers of the scaled stack, from Debian's packages, run by the project itself.

Redis (conversations and locks of the bot, the gateway's shared limits), PostgreSQL (the
landscape database) and haproxy (the one public origin, and the balancer in front of the Rasa
replicas). Each lives in its own folder (under `var/` for `make run-scaled`, a temporary folder
in tests), listens on 127.0.0.1 only, and uses a password generated on first use and kept in
that folder with mode 0600. Nothing here installs packages: `scripts/install-servers` does.

Standard library only: the tests in both Python environments import this package.
"""
