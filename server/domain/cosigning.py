"""Co-signing: the text a signature binds to, and the forum's coalition rules.

A signature binds an organisation to the statement as its exports show it: to the digest of
its normalised text. The client computes the same digest (``client/src/signing/digest.ts``)
for the text it shows, so the server can refuse a signature on text the person did not see;
both are pinned by the shared vectors in ``schemas/signing_vectors.json``. Change them
together.

Normalisation: the rendered text (the rendering word counting uses, so Markdown syntax is not
part of it) with each link written ``[its words]<its destination>``: the destination as
markdown-it normalises it (the ``href`` the HTML and PDF exports carry), with ``[`` and ``]``
percent-encoded (the Python and JavaScript parsers differ there). A literal backslash, ``[`` or
``]`` of the text is backslash-escaped, so typed text never reads as a link. Each stretch of
text between link marks is put in Unicode NFC; the whole is split into tokens at whitespace
(the separators of the word rule), joined by one space, and whitespace just inside a link's
brackets is dropped.

So edits that change neither a token of the rendered text nor a link (line breaks,
paragraphs, headings, emphasis, list markers, an inline link rewritten as a reference or an
autolink to the same destination) keep a signature valid; any change of a word, a number,
punctuation, a link's destination or the words it covers makes it stale. Images are their
alt text (the exports show that, never the picture), so an image's source is not part of it;
nor is a link's title. A text without links or brackets normalises as it did before links
counted, to the same digest.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token

from server.data.regions import UN_REGIONS
from server.domain.messages import Message, Param
from server.domain.organisations import CONSTITUENCIES, constituency_label

# The separators of the word rule (server/domain/words.py): str.split() breaks on every
# character str.isspace() accepts; zero width space breaks too and a byte order mark is
# dropped. ZWJ, ZWNJ and the word joiner stay inside tokens.
_EXTRA_SEPARATORS = str.maketrans({"\u200b": " ", "\ufeff": " "})

# Built once; the configuration of the word count and the exports (CommonMark, raw HTML off).
_MARKDOWN = MarkdownIt("commonmark", {"html": False})

_BLOCK_SEPARATOR = "\n"
_BREAK = " "
_ESCAPES = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]"})
_HREF_ESCAPES = str.maketrans({"[": "%5B", "]": "%5D"})
# A link mark's bracket with whitespace on its inner side: a token that is the bare opening
# mark, and the space before a closing mark (a literal bracket is escaped, so never matches).
_SPACE_AFTER_OPEN = re.compile(r"(^| )\[ ")
_SPACE_BEFORE_CLOSE = re.compile(r" \]<")


class _Marked:
    """The rendered text with its link marks, built as stretches of text between marks."""

    def __init__(self) -> None:
        self.parts: list[str] = []  # finished stretches and marks
        self.stretch: list[str] = []  # the text since the last mark, not normalised yet

    def text(self, content: str) -> None:
        self.stretch.append(content)

    def mark(self, mark: str) -> None:
        self.end_stretch()
        self.parts.append(mark)

    def end_stretch(self) -> None:
        if self.stretch:
            text = unicodedata.normalize("NFC", "".join(self.stretch))
            self.parts.append(text.translate(_ESCAPES))
            self.stretch = []


def _collect_inline(
    children: Sequence[Token], marked: _Marked, hrefs: list[str], in_image: bool = False
) -> None:
    # The twin of words._collect_inline, with link marks; inside an image's alt text a link
    # is text only, as the exports show it.
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            marked.text(child.content)
        elif kind in ("softbreak", "hardbreak"):
            marked.text(_BREAK)
        elif kind == "image" and child.children:
            marked.text(_BREAK)
            _collect_inline(child.children, marked, hrefs, in_image=True)
            marked.text(_BREAK)
        elif kind == "link_open" and not in_image:
            hrefs.append(str(child.attrGet("href") or ""))  # only link_open carries it
            marked.mark("[")
        elif kind == "link_close" and not in_image and hrefs:
            marked.mark(f"]<{hrefs.pop().translate(_HREF_ESCAPES)}>")


def normalised_text(markdown: str) -> str:
    """What a signature binds to: the rendered words with each link's destination in place,
    NFC, tokens joined by one space (see the module's docstring)."""
    marked = _Marked()
    for token in _MARKDOWN.parse(markdown):
        kind = token.type
        if kind == "inline":
            if token.children:
                _collect_inline(token.children, marked, [])
        elif kind in ("fence", "code_block"):
            marked.text(token.content)
        marked.text(_BLOCK_SEPARATOR)
    marked.end_stretch()
    joined = " ".join("".join(marked.parts).translate(_EXTRA_SEPARATORS).split())
    return _SPACE_BEFORE_CLOSE.sub("]<", _SPACE_AFTER_OPEN.sub(r"\1[", joined))


def text_digest(markdown: str) -> str:
    """SHA-256 (lower-case hex) of the UTF-8 of ``normalised_text(markdown)``."""
    return hashlib.sha256(normalised_text(markdown).encode("utf-8")).hexdigest()


# The rules, in the order the checklist shows them.
RULES: Final = ("organisations", "regions", "global_south", "constituencies")


@dataclass(frozen=True)
class Signer:
    """An organisation that signed (or could sign): one per valid signature.

    The same organisation may come more than once (two of its people signed); it counts once.
    ``region`` is a key of ``UN_REGIONS``: a global organisation gives its primary region.
    ``constituency`` is a key of ``CONSTITUENCIES``; every "other" counts as one type.
    """

    organisation_id: int
    name: str
    region: str | None
    global_south: bool
    constituency: str


class ForumCoalitionSettings(Protocol):
    """What a forum holds about its coalition rules (the forum row has these columns)."""

    coalition_min_organisations: int
    coalition_min_regions: int
    coalition_min_global_south: int
    coalition_min_constituencies: int
    coalition_organisations_required: bool
    coalition_regions_required: bool
    coalition_global_south_required: bool
    coalition_constituencies_required: bool


@dataclass(frozen=True)
class CoalitionRules:
    """A forum's coalition rules: a minimum per rule (0: no rule), and whether it blocks.

    A required rule blocks finalising; an advisory one is only shown. The defaults are the
    forum's: organisations and regions required, global south and constituencies advisory.
    Refuses a negative minimum.
    """

    min_organisations: int = 0
    min_regions: int = 0
    min_global_south: int = 0
    min_constituencies: int = 0
    organisations_required: bool = True
    regions_required: bool = True
    global_south_required: bool = False
    constituencies_required: bool = False

    def __post_init__(self) -> None:
        for rule in RULES:
            if self.minimum(rule) < 0:
                raise ValueError(f"the minimum for {rule} cannot be negative")

    @classmethod
    def from_forum(cls, forum: ForumCoalitionSettings) -> CoalitionRules:
        """The rules a forum sets (anything with the forum's ``coalition_*`` attributes)."""
        return cls(
            min_organisations=forum.coalition_min_organisations,
            min_regions=forum.coalition_min_regions,
            min_global_south=forum.coalition_min_global_south,
            min_constituencies=forum.coalition_min_constituencies,
            organisations_required=forum.coalition_organisations_required,
            regions_required=forum.coalition_regions_required,
            global_south_required=forum.coalition_global_south_required,
            constituencies_required=forum.coalition_constituencies_required,
        )

    def minimum(self, rule: str) -> int:
        """The minimum of one of ``RULES``."""
        value: int = getattr(self, f"min_{rule}")
        return value

    def is_required(self, rule: str) -> bool:
        """Whether one of ``RULES`` blocks finalising."""
        value: bool = getattr(self, f"{rule}_required")
        return value


@dataclass(frozen=True)
class RuleResult:
    """Where one rule stands: what it needs, what the valid signatures give, what is missing.

    ``message`` is the checklist line; ``missing`` names the regions (or constituency types)
    not yet among the signatories, empty for the rules that count organisations.
    """

    rule: str
    needed: int
    have: int
    met: bool
    required: bool
    message: Message
    missing: tuple[str, ...] = ()

    @property
    def more(self) -> int:
        """How many more the rule needs (0 when met)."""
        return max(self.needed - self.have, 0)


@dataclass(frozen=True)
class Coalition:
    """The coalition the valid signatures make: each shown rule's result, and its signers."""

    rules: tuple[RuleResult, ...]
    signers: tuple[Signer, ...]  # each organisation once, in name order

    @property
    def met(self) -> bool:
        """Whether every required rule is met (advisory rules never block)."""
        return all(result.met for result in self.rules if result.required)

    def blockers(self) -> list[Message]:
        """One sentence per unmet required rule, for the finalise gate; empty when met."""
        return [_blocker(result) for result in self.rules if result.required and not result.met]


def _distinct(signers: Iterable[Signer]) -> tuple[Signer, ...]:
    """Each organisation once (its first appearance), in name order."""
    seen: dict[int, Signer] = {}
    for signer in signers:
        seen.setdefault(signer.organisation_id, signer)
    return tuple(sorted(seen.values(), key=_name_order))


def _name_order(signer: Signer) -> tuple[str, int]:
    return (signer.name.casefold(), signer.organisation_id)


def _regions(signers: Iterable[Signer]) -> set[str]:
    return {s.region for s in signers if s.region is not None and s.region in UN_REGIONS}


def _constituencies(signers: Iterable[Signer]) -> set[str]:
    return {s.constituency for s in signers}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _checklist_line(rule: str, needed: int, have: int, present: list[str]) -> Message:
    more = max(needed - have, 0)
    met = more == 0
    params: dict[str, Param] = {"needed": needed, "have": have, "more": more}
    tail = f"at least {needed}" if met else f"{more} more"
    if rule == "organisations":
        if met:
            text = f"{_plural(have, 'organisation', 'organisations')} — at least {needed}"
        else:
            text = f"{have} of {needed} organisations — {more} more"
    elif rule == "global_south":
        if met:
            text = f"{have} from the global south — at least {needed}"
        else:
            text = f"{have} of {needed} from the global south — {more} more"
    else:
        label = "Regions" if rule == "regions" else "Constituency types"
        listed = ", ".join(present) if present else "none yet"
        params["present"] = ", ".join(present)
        text = f"{label}: {listed} — {tail}"
    return Message(f"coalition_{rule}_{'met' if met else 'short'}", text, params)


def _blocker(result: RuleResult) -> Message:
    needed, have, more = result.needed, result.have, result.more
    needs = f"{more} more {'is' if more == 1 else 'are'} needed."
    if result.rule == "organisations":
        signed = f"{have} of {needed} organisations {'has' if have == 1 else 'have'} signed"
    elif result.rule == "global_south":
        signed = (
            f"{have} of {needed} organisations from the global south "
            f"{'has' if have == 1 else 'have'} signed"
        )
    elif result.rule == "regions":
        signed = f"The signatories come from {have} of {needed} UN regional groups"
    else:
        signed = f"The signatories come from {have} of {needed} constituency types"
    return Message(
        f"coalition_{result.rule}",
        f"{signed}; {needs}",
        {"needed": needed, "have": have, "more": more},
    )


def coalition(signers: Sequence[Signer], rules: CoalitionRules) -> Coalition:
    """Check the forum's rules against the organisations that validly signed.

    Takes one ``Signer`` per valid signature (an organisation counts once) and the rules;
    returns each rule with a minimum above 0, in ``RULES`` order.
    """
    distinct = _distinct(signers)
    regions = _regions(distinct)
    constituencies = _constituencies(distinct)
    results: list[RuleResult] = []
    for rule in RULES:
        needed = rules.minimum(rule)
        if needed == 0:
            continue
        present: list[str] = []
        missing: tuple[str, ...] = ()
        if rule == "organisations":
            have = len(distinct)
        elif rule == "global_south":
            have = sum(1 for s in distinct if s.global_south)
        elif rule == "regions":
            have = len(regions)
            present = [name for code, name in UN_REGIONS.items() if code in regions]
            missing = tuple(name for code, name in UN_REGIONS.items() if code not in regions)
        else:
            have = len(constituencies)
            present = _constituency_labels(constituencies)
            missing = tuple(
                label for code, label in CONSTITUENCIES.items() if code not in constituencies
            )
        results.append(
            RuleResult(
                rule=rule,
                needed=needed,
                have=have,
                met=have >= needed,
                required=rules.is_required(rule),
                message=_checklist_line(rule, needed, have, present),
                missing=missing,
            )
        )
    return Coalition(rules=tuple(results), signers=distinct)


def _constituency_labels(codes: set[str]) -> list[str]:
    """Labels in the order of ``CONSTITUENCIES``, then any unknown code as it is."""
    known = [label for code, label in CONSTITUENCIES.items() if code in codes]
    unknown = sorted(code for code in codes if code not in CONSTITUENCIES)
    return known + [constituency_label(code) for code in unknown]


def closing_the_gap(result: Coalition, candidates: Sequence[Signer]) -> dict[str, list[Signer]]:
    """Which candidates would raise each unmet rule, required or advisory.

    Takes the coalition and the organisations that could still sign (the drafting group's);
    any that already signed are left out. Returns, for every unmet rule in ``RULES`` order
    (an empty list when no candidate helps), each helpful organisation once, in name order.
    """
    signed = {s.organisation_id for s in result.signers}
    fresh = [c for c in _distinct(candidates) if c.organisation_id not in signed]
    regions = _regions(result.signers)
    constituencies = _constituencies(result.signers)
    helps: dict[str, Callable[[Signer], bool]] = {
        "organisations": lambda c: True,
        "regions": lambda c: c.region in UN_REGIONS and c.region not in regions,
        "global_south": lambda c: c.global_south,
        "constituencies": lambda c: c.constituency not in constituencies,
    }
    return {
        rule.rule: [c for c in fresh if helps[rule.rule](c)]
        for rule in result.rules
        if not rule.met
    }
