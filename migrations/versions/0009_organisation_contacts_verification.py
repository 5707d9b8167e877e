"""organisation contacts and verification: further contact persons, verified domains, verifications

Reviewed by hand. New tables only, nothing existing changes: the main contact stays
memberships.account_id; membership_contacts holds the further contacts (invitation first,
account after acceptance; one active row per person and membership). verifications keep how
(domain or attestation) and until when a member is verified, with their history in
verification_events; verified_domains lists the e-mail domains of an organisation per network.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:51:28

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('verified_domains',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['accounts.id'], name=op.f('fk_verified_domains_added_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_verified_domains_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_verified_domains_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verified_domains')),
    sa.UniqueConstraint('network_id', 'domain', name=op.f('uq_verified_domains_network_id_domain'))
    )
    with op.batch_alter_table('verified_domains', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verified_domains_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('membership_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_membership_contacts_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['accounts.id'], name=op.f('fk_membership_contacts_invited_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_membership_contacts_membership_id_memberships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_contacts')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_membership_contacts_token_hash'))
    )
    with op.batch_alter_table('membership_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_contacts_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_contacts_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index('uq_membership_contacts_active', ['membership_id', 'account_id'], unique=True, sqlite_where=sa.text('ended_at IS NULL AND account_id IS NOT NULL'), postgresql_where=sa.text('ended_at IS NULL AND account_id IS NOT NULL'))

    op.create_table('verifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.Enum('domain', 'attestation', name='verificationmethod', native_enum=False, length=32), nullable=False),
    sa.Column('state', sa.Enum('requested', 'question', 'accepted', 'rejected', name='verificationstate', native_enum=False, length=32), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('request_text', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('domain', sa.String(length=253), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['accounts.id'], name=op.f('fk_verifications_decided_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_verifications_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_verifications_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['accounts.id'], name=op.f('fk_verifications_requested_by_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verifications'))
    )
    with op.batch_alter_table('verifications', schema=None) as batch_op:
        batch_op.create_index('ix_verifications_badge', ['membership_id', 'state', 'valid_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_verifications_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_verifications_network_id'), ['network_id'], unique=False)

    op.create_table('verification_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verification_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=120), nullable=False),
    sa.Column('state', sa.Enum('requested', 'question', 'accepted', 'rejected', name='verificationstate', native_enum=False, length=32), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['accounts.id'], name=op.f('fk_verification_events_actor_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['verification_id'], ['verifications.id'], name=op.f('fk_verification_events_verification_id_verifications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_events'))
    )
    with op.batch_alter_table('verification_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_events_verification_id'), ['verification_id'], unique=False)



def downgrade():
    # Dropping a table drops its indexes.
    op.drop_table('verification_events')
    op.drop_table('verifications')
    op.drop_table('membership_contacts')
    op.drop_table('verified_domains')
