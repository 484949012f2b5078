"""Anonymous triage outcomes: structured categories and the day only, plus feedback counts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 15:26:18.293008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outcome',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('language', sa.Enum('nl', 'en', name='outcome_language', native_enum=False), nullable=False),
    sa.Column('role_term_id', sa.String(length=90), nullable=True),
    sa.Column('timing_term_id', sa.String(length=90), nullable=True),
    sa.Column('age_term_id', sa.String(length=90), nullable=True),
    sa.Column('specific_match', sa.Boolean(), nullable=False),
    sa.Column('feedback_given', sa.Boolean(), nullable=False),
    sa.Column('feedback_yes', sa.Integer(), nullable=False),
    sa.Column('feedback_partly', sa.Integer(), nullable=False),
    sa.Column('feedback_no', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['age_term_id'], ['taxonomy_term.id'], ),
    sa.ForeignKeyConstraint(['role_term_id'], ['taxonomy_term.id'], ),
    sa.ForeignKeyConstraint(['timing_term_id'], ['taxonomy_term.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('outcome_concern',
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.String(length=90), nullable=False),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_term.id'], ),
    sa.PrimaryKeyConstraint('outcome_id', 'term_id')
    )
    op.create_table('outcome_need',
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.String(length=90), nullable=False),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_term.id'], ),
    sa.PrimaryKeyConstraint('outcome_id', 'term_id')
    )
    op.create_table('outcome_recommendation',
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('contact_point_id', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['contact_point_id'], ['contact_point.id'], ),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcome.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outcome_id', 'contact_point_id')
    )


def downgrade() -> None:
    op.drop_table('outcome_recommendation')
    op.drop_table('outcome_need')
    op.drop_table('outcome_concern')
    op.drop_table('outcome')
