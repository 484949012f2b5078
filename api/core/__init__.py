"""The parts every feature uses: settings, database, errors, middleware, logging, migrations."""
