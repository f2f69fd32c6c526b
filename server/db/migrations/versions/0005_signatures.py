"""co-signing: who may sign for an organisation, signatures bound to a text's digest, the
coalition rules' required flags, and what each finalising recorded

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The organisation count and the regions block finalising; the global south and the
# constituency types are "to the extent possible" in the source documents: shown only.
REQUIRED = {
    "coalition_organisations_required": True,
    "coalition_regions_required": True,
    "coalition_global_south_required": False,
    "coalition_constituencies_required": False,
}


def upgrade() -> None:
    with op.batch_alter_table("organisation_members") as batch_op:
        batch_op.add_column(
            sa.Column("may_sign", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("forums") as batch_op:
        for column, default in REQUIRED.items():
            batch_op.add_column(
                sa.Column(
                    column,
                    sa.Boolean(),
                    nullable=False,
                    server_default=sa.true() if default else sa.false(),
                )
            )
    with op.batch_alter_table("statements") as batch_op:
        batch_op.add_column(sa.Column("text_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "signed_texts",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("statement_id", "digest"),
    )
    op.create_table(
        "signatures",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("signed_text_id", BigId, nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["signed_text_id"], ["signed_texts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("statement_id", "organisation_id", "user_id"),
    )
    op.create_index("ix_signatures_statement_id", "signatures", ["statement_id"], unique=False)
    op.create_table(
        "final_records",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("signatories", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_final_records_statement_id_id", "final_records", ["statement_id", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_final_records_statement_id_id", table_name="final_records")
    op.drop_table("final_records")
    op.drop_index("ix_signatures_statement_id", table_name="signatures")
    op.drop_table("signatures")
    op.drop_table("signed_texts")
    with op.batch_alter_table("statements") as batch_op:
        batch_op.drop_column("text_digest")
    with op.batch_alter_table("forums") as batch_op:
        for column in reversed(list(REQUIRED)):
            batch_op.drop_column(column)
    with op.batch_alter_table("organisation_members") as batch_op:
        batch_op.drop_column("may_sign")
