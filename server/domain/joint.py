"""A group session's joint statement starts from its country drafts, one section each."""

from __future__ import annotations

from collections.abc import Sequence


def joint_draft(drafts: Sequence[tuple[str, str]]) -> str:
    """The first text of a joint statement from (country name, country draft) pairs, in the
    session's order: each draft under its country's heading, its own headings kept one level
    below. An empty draft still gets its heading, so nobody's country is forgotten."""
    sections = []
    for country, draft in drafts:
        body = "\n".join(
            f"##{line}" if line.startswith("#") else line for line in draft.strip().splitlines()
        )
        sections.append(f"## {country}\n\n{body}".rstrip())
    return "\n\n".join(sections) + "\n"
