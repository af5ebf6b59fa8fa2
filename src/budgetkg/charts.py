"""Charts of saved-query answers, for people who would rather look than read.

Each chart runs one saved query and draws its DataFrame with matplotlib
(object API, no global pyplot state) in a CJK font, so that department and
function names print in Chinese instead of empty boxes. Without a CJK font a
chart is refused with a clear message rather than drawn unreadable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from .api import KnowledgeGraph

# Fonts known to cover simplified Chinese, most common first (Linux, macOS, Windows).
PREFERRED_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Microsoft YaHei",
    "SimHei",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)
PROBE = "预算部门"  # characters every chart needs
FORMATS = ("png", "svg")


class ChartError(RuntimeError):
    """A chart cannot be drawn: no CJK font, an unknown chart, or nothing to draw."""


@dataclass(frozen=True)
class Font:
    """The CJK font a chart is drawn in."""

    name: str
    path: str


@dataclass(frozen=True)
class Chart:
    """A named chart: the saved query it draws and how."""

    name: str
    title: str
    query: str
    draw: Callable[[Axes, pd.DataFrame, dict[str, str]], None]


@dataclass(frozen=True)
class ChartResult:
    """A drawn chart: the file, the font its text is set in, the rows it shows."""

    path: Path
    font: Font
    rows: int


def cjk_font() -> Font:
    """The first installed font that covers Chinese (see :data:`PREFERRED_FONTS`)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    candidates = [n for n in PREFERRED_FONTS if n in installed] + sorted(
        n for n in installed if ("CJK" in n or n.endswith((" SC", " CN"))) and n not in PREFERRED_FONTS
    )
    for name in candidates:
        # the file matplotlib itself will draw this family with (regular weight)
        path = str(font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False))
        if name in PREFERRED_FONTS or _covers(path, PROBE):
            return Font(name, path)
    raise ChartError(
        "no font with Chinese characters found: install one (Debian/Ubuntu: apt-get install "
        "fonts-noto-cjk, or run scripts/system-deps.sh)"
    )


def _covers(path: str, text: str) -> bool:
    """True when the font file has a glyph for every character of ``text``."""
    from fontTools.ttLib import TTFont

    try:
        cmap = TTFont(path, fontNumber=0, lazy=True).getBestCmap() or {}
    except Exception:  # an unreadable font file is simply not a candidate
        return False
    return all(ord(c) in cmap for c in text)


def render_chart(
    kg: KnowledgeGraph, name: str, output: Path, fmt: str | None = None, **params: str
) -> ChartResult:
    """Run the chart's query and write the chart to ``output`` (png or svg, from its suffix)."""
    chart = find_chart(name)
    fmt = fmt or output.suffix.lstrip(".").lower() or "png"
    if fmt not in FORMATS:
        raise ChartError(f"charts are written as {' or '.join(FORMATS)}, not {fmt!r}")
    frame = kg.query(chart.query, numbers="float", **params)
    if frame.empty:
        raise ChartError(f"nothing to draw: query {chart.query!r} has no rows for {params or 'its defaults'}")
    font = cjk_font()
    _draw(chart, frame, params, font, output, fmt)
    return ChartResult(output, font, len(frame))


def _draw(
    chart: Chart, frame: pd.DataFrame, params: dict[str, str], font: Font, output: Path, fmt: str
) -> None:
    import matplotlib
    from matplotlib.figure import Figure

    rc: dict[str, Any] = {"font.family": [font.name], "axes.unicode_minus": False, "svg.fonttype": "none"}
    with matplotlib.rc_context(cast(Any, rc)):  # matplotlib types keys as literals
        rows = max(3, frame["department"].nunique())
        fig = Figure(figsize=(10, 1.2 + 0.7 * rows), layout="constrained")
        ax = fig.subplots()
        chart.draw(ax, frame, params)
        fig.savefig(output, format=fmt, dpi=150)


def find_chart(name: str) -> Chart:
    """A chart by name; an unknown name lists the known ones."""
    if name not in CHARTS:
        raise ChartError(f"no chart {name!r} (known: {', '.join(sorted(CHARTS))})")
    return CHARTS[name]


def wrap(label: str, width: int = 14) -> str:
    """A long Chinese name on several lines (textwrap splits CJK text anywhere)."""
    return "\n".join(textwrap.wrap(label, width)) or label


# -- the charts ----------------------------------------------------------------


def draw_spending_by_function(ax: Axes, frame: pd.DataFrame, params: dict[str, str]) -> None:
    """Stacked bars: each department's spending split by 类 (or by the children of a code)."""
    code = params.get("code", "")
    depth = len(code) + 2 if code else 3
    rows = frame[frame["function_code"].str.len() == depth].drop_duplicates(["document", "function_code"])
    if rows.empty:
        raise ChartError(f"no function lines {depth} digits long under {code!r}")
    labels = rows["function_code"] + " " + rows["function_name"]
    table = (
        rows.assign(label=labels, department=rows["department"].map(wrap))
        .pivot_table(index="department", columns="label", values="total", aggfunc="sum", fill_value=0.0)
        .sort_index(axis=1)
    )
    table = table.loc[table.sum(axis=1).sort_values().index]
    left = [0.0] * len(table)
    for label in table.columns:
        values = [float(v) for v in table[label]]
        ax.barh(table.index, values, left=left, label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    scope = f"{code} 下级科目" if code else "类级科目"
    ax.set_title(f"各部门支出按功能分类（{scope}，万元）")
    ax.set_xlabel("万元")
    ax.legend(fontsize=8, loc="lower right")


def draw_function_across_departments(ax: Axes, frame: pd.DataFrame, params: dict[str, str]) -> None:
    """Bars per department of one function: 基本支出 and 项目支出 stacked, share of total noted."""
    frame = frame.sort_values("total")
    names = [wrap(d) for d in frame["department"]]
    basic = frame["basic"].fillna(0.0).astype(float).tolist()
    project = frame["project"].fillna(0.0).astype(float).tolist()
    ax.barh(names, basic, label="基本支出")
    ax.barh(names, project, left=basic, label="项目支出")
    for y, (total, share) in enumerate(zip(frame["total"], frame["share_percent"], strict=True)):
        ax.annotate(f" {total:,.2f}（占部门 {share:.2f}%）", (float(total), y), va="center", fontsize=8)
    first = frame.iloc[-1]
    ax.set_title(f"{first['function_code']} {first['function_name']}：各部门预算（万元）")
    ax.set_xlabel("万元")
    ax.margins(x=0.25)
    ax.legend(fontsize=8, loc="lower right")


def draw_three_public_change(ax: Axes, frame: pd.DataFrame, params: dict[str, str]) -> None:
    """Paired bars per department: 三公经费 last year and this year, with the change in percent."""
    totals = frame[frame["item_code"] == "three-public"].sort_values("this_year")
    if totals.empty:
        raise ChartError("no “三公”经费 totals to draw")
    names = [wrap(d) for d in totals["department"]]
    ys = list(range(len(totals)))
    last = totals["last_year"].fillna(0.0).astype(float).tolist()
    this = totals["this_year"].fillna(0.0).astype(float).tolist()
    ax.barh([y + 0.2 for y in ys], last, height=0.4, label="上年预算")
    ax.barh([y - 0.2 for y in ys], this, height=0.4, label="本年预算")
    for y, (value, pct) in enumerate(zip(this, totals["change_percent"], strict=True)):
        note = "" if pct != pct else f"{pct:+.2f}%"  # NaN (no last year) prints nothing
        ax.annotate(f" {value:,.2f} {note}", (value, y - 0.2), va="center", fontsize=8)
    ax.set_yticks(ys, names)
    ax.set_title("“三公”经费：本年与上年预算（万元）")
    ax.set_xlabel("万元")
    ax.margins(x=0.25)
    ax.legend(fontsize=8, loc="lower right")


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart(
            "spending-by-function",
            "Spending by function (类, or the children of --param code) across departments",
            "spending-by-function",
            draw_spending_by_function,
        ),
        Chart(
            "function-across-departments",
            "One function code across departments: basic vs project, share of the department",
            "function-across-departments",
            draw_function_across_departments,
        ),
        Chart(
            "three-public-expenses-change",
            "“三公”经费 this year vs last, by department",
            "three-public-expenses-change",
            draw_three_public_change,
        ),
    )
}


def chart_names() -> list[tuple[str, str]]:
    """(name, title) of every chart, sorted by name."""
    return [(c.name, c.title) for c in sorted(CHARTS.values(), key=lambda c: c.name)]
