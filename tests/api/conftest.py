"""API tests run against a real SQLite database, migrated and loaded with the seed."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.core import migrate
from api.core.db import get_sessionmaker
from api.core.settings import get_settings
from api.landscape import seed_import, seed_io
from api.main import create_app

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_LANDSCAPE = ROOT / "tests" / "fixtures" / "landscape"


@pytest.fixture(scope="session")
def loaded_db() -> str:
    """The session's database with the real seed imported."""
    url = get_settings().database_url
    migrate.upgrade(url)
    with get_sessionmaker()() as session:
        seed_import.import_seed(session, seed_io.load_seed(get_settings().seed_dir))
        session.commit()
    return url


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
def fresh_session(tmp_path: Path) -> Iterator[Session]:
    """A session on a new, empty, migrated database of its own."""
    from sqlalchemy.orm import sessionmaker

    from api.core.db import make_engine

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with sessionmaker(bind=engine, expire_on_commit=False)() as db_session:
        yield db_session
    engine.dispose()


def _load_fixture_landscape(directory: Path) -> str:
    """A database under `directory` with the small fixture landscape and the real taxonomy."""
    from sqlalchemy.orm import sessionmaker

    from api.core.db import make_engine

    seed_dir = directory / "landscape"
    shutil.copytree(FIXTURE_LANDSCAPE, seed_dir)
    shutil.copy(get_settings().seed_dir / "taxonomy.yml", seed_dir / "taxonomy.yml")
    url = f"sqlite:///{directory / 'landscape.db'}"
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
def fixture_landscape_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the fixture landscape, built once and copied by each user."""
    url = _load_fixture_landscape(tmp_path_factory.mktemp("fixture-template"))
    return Path(url.removeprefix("sqlite:///"))


def _copy_of(template: Path, directory: Path) -> str:
    target = directory / "landscape-copy.db"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session")
def fixture_app(
    fixture_landscape_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LandscapeApp]:
    """The API on the fixture landscape, shared by the tests that only read."""
    landscape = LandscapeApp(_copy_of(fixture_landscape_db, tmp_path_factory.mktemp("fixture")))
    yield landscape
    landscape.close()


@pytest.fixture
def fixture_client(fixture_app: LandscapeApp) -> TestClient:
    return fixture_app.client


@pytest.fixture
def writable_app(fixture_landscape_db: Path, tmp_path: Path) -> Iterator[LandscapeApp]:
    """The API on a fresh copy of the fixture landscape that a test may change."""
    landscape = LandscapeApp(_copy_of(fixture_landscape_db, tmp_path))
    yield landscape
    landscape.close()
