"""a unit's extension of a phase's nomination window (gia hạn nộp hồ sơ cho một đơn vị)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('unit_extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('until', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['user_account.id'], name=op.f('fk_unit_extension_granted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['phase_id'], ['phase.id'], name=op.f('fk_unit_extension_phase_id_phase'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_extension_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_extension')),
    sa.UniqueConstraint('phase_id', 'unit_id', name=op.f('uq_unit_extension_phase_id'))
    )
    with op.batch_alter_table('unit_extension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_extension_phase_id'), ['phase_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_extension_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('unit_extension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_extension_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_extension_phase_id'))

    op.drop_table('unit_extension')
