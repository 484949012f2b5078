"""The workspace on a copy of the real seed: people with their own browsers (cookies), made
by invitation as a steward would, and signed in through the pages."""

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.core import migrate
from api.core.db import make_engine
from api.core.settings import get_settings
from api.landscape import seed_import, seed_io
from api.workspace import accounts
from tests.api.conftest import LandscapeApp
from tests.api.databases import Databases
from tests.api.workspace.browser import Person

PASSWORD = "lange zin om te onthouden"
SOURCE_FIELDS = {"change-url": "https://www.veiligthuis.nl/contact", "change-seen": "2026-11-30"}


@pytest.fixture(scope="session")
def real_seed_template(databases: Databases) -> str:
    """A database with the real seed, built once and copied by each test."""
    from sqlalchemy.orm import sessionmaker

    url = databases.new("workspace_template")
    migrate.upgrade(url)
    engine = make_engine(url)
    with sessionmaker(bind=engine)() as session:
        seed_import.import_seed(session, seed_io.load_seed(get_settings().seed_dir))
        session.commit()
    engine.dispose()
    return url


class Workspace:
    """The app on its own database, and a way to make people who use it."""

    def __init__(self, app: LandscapeApp) -> None:
        self.app = app

    def invite(
        self,
        name: str,
        role: str = "editor",
        *,
        organisations: tuple[str, ...] = (),
        contact_points: tuple[str, ...] = (),
    ) -> str:
        with self.app.sessions() as session:
            _, secret = accounts.invite(
                session,
                name=name,
                role=role,
                organisations=organisations,
                contact_points=contact_points,
                by="test",
            )
        return secret

    def browser(self) -> Person:
        return Person(TestClient(self.app.client.app))

    def person(
        self,
        name: str,
        role: str = "editor",
        *,
        organisations: tuple[str, ...] = (),
        contact_points: tuple[str, ...] = (),
    ) -> Person:
        """Invited, password chosen through the invitation page, signed in."""
        secret = self.invite(name, role, organisations=organisations, contact_points=contact_points)
        person = self.browser()
        page = person.get(f"/beheer/uitnodiging/{secret}")
        assert page.status_code == 200, page.text
        done = person.submit(page, "", password=PASSWORD, password_again=PASSWORD)
        assert done.status_code == 200 and "/beheer/" in str(done.url), done.text
        return person


@pytest.fixture
def workspace(real_seed_template: str, databases: Databases) -> Iterator[Workspace]:
    app = LandscapeApp(databases.copy(real_seed_template, "workspace"))
    yield Workspace(app)
    app.close()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)
