"""Charts: one command writes a PNG whose Chinese labels are drawn in a CJK font."""

from __future__ import annotations

import warnings
from pathlib import Path

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


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("function-across-departments", {"function": "20807"}),
        ("spending-by-function", {}),
        ("three-public-expenses-change", {}),
    ],
)
def test_png_with_chinese_labels(
    kg: budgetkg.KnowledgeGraph, tmp_path: Path, name: str, params: dict
) -> None:
    out = tmp_path / f"{name}.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drawn = render_chart(kg, name, out, **params)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []  # every glyph (department names, 万元, 项目支出) was in the font
    assert out.read_bytes()[:8] == PNG and out.stat().st_size > 20_000
    assert drawn.font == cjk_font() and drawn.rows >= 5


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
    assert f"font {cjk_font().name}" in r.stdout and out.stat().st_size > 20_000
    r = runner.invoke(cli, ["chart", "nope", "--store", store])
    assert r.exit_code == 2 and r.stderr.startswith("Error: no chart 'nope'")
