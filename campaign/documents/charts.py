"""Charts for the documents: matplotlib bar charts as PNG bytes, drawn from figures already computed.

matplotlib is imported inside the function and switched to the Agg backend there (never at the app's
import); the font is a serif with Vietnamese diacritics (DejaVu Serif, else Liberation Serif).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

SERIF_FONTS = ["DejaVu Serif", "Liberation Serif", "Times New Roman"]


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per label (or one group of bars per label, one per series)."""

    title: str  # the caption beneath the picture says it: drawn only with show_title
    labels: list[str]
    series: list[tuple[str, list[float]]]  # (name, values); one series draws plain bars
    unit: str = ""  # '%' adds the sign to the values and fixes the axis at 0–100
    reference: float | None = None  # a vertical line (the target, 100 %)
    reference_label: str = ""
    stacked: bool = False
    wrap: int = 38  # characters per line of a label
    show_title: bool = False
    colors: list[str] = field(default_factory=lambda: ["#1f4e79", "#c55a11", "#548235"])


def _label_value(value: float, unit: str) -> str:
    text = f"{value:.1f}" if value != int(value) else f"{int(value)}"
    text = text.replace(".", ",")
    return f"{text}%" if unit == "%" else text


def render_bar_chart(chart: BarChart, *, width_in: float = 6.3, dpi: int = 150) -> bytes:
    """The chart as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels = ["\n".join(textwrap.wrap(label, chart.wrap)) or label for label in chart.labels]
    rows = max(1, len(labels))
    line_count = sum(max(1, label.count("\n") + 1) for label in labels)
    height = min(8.0, 0.8 + 0.2 * line_count + 0.12 * rows * (1 if chart.stacked else len(chart.series)))
    with plt.rc_context({"font.family": "serif", "font.serif": SERIF_FONTS, "font.size": 9,
                         "axes.titlesize": 10, "axes.spines.top": False, "axes.spines.right": False}):
        fig, ax = plt.subplots(figsize=(width_in, height), dpi=dpi)
        try:
            positions = list(range(rows))
            count = len(chart.series)
            bar = 0.8 / (1 if chart.stacked else max(1, count))
            left = [0.0] * rows
            for index, (name, values) in enumerate(chart.series):
                ys = positions if chart.stacked else [p - 0.4 + bar * (index + 0.5) for p in positions]
                bars = ax.barh(ys, values, height=bar * 0.92, left=left if chart.stacked else None,
                               color=chart.colors[index % len(chart.colors)], label=name if count > 1 else None)
                for rect, value in zip(bars, values, strict=False):
                    if value:
                        x = rect.get_x() + rect.get_width()
                        ax.text(x if not chart.stacked else rect.get_x() + rect.get_width() / 2,
                                rect.get_y() + rect.get_height() / 2,
                                (" " if not chart.stacked else "") + _label_value(value, chart.unit),
                                va="center", ha="left" if not chart.stacked else "center", fontsize=8,
                                color="black" if not chart.stacked else "white")
                if chart.stacked:
                    left = [a + b for a, b in zip(left, values, strict=False)]
            ax.set_yticks(positions)
            ax.set_yticklabels(labels)
            ax.invert_yaxis()
            if chart.unit == "%":
                ax.set_xlim(0, 110)
                ax.xaxis.set_major_formatter(lambda x, _pos: f"{int(x)}%")
            else:
                top = max([sum(v) for v in zip(*[s[1] for s in chart.series], strict=False)] if chart.stacked
                          else [max(s[1], default=0) for s in chart.series] or [0])
                ax.set_xlim(0, max(1.0, top * 1.15))
                ax.xaxis.get_major_locator().set_params(integer=True)
            if chart.reference is not None:
                ax.axvline(chart.reference, color="#7f7f7f", linestyle="--", linewidth=1,
                           label=chart.reference_label or None)
            legend = count > 1 or bool(chart.reference_label)
            if legend:
                # beneath the axis labels, in the figure's margin: never over the bars or the ticks
                fig.legend(loc="lower center", ncol=3, fontsize=8, frameon=False)
            if chart.show_title:
                ax.set_title(chart.title)
            fig.tight_layout(rect=(0, min(0.4, 0.3 / height) if legend else 0, 1, 1))
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", bbox_inches="tight")
            return buffer.getvalue()
        finally:
            plt.close(fig)


def render_all(charts: Sequence[BarChart]) -> list[bytes]:
    return [render_bar_chart(chart) for chart in charts]
