"""The office's documents: official_document (decisions, submissions, minutes, ballot results, reviews,
progress reports; a draft until its number and date are recorded, then frozen with its file's SHA-256) and
document_entry (the nominees a decision or submission lists, with the bonus); award_record gains the
decision and the nomination it came from; agency gains its establishing decision (the decisions' first căn cứ).

Revision ID: 0012
Revises: 0011
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('establishing_decision', sa.String(length=300), server_default='',
                                      nullable=False))
    op.create_table('official_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('phase_id', sa.Integer(), nullable=True),
    sa.Column('award_form_id', sa.Integer(), nullable=True),
    sa.Column('plan_key', sa.String(length=100), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('authority', sa.String(length=200), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('issued_year', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('scan_file_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('outcome_number', sa.String(length=60), nullable=False),
    sa.Column('outcome_on', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(status = 'issued') = (number IS NOT NULL AND issued_on IS NOT NULL AND file_id IS NOT NULL AND sha256 IS NOT NULL)", name=op.f('ck_official_document_issued_whole')),
    sa.CheckConstraint("kind IN ('decision', 'submission', 'minutes', 'ballot', 'review', 'progress')", name=op.f('ck_official_document_kind')),
    sa.CheckConstraint("status IN ('draft', 'issued')", name=op.f('ck_official_document_status')),
    sa.CheckConstraint('number IS NULL OR number > 0', name=op.f('ck_official_document_number_positive')),
    sa.ForeignKeyConstraint(['award_form_id'], ['award_form.id'], name=op.f('fk_official_document_award_form_id_award_form'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['corrects_id'], ['official_document.id'], name=op.f('fk_official_document_corrects_id_official_document'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_official_document_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edited_by_id'], ['user_account.id'], name=op.f('fk_official_document_edited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_file.id'], name=op.f('fk_official_document_file_id_stored_file'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_official_document_issued_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['phase_id'], ['phase.id'], name=op.f('fk_official_document_phase_id_phase'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['scan_file_id'], ['stored_file.id'], name=op.f('fk_official_document_scan_file_id_stored_file'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['session_id'], ['council_session.id'], name=op.f('fk_official_document_session_id_council_session'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_official_document')),
    sa.UniqueConstraint('symbol', 'issued_year', 'number', name='number_once')
    )
    with op.batch_alter_table('official_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_official_document_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_official_document_phase_id'), ['phase_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_official_document_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_official_document_status'), ['status'], unique=False)

    op.create_table('document_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_document_entry_amount')),
    sa.ForeignKeyConstraint(['document_id'], ['official_document.id'], name=op.f('fk_document_entry_document_id_official_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_document_entry_nomination_id_nomination'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_entry')),
    sa.UniqueConstraint('document_id', 'nomination_id', name=op.f('uq_document_entry_document_id'))
    )
    with op.batch_alter_table('document_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_entry_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_entry_nomination_id'), ['nomination_id'], unique=False)

    with op.batch_alter_table('award_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('nomination_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_award_record_document_id'), ['document_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_award_record_nomination_id_nomination'), 'nomination', ['nomination_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_award_record_document_id_official_document'), 'official_document', ['document_id'], ['id'], ondelete='RESTRICT')

    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('establishing_decision')
    with op.batch_alter_table('award_record', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_award_record_document_id_official_document'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_award_record_nomination_id_nomination'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_award_record_document_id'))
        batch_op.drop_column('nomination_id')
        batch_op.drop_column('document_id')

    with op.batch_alter_table('document_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_entry_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_document_entry_document_id'))

    op.drop_table('document_entry')
    with op.batch_alter_table('official_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_official_document_status'))
        batch_op.drop_index(batch_op.f('ix_official_document_session_id'))
        batch_op.drop_index(batch_op.f('ix_official_document_phase_id'))
        batch_op.drop_index(batch_op.f('ix_official_document_kind'))

    op.drop_table('official_document')
    # ### end Alembic commands ###
