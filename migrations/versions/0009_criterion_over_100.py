"""A criterion may let a "%" result exceed 100 (a plan that can be overrun, "vượt kế hoạch"):
criterion.allows_over_100, false for every existing criterion (a rate from 0 to 100).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('allows_over_100', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_column('allows_over_100')
