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


RECORDED = date(2026, 11, 25)  # a Wednesday of ISO week 2026-W48
PUBLISHED = date(2026, 12, 2)  # the Wednesday after: W48 ended more than a day ago


def _record(
    session: Session, times: int, *, need: str, matched: bool, role: str = "victim"
) -> None:
    for _ in range(times):
        outcomes.record(
            session,
            facts=outcomes.OutcomeFacts(
                language="nl",
                role=role,
                concerns=("sexual_violence",),
                timing="longer_ago",
                age_group="18_plus",
                needs=(need,),
                recommended=("always-line",),
                specific_match=matched,
            ),
            today=RECORDED,
        )
    session.commit()


def _aggregate(session: Session, today: date = PUBLISHED) -> dict:  # type: ignore[type-arg]
    return outcomes.aggregate(session, k=5, today=today, secret=SECRET)


def test_outcomes_of_a_week_with_fewer_than_k_rows_never_appear(small_landscape: Session) -> None:
    _record(small_landscape, 4, need="mediation", matched=False)
    assert _aggregate(small_landscape)["weeks"] == []


def test_outcomes_appear_per_closed_week(small_landscape: Session) -> None:
    _record(small_landscape, 6, need="talk", matched=True, role="victim")
    _record(small_landscape, 5, need="mediation", matched=False, role="relative")
    (week,) = _aggregate(small_landscape)["weeks"]
    assert week["week"] == "2026-W48"
    assert week["total"] == 11
    # No count below k in this dimension: all shown.
    assert week["counts"]["specific_match"] == {"yes": 6, "no": 5}
    # Other roles have 0 rows: one of the two large counts is hidden with them.
    assert set(week["counts"]["role"].items()) in ({("victim", 6)}, {("relative", 5)})


def test_outcomes_of_an_open_or_just_closed_week_are_not_shown(small_landscape: Session) -> None:
    _record(small_landscape, 9, need="mediation", matched=False)
    for today in (RECORDED, date(2026, 11, 29), date(2026, 11, 30)):
        assert _aggregate(small_landscape, today)["weeks"] == [], today
    assert _aggregate(small_landscape, date(2026, 12, 1))["weeks"] != []


def test_outcomes_a_small_count_hides_one_more_count(small_landscape: Session) -> None:
    # 6 victims, 7 relatives and 2 bystanders: with the week's total of 15, showing both
    # large counts would give away the 2; one of them is hidden as well.
    _record(small_landscape, 6, need="talk", matched=True, role="victim")
    _record(small_landscape, 7, need="talk", matched=True, role="relative")
    _record(small_landscape, 2, need="talk", matched=True, role="bystander")
    (week,) = _aggregate(small_landscape)["weeks"]
    assert week["total"] == 15
    roles = week["counts"]["role"]
    assert "bystander" not in roles
    assert len(roles) == 1 and set(roles.items()) <= {("victim", 6), ("relative", 7)}
    # The same choice every time: polling shows nothing new.
    assert _aggregate(small_landscape) == _aggregate(small_landscape)


def test_outcomes_store_the_week_and_never_the_day(small_landscape: Session) -> None:
    _record(small_landscape, 1, need="talk", matched=True)
    row = small_landscape.query(models_insight.Outcome).one()
    assert row.week == date(2026, 11, 23)


def test_outcome_tables_cannot_hold_free_text_or_a_session_id() -> None:
    tables = [
        models_insight.Outcome.__table__,
        models_insight.OutcomeRegional.__table__,
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
    assert outcomes.add_feedback(
        small_landscape, ref=ref, answer="partly", secret=SECRET, today=RECORDED
    )
    assert not outcomes.add_feedback(
        small_landscape, ref=ref, answer="yes", secret=SECRET, today=RECORDED
    )
    assert (row.feedback_yes, row.feedback_partly, row.feedback_no) == (0, 1, 0)


def test_feedback_after_the_week_is_published_is_refused(small_landscape: Session) -> None:
    _record(small_landscape, 1, need="talk", matched=True)
    row = small_landscape.query(models_insight.Outcome).one()
    ref = outcomes.feedback_ref(row.id, secret=SECRET)
    assert not outcomes.add_feedback(
        small_landscape, ref=ref, answer="yes", secret=SECRET, today=PUBLISHED
    )


@pytest.mark.parametrize(
    "forged",
    ["1.0000", "1", "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%%%"],
)
def test_feedback_with_a_forged_reference_is_refused(small_landscape: Session, forged: str) -> None:
    _record(small_landscape, 1, need="talk", matched=True)
    assert not outcomes.add_feedback(
        small_landscape, ref=forged, answer="yes", secret=SECRET, today=RECORDED
    )


def test_feedback_references_are_random_and_do_not_show_the_row() -> None:
    refs = [outcomes.feedback_ref(row_id, secret=SECRET) for row_id in range(1, 41)]
    assert len(set(refs)) == len(refs)
    assert refs != sorted(refs)
    # The same row gets a different reference every time, and no reference holds its number.
    assert outcomes.feedback_ref(7, secret=SECRET) != outcomes.feedback_ref(7, secret=SECRET)
    assert all(outcomes._row_id(ref, SECRET) == n for n, ref in enumerate(refs, start=1))
    assert outcomes._row_id(refs[0], b"another-secret") is None


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
