"""The statement's Markdown as blocks of styled runs, read from markdown-it's token stream with
raw HTML off: the plain text and DOCX exports build on it, so nothing typed becomes markup
and an image is its alt text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

# The same configuration as the word count (domain/words.py): CommonMark, raw HTML off.
MARKDOWN = MarkdownIt("commonmark", {"html": False})


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    """A heading (level 1-6), a paragraph (level 0), or a list item (`marker` '1.' or '•',
    `depth` from 1)."""

    runs: list[Run] = field(default_factory=list)
    level: int = 0
    marker: str = ""
    depth: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _inline_runs(children: Sequence[Token], bold: int = 0, italic: int = 0) -> list[Run]:
    runs: list[Run] = []
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("text", "code_inline", "html_inline"):
            runs.append(Run(child.content, bold > 0, italic > 0))
        elif kind == "softbreak":
            runs.append(Run(" ", bold > 0, italic > 0))
        elif kind == "hardbreak":
            runs.append(Run("\n", bold > 0, italic > 0))
        elif kind == "image":
            # Spoken text: an image is its alt text, never an address to fetch.
            runs += _inline_runs(child.children or [], bold, italic)
    return runs


def blocks_of(markdown: str) -> list[Block]:
    """The blocks of `markdown` in order: headings, paragraphs and list items with their bold
    and italic runs; code is kept as plain text."""
    blocks: list[Block] = []
    lists: list[list[int]] = []  # per open list: [is_ordered, next number]
    pending: Block | None = None
    for token in MARKDOWN.parse(markdown):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            lists.append([kind == "ordered_list_open", int(start) if start else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            ordered, number = lists[-1]
            marker = f"{number}." if ordered else "•"
            lists[-1][1] = number + 1
            pending = Block(marker=marker, depth=len(lists))
        elif kind == "heading_open":
            pending = Block(level=int(token.tag[1:]))
        elif kind == "paragraph_open" and pending is None:
            pending = Block(depth=len(lists))
        elif kind == "inline":
            block = pending or Block(depth=len(lists))
            block.runs.extend(_inline_runs(token.children or []))
            blocks.append(block)
            pending = None
        elif kind in ("fence", "code_block"):
            blocks.append(Block(runs=[Run(token.content.rstrip("\n"))], depth=len(lists)))
        elif kind == "hr":
            blocks.append(Block(runs=[Run("—")]))
    return blocks
