"""members: invitations, imports, messages to members; membership end reason, note, opt-out

Hand-written. Invited people live in member_invitations until they accept (then a
membership exists), so nothing that works on memberships can list, count or mail them.
Existing rows get server defaults for the new NOT NULL columns; the models set the same
values in Python.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

KIND = sa.Enum('person', 'organisation', 'municipality', name='applicantkind', native_enum=False, length=32)
OPEN = "accepted_at IS NULL AND cancelled_at IS NULL"


def upgrade():
    op.create_table('member_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('state', sa.Enum('checked', 'imported', name='importstate', native_enum=False, length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_valid', sa.Integer(), nullable=False),
    sa.Column('rows_invalid', sa.Integer(), nullable=False),
    sa.Column('rows_existing', sa.Integer(), nullable=False),
    sa.Column('invited', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['accounts.id'], name=op.f('fk_member_imports_actor_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_member_imports_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_imports'))
    )
    op.create_index(op.f('ix_member_imports_network_id'), 'member_imports', ['network_id'], unique=False)

    op.create_table('member_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('function', sa.String(length=200), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('bundesland', sa.String(length=2), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('kind', KIND, nullable=False),
    sa.Column('laendergruppe_id', sa.Integer(), nullable=True),
    sa.Column('member_since', sa.Date(), nullable=True),
    sa.Column('coordinator_note', sa.Text(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('consent_text_id', sa.Integer(), nullable=True),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['consent_text_id'], ['consent_texts.id'], name=op.f('fk_member_invitations_consent_text_id_consent_texts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['import_id'], ['member_imports.id'], name=op.f('fk_member_invitations_import_id_member_imports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['accounts.id'], name=op.f('fk_member_invitations_invited_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['laendergruppe_id'], ['laendergruppen.id'], name=op.f('fk_member_invitations_laendergruppe_id_laendergruppen'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_member_invitations_membership_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_member_invitations_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_member_invitations_token_hash'))
    )
    op.create_index(op.f('ix_member_invitations_network_id'), 'member_invitations', ['network_id'], unique=False)
    op.create_index(op.f('ix_member_invitations_import_id'), 'member_invitations', ['import_id'], unique=False)
    op.create_index('uq_member_invitations_open', 'member_invitations', ['network_id', 'email'], unique=True,
                    sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))

    op.create_table('member_invitation_themenkreise',
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('themenkreis_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['member_invitations.id'], name=op.f('fk_member_invitation_themenkreise_invitation_id_member_invitations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['themenkreis_id'], ['themenkreise.id'], name=op.f('fk_member_invitation_themenkreise_themenkreis_id_themenkreise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('invitation_id', 'themenkreis_id', name=op.f('pk_member_invitation_themenkreise'))
    )
    op.create_index(op.f('ix_member_invitation_themenkreise_themenkreis_id'), 'member_invitation_themenkreise', ['themenkreis_id'], unique=False)

    op.create_table('member_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('segment', sa.String(length=300), nullable=False),
    sa.Column('reply_to', sa.String(length=254), nullable=False),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['accounts.id'], name=op.f('fk_member_messages_author_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_member_messages_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_messages'))
    )
    op.create_index(op.f('ix_member_messages_network_id'), 'member_messages', ['network_id'], unique=False)

    with op.batch_alter_table('memberships') as batch:
        batch.add_column(sa.Column('end_reason', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('coordinator_note', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('messages_opt_out', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('coordinator_assignments') as batch:
        batch.add_column(sa.Column('notify_member_left', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('outbox_messages') as batch:
        batch.add_column(sa.Column('member_message_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('reply_to', sa.String(length=254), nullable=False, server_default=''))
        batch.add_column(sa.Column('list_unsubscribe', sa.String(length=500), nullable=False, server_default=''))
        batch.create_foreign_key(op.f('fk_outbox_messages_member_message_id_member_messages'), 'member_messages',
                                 ['member_message_id'], ['id'], ondelete='SET NULL')
        batch.create_index(op.f('ix_outbox_messages_member_message_id'), ['member_message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_messages') as batch:
        batch.drop_index(op.f('ix_outbox_messages_member_message_id'))
        batch.drop_constraint(op.f('fk_outbox_messages_member_message_id_member_messages'), type_='foreignkey')
        batch.drop_column('list_unsubscribe')
        batch.drop_column('reply_to')
        batch.drop_column('member_message_id')
    with op.batch_alter_table('coordinator_assignments') as batch:
        batch.drop_column('notify_member_left')
    with op.batch_alter_table('memberships') as batch:
        batch.drop_column('messages_opt_out')
        batch.drop_column('coordinator_note')
        batch.drop_column('end_reason')
    op.drop_index(op.f('ix_member_messages_network_id'), table_name='member_messages')
    op.drop_table('member_messages')
    op.drop_index(op.f('ix_member_invitation_themenkreise_themenkreis_id'), table_name='member_invitation_themenkreise')
    op.drop_table('member_invitation_themenkreise')
    op.drop_index('uq_member_invitations_open', table_name='member_invitations')
    op.drop_index(op.f('ix_member_invitations_import_id'), table_name='member_invitations')
    op.drop_index(op.f('ix_member_invitations_network_id'), table_name='member_invitations')
    op.drop_table('member_invitations')
    op.drop_index(op.f('ix_member_imports_network_id'), table_name='member_imports')
    op.drop_table('member_imports')
