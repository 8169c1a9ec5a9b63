"""The nomination workflow's states as one table (rules/workflow.py): the council's and the decision's
states join the CHECK constraint, which is generated from the enum; the column widens for them.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

OLD = "status IN ('draft', 'submitted', 'returned', 'accepted')"
# The text of campaign.rules.workflow.check_constraint("status") when this revision was written: a
# migration keeps its own copy, so that a later state is added by a later revision.
NEW = ("status IN ('draft', 'submitted', 'returned', 'accepted', 'scored', 'voted', 'recommended', "
       "'not_recommended', 'in_decision', 'awarded')")


def upgrade():
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_nomination_status'), type_='check')
        batch_op.alter_column('status', existing_type=sa.String(length=12), type_=sa.String(length=20),
                              existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_nomination_status'), NEW)


def downgrade():
    op.execute("UPDATE nomination SET status = 'accepted' WHERE status NOT IN "
               "('draft', 'submitted', 'returned', 'accepted')")
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_nomination_status'), type_='check')
        batch_op.alter_column('status', existing_type=sa.String(length=20), type_=sa.String(length=12),
                              existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_nomination_status'), OLD)
