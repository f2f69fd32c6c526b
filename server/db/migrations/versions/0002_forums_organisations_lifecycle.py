"""forums, organisations, sealed personal data, the lifecycle's audit log, invitations

Emails move from a plain column to a sealed one plus a keyed look-up hash; the settings' key
ring is needed for that (`chorus migrate` passes it). Each distinct organisation name of the
old `users.organisation` column becomes an organisation (not yet classified: no country or
region) with its people as members.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country_code", sa.String(length=3), nullable=True),
        sa.Column("region", sa.String(length=32), nullable=True),
        sa.Column("global_south", sa.Boolean(), nullable=False),
        sa.Column("constituency", sa.String(length=48), nullable=False),
        sa.Column("constituency_other", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "organisation_members",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organisation_id", "user_id"),
    )
    with op.batch_alter_table("organisation_members") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_members_user_id"), ["user_id"], unique=False
        )

    _people_and_sealed_emails()

    with op.batch_alter_table("forums") as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=32), nullable=False, server_default="hlpf")
        )
        batch_op.add_column(
            sa.Column("languages", sa.String(length=200), nullable=False, server_default="en")
        )
        batch_op.add_column(
            sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="UTC")
        )
        for name in ("survey_closes_at", "drafting_closes_at", "outstanding_settled_by"):
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        for name in (
            "coalition_min_organisations",
            "coalition_min_regions",
            "coalition_min_global_south",
            "coalition_min_constituencies",
        ):
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("forums") as batch_op:
        # The defaults only filled the existing rows; the app sets every column itself.
        for name in ("kind", "languages", "time_zone"):
            batch_op.alter_column(name, server_default=None)
        for name in (
            "coalition_min_organisations",
            "coalition_min_regions",
            "coalition_min_global_south",
            "coalition_min_constituencies",
        ):
            batch_op.alter_column(name, server_default=None)

    op.create_table(
        "session_countries",
        sa.Column("forum_session_id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=3), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["forum_session_id"], ["forum_sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("forum_session_id", "country_code"),
    )
    # Every existing session presents the countries of its statements.
    op.execute(
        "INSERT INTO session_countries (forum_session_id, country_code, position) "
        "SELECT DISTINCT forum_session_id, country_code, 0 FROM statements"
    )

    with op.batch_alter_table("statements") as batch_op:
        batch_op.alter_column("country_code", existing_type=sa.String(length=3), nullable=True)
        batch_op.add_column(
            sa.Column("is_joint", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("statements") as batch_op:
        batch_op.alter_column("is_joint", server_default=None)

    op.create_table(
        "guiding_moderators",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_id", "user_id"),
    )
    with op.batch_alter_table("guiding_moderators") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guiding_moderators_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_value", sa.String(length=32), nullable=True),
        sa.Column("to_value", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["forum_id"], ["forums.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subject_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index("ix_audit_log_statement_id_id", ["statement_id", "id"], unique=False)

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["forum_id"], ["forums.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["used_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_forum_id"), ["forum_id"], unique=False)


def _people_and_sealed_emails() -> None:
    """Seal every email, keep its keyed hash for look-up, turn organisation names into
    organisations, then drop the plain columns."""
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("email_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("email_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("nationality_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("phone_sealed", sa.LargeBinary(), nullable=True))
        for name in ("shares_email", "shares_nationality", "shares_phone", "is_site_admin"):
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
            )

    bind = op.get_bind()
    users = bind.execute(sa.text("SELECT id, email, organisation FROM users")).all()
    if users:
        seal = context.config.attributes.get("personal_data")
        if seal is None:
            raise RuntimeError(
                "this migration seals the stored emails: run it with `chorus migrate`, which "
                "passes the personal-data keys"
            )
        for user_id, email, _ in users:
            email_hash, sealed = seal(user_id, email)
            bind.execute(
                sa.text("UPDATE users SET email_hash = :h, email_sealed = :s WHERE id = :id"),
                {"h": email_hash, "s": sealed, "id": user_id},
            )
        names = sorted({org for _, _, org in users if org})
        for name in names:
            bind.execute(
                sa.text(
                    "INSERT INTO organisations (name, global_south, constituency) "
                    "VALUES (:name, :south, 'other')"
                ),
                {"name": name, "south": False},
            )
        bind.execute(
            sa.text(
                "INSERT INTO organisation_members (organisation_id, user_id) "
                "SELECT organisations.id, users.id FROM users "
                "JOIN organisations ON organisations.name = users.organisation"
            )
        )

    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("email")
        batch_op.drop_column("organisation")
        batch_op.alter_column("email_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("email_sealed", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.create_unique_constraint("users_email_hash_key", ["email_hash"])
        for name in ("shares_email", "shares_nationality", "shares_phone", "is_site_admin"):
            batch_op.alter_column(name, server_default=None)


def downgrade() -> None:
    raise NotImplementedError("emails are sealed: restore the database from a backup instead")
