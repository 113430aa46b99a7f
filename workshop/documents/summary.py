"""A room's group summary: the revealed results, nothing under the small-number rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeGuard

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table

from workshop.documents.labels import labels_for
from workshop.documents.layout import plain, verbatim
from workshop.documents.markdown import bullets
from workshop.documents.pages import build, check_paper
from workshop.documents.theme import INK, styles, table_style


class SummaryLike(Protocol):
    """What the group summary reads from ``workshop.results.PromptSummary``.

    A protocol, so this module depends on neither pandas nor the results
    module: ``distribution`` and ``words`` are anything with ``itertuples``.
    """

    @property
    def kind(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def answered(self) -> int: ...
    @property
    def shown(self) -> bool: ...
    @property
    def mean(self) -> float | None: ...
    @property
    def distribution(self) -> Any: ...
    @property
    def words(self) -> Any: ...
    @property
    def texts(self) -> Sequence[str]: ...


class WithheldLike(Protocol):
    """What the group summary reads of a withheld result (``disclosure.Withheld``): no figure."""

    @property
    def question(self) -> str: ...
    @property
    def shown(self) -> bool: ...


def _is_shown(summary: SummaryLike | WithheldLike) -> TypeGuard[SummaryLike]:
    return summary.shown


class _Bar(Flowable):  # type: ignore[misc]
    """A horizontal bar for a share of answers; grey fill, black outline, prints in B/W."""

    def __init__(self, fraction: float, height: float = 9) -> None:
        super().__init__()
        self.fraction = max(0.0, min(1.0, fraction))
        self.bar_height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.bar_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setFillColor(colors.Color(0.45, 0.45, 0.45))
        canvas.setLineWidth(0.5)
        if self.fraction > 0:
            canvas.rect(0, 0, self.width * self.fraction, self.bar_height, stroke=1, fill=1)
        canvas.restoreState()


def _counts_table(rows: list[tuple[str, int]]) -> Table:
    look = styles()
    top = max((count for _label, count in rows), default=0) or 1
    table = Table(
        [
            [verbatim(label, look.cell), plain(str(count), look.cell), _Bar(count / top)]
            for label, count in rows
        ],
        colWidths=["38%", "10%", "52%"],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def summary_block(summary: SummaryLike | WithheldLike, min_group: int | None) -> list[Flowable]:
    """One released result as printed: its question, then its figures or why there are none."""
    look = styles()
    block: list[Flowable] = [plain(summary.question, look.h2)]
    if not _is_shown(summary):
        # No figure at all, not even the number of answers: the small-number rule.
        rule = f" (fewer than {min_group} answers)" if min_group else ""
        block.append(plain(f"Not shown: too few answers to keep them anonymous{rule}.", look.note))
        return block
    # Answers only (passes are not in the bars): the number and the bars agree.
    facts = f"{summary.answered} answers"
    if summary.kind == "scale" and summary.mean is not None:
        facts += f" · average {summary.mean:.1f}"
    block.append(plain(facts, look.small))
    if summary.kind in ("scale", "choice") and summary.distribution is not None:
        rows = [
            (str(label), int(count))
            for label, count in summary.distribution.itertuples(index=False)
        ]
        block.append(_counts_table(rows))
    elif summary.kind == "word" and summary.words is not None:
        rows = [(str(word), int(count)) for word, count in summary.words.itertuples(index=False)]
        block.append(_counts_table(rows[:15]))
    elif summary.kind == "text":
        block.append(bullets([verbatim(text, look.small) for text in summary.texts], look.small))
    return block


def group_summary_pdf(
    title: str,
    summaries: Sequence[SummaryLike | WithheldLike],
    *,
    paper: str = "a4",
    min_group: int | None = None,
    footer: str = "Open Circle · anonymous group summary",
    language: str = "en",
    dates: Sequence[str] = (),
) -> bytes:
    """One page (more if it must) of a room's revealed results, for records or a funder.

    Only what the disclosure gate already released is printed: a withheld
    result (``shown`` false) prints its question and no figure; a shown one
    says how many answered (passes excluded, as in its bars). Open texts are the
    ones left after hidden and flagged answers were removed, printed as
    written. ``min_group`` (the room's ``k``) is only used to say why a result
    is missing. ``dates`` are printed under the title, each already labelled
    ("met on …", "data deleted on …", ``workshop.dates``).
    """
    check_paper(paper)
    look = styles()
    story: list[Flowable] = [
        plain("Group summary", look.subtitle),
        plain(title, look.title),
        *[plain(line, look.small) for line in dates],
        plain(
            "Anonymous answers from the phones in the room. With a small group these figures "
            "are conversation starters and rough feedback, not evidence that the programme "
            "works.",
            look.small,
        ),
    ]
    if not summaries:
        story.append(plain("No prompts were answered in this room.", look.body))
    for summary in summaries:
        story.extend(summary_block(summary, min_group))
    return build(
        story,
        paper=paper,
        title=f"Group summary: {title}",
        footer=footer,
        header="",
        labels=labels_for(language),
    )
