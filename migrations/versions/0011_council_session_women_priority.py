"""The ranking's tie-break becomes a session setting: council_session.women_priority (priority to women at
equal merit, Decree 98/2023/NĐ-CP art. 4), true for every existing session — the ranking applied it always
until now, so their rankings read the same after the upgrade.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('women_priority', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.drop_column('women_priority')
