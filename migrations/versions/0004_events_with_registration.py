"""events with registration: settings per event, questions, registrations with history,
personal calendar feeds; outbox mails get a Reply-To and attachments (the .ics)

Generated with autogenerate, then reviewed by hand:
- columns added to the existing tables `events` and `outbox_messages` are NOT NULL, so each
  gets a server default that fills the rows already there (same values as the model defaults);
  the defaults stay (harmless, the app always sets the value);
- the check constraint `capacity IS NULL OR capacity >= 0` is not detected by autogenerate
  and was added by hand (named by the naming convention: ck_events_capacity_not_negative);
- enums are stored as strings (native_enum=False), as everywhere in this schema;
- the downgrade drops exactly what the upgrade adds, in reverse order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 04:12:09

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_calendar_feeds_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_calendar_feeds'))
    )
    op.create_table('event_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('text', 'choice', 'yes_no', name='questionkind', native_enum=False, length=32), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_questions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_questions'))
    )
    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_questions_event_id'), ['event_id'], unique=False)

    op.create_table('event_registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('unconfirmed', 'registered', 'waitlist', 'pending_approval', 'cancelled', 'declined', name='registrationstate', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('consent_text', sa.Text(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('link_nonce', sa.String(length=32), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('waitlisted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('offer_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminder_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_event_registrations_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_registrations_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
    sa.UniqueConstraint('event_id', 'email', name=op.f('uq_event_registrations_event_id_email'))
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registrations_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_event_registrations_event_state', ['event_id', 'state'], unique=False)

    op.create_table('outbox_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_messages.id'], name=op.f('fk_outbox_attachments_message_id_outbox_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachments'))
    )
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachments_message_id'), ['message_id'], unique=False)

    op.create_table('event_registration_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.Enum('unconfirmed', 'registered', 'waitlist', 'pending_approval', 'cancelled', 'declined', name='registrationstate', native_enum=False, length=32), nullable=True),
    sa.Column('to_state', sa.Enum('unconfirmed', 'registered', 'waitlist', 'pending_approval', 'cancelled', 'declined', name='registrationstate', native_enum=False, length=32), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=120), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['accounts.id'], name=op.f('fk_event_registration_history_actor_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['event_registrations.id'], name=op.f('fk_event_registration_history_registration_id_event_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registration_history'))
    )
    with op.batch_alter_table('event_registration_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registration_history_registration_id'), ['registration_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_opens_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('registration_closes_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('audience', sa.Enum('members', 'members_and_guests', name='audience', native_enum=False, length=32), nullable=False, server_default='members_and_guests'))
        batch_op.add_column(sa.Column('needs_approval', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('waiting_list', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('offer_hours', sa.Integer(), nullable=False, server_default='48'))
        batch_op.add_column(sa.Column('cancellation_hours', sa.Integer(), nullable=False, server_default='24'))
        batch_op.add_column(sa.Column('reminder_hours', sa.Integer(), nullable=False, server_default='24'))
        batch_op.add_column(sa.Column('online_link', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()))
        batch_op.create_check_constraint(op.f('ck_events_capacity_not_negative'), 'capacity IS NULL OR capacity >= 0')

    # outbox_messages.reply_to comes with revision 0003 (messages to members).



def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_events_capacity_not_negative'), type_='check')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('created_at')
        batch_op.drop_column('sequence')
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('online_link')
        batch_op.drop_column('reminder_hours')
        batch_op.drop_column('cancellation_hours')
        batch_op.drop_column('offer_hours')
        batch_op.drop_column('waiting_list')
        batch_op.drop_column('needs_approval')
        batch_op.drop_column('audience')
        batch_op.drop_column('capacity')
        batch_op.drop_column('registration_closes_at')
        batch_op.drop_column('registration_opens_at')

    with op.batch_alter_table('event_registration_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_registration_history_registration_id'))

    op.drop_table('event_registration_history')
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachments_message_id'))

    op.drop_table('outbox_attachments')
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_event_registrations_event_state')
        batch_op.drop_index(batch_op.f('ix_event_registrations_account_id'))

    op.drop_table('event_registrations')
    with op.batch_alter_table('event_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_questions_event_id'))

    op.drop_table('event_questions')
    op.drop_table('calendar_feeds')
