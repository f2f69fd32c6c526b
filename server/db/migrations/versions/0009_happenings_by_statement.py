"""happenings by statement: the last record about a statement, found at once (a statement's kept
thread list is still the store's while no record about the statement came after it)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_happenings_statement_id_id", "happenings", ["statement_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_happenings_statement_id_id", table_name="happenings")
