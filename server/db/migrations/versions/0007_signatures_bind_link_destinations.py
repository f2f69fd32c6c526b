"""signatures bind to the link destinations the exports show: every stored digest computed
again under the new rule, from the text it was taken of

Revision ID: 0007
Revises: 0006

Until now a signature's digest covered the rendered words only, so changing a link's target
left every signature valid while the PDF and HTML showed the new target. The rule
(`server.domain.cosigning.text_digest`) now covers each link's destination too. Rather than
keep two rules side by side (a version on every digest, compared everywhere digests are),
every stored digest is computed again from the exact text it stands for:

- a signed text (`signed_texts`) from the text kept for it, and each signature from its signed
  text: a signature that was valid stays valid exactly when the text now has the same link
  destinations as the text it signed, and a stale one stays stale;
- a statement's `text_digest` from its stored document (snapshot and update log), as its
  room computes it when opened;
- each final record's digest from the text it recorded.

A signed text was kept once per digest under the old rule, so two people who signed the same
words around a change of link destination share the text the first of them signed: the second
signature is then taken as bound to that text's destinations, and shows stale if they have
changed since (its signatory re-confirms in one step), never valid on destinations it may not
have seen. A downgrade computes the words-only digests again the same way.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

from server.collab.documents import text_of
from server.domain.cosigning import text_digest
from server.domain.words import rendered_text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

signed_texts = sa.table(
    "signed_texts",
    sa.column("id", sa.Integer()),
    sa.column("statement_id", sa.Integer()),
    sa.column("digest", sa.String()),
    sa.column("text", sa.Text()),
)
signatures = sa.table(
    "signatures",
    sa.column("digest", sa.String()),
    sa.column("signed_text_id", sa.Integer()),
)
statements = sa.table(
    "statements", sa.column("id", sa.Integer()), sa.column("text_digest", sa.String())
)
snapshots = sa.table(
    "statement_snapshots",
    sa.column("statement_id", sa.Integer()),
    sa.column("data", sa.LargeBinary()),
)
updates = sa.table(
    "statement_updates",
    sa.column("id", sa.Integer()),
    sa.column("statement_id", sa.Integer()),
    sa.column("data", sa.LargeBinary()),
)
final_records = sa.table(
    "final_records",
    sa.column("id", sa.Integer()),
    sa.column("text", sa.Text()),
    sa.column("digest", sa.String()),
)


def _words_digest(markdown: str) -> str:
    """The digest as it was before links counted (for a downgrade): the rendered words, NFC,
    tokens joined by one space."""
    text = unicodedata.normalize("NFC", rendered_text(markdown))
    words = " ".join(text.translate({0x200B: " ", 0xFEFF: " "}).split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _links_digest(markdown: str) -> str:
    # The rule of today, read from the domain: a later change of the rule comes with a
    # migration of its own that computes every digest again.
    return text_digest(markdown)


def _signed_texts(bind: Connection, digest_of: Callable[[str], str]) -> None:
    """Each signed text's digest again; texts of a statement that come to share a digest
    (only on a downgrade: texts that differed in link destinations alone) become one."""
    digests: dict[int, str] = {}
    kept: dict[tuple[int, str], int] = {}
    merged: dict[int, int] = {}
    for text_id, statement_id, text in bind.execute(
        sa.select(signed_texts.c.id, signed_texts.c.statement_id, signed_texts.c.text).order_by(
            signed_texts.c.id
        )
    ).all():
        digest = digest_of(text)
        first = kept.setdefault((statement_id, digest), text_id)
        if first == text_id:
            digests[text_id] = digest
        else:
            merged[text_id] = first
    for dropped, first in merged.items():
        bind.execute(
            signatures.update()
            .where(signatures.c.signed_text_id == dropped)
            .values(signed_text_id=first)
        )
        bind.execute(signed_texts.delete().where(signed_texts.c.id == dropped))
    # Through a placeholder first: a new digest may be another row's old one, and
    # (statement, digest) is unique at every step.
    for step in ("placeholder", "digest"):
        for text_id, digest in digests.items():
            value = f"being recomputed {text_id}" if step == "placeholder" else digest
            bind.execute(
                signed_texts.update().where(signed_texts.c.id == text_id).values(digest=value)
            )
    bind.execute(
        signatures.update().values(
            digest=sa.select(signed_texts.c.digest)
            .where(signed_texts.c.id == signatures.c.signed_text_id)
            .scalar_subquery()
        )
    )


def _statements(bind: Connection, digest_of: Callable[[str], str]) -> None:
    """Each stored statement digest again, from the statement's stored document; one never
    stored is left for its room to store when opened."""
    ids = bind.scalars(
        sa.select(statements.c.id).where(statements.c.text_digest.is_not(None))
    ).all()
    for statement_id in ids:
        stored = list(
            bind.scalars(
                sa.select(snapshots.c.data).where(snapshots.c.statement_id == statement_id)
            )
        )
        stored += bind.scalars(
            sa.select(updates.c.data)
            .where(updates.c.statement_id == statement_id)
            .order_by(updates.c.id)
        ).all()
        bind.execute(
            statements.update()
            .where(statements.c.id == statement_id)
            .values(text_digest=digest_of(text_of(bytes(data) for data in stored)))
        )


def _final_records(bind: Connection, digest_of: Callable[[str], str]) -> None:
    for record_id, text in bind.execute(sa.select(final_records.c.id, final_records.c.text)).all():
        bind.execute(
            final_records.update()
            .where(final_records.c.id == record_id)
            .values(digest=digest_of(text))
        )


def _recompute(digest_of: Callable[[str], str]) -> None:
    bind = op.get_bind()
    _signed_texts(bind, digest_of)
    _statements(bind, digest_of)
    _final_records(bind, digest_of)


def upgrade() -> None:
    _recompute(_links_digest)


def downgrade() -> None:
    _recompute(_words_digest)
