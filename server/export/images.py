"""A statement is spoken text: a Markdown image in it is read as its alt text, in every export
and every page, so nothing typed makes the server or a reader fetch an address.

The HTML and the block renderers draw an image token's alt text themselves; the Markdown
export, which keeps the statement's own Markdown, rewrites each image in the source as its
label, found by position through markdown-it's own image rule."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline.image import image as image_rule
from markdown_it.rules_inline.state_inline import StateInline

# An image inside another's label comes out one level per pass.
_PASSES = 8


@dataclass(frozen=True)
class _Found:
    """An image where markdown-it's inline parser met it: offsets into `within` (the inline
    text being parsed) of its "![", its end, and its label."""

    within: str
    start: int
    end: int
    label_start: int
    label_end: int


def _noting_images(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not image_rule(state, silent):
        return False
    if not silent:
        label = state.tokens[-1].content
        state.env.setdefault("images", []).append(
            _Found(state.src, start, state.pos, start + 2, start + 2 + len(label))
        )
    return True


# The word count's configuration (CommonMark, raw HTML off), noting where each image is.
_FINDER = MarkdownIt("commonmark", {"html": False})
_FINDER.inline.ruler.at("image", _noting_images)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def _in_source(markdown: str, source_lines: list[int], first: int, inline: str) -> list[int] | None:
    """Where each line of `inline` (a block's inline text from source line `first` on, its
    prefixes such as "> " or a list's indent taken off) starts in `markdown`; None if a line
    is not there as it is (tabs turned to spaces)."""
    starts = []
    for number, line in enumerate(inline.split("\n")):
        at = first + number
        if at >= len(source_lines):
            return None
        end = source_lines[at + 1] if at + 1 < len(source_lines) else len(markdown)
        found = markdown.find(line, source_lines[at], end)
        if found < 0:
            return None
        starts.append(found)
    return starts


def _replace_images(markdown: str) -> tuple[str, int, int]:
    """`markdown` with each image not inside another's label written as its label; how many
    images there were (nested ones included) and how many were replaced."""
    env: dict[str, Any] = {}
    tokens = _FINDER.parse(markdown, env)
    found = env.get("images", [])
    if not found:
        return markdown, 0, 0
    source_lines = _line_starts(markdown)
    spans: list[tuple[int, int, int, int]] = []
    for token in tokens:
        if token.type != "inline" or token.map is None:
            continue
        mine = [f for f in found if f.within is token.content]  # not those in a label
        lines = _in_source(markdown, source_lines, token.map[0], token.content) if mine else None
        if lines is None:
            continue
        inline_lines = _line_starts(token.content)

        def source(
            offset: int, lines: list[int] = lines, inline_lines: list[int] = inline_lines
        ) -> int:
            line = bisect_right(inline_lines, offset) - 1
            return lines[line] + offset - inline_lines[line]

        spans += [
            (source(f.start), source(f.end), source(f.label_start), source(f.label_end))
            for f in mine
        ]
    out: list[str] = []
    cursor = 0
    for start, end, label_start, label_end in sorted(spans):
        out += [markdown[cursor:start], markdown[label_start:label_end]]
        cursor = end
    out.append(markdown[cursor:])
    return "".join(out), len(found), len(spans)


def images_as_alt_text(markdown: str) -> str:
    """`markdown` with every image written as its label (its alt text, emphasis kept), the rest
    untouched, so no Markdown reader shows an image. An image not found in the source as
    parsed (tabs in a list's indent) loses its opener to a backslash instead: its syntax shows
    as text, which loads nothing either."""
    for _ in range(_PASSES):
        markdown, images, replaced = _replace_images(markdown)
        if images == 0:
            return markdown
        if replaced == 0:
            break
    return markdown.replace("![", "!\\[")
