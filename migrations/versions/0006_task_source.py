"""Plan tasks keep where they come from (the plan and its appendix, their identity across re-imports
with the task's number) and the table's "Ghi chú".

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('appendix', sa.String(length=50), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('plan_task', schema=None) as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('appendix')
        batch_op.drop_column('source')
