"""server-side log-in sessions: one row per log-in, ended by log-out, inactivity, a password or role
change, or the admin's "log out everywhere"

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 08:44:22.838981

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('ip_address', sa.String(length=45), nullable=False),
    sa.Column('user_agent', sa.String(length=255), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('ended_reason', sa.String(length=30), nullable=True),
    sa.CheckConstraint("ended_reason IS NULL OR ended_reason IN ('logout', 'idle', 'password_changed', 'password_reset', 'role_changed', 'account_locked', 'logout_everywhere')", name=op.f('ck_user_session_ended_reason')),
    sa.CheckConstraint('(ended_at IS NULL) = (ended_reason IS NULL)', name=op.f('ck_user_session_ended_with_reason')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')
