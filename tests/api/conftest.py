"""API tests run against a real SQLite database, migrated and loaded with the seed."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api import migrate
from api.db import get_sessionmaker
from api.main import create_app
from api.services import seed_io
from api.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_LANDSCAPE = ROOT / "tests" / "fixtures" / "landscape"


@pytest.fixture(scope="session")
def loaded_db() -> str:
    """The session's database with the real seed imported."""
    url = get_settings().database_url
    migrate.upgrade(url)
    with get_sessionmaker()() as session:
        seed_io.import_seed(session, seed_io.load_seed(get_settings().seed_dir))
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

    from api.db import make_engine

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with sessionmaker(bind=engine, expire_on_commit=False)() as db_session:
        yield db_session
    engine.dispose()
