"""Rules of the department reader (department.py) on hand-made documents: the name and code from
the cover or from 部门（单位）: labels, the region, the year, and sub-units from a table or a list."""

from __future__ import annotations

from budgetkg.extract.department import extract_department, region_of
from budgetkg.extract.tables import logical_tables
from budgetkg.read.text import read_text


def _dept(text: str):  # type: ignore[no-untyped-def]
    doc = read_text(text, "t.txt", "")
    return extract_department(doc, logical_tables(doc))


def test_name_code_region_and_year_from_the_cover() -> None:
    d = _dept("323曹妃甸区人力资源和社会保障局\n\n2024年部门预算\n\n目录\n\n某市某局2023年预算\n")
    assert (d.name, d.code, d.region, d.year) == ("曹妃甸区人力资源和社会保障局", "323", "曹妃甸区", 2024)
    d = _dept("2025年聊城市人力资源和社会保障局部门预算公开\n")
    assert (d.name, d.code, d.region, d.year) == ("聊城市人力资源和社会保障局", None, "聊城市", 2025)


def test_a_short_or_numeric_cover_gives_way_to_the_labelled_name() -> None:
    text = (
        "2024年某局预算\n\n第一部分\n\n部门（单位）：海东市人力资源和社会保障局\n"
        "\n部门（单位）：海东市人力资源和社会保障局\n\n单位名称：别的局\n"
    )
    d = _dept(text)
    assert (d.name, d.region) == ("海东市人力资源和社会保障局", "海东市")
    assert _dept("第一部分\n\n说明\n").name == ""


def test_a_table_caption_naming_the_department_beside_the_budget_year() -> None:
    text = "收支总表\n\n测试县测试局\t预算年度：2023\t单位：万元\n项目\t预算数\n收入\t1.00\n"
    d = _dept(text)
    assert (d.name, d.region, d.year) == ("测试县测试局", "测试县", 2023)


def test_the_year_stated_as_预算年度_outweighs_years_in_passing() -> None:
    text = "第一部分\n\n2022年、2023年和2023年的情况。\n\n预算年度：2024\n"
    assert _dept(text).year == 2024
    assert _dept("第一部分\n\n没有年份。\n").year is None


def test_region_of_takes_the_shortest_administrative_prefix() -> None:
    assert region_of("宁夏回族自治区人社厅") == "宁夏回族自治区"
    assert region_of("聊城市人社局") == "聊城市"
    assert region_of("唐山市曹妃甸区人社局") == "唐山市"
    assert region_of("延边朝鲜族自治州人社局") == "延边朝鲜族自治州"
    assert region_of("某某开发区管委会") == "某某开发区"
    assert region_of("人社局") is None


def test_sub_units_from_a_table_with_nature_rank_and_funding() -> None:
    text = (
        "2024年测试局部门预算\n\n部门基本情况\n\n"
        "序号\t单位名称\t单位性质\t单位规格\t经费保障形式\n1\t测试局本级\t行政单位\t正处级\t财政拨款\n"
        "2\t测试中心\t事业单位\t\t财政补助\n3\t\t\t\t\n"
    )
    units = _dept(text).subunits
    assert [(u.name, u.nature, u.rank, u.funding) for u in units] == [
        ("测试局本级", "行政单位", "正处级", "财政拨款"),
        ("测试中心", "事业单位", None, "财政补助"),
    ]
    assert [u.prov.row for u in units if u.prov] == [2, 3]


def test_sub_units_from_the_list_after_二级预算单位() -> None:
    text = (
        "2024年测试局部门预算\n\n本部门二级预算单位包括：\n\n1.测试局本级；\n\n2.测试中心。\n\n"
        "其他说明。\n\n3.不是单位\n"
    )
    assert [u.name for u in _dept(text).subunits] == ["测试局本级", "测试中心"]
    text = "2024年测试局部门预算\n\n二级预算单位：\n\n（一）甲中心\n\n（二）乙中心\n"
    assert [u.name for u in _dept(text).subunits] == ["甲中心", "乙中心"]
    assert _dept("2024年测试局部门预算\n\n1.甲中心\n").subunits == []
