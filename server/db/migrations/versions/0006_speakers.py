"""speakers: the forum's rules for speakers (versioned), volunteers with the version they
accepted and their sealed answers, and the confirmed speaker and backup of each statement

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forum_speaker_rules",
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["forum_id"], ["forums.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["written_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("forum_id", "version"),
    )
    op.create_table(
        "speaker_volunteers",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("rules_version", sa.Integer(), nullable=False),
        sa.Column("volunteered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_national_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("in_national_process_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_id", "user_id"),
    )
    op.create_index(
        op.f("ix_speaker_volunteers_user_id"), "speaker_volunteers", ["user_id"], unique=False
    )
    op.create_table(
        "statement_speakers",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("backup_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_by", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["speaker_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["backup_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["confirmed_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("statement_id"),
    )


def downgrade() -> None:
    op.drop_table("statement_speakers")
    op.drop_index(op.f("ix_speaker_volunteers_user_id"), table_name="speaker_volunteers")
    op.drop_table("speaker_volunteers")
    op.drop_table("forum_speaker_rules")
