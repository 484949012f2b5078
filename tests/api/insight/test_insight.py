"""Landscape insight: coverage counts on a hand-built landscape, gaps, overlaps, k-anonymity,
the outcome table's shape, the heatmap PNG and freshness."""

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Session

from api.insight import coverage, freshness, heatmap, load, outcomes
from api.insight import models as models_insight
from api.landscape import seed_import, seed_io

SECRET = b"test-secret"


@pytest.fixture
def small_landscape(fresh_session: Session, fixture_seed_dir: Path) -> Session:
    seed_import.import_seed(fresh_session, seed_io.load_seed(fixture_seed_dir))
    fresh_session.commit()
    return fresh_session


def _cell(cells: list[coverage.Cell], violence: str, role: str, phase: str) -> coverage.Cell:
    return next(c for c in cells if (c.violence_type, c.role, c.phase) == (violence, role, phase))


def test_coverage_counts_match_the_hand_built_landscape(small_landscape: Session) -> None:
    cells = coverage.matrix(load.coverage_points(small_landscape))
    assert _cell(cells, "sexual_violence", "victim", "acute").points == [
        "always-line",
        "second-line",
    ]
    assert _cell(cells, "sexual_violence", "victim", "longer_ago").points == [
        "always-line",
        "utrecht-walk-in",
    ]
    assert _cell(cells, "child_abuse", "bystander", "ongoing").points == ["office-line"]
    assert len(cells) == 5 * 5 * 4


def test_coverage_lists_a_cell_nobody_serves_as_a_gap(small_landscape: Session) -> None:
    cells = coverage.matrix(load.coverage_points(small_landscape))
    gap_keys = {(c.violence_type, c.role, c.phase) for c in coverage.gaps(cells)}
    assert ("human_trafficking", "victim", "acute") in gap_keys
    assert ("sexual_violence", "victim", "acute") not in gap_keys


def test_coverage_lists_two_national_helplines_in_one_cell_as_an_overlap(
    small_landscape: Session,
) -> None:
    cells = coverage.matrix(load.coverage_points(small_landscape), overlap_min=2)
    found = coverage.overlaps(cells)
    assert [(c.violence_type, c.role, c.phase) for c in found] == [
        ("sexual_violence", "victim", "acute")
    ]
    assert found[0].overlap_kinds == {"helpline": ["always-line", "second-line"]}


def test_coverage_region_filter_drops_regional_points_elsewhere(small_landscape: Session) -> None:
    friesland = coverage.Filters(region_ids=frozenset({"provincie-friesland"}))
    cells = coverage.matrix(load.coverage_points(small_landscape), filters=friesland)
    assert _cell(cells, "sexual_violence", "victim", "longer_ago").points == ["always-line"]


def test_coverage_night_filter_keeps_only_points_open_at_night(small_landscape: Session) -> None:
    night = coverage.Filters(open_at_night=True)
    cells = coverage.matrix(load.coverage_points(small_landscape), filters=night)
    assert _cell(cells, "sexual_violence", "victim", "acute").points == ["always-line"]


def _record(session: Session, times: int, *, need: str, matched: bool) -> None:
    for _ in range(times):
        outcomes.record(
            session,
            facts=outcomes.OutcomeFacts(
                language="nl",
                role="victim",
                concerns=("sexual_violence",),
                timing="longer_ago",
                age_group="18_plus",
                needs=(need,),
                recommended=("always-line",),
                specific_match=matched,
            ),
            day=date(2026, 11, 25),
        )
    session.commit()


def _everything(result: dict) -> str:  # type: ignore[type-arg]
    return repr(result)


def test_outcomes_with_four_occurrences_never_appear(small_landscape: Session) -> None:
    _record(small_landscape, 4, need="mediation", matched=False)
    result = outcomes.aggregate(small_landscape, k=5)
    assert "mediation" not in _everything(result)
    assert result["total"] is None


def test_outcomes_with_five_occurrences_appear(small_landscape: Session) -> None:
    _record(small_landscape, 5, need="mediation", matched=False)
    result = outcomes.aggregate(small_landscape, k=5)
    assert result["counts"]["need"] == {"mediation": 5}
    assert result["unmatched_needs_per_week"] == {"2026-W48": {"mediation": 5}}


def test_outcome_tables_cannot_hold_free_text_or_a_session_id() -> None:
    tables = [
        models_insight.Outcome.__table__,
        models_insight.outcome_concern,
        models_insight.outcome_need,
        models_insight.outcome_recommendation,
    ]
    for table in tables:
        for column in table.columns:
            assert "session" not in column.name and "text" not in column.name
            if isinstance(column.type, String | Text) and not hasattr(column.type, "enums"):
                assert column.foreign_keys, f"{table.name}.{column.name} could hold free text"
                assert all(isinstance(fk, ForeignKey) for fk in column.foreign_keys)


def test_feedback_counts_once_on_the_row_it_refers_to(small_landscape: Session) -> None:
    _record(small_landscape, 1, need="talk", matched=True)
    row = small_landscape.query(models_insight.Outcome).one()
    ref = outcomes.feedback_ref(row.id, secret=SECRET)
    assert outcomes.add_feedback(small_landscape, ref=ref, answer="partly", secret=SECRET)
    assert not outcomes.add_feedback(small_landscape, ref=ref, answer="yes", secret=SECRET)
    assert (row.feedback_yes, row.feedback_partly, row.feedback_no) == (0, 1, 0)


def test_feedback_with_a_forged_reference_is_refused(small_landscape: Session) -> None:
    _record(small_landscape, 1, need="talk", matched=True)
    row = small_landscape.query(models_insight.Outcome).one()
    assert not outcomes.add_feedback(
        small_landscape, ref=f"{row.id}.0000", answer="yes", secret=SECRET
    )


def test_heatmap_png_renders_at_the_expected_size(small_landscape: Session) -> None:
    cells = coverage.matrix(load.coverage_points(small_landscape))
    png = heatmap.render_png(
        cells,
        roles=list(coverage.ROLES),
        phases=list(coverage.PHASES),
        violence_types=list(coverage.VIOLENCE_TYPES),
        labels=load.labels(small_landscape, "en"),
        title="Coverage",
    )
    image = Image.open(io.BytesIO(png))
    assert image.size == (heatmap.WIDTH_PX, heatmap.HEIGHT_PX)
    assert len(image.convert("L").getcolors(maxcolors=256) or []) > 10


def test_freshness_lists_stale_and_unverified_points(small_landscape: Session) -> None:
    found = {
        r.id: r
        for r in freshness.to_recheck(small_landscape, today=date(2026, 3, 1), max_age_days=180)
    }
    assert found["office-line"].stale and not found["office-line"].verified
    assert "chat https://help.example.org/chat: chat hours" in found["office-line"].unverified_facts
    assert "always-line" not in found


def test_freshness_command_names_points_with_unverified_facts(
    loaded_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from api import cli

    assert cli.main(["freshness"]) == 0
    out = capsys.readouterr().out
    assert "switchboard-coc (last checked" in out
    assert out.strip().endswith("contact point(s) to re-check.")
