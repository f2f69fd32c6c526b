"""comment threads, suggestions and disputes; statement reviewers; notices

Threads anchor a passage by two Yjs relative positions kept as bytes, so the document keeps
carrying the text alone. Reviewers read, comment and suggest on one statement. Notices tell a
person what is new for them (mentions, disputes on their statements).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _user(column: str) -> sa.Column[int]:
    return sa.Column(column, sa.Integer(), nullable=True)


def _user_key(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], ondelete="SET NULL")


def upgrade() -> None:
    op.create_table(
        "statement_reviewers",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_id", "user_id"),
    )
    op.create_index(
        "ix_statement_reviewers_user_id", "statement_reviewers", ["user_id"], unique=False
    )
    people = (
        "created_by",
        "resolved_by",
        "escalated_by",
        "claimed_by",
        "decided_by",
    )
    op.create_table(
        "threads",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("anchor_start", sa.LargeBinary(), nullable=False),
        sa.Column("anchor_end", sa.LargeBinary(), nullable=False),
        sa.Column("suggestion", sa.Text(), nullable=True),
        sa.Column("suggestion_state", sa.String(length=16), nullable=True),
        _user("created_by"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _user("resolved_by"),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("proposed_wording", sa.Text(), nullable=True),
        _user("escalated_by"),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        _user("claimed_by"),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        _user("decided_by"),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("applied_wording", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        *(_user_key(column) for column in people),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_threads_statement_id_id", "threads", ["statement_id", "id"], unique=False)
    op.create_table(
        "thread_messages",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("thread_id", BigId, nullable=False),
        _user("author_id"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["threads.id"], ondelete="CASCADE"),
        _user_key("author_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_thread_messages_thread_id_id", "thread_messages", ["thread_id", "id"], unique=False
    )
    op.create_table(
        "notices",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", BigId, nullable=True),
        sa.Column("message_id", BigId, nullable=True),
        _user("by_id"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["thread_id"], ["threads.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["message_id"], ["thread_messages.id"], ondelete="CASCADE"),
        _user_key("by_id"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notices_user_id_id", "notices", ["user_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_notices_user_id_id", table_name="notices")
    op.drop_table("notices")
    op.drop_index("ix_thread_messages_thread_id_id", table_name="thread_messages")
    op.drop_table("thread_messages")
    op.drop_index("ix_threads_statement_id_id", table_name="threads")
    op.drop_table("threads")
    op.drop_index("ix_statement_reviewers_user_id", table_name="statement_reviewers")
    op.drop_table("statement_reviewers")
