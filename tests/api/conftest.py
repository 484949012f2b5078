"""API tests run against a real database, migrated and loaded with the seed: SQLite files by
default, a real PostgreSQL started by the harness with TEST_DATABASE=postgresql
(tests/api/databases.py)."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.core import db, migrate, settings
from api.core.db import get_sessionmaker
from api.core.settings import get_settings
from api.landscape import seed_import, seed_io
from api.main import create_app
from tests.api.databases import Databases
from tests.api.databases import databases as open_databases

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_LANDSCAPE = ROOT / "tests" / "fixtures" / "landscape"
SETTINGS_CACHES = (settings.get_settings, db.get_engine, db.get_sessionmaker)


def use_database(url: str) -> None:
    """Point the settings, and so the app and the CLI, at `url`."""
    os.environ["DATABASE_URL"] = url
    for cached in SETTINGS_CACHES:
        cached.cache_clear()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """Where this session's test databases come from (SQLite or PostgreSQL)."""
    with open_databases(tmp_path_factory.mktemp("databases")) as made:
        yield made


@pytest.fixture(scope="session")
def loaded_db(databases: Databases) -> Iterator[str]:
    """The session's database with the real seed imported."""
    url = databases.new("api")
    use_database(url)
    migrate.upgrade(url)
    with get_sessionmaker()() as session:
        seed_import.import_seed(session, seed_io.load_seed(get_settings().seed_dir))
        session.commit()
    yield url
    db.get_engine().dispose()


@pytest.fixture
def session(loaded_db: str) -> Iterator[Session]:
    with get_sessionmaker()() as db_session:
        yield db_session


@pytest.fixture(scope="session")
def client(loaded_db: str) -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def fixture_seed_dir(tmp_path: Path) -> Path:
    """The small hand-built landscape, with the real taxonomy."""
    target = tmp_path / "landscape"
    shutil.copytree(FIXTURE_LANDSCAPE, target)
    shutil.copy(get_settings().seed_dir / "taxonomy.yml", target / "taxonomy.yml")
    return target


@pytest.fixture
def fresh_session(databases: Databases) -> Iterator[Session]:
    """A session on a new, empty, migrated database of its own."""
    from sqlalchemy.orm import sessionmaker

    from api.core.db import make_engine

    url = databases.new("fresh")
    migrate.upgrade(url)
    engine = make_engine(url)
    with sessionmaker(bind=engine, expire_on_commit=False)() as db_session:
        yield db_session
    engine.dispose()


def _load_fixture_landscape(directory: Path, databases: Databases) -> str:
    """A database with the small fixture landscape and the real taxonomy."""
    from sqlalchemy.orm import sessionmaker

    from api.core.db import make_engine

    seed_dir = directory / "landscape"
    shutil.copytree(FIXTURE_LANDSCAPE, seed_dir)
    shutil.copy(get_settings().seed_dir / "taxonomy.yml", seed_dir / "taxonomy.yml")
    url = databases.new("fixture_template")
    migrate.upgrade(url)
    engine = make_engine(url)
    with sessionmaker(bind=engine)() as db_session:
        seed_import.import_seed(db_session, seed_io.load_seed(seed_dir))
        db_session.commit()
    engine.dispose()
    return url


class LandscapeApp:
    """A test client on a database of its own, and sessions on that database."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.orm import sessionmaker

        from api.core.db import get_session, make_engine

        self.engine = make_engine(url)
        self.sessions = sessionmaker(bind=self.engine, expire_on_commit=False)

        def override() -> Iterator[Session]:
            with self.sessions() as db_session:
                yield db_session

        app = create_app()
        app.dependency_overrides[get_session] = override
        self.client = TestClient(app)

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()


@pytest.fixture(scope="session")
def fixture_landscape_db(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> str:
    """A database with the fixture landscape, built once and copied by each user."""
    return _load_fixture_landscape(tmp_path_factory.mktemp("fixture-template"), databases)


@pytest.fixture(scope="session")
def fixture_app(fixture_landscape_db: str, databases: Databases) -> Iterator[LandscapeApp]:
    """The API on the fixture landscape, shared by the tests that only read."""
    landscape = LandscapeApp(databases.copy(fixture_landscape_db, "fixture"))
    yield landscape
    landscape.close()


@pytest.fixture
def fixture_client(fixture_app: LandscapeApp) -> TestClient:
    return fixture_app.client


@pytest.fixture
def writable_app(fixture_landscape_db: str, databases: Databases) -> Iterator[LandscapeApp]:
    """The API on a fresh copy of the fixture landscape that a test may change."""
    landscape = LandscapeApp(databases.copy(fixture_landscape_db, "writable"))
    yield landscape
    landscape.close()
