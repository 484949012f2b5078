"""Outcome rows that point at no one: the week instead of the day, and regional places only as
their organisation and province (table outcome_regional).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 21:00:00
"""

import json
from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outcome_regional',
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.String(length=80), nullable=False),
    sa.Column('province_id', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['province_id'], ['region.id'], ),
    sa.PrimaryKeyConstraint('outcome_id', 'organisation_id', 'province_id')
    )
    connection = op.get_bind()
    # Rows recorded before: the day becomes the Monday of its week ...
    for row_id, day in connection.execute(sa.text("SELECT id, day FROM outcome")).all():
        if isinstance(day, str):
            day = date.fromisoformat(day)
        monday = day - timedelta(days=day.weekday())
        connection.execute(
            sa.text("UPDATE outcome SET day = :monday WHERE id = :id"), {"monday": monday, "id": row_id}
        )
    # ... and a regional place becomes its organisation and province(s).
    regional = connection.execute(sa.text(
        "SELECT r.outcome_id, r.contact_point_id, p.organisation_id FROM outcome_recommendation r "
        "JOIN contact_point p ON p.id = r.contact_point_id WHERE p.area_scope != 'national'"
    )).all()
    provinces = {
        region_id: set(_json_list(value))
        for region_id, value in connection.execute(sa.text("SELECT id, provinces FROM region")).all()
    }
    known = set(provinces)
    pairs = set()
    for outcome_id, point_id, organisation_id in regional:
        regions = connection.execute(
            sa.text("SELECT region_id FROM contact_point_region WHERE contact_point_id = :id"),
            {"id": point_id},
        ).scalars()
        for region_id in regions:
            for province in provinces.get(region_id, set()) & known:
                pairs.add((outcome_id, organisation_id, province))
        connection.execute(
            sa.text("DELETE FROM outcome_recommendation WHERE outcome_id = :o AND contact_point_id = :p"),
            {"o": outcome_id, "p": point_id},
        )
    for outcome_id, organisation_id, province in sorted(pairs):
        connection.execute(
            sa.text("INSERT INTO outcome_regional VALUES (:o, :org, :prov)"),
            {"o": outcome_id, "org": organisation_id, "prov": province},
        )


def _json_list(value: object) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return [str(item) for item in value] if isinstance(value, list) else []


def downgrade() -> None:
    op.drop_table('outcome_regional')
