"""The achievement report's fields: a unit's own seal (unit.has_seal) and the personal details of the
decree's individual form on person (dân tộc, quê quán, nơi thường trú, trình độ chuyên môn, lý luận chính
trị, học hàm – học vị), all optional.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

PERSON_COLUMNS = (
    ('ethnicity', 50),
    ('hometown', 200),
    ('residence', 300),
    ('qualification', 200),
    ('political_theory', 100),
    ('academic_title', 150),
)


def upgrade():
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('has_seal', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('person', schema=None) as batch_op:
        for name, length in PERSON_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        for name, _length in reversed(PERSON_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('has_seal')
