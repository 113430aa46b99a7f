"""Organiser Markdown on paper: the same reading the projector gives it.

Slide bodies, notes, instructions, key ideas and practice may use Markdown.
The projector shows slide bodies with Streamlit's renderer, which is
CommonMark plus GitHub's tables and strikethrough; this module parses with
markdown-it-py's ``commonmark`` preset plus those two extensions, so
``_x_``, ``__x__``, ``\\*x\\*``, code spans, nested lists and tables mean
the same on paper as on the wall. Raw HTML is switched off: ``<font>`` or
``&`` in a curriculum is text and prints as written.

markdown-it's tokens are walked into reportlab flowables. Inline text becomes
reportlab paragraph markup: every piece of text is XML-escaped, and only the
fixed tags ``<b>``, ``<i>``, ``<strike>``, ``<br/>`` and the mono ``<font>``
are added around it, so nothing an organiser writes can inject markup.
Links print as their text, followed by the address in brackets when it
differs (paper cannot be clicked).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from html import unescape
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Indenter,
    ListFlowable,
    ListItem,
    Paragraph,
    Table,
)

from workshop.documents.theme import (
    FONT_FAMILY,
    HEADING_FONT,
    INK,
    MONO_FONT,
    RULE,
    register_fonts,
    table_style,
)
from workshop.documents.typography import typographic

BULLETS = ("•", "–")
"""Bullet marks by nesting depth, alternating. Browsers use a white circle for the
second level; the Noto text faces have no such glyph, and a dash is the printer's mark."""

_TAGS = {
    "strong_open": "<b>",
    "strong_close": "</b>",
    "em_open": "<i>",
    "em_close": "</i>",
    "s_open": "<strike>",
    "s_close": "</strike>",
}
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_TAG = re.compile(r"<[^>]*>")
NARROWEST = 400.0
"""Points of the narrowest place a table prints (the guide's step column on Letter):
column widths are shares of the frame, so they are planned for the tightest case."""


@functools.cache
def parser() -> MarkdownIt:
    """The one Markdown reading: CommonMark, GitHub tables and strikethrough, no raw HTML."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


# --- Inline text ------------------------------------------------------------------------


def _code(text: str) -> str:
    return f'<font name="{MONO_FONT}">{escape(text)}</font>'


def _inline(tokens: Sequence[Token]) -> str:
    """reportlab markup for one run of inline tokens."""
    out: list[str] = []
    links: list[tuple[int, str]] = []
    last = ""  # the text before a quote decides whether it opens or closes
    for token in tokens:
        kind = token.type
        if kind in _TAGS:
            out.append(_TAGS[kind])
        elif kind == "softbreak":
            out.append(" ")
            last = " "
        elif kind == "hardbreak":
            out.append("<br/>")
        elif kind == "code_inline":
            out.append(_code(token.content))
            last = token.content[-1:]
        elif kind == "link_open":
            links.append((len(out), str(token.attrGet("href") or "")))
        elif kind == "link_close" and links:
            start, href = links.pop()
            address = parser().normalizeLinkText(href)
            shown = unescape(_TAG.sub("", "".join(out[start:])))
            if address and address.removeprefix("mailto:") != shown:
                out.append(f" ({escape(address)})")
        elif kind == "image":
            out.append(_inline(token.children or []))  # its alt text
        elif kind == "text":
            text = typographic(token.content, start=last)
            out.append(escape(text))
            last = text[-1:] or last
        else:
            # anything unexpected: printed as written.
            out.append(escape(token.content))
    return "".join(out)


def inline_markup(text: str) -> str:
    """Turn one line of organiser Markdown into reportlab paragraph markup.

    Only inline Markdown is read (emphasis, strong, code, links, escapes), so
    a key idea that starts with ``1.`` or ``#`` prints as written.
    """
    tokens = parser().parseInline(text)
    return _inline(tokens[0].children or []) if tokens else ""


def _paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    try:
        return Paragraph(markup, style)
    except ValueError:
        # Belt and braces: should the markup ever be rejected, print the text as written.
        return Paragraph(escape(" ".join(unescape(_TAG.sub("", markup)).split())), style)


def markdown_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of organiser text with inline Markdown applied."""
    register_fonts()  # the mono face must be known before a code span is laid out
    return _paragraph(inline_markup(text), style)


def bullets(items: Iterable[Flowable | str], style: ParagraphStyle) -> ListFlowable:
    """A bullet list; strings are read as inline Markdown, flowables used as they are."""
    flowables = [markdown_paragraph(i, style) if isinstance(i, str) else i for i in items]
    return ListFlowable(
        [ListItem(flowable, leftIndent=14) for flowable in flowables],
        bulletType="bullet",
        start=BULLETS[0],
        bulletFontName=FONT_FAMILY,
        bulletFontSize=style.fontSize,
        leftIndent=14,
    )


# --- Blocks -----------------------------------------------------------------------------


def _inline_of(node: SyntaxTreeNode) -> str:
    """The markup of a paragraph, heading or cell: its one ``inline`` child."""
    for child in node.children:
        if child.type == "inline" and child.token is not None:
            return _inline(child.token.children or [])
    return ""


def _text_length(node: SyntaxTreeNode) -> int:
    return len(unescape(_TAG.sub("", _inline_of(node))))


def _list(node: SyntaxTreeNode, style: ParagraphStyle, depth: int) -> ListFlowable:
    items = []
    for item in node.children:
        content = _blocks(item.children, style, depth + 1) or [Paragraph("", style)]
        items.append(ListItem(content, leftIndent=18 if node.type == "ordered_list" else 14))
    if node.type == "ordered_list":
        return ListFlowable(
            items,
            bulletType="1",
            bulletFormat="%s.",
            start=int(str(node.attrs.get("start", 1))),
            bulletFontName=FONT_FAMILY,
            bulletFontSize=style.fontSize,
            leftIndent=18,
        )
    return ListFlowable(
        items,
        bulletType="bullet",
        start=BULLETS[depth % len(BULLETS)],
        bulletFontName=FONT_FAMILY,
        bulletFontSize=style.fontSize,
        leftIndent=14,
    )


def _cell_style(cell: SyntaxTreeNode, base: ParagraphStyle) -> ParagraphStyle:
    align = re.search(r"text-align:(\w+)", str(cell.attrs.get("style", "")))
    if not align:
        return base
    return ParagraphStyle(f"{base.name}_{align.group(1)}", parent=base, alignment=_ALIGN[align[1]])


def _longest_word(cell: SyntaxTreeNode, size: float) -> float:
    """Points the longest word of a cell needs, in the bold face (the wider), plus padding."""
    words = unescape(_TAG.sub("", _inline_of(cell))).split() or [""]
    return float(max(stringWidth(word, HEADING_FONT, size) for word in words)) + 8


def _table(node: SyntaxTreeNode, style: ParagraphStyle) -> Table:
    """A GitHub table: the header row in bold; columns sized by their longest cell."""
    head = ParagraphStyle(
        "table_head",
        parent=style,
        fontName=HEADING_FONT,
        fontSize=style.fontSize - 0.5,
        spaceAfter=0,
    )
    cell = ParagraphStyle("table_cell", parent=style, spaceAfter=0)
    rows = [
        (section.type == "thead", row.children)
        for section in node.children
        for row in section.children
    ]
    columns = max(len(cells) for _head, cells in rows)
    longest = [
        max((_text_length(cells[i]) for _head, cells in rows if i < len(cells)), default=0) or 1
        for i in range(columns)
    ]
    weights = [max(length, sum(longest) * 0.12) for length in longest]
    # A column is never narrower than its longest word ("peaceful", not "peacefu / l").
    floors = [
        max((_longest_word(cells[i], style.fontSize) for _head, cells in rows if i < len(cells)))
        for i in range(columns)
    ]
    shares = [NARROWEST * weight / sum(weights) for weight in weights]
    short = [max(floor - share, 0.0) for floor, share in zip(floors, shares, strict=True)]
    spare = [max(share - floor, 0.0) for floor, share in zip(floors, shares, strict=True)]
    if sum(short) and sum(spare) >= sum(short):
        take = sum(short) / sum(spare)
        shares = [
            share + need - extra * take
            for share, need, extra in zip(shares, short, spare, strict=True)
        ]
    widths = [f"{100 * share / sum(shares):.1f}%" for share in shares]
    data = [
        [_paragraph(_inline_of(c), _cell_style(c, head if is_head else cell)) for c in cells]
        for is_head, cells in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", spaceBefore=4, spaceAfter=8)
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _code_block(text: str, style: ParagraphStyle) -> Paragraph:
    lines = [escape(line).replace(" ", "&nbsp;") for line in text.rstrip("\n").split("\n")]
    return _paragraph(f'<font name="{MONO_FONT}">{"<br/>".join(lines)}</font>', style)


def _block(node: SyntaxTreeNode, style: ParagraphStyle, depth: int) -> list[Flowable]:
    kind = node.type
    if kind == "paragraph":
        return [_paragraph(_inline_of(node), style)]
    if kind == "heading":
        # Headings print bold in the surrounding size, as they always have on paper.
        return [_paragraph(f"<b>{_inline_of(node)}</b>", style)]
    if kind in ("bullet_list", "ordered_list"):
        return [_list(node, style, depth)]
    if kind == "table":
        return [_table(node, style)]
    if kind == "blockquote":
        return [Indenter(left=14), *_blocks(node.children, style, depth), Indenter(left=-14)]
    if kind in ("code_block", "fence"):
        return [_code_block(node.content, style)]
    if kind == "hr":
        return [HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=6)]
    # Raw HTML is off; anything else markdown-it may add prints as its text.
    return [_paragraph(escape(" ".join(node.content.split())), style)] if node.content else []


def _blocks(nodes: Iterable[SyntaxTreeNode], style: ParagraphStyle, depth: int) -> list[Flowable]:
    return [flowable for node in nodes for flowable in _block(node, style, depth)]


def markdown_flowables(text: str, style: ParagraphStyle) -> list[Flowable]:
    """A block of organiser Markdown as paragraphs, (nested) lists, tables and headings."""
    register_fonts()
    return _blocks(SyntaxTreeNode(parser().parse(text)).children, style, 0)
