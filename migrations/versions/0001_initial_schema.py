"""initial schema: networks, accounts, organisations, applications, memberships, history,
tokens and the mail outbox.

Generated from the models and reviewed by hand: enums are stored as strings (no native
PostgreSQL enum types, so new states need no type migration), timestamps are timezone-aware,
constraint names follow the naming convention in app/extensions.py, and the partial unique
index allows one active membership per account and network on both databases.

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 00:44:47.624367

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('function', sa.String(length=200), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('bundesland', sa.String(length=2), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('email_visibility', sa.Enum('members', 'nobody', name='visibility', native_enum=False, length=32), nullable=False),
    sa.Column('phone_visibility', sa.Enum('members', 'nobody', name='visibility', native_enum=False, length=32), nullable=False),
    sa.Column('address_visibility', sa.Enum('members', 'nobody', name='visibility', native_enum=False, length=32), nullable=False),
    sa.Column('description_visibility', sa.Enum('members', 'nobody', name='visibility', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('email', name=op.f('uq_accounts_email'))
    )
    op.create_table('networks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_description', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('conditions_confirmation', sa.String(length=500), nullable=False),
    sa.Column('privacy_notice', sa.Text(), nullable=False),
    sa.Column('operator', sa.String(length=200), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('accepts_persons', sa.Boolean(), nullable=False),
    sa.Column('accepts_organisations', sa.Boolean(), nullable=False),
    sa.Column('accepts_municipalities', sa.Boolean(), nullable=False),
    sa.Column('one_membership_per_organisation', sa.Boolean(), nullable=False),
    sa.Column('applications_open', sa.Boolean(), nullable=False),
    sa.Column('programme_period', sa.String(length=120), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('directory_enabled', sa.Boolean(), nullable=False),
    sa.Column('themenkreis_required', sa.Boolean(), nullable=False),
    sa.Column('multiple_themenkreise', sa.Boolean(), nullable=False),
    sa.Column('rejection_template', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_networks')),
    sa.UniqueConstraint('slug', name=op.f('uq_networks_slug'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('normalized_name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.Enum('administration', 'municipality', 'politics', 'science', 'business', 'civil_society', 'other', name='organisationtype', native_enum=False, length=32), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('bundesland', sa.String(length=2), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_normalized_name'), ['normalized_name'], unique=False)

    op.create_table('application_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_application_drafts_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_drafts')),
    sa.UniqueConstraint('token', name=op.f('uq_application_drafts_token'))
    )
    op.create_table('applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('unconfirmed', 'received', 'in_review', 'query', 'accepted', 'rejected', 'withdrawn', name='applicationstate', native_enum=False, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('applicant_kind', sa.Enum('person', 'organisation', 'municipality', name='applicantkind', native_enum=False, length=32), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('function', sa.String(length=200), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('institution_normalized', sa.String(length=200), nullable=False),
    sa.Column('organisation_type', sa.Enum('administration', 'municipality', 'politics', 'science', 'business', 'civil_society', 'other', name='organisationtype', native_enum=False, length=32), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('country', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('wants_directory_listing', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('submission_token', sa.String(length=64), nullable=False),
    sa.Column('status_token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_applications_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['accounts.id'], name=op.f('fk_applications_assigned_to_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_applications_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_applications_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('status_token_hash', name=op.f('uq_applications_status_token_hash')),
    sa.UniqueConstraint('submission_token', name=op.f('uq_applications_submission_token'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_institution_normalized'), ['institution_normalized'], unique=False)
        batch_op.create_index('ix_applications_network_state_created', ['network_id', 'state', 'created_at'], unique=False)

    op.create_table('consent_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('privacy', 'conditions', name='consentkind', native_enum=False, length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_consent_texts_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_texts')),
    sa.UniqueConstraint('network_id', 'kind', 'version', name=op.f('uq_consent_texts_network_id_kind_version'))
    )
    op.create_table('coordinator_assignments',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notify', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_coordinator_assignments_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_coordinator_assignments_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'network_id', name=op.f('pk_coordinator_assignments'))
    )
    with op.batch_alter_table('coordinator_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coordinator_assignments_network_id'), ['network_id'], unique=False)

    op.create_table('laendergruppen',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('bundeslaender', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_laendergruppen_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_laendergruppen')),
    sa.UniqueConstraint('network_id', 'name', name=op.f('uq_laendergruppen_network_id_name'))
    )
    with op.batch_alter_table('laendergruppen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_laendergruppen_network_id'), ['network_id'], unique=False)

    op.create_table('login_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_login_sessions_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_login_sessions_token_hash'))
    )
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_sessions_account_id'), ['account_id'], unique=False)

    op.create_table('themenkreise',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_themenkreise_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themenkreise')),
    sa.UniqueConstraint('network_id', 'name', name=op.f('uq_themenkreise_network_id_name'))
    )
    with op.batch_alter_table('themenkreise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_themenkreise_network_id'), ['network_id'], unique=False)

    op.create_table('application_themenkreise',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('themenkreis_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_themenkreise_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['themenkreis_id'], ['themenkreise.id'], name=op.f('fk_application_themenkreise_themenkreis_id_themenkreise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', 'themenkreis_id', name=op.f('pk_application_themenkreise'))
    )
    op.create_table('consent_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('consent_text_id', sa.Integer(), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_consent_records_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consent_text_id'], ['consent_texts.id'], name=op.f('fk_consent_records_consent_text_id_consent_texts'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_records'))
    )
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_records_application_id'), ['application_id'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('registration_required', sa.Boolean(), nullable=False),
    sa.Column('themenkreis_id', sa.Integer(), nullable=True),
    sa.Column('laendergruppe_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('ends_at >= starts_at', name=op.f('ck_events_ends_after_start')),
    sa.ForeignKeyConstraint(['laendergruppe_id'], ['laendergruppen.id'], name=op.f('fk_events_laendergruppe_id_laendergruppen'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_events_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['themenkreis_id'], ['themenkreise.id'], name=op.f('fk_events_themenkreis_id_themenkreise'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_network_starts', ['network_id', 'starts_at'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('person', 'organisation', 'municipality', name='applicantkind', native_enum=False, length=32), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('laendergruppe_id', sa.Integer(), nullable=True),
    sa.Column('listed_in_directory', sa.Boolean(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_memberships_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_memberships_application_id_applications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['laendergruppe_id'], ['laendergruppen.id'], name=op.f('fk_memberships_laendergruppe_id_laendergruppen'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_memberships_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_memberships_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_memberships_network_active', ['network_id', 'ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('uq_memberships_active_account', ['network_id', 'account_id'], unique=True, sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'failed', name='outboxstatus', native_enum=False, length=32), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('template', sa.String(length=80), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_outbox_messages_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_outbox_messages_application_id_applications'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_outbox_messages_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('confirm_application', 'invitation', 'password_reset', 'email_change', name='tokenpurpose', native_enum=False, length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_tokens_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_tokens_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_tokens_token_hash'))
    )
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tokens_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tokens_application_id'), ['application_id'], unique=False)

    op.create_table('history_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('state_change', 'question', 'answer', 'note', 'assigned', 'reopened', 'export', 'membership', 'mail', name='historykind', native_enum=False, length=32), nullable=False),
    sa.Column('from_state', sa.Enum('unconfirmed', 'received', 'in_review', 'query', 'accepted', 'rejected', 'withdrawn', name='applicationstate', native_enum=False, length=32), nullable=True),
    sa.Column('to_state', sa.Enum('unconfirmed', 'received', 'in_review', 'query', 'accepted', 'rejected', 'withdrawn', name='applicationstate', native_enum=False, length=32), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['accounts.id'], name=op.f('fk_history_entries_actor_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_history_entries_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_history_entries_membership_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_history_entries_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_history_entries'))
    )
    with op.batch_alter_table('history_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_history_entries_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_history_entries_network_id'), ['network_id'], unique=False)

    op.create_table('membership_themenkreise',
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('themenkreis_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_membership_themenkreise_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['themenkreis_id'], ['themenkreise.id'], name=op.f('fk_membership_themenkreise_themenkreis_id_themenkreise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('membership_id', 'themenkreis_id', name=op.f('pk_membership_themenkreise'))
    )
    with op.batch_alter_table('membership_themenkreise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_themenkreise_themenkreis_id'), ['themenkreis_id'], unique=False)



def downgrade():
    with op.batch_alter_table('membership_themenkreise', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_themenkreise_themenkreis_id'))

    op.drop_table('membership_themenkreise')
    with op.batch_alter_table('history_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_history_entries_network_id'))
        batch_op.drop_index(batch_op.f('ix_history_entries_application_id'))

    op.drop_table('history_entries')
    with op.batch_alter_table('tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tokens_application_id'))
        batch_op.drop_index(batch_op.f('ix_tokens_account_id'))

    op.drop_table('tokens')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_due')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_application_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_account_id'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index('uq_memberships_active_account', sqlite_where=sa.text('ended_at IS NULL'), postgresql_where=sa.text('ended_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_memberships_organisation_id'))
        batch_op.drop_index('ix_memberships_network_active')
        batch_op.drop_index(batch_op.f('ix_memberships_account_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_network_starts')

    op.drop_table('events')
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_records_application_id'))

    op.drop_table('consent_records')
    op.drop_table('application_themenkreise')
    with op.batch_alter_table('themenkreise', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_themenkreise_network_id'))

    op.drop_table('themenkreise')
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_sessions_account_id'))

    op.drop_table('login_sessions')
    with op.batch_alter_table('laendergruppen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_laendergruppen_network_id'))

    op.drop_table('laendergruppen')
    with op.batch_alter_table('coordinator_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coordinator_assignments_network_id'))

    op.drop_table('coordinator_assignments')
    op.drop_table('consent_texts')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_network_state_created')
        batch_op.drop_index(batch_op.f('ix_applications_institution_normalized'))
        batch_op.drop_index(batch_op.f('ix_applications_email'))
        batch_op.drop_index(batch_op.f('ix_applications_account_id'))

    op.drop_table('applications')
    op.drop_table('application_drafts')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_normalized_name'))

    op.drop_table('organisations')
    op.drop_table('networks')
    op.drop_table('accounts')
