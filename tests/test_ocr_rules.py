"""The OCR reader's rules on small hand-made inputs: modes, the missing engine, look-alikes, grids, skew."""

from __future__ import annotations

from typing import Any

import pytest

from budgetkg.read import ReadError, read_document
from budgetkg.read.ocr import pages_to_read
from budgetkg.read.pdf.page import PageContent
from budgetkg.settings import Settings

cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")

from budgetkg.read.ocr.amounts import (  # noqa: E402
    amount_columns,
    clean_amount,
    is_code,
    is_code_column,
    needs_second_look,
)
from budgetkg.read.ocr.image import skew_angle, straighten, table_grids  # noqa: E402


def _pages(*scanned: bool) -> list[PageContent]:
    return [PageContent(number=i, width=1, height=1, scanned=s) for i, s in enumerate(scanned, start=1)]


def test_modes_choose_the_pages() -> None:
    pages = _pages(False, True, False)
    assert pages_to_read(pages, "auto") == [2]
    assert pages_to_read(pages, "always") == [1, 2, 3]
    assert pages_to_read(pages, "never") == []
    with pytest.raises(ValueError, match="auto, always, never"):
        pages_to_read(pages, "sometimes")
    with pytest.raises(ValueError, match="OCR mode"):
        Settings(ocr="sometimes")


def test_without_the_engine_a_scan_is_refused_naming_what_to_install(rendered: Any, monkeypatch: Any) -> None:
    from budgetkg.read.ocr import engine

    monkeypatch.setattr(engine, "missing", lambda lang: engine.INSTALL)
    with pytest.raises(ReadError) as info:
        read_document(rendered.scanned)
    reason = info.value.reason
    assert reason.startswith("scanned PDF: no text layer; OCR not available: pip install 'budgetkg[ocr]'")
    assert "tesseract-ocr-chi-sim" in reason and "\n" not in reason


@pytest.mark.parametrize(
    ("read", "stored"),
    [
        ("2o00.00", "2000.00"),
        ("49，77", "49.77"),
        ("806.72.", "806.72"),
        ("4977-", "4977"),
        ("]31.55", "131.55"),
        ("1,234.56", "1,234.56"),
        ("-3.20", "-3.20"),
        ("机", "机"),  # no amount to be had: left as read
        ("社会保障", "社会保障"),
    ],
)
def test_look_alikes_are_read_as_digits_only_when_that_makes_an_amount(read: str, stored: str) -> None:
    assert clean_amount(read) == stored


def test_amount_columns_and_cells_worth_a_second_look() -> None:
    rows = [["科目", "合计", "备注"], ["208", "10.00", "说明"], ["20801", "1o.00", ""], ["合计", "20.00", ""]]
    assert amount_columns(rows) == {1}
    assert needs_second_look("1035124", column_has_points=True)
    assert not needs_second_look("1035124", column_has_points=False)
    assert not needs_second_look("10.00", column_has_points=True) and not needs_second_look("", True)
    assert needs_second_look("00风", column_has_points=True)
    assert needs_second_look("2", column_has_points=True) and not needs_second_look("2.0", True)
    assert not needs_second_look("2", column_has_points=False)


def _grid(rows: int, cols: int, angle: float = 0.0) -> Any:
    """A white page with a ruled grid of ``rows`` x ``cols`` cells, turned by ``angle`` degrees."""
    page = np.full((800, 1000), 255, np.uint8)
    xs = np.linspace(100, 900, cols + 1).astype(int)
    ys = np.linspace(100, 500, rows + 1).astype(int)
    for x in xs:
        cv2.line(page, (int(x), int(ys[0])), (int(x), int(ys[-1])), 0, 2)
    for y in ys:
        cv2.line(page, (int(xs[0]), int(y)), (int(xs[-1]), int(y)), 0, 2)
    if angle:
        matrix = cv2.getRotationMatrix2D((500, 400), angle, 1.0)
        page = cv2.warpAffine(page, matrix, (1000, 800), borderValue=255)
    return page


def test_a_ruled_grid_gives_its_cells() -> None:
    [table] = table_grids(_grid(3, 4))
    assert len(table.cells) == 12
    assert table.bbox[0] <= 101 and table.bbox[2] >= 899


def test_skew_is_measured_and_undone() -> None:
    page = _grid(3, 4, angle=0.8)
    assert skew_angle(page) == pytest.approx(0.8, abs=0.1)
    straight, angle = straighten(page)
    assert abs(skew_angle(straight)) < 0.1 and len(table_grids(straight)[0].cells) == 12
    assert skew_angle(_grid(3, 4)) == pytest.approx(0.0, abs=0.05)
    assert skew_angle(np.full((100, 100), 255, np.uint8)) == 0.0  # nothing to measure


def test_a_lone_frame_is_no_table() -> None:
    assert table_grids(_grid(1, 1)) == []


def _printed(text: str, width: int = 260) -> Any:
    """A cell crop: ``text`` printed dark on light, as a scanned amount cell looks."""
    crop = np.full((44, width), 255, dtype=np.uint8)
    cv2.putText(crop, text, (8, 33), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2, cv2.LINE_AA)
    return crop


def test_cells_read_again_together_each_get_their_own_reading() -> None:
    from budgetkg.read.ocr.engine import missing, read_cells

    if missing("eng"):
        pytest.skip("Tesseract is not installed")
    crops = [_printed("1035.24"), _printed("", 120), _printed("7.10", 140), _printed("96,001.58")]
    reads = read_cells(crops, "eng", digits=True)
    assert [text for text, _ in reads] == ["1035.24", "", "7.10", "96,001.58"]
    assert reads[1][1] == 0.0 and all(0 < confidence <= 1 for _, confidence in reads[::2])
    assert read_cells([], "eng", digits=True) == []


def test_missing_language_data_is_named() -> None:
    from budgetkg.read.ocr.engine import missing

    reason = missing("xx_none")
    assert reason is not None and "xx_none" in reason and "tesseract-ocr-chi-sim" in reason


def test_a_column_of_whole_codes_and_the_cells_in_it_that_are_no_code() -> None:
    codes = ["208", "20801", "2080101", "2080199", "221"]
    assert is_code_column(codes) and is_code_column([*codes, "2"])  # 5 of 6: still a code column
    assert not is_code_column([*codes, "2", "22"])  # 5 of 7 are codes: too few
    assert not is_code_column(["208", "20801"])  # two cells say nothing
    assert not is_code_column([*codes, "10.00"])  # amounts have points
    assert is_code("2080101") and is_code("2 21") and not is_code("2") and not is_code("2211")
    assert not is_code("20a") and not is_code("")
