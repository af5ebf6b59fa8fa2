"""Charts: one command writes a PNG whose Chinese labels are drawn in a CJK font."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from matplotlib import font_manager

import budgetkg
from budgetkg import ParameterError
from budgetkg.charts import ChartError, cjk_font, find_chart, render_chart
from budgetkg.cli import cli

from .conftest import sample_path

PNG = b"\x89PNG\r\n\x1a\n"


def test_cjk_font_is_found_and_resolves_to_itself() -> None:
    font = cjk_font()
    assert "CJK" in font.name or font.name.endswith(("SC", "CN", "Hei"))
    # matplotlib resolves the family name to that very file, not to a fallback
    path = font_manager.findfont(font_manager.FontProperties(family=font.name), fallback_to_default=False)
    assert str(path) == font.path


# The values each chart plots over the five samples, from the hand-checked expected answers
# (tests/expected/): department (by its sample number) and bar length, per bar series, in the
# order drawn (bottom to top).
S003, S000, S002, S004, S001 = (
    "海东市人力资源和社会保障局",
    "聊城市人力资源和社会保障局",
    "淄博高新技术产业开发区人力资\n源和社会保障中心（先创）",
    "聊城经济技术开发区党群工作部",
    "曹妃甸区人力资源和社会保障局",
)
PLOTTED = {
    # 20807 就业补助 lines, smallest 合计 first; no department prints a 基本支出 for it
    "function-across-departments": {
        "基本支出": [(S000, 0.0), (S001, 0.0), (S003, 0.0), (S002, 0.0), (S004, 0.0)],
        "项目支出": [(S000, 90.00), (S001, 250.05), (S003, 784.60), (S002, 806.72), (S004, 2457.51)],
    },
    # 类 lines stacked per department, departments by their sum (the 支出总表 合计), smallest first
    "spending-by-function": {
        "201 一般公共服务支出": [(S003, 0.0), (S000, 0.0), (S002, 0.0), (S004, 7835.90), (S001, 0.0)],
        "208 社会保障和就业支出": [
            (S003, 2542.33),
            (S000, 8924.31),
            (S002, 10219.69),
            (S004, 5762.66),
            (S001, 16192.65),
        ],
        "210 卫生健康支出": [(S003, 149.15), (S000, 205.50), (S002, 0.0), (S004, 2108.48), (S001, 161.66)],
        "213 农林水支出": [(S003, 0.0), (S000, 0.0), (S002, 131.55), (S004, 250.56), (S001, 0.0)],
        "221 住房保障支出": [(S003, 100.29), (S000, 359.09), (S002, 0.0), (S004, 70.62), (S001, 146.18)],
    },
    # “三公”经费 totals, smallest this year first; 001 prints no figure for last year (0 drawn);
    # 002 states it has none in both years (document lines 233 and 312): 0.00, stated
    "three-public-expenses-change": {
        "上年预算": [(S002, 0.0), (S004, 3.10), (S001, 0.0), (S003, 14.00), (S000, 16.23)],
        "本年预算": [(S002, 0.0), (S004, 2.99), (S001, 6.30), (S003, 11.00), (S000, 13.38)],
    },
}
# three-public-expenses-change: 29 rows, with the 三公 items only the text states as 0 (001: three, 003: 出国)
ROWS = {"function-across-departments": 5, "spending-by-function": 153, "three-public-expenses-change": 29}


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("function-across-departments", {"function": "20807"}),
        ("spending-by-function", {}),
        ("three-public-expenses-change", {}),
    ],
)
def test_png_with_chinese_labels_plots_the_published_figures(
    kg: budgetkg.KnowledgeGraph, tmp_path: Path, name: str, params: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.figure import Figure

    figures: list[Figure] = []
    savefig = Figure.savefig

    def keep(fig: Figure, *args: Any, **kwargs: Any) -> None:
        figures.append(fig)
        savefig(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    out = tmp_path / f"{name}.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drawn = render_chart(kg, name, out, **params)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []  # every glyph (department names, 万元, 项目支出) was in the font
    assert out.read_bytes()[:8] == PNG
    assert drawn.font == cjk_font() and drawn.rows == ROWS[name]
    (ax,) = figures[0].axes
    ticks = {
        round(t): label.get_text() for t, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    }
    # three-public-expenses-change draws last year 0.2 above each tick, this year 0.2 below it
    offset = [0.2, -0.2] if name == "three-public-expenses-change" else [0.0] * len(ax.containers)
    plotted = {
        str(bars.get_label()): [
            (ticks[round(r.get_y() + r.get_height() / 2 - offset[i])], round(float(r.get_width()), 2))
            for r in bars.patches
        ]
        for i, bars in enumerate(ax.containers)
    }
    assert plotted == PLOTTED[name]


def test_svg_names_the_font_and_keeps_the_text(kg: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    render_chart(kg, "function-across-departments", out, function="2080705")
    svg = out.read_text(encoding="utf-8")
    assert cjk_font().name in svg
    assert "公益性岗位补贴" in svg and "聊城经济技术开发区党群工作部" in svg and "2,162.53" in svg


def test_chart_errors_are_clear(kg: budgetkg.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(ChartError, match="known: "):
        find_chart("pie")
    with pytest.raises(ChartError, match="nothing to draw"):  # 224 is a listed code no sample spends on
        render_chart(kg, "function-across-departments", tmp_path / "x.png", function="224")
    with pytest.raises(ParameterError, match="no function code '9999999' in the code lists"):
        render_chart(kg, "function-across-departments", tmp_path / "x.png", function="9999999")
    with pytest.raises(ChartError, match="png or svg"):
        render_chart(kg, "spending-by-function", tmp_path / "x.pdf")


def test_one_command_writes_the_chart(tmp_path: Path) -> None:
    store = str(tmp_path / "kg")
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["ingest", str(sample_path("002")), str(sample_path("003")), "--store", store]
        ).exit_code
        == 0
    )
    out = tmp_path / "jiuye.png"
    r = runner.invoke(
        cli,
        ["chart", "function-across-departments", "-p", "function=就业补助", "--store", store, "-o", str(out)],
    )
    assert r.exit_code == 0, r.output
    assert f"font {cjk_font().name}" in r.stdout and out.read_bytes()[:8] == PNG
    r = runner.invoke(cli, ["chart", "nope", "--store", store])
    assert r.exit_code == 2 and r.stderr.startswith("Error: no chart 'nope'")
