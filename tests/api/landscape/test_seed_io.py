"""The seed: validation names file, entry and field; import is idempotent; export round-trips."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy.orm import Session

from api.landscape import models, seed_export, seed_import, seed_io


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.load(path.read_text(), Loader=seed_io.SeedLoader)
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def test_validate_names_file_entry_channel_and_value(fixture_seed_dir: Path) -> None:
    points = fixture_seed_dir / "contact_points" / "test-help.yml"
    _edit(points, lambda d: d["contact_points"][1]["channels"][0].update(hours="ma-vr 9-17"))
    with pytest.raises(seed_io.SeedInvalid) as caught:
        seed_io.load_seed(fixture_seed_dir)
    assert caught.value.errors == [
        "test-help.yml: contact point 'office-line': channel 1: hours: opening hours "
        "'ma-vr 9-17' is not a valid schedule: write e.g. 'Mo-Fr 09:00-17:00', '24/7' or 'unknown'"
    ]


def test_validate_reports_every_error_not_just_the_first(fixture_seed_dir: Path) -> None:
    points = fixture_seed_dir / "contact_points" / "test-help.yml"

    def break_two(data: dict) -> None:  # type: ignore[type-arg]
        data["contact_points"][0]["serves"]["role"] = ["victim", "neighbour"]
        data["contact_points"][2]["area"]["regions"] = ["atlantis"]

    _edit(points, break_two)
    with pytest.raises(seed_io.SeedInvalid) as caught:
        seed_io.load_seed(fixture_seed_dir)
    assert len(caught.value.errors) == 2
    assert "'neighbour' is not a term" in caught.value.errors[0]
    assert "region 'atlantis' is not in regions.yml" in caught.value.errors[1]


def test_confidential_location_with_an_address_is_rejected(fixture_seed_dir: Path) -> None:
    points = fixture_seed_dir / "contact_points" / "test-help.yml"
    _edit(
        points,
        lambda d: d["contact_points"][2].update(confidential_location=True, address="Straat 1"),
    )
    with pytest.raises(seed_io.SeedInvalid) as caught:
        seed_io.load_seed(fixture_seed_dir)
    assert "never has a public address" in caught.value.errors[0]


def test_yes_and_age_codes_stay_words_in_yaml(fixture_seed_dir: Path) -> None:
    seed = seed_io.load_seed(fixture_seed_dir)
    always = next(p for p in seed.contact_points if p.id == "always-line")
    assert always.channels[0].anonymous == "yes"
    assert "12_17" in always.serves.age_group


def test_import_twice_changes_nothing(fresh_session: Session, fixture_seed_dir: Path) -> None:
    seed = seed_io.load_seed(fixture_seed_dir)
    seed_import.import_seed(fresh_session, seed)
    fresh_session.commit()
    versions = {p.id: p.version for p in fresh_session.query(models.ContactPoint)}
    report = seed_import.import_seed(fresh_session, seed_io.load_seed(fixture_seed_dir))
    fresh_session.commit()
    assert not report.changed
    assert {p.id: p.version for p in fresh_session.query(models.ContactPoint)} == versions


def test_import_with_one_bad_entry_changes_nothing(
    fresh_session: Session, fixture_seed_dir: Path
) -> None:
    seed_import.import_seed(fresh_session, seed_io.load_seed(fixture_seed_dir))
    fresh_session.commit()
    points = fixture_seed_dir / "contact_points" / "test-help.yml"

    def one_good_one_bad(data: dict) -> None:  # type: ignore[type-arg]
        data["contact_points"][0]["name"]["en"] = "Renamed line"
        data["contact_points"][1]["channels"][0]["cost"] = "expensive"

    _edit(points, one_good_one_bad)
    with pytest.raises(seed_io.SeedInvalid):
        seed_import.import_seed(fresh_session, seed_io.load_seed(points.parent.parent))
    fresh_session.expire_all()
    assert fresh_session.get(models.ContactPoint, "always-line").name_en == "Always line"


def test_export_then_import_gives_identical_data(
    fresh_session: Session, fixture_seed_dir: Path, tmp_path: Path
) -> None:
    seed_import.import_seed(fresh_session, seed_io.load_seed(fixture_seed_dir))
    fresh_session.commit()
    exported = tmp_path / "exported"
    seed_export.export_seed(fresh_session, exported)
    again = seed_io.load_seed(exported)
    original = {p.id: p for p in seed_io.load_seed(fixture_seed_dir).contact_points}
    for point in again.contact_points:
        if point.id in original:
            assert seed_export.canonical(point) == seed_export.canonical(original[point.id])
    assert not seed_import.import_seed(fresh_session, again).changed
