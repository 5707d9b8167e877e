"""seal questions (Rückfrage) and the notices to municipalities interested in an earlier year

Reviewed by hand. seal_cases gains the coordination's last question and the municipality's
answer with their times, and the state the answer returns the case to (an enum as VARCHAR
without CHECK like every other enum here; the new state "question" needs no schema change).
The text columns are added with an empty server default for existing rows, which is dropped
again so the schema matches the models. cohort_interest_notices records that a municipality
interested in an earlier year was told about a new year's places: one row per cohort and
municipality (unique), going with either (ON DELETE CASCADE).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohort_interest_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_interest_notices_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_cohort_interest_notices_membership_id_memberships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_interest_notices')),
    sa.UniqueConstraint('cohort_id', 'membership_id', name=op.f('uq_cohort_interest_notices_cohort_id_membership_id'))
    )
    with op.batch_alter_table('cohort_interest_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_interest_notices_membership_id'), ['membership_id'], unique=False)

    with op.batch_alter_table('seal_cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('question', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('asked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('answer', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('state_before_question', sa.Enum('nominated', 'applied', 'question', 'awarded', 'rejected', name='sealstate', native_enum=False, length=32), nullable=True))
    with op.batch_alter_table('seal_cases', schema=None) as batch_op:
        batch_op.alter_column('question', server_default=None)
        batch_op.alter_column('answer', server_default=None)


def downgrade():
    with op.batch_alter_table('seal_cases', schema=None) as batch_op:
        batch_op.drop_column('state_before_question')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answer')
        batch_op.drop_column('asked_at')
        batch_op.drop_column('question')

    with op.batch_alter_table('cohort_interest_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_interest_notices_membership_id'))

    op.drop_table('cohort_interest_notices')
