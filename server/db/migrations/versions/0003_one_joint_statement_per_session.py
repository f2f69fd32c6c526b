"""one joint statement per session

The check in the joint-statement route and its insert run in separate transactions, and the
unique constraint on (session, country, title) never matches a joint statement's NULL country,
so concurrent requests could each make one. A partial unique index lets the database refuse
the second.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEX = "uq_statements_joint_per_session"


def upgrade() -> None:
    # Which duplicate to keep is a people's decision (each may have been edited since): name
    # them rather than fail on the index with the database's own message, or delete text.
    duplicates = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT forum_session_id, COUNT(*) FROM statements WHERE is_joint "
                "GROUP BY forum_session_id HAVING COUNT(*) > 1"
            )
        )
        .all()
    )
    if duplicates:
        sessions = ", ".join(str(session_id) for session_id, _ in duplicates)
        raise RuntimeError(
            f"sessions {sessions} have more than one joint statement; delete all but one of "
            "each, then migrate again"
        )
    with op.batch_alter_table("statements") as batch_op:
        batch_op.create_index(
            INDEX,
            ["forum_session_id"],
            unique=True,
            sqlite_where=sa.text("is_joint"),
            postgresql_where=sa.text("is_joint"),
        )


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch_op:
        batch_op.drop_index(INDEX)
