"""Rules of the performance-target readers on hand-made inputs: indicator levels (levels.py), the
grid header (grid.py), form tables with their labelled cells and indicator grid (form.py), and the
department goals of the explanation chapter (performance/department.py)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetkg.extract import extract_document
from budgetkg.extract.performance.department import OVERALL, extract_department_goals
from budgetkg.extract.performance.grid import header_columns, is_row_label, task_of
from budgetkg.extract.performance.levels import (
    LevelContext,
    family_of,
    is_level_fragment,
    label_of,
    level1_of,
    level2_of,
    level_rank,
)
from budgetkg.read.text import read_text

# ------------------------------------------------------------------ levels


def test_level1_stems_with_or_without_a_cut_suffix() -> None:
    assert [level1_of(t) for t in ("产出 指标", "成本指", "效益标", "满意度", "数量指标", "")] == [
        "output",
        "cost",
        "benefit",
        "satisfaction",
        None,
        None,
    ]


def test_level2_and_the_families_of_shared_stems() -> None:
    assert level2_of("数量指标") == "output-quantity"
    assert level2_of("可持续发 展影响指 标") == "benefit-sustainable"
    assert level2_of("成本指标", "output") == "output-cost" and level2_of("成本指标", "cost") is None
    assert level2_of("社会", "cost") == "cost-social" and level2_of("社会", "benefit") == "benefit-social"
    assert level2_of("经济") == "benefit-economic" and level2_of("生态环境", "cost") == "cost-ecological"
    assert level2_of("产出指标") is None


def test_family_rank_fragment_and_label() -> None:
    assert (
        family_of("benefit-social") == "benefit"
        and family_of("output-cost") is None
        and family_of(None) is None
    )
    assert [level_rank(t) for t in ("产出指标", "数量指标", "成本指标", "培训人数")] == [1, 2, 1, None]
    assert is_level_fragment("标") and is_level_fragment("指标") and not is_level_fragment("")
    assert not is_level_fragment("产出指标") and not is_level_fragment("甲")
    assert label_of("output", "产出 指") == "产出指标" and label_of(None, "其 他") == "其他"


def test_a_level2_of_another_family_implies_its_level1() -> None:
    ctx = LevelContext()
    ctx.update("产出指标", "时效指标")
    assert (ctx.level1, ctx.level1_code, ctx.level2, ctx.level2_code) == (
        "产出指标",
        "output",
        "时效指标",
        "output-timeliness",
    )
    ctx.update("", "社会效益指标")
    assert (ctx.level1, ctx.level1_code, ctx.level2_code) == ("效益指标", "benefit", "benefit-social")
    ctx.update("成本指标", "")
    assert (ctx.level1_code, ctx.level2, ctx.level2_code) == ("cost", None, None)
    # under 产出指标, 成本指标 as a 二级 is output-cost: no family of its own, the 一级 stays
    ctx.update("产出指标", "")
    ctx.update("", "成本指标")
    assert (ctx.level1_code, ctx.level2, ctx.level2_code) == ("output", "成本指标", "output-cost")


# ------------------------------------------------------------------ the grid header


def test_header_columns_exact_labels_first_then_prefixes() -> None:
    assert header_columns(["一级指标", "二级指标", "三级指标", "指标值"]) == {
        "level1": 0,
        "level2": 1,
        "level3": 2,
        "value": 3,
    }
    # prefixes: 三级指标名称, 指标值（2024年）
    assert header_columns(["一级指标", "二级指标", "三级指标名称", "指标值（2024年）"]) == {
        "level1": 0,
        "level2": 1,
        "level3": 2,
        "value": 3,
    }
    # the exact 分值 wins over the prefix match of 分值权重说明
    assert header_columns(["一级指标", "三级指标", "分值权重说明", "分值"]) == {
        "level1": 0,
        "level3": 1,
        "weight": 3,
    }
    got = header_columns(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标性质",
            "绩效指标值",
            "度量单位",
            "指标值确定依据",
            "绩效指标描述",
            "分值",
        ]
    )
    assert got == {
        "level1": 0,
        "level2": 1,
        "level3": 2,
        "nature": 3,
        "value": 4,
        "unit": 5,
        "basis": 6,
        "description": 7,
        "weight": 8,
    }
    assert header_columns(["一级指标", "二级指标", "指标值"]) is None
    assert header_columns(["一级指标", "项目", "三级指标"]) == {"level1": 0, "level3": 2}
    assert header_columns(["项目名称", "金额"]) is None


def test_row_labels_and_policy_tasks() -> None:
    assert is_row_label("绩效指标") and is_row_label("年度绩效目标") and is_row_label("指标")
    assert not is_row_label("绩效指标值")
    assert task_of(["", "主要政策任务1：促进 就业", ""]) == "促进就业"
    assert task_of(["主要政策任务"]) is None and task_of(["促进就业"]) is None


# ------------------------------------------------------------------ forms

FORMS = (
    "项目支出绩效目标表\n\n单位：万元\n\n"
    "项目名称\t就业 补助\t项目编码\t37-001\n"
    "主管部门\t测试局\t实施单位\t测试中心\n项目类别\t专项业务类\t单位名称\t测试局本级\n"
    "年度预算资金（元）\t1,000,000.00\t其中：财政拨款\t800,000.00\n"
    "其他资金\t200,000.00\t\t\n年度总体目标\t促进 就业\t\t\n"
    "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥100人\n"
    "\t\t补贴 人数\t\n\t\t≥50人\t\n"
    "\t质量指标\t合格率\t≥90%\n效益指标\t社会效益指标\t就业率\t提高\n\t\t\t\n满意度指标\t服务对象满意度指标\t满意度\t≥95%\n"
    "项目名称\t第二个项目\t项目编码\t37-002\n年度预算资金\t5.00\t\t\n一级指标\t二级指标\t三级指标\t指标值\n"
    "成本指标\t经济成本指标\t成本\t≤5万元\n"
)


def test_two_forms_in_one_table_with_their_labelled_cells() -> None:
    targets = extract_document(read_text(FORMS, "t.txt", "")).performance
    assert [
        (
            t.kind,
            t.name,
            t.code,
            t.amount,
            t.fiscal,
            t.other,
            t.unit,
            t.type,
            t.supervisor,
            t.implementer,
            t.goal,
            t.table,
        )
        for t in targets
    ] == [
        (
            "project",
            "就业补助",
            "37-001",
            D("100.00"),
            D("80.00"),
            D("20.00"),
            "测试局本级",
            "专项业务类",
            "测试局",
            "测试中心",
            "促进就业",
            1,
        ),
        ("project", "第二个项目", "37-002", D("5.00"), None, None, None, None, None, None, None, 1),
    ]


def test_the_indicator_grid_inherits_levels_and_completes_a_wrapped_target() -> None:
    first, second = extract_document(read_text(FORMS, "t.txt", "")).performance
    assert [
        (i.level1_code, i.level2, i.level3, i.target.raw, i.target.operator, i.target.value, i.target.unit)
        for i in first.indicators
    ] == [
        ("output", "数量指标", "培训人数", "≥100人", "≥", D("100"), "人"),
        ("output", "数量指标", "补贴人数", "≥50人", "≥", D("50"), "人"),
        ("output", "质量指标", "合格率", "≥90%", "≥", D("90"), "%"),
        ("benefit", "社会效益指标", "就业率", "提高", "qualitative", None, None),
        ("satisfaction", "服务对象满意度指标", "满意度", "≥95%", "≥", D("95"), "%"),
    ]
    assert [i.prov.row for i in first.indicators if i.prov] == [8, 9, 11, 12, 14]
    assert [
        (i.level1, i.level2_code, i.level3, i.target.value, i.target.unit) for i in second.indicators
    ] == [("成本指标", "cost-economic", "成本", D("5"), "万元")]


def test_a_form_naming_no_project_and_stating_nothing_is_no_target() -> None:
    text = "项目支出绩效目标表\n\n单位：万元\n\n项目名称\t甲项目\t\t\n说明\t无\t\t\n"
    assert extract_document(read_text(text, "t.txt", "")).performance == []
    text = "项目支出绩效目标表\n\n单位：万元\n\n项目名称\t甲项目\t项目编码\t001\n"
    [t] = extract_document(read_text(text, "t.txt", "")).performance
    assert (t.name, t.code, t.indicators) == ("甲项目", "001", [])


# ------------------------------------------------------------------ department goals

GOALS = (
    "五、部门整体绩效目标\n\n（一）分项绩效目标\n\n1.就业工作目标。\n\n绩效目标：促进 就业。\n\n"
    "绩效指标：全年城镇新增就业8000人以上，城镇登记失业率控制在2.0%以内，做好服务。\n\n"
    "2.社保工作目标\n\n目标：扩大参保。\n\n（二）总体绩效目标\n\n全面完成任务，\n\n提升 服务水平。\n\n"
    "（三）工作保障措施\n\n1.加强领导。\n\n目标：不是目标。\n\n六、其他\n"
)


def test_department_goals_overall_first_then_each_sub_goal_with_its_indicators() -> None:
    goals = extract_department_goals(read_text(GOALS, "t.txt", ""))
    assert [(g.title, g.goal, g.indicator_text) for g in goals] == [
        (OVERALL, "全面完成任务，提升服务水平。", None),
        (
            "就业工作目标",
            "促进就业。",
            "全年城镇新增就业8000人以上，城镇登记失业率控制在2.0%以内，做好服务。",
        ),
        ("社保工作目标", "扩大参保。", None),
    ]
    assert [(i.level3, i.target.operator, i.target.value, i.target.unit) for i in goals[1].indicators] == [
        ("全年城镇新增就业", "≥", D("8000"), "人"),
        ("城镇登记失业率", "≤", D("2.0"), "%"),
    ]
    assert [g.prov.line for g in goals if g.prov] == [17, 7, 13]


def test_overall_goal_at_the_end_of_the_section() -> None:
    text = (
        "五、部门整体绩效目标\n\n（一）总体绩效目标\n\n全面完成任务。\n"
        "\n六、其他\n\n（一）总体绩效目标\n\n不是。\n"
    )
    goals = extract_department_goals(read_text(text, "t.txt", ""))
    assert [(g.title, g.goal) for g in goals] == [(OVERALL, "全面完成任务。")]
    assert extract_department_goals(read_text("五、其他\n\n（一）总体绩效目标\n\n甲。\n", "t.txt", "")) == []


@pytest.mark.parametrize("heading", ["三、部门整体绩效目标", "整体绩效目标", "第三部分部门整体绩效目标"])
def test_the_section_heading(heading: str) -> None:
    text = f"{heading}\n\n（一）总体绩效目标\n\n甲。\n"
    assert [g.goal for g in extract_department_goals(read_text(text, "t.txt", ""))] == ["甲。"]


# ------------------------------------------------------------------ reading grid rows


def _grid(head: list[str], *rows: list[str]) -> list[tuple]:
    from decimal import Decimal

    from budgetkg.extract.performance.grid import GridReader
    from budgetkg.read.model import Cell, Provenance, Row

    cols = header_columns(head)
    assert cols is not None
    g = GridReader(cols)
    for r in rows:
        g.feed(Row([Cell(t) for t in r], Provenance("t")))
    return [
        (
            i.level1_code,
            i.level2_code,
            i.level3,
            i.target.operator,
            None if i.target.value is None else Decimal(i.target.value),
            i.target.unit,
            i.weight,
            i.basis,
            i.task,
        )
        for i in g.indicators
    ]


H = ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]


def test_grid_rows_by_position_inherit_levels_and_take_a_wrapped_basis_and_a_new_level() -> None:
    assert _grid(
        H,
        ["产出指标", "数量指标", "培训人数", "≥100人", ""],
        ["根据上年完成情况确定"],  # one cell: the basis the indicator above lacks
        ["", "", "合格率", "≥90%", "计划"],
        ["质量指标"],  # one cell naming a level: the levels below change
        ["", "", "及时率", "100%", "x"],
        ["", "", "", "", ""],
    ) == [
        ("output", "output-quantity", "培训人数", "≥", D("100"), "人", None, "根据上年完成情况确定", None),
        ("output", "output-quantity", "合格率", "≥", D("90"), "%", None, "计划", None),
        ("output", "output-quality", "及时率", "=", D("100"), "%", None, "x", None),
    ]


def test_grid_rows_that_lost_cells_are_read_by_content() -> None:
    assert _grid(
        H,
        ["产出指标", "数量指标", "培训人数", "≥100人", "计划"],
        ["数量指标", "补贴人数", "≥50人", "依据"],  # the empty 一级 cell dropped: shifted left
        ["社会效益指标", "就业率", "提高"],  # a 二级 of another family: its 一级 is implied
    ) == [
        ("output", "output-quantity", "培训人数", "≥", D("100"), "人", None, "计划", None),
        ("output", "output-quantity", "补贴人数", "≥", D("50"), "人", None, "依据", None),
        ("benefit", "benefit-social", "就业率", "qualitative", None, None, None, None, None),
    ]


def test_grid_with_nature_unit_and_weight_columns() -> None:
    head = ["一级指标", "二级指标", "三级指标", "绩效指标性质", "绩效指标值", "度量单位", "分值"]
    assert _grid(
        head,
        ["产出指标", "数量指标", "培训人数", "≥", "100", "人", "10"],
        ["", "", "覆盖率", "定性", "全覆盖", "", "5"],
    ) == [
        ("output", "output-quantity", "培训人数", "≥", D("100"), "人", D("10"), None, None),
        ("output", "output-quantity", "覆盖率", "qualitative", None, None, D("5"), None, None),
    ]


def test_policy_tasks_and_a_repeated_header() -> None:
    assert _grid(
        H,
        ["主要政策任务1：促进就业", "", "", "", ""],
        ["产出指标", "数量指标", "培训人数", "≥100人", ""],
        list(H),  # the header again on a new page: skipped
        ["主要政策任务2：", "", "", "", ""],  # a task without a name clears it
        ["", "", "补贴人数", "≥50人", ""],
    ) == [
        ("output", "output-quantity", "培训人数", "≥", D("100"), "人", None, None, "促进就业"),
        ("output", "output-quantity", "补贴人数", "≥", D("50"), "人", None, None, None),
    ]


def test_a_row_label_left_of_the_grid_and_a_level_only_row() -> None:
    head = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]
    assert _grid(
        head,
        ["年度绩效指标", "产出指标", "数量指标", "培训人数", "≥100人"],
        ["", "效益指标", "", "", ""],
        ["", "", "社会效益指标", "就业率", "提高"],
    ) == [
        ("output", "output-quantity", "培训人数", "≥", D("100"), "人", None, None, None),
        ("benefit", "benefit-social", "就业率", "qualitative", None, None, None, None, None),
    ]


def test_a_lone_target_completes_the_indicator_without_one() -> None:
    assert _grid(
        H[:4],  # no basis column
        ["产出指标", "数量指标", "培训人数", ""],
        ["≥100人"],
        ["补贴人数"],  # a lone name the indicator above cannot take: an indicator of its own
    ) == [
        ("output", "output-quantity", "培训人数", "≥", D("100"), "人", None, None, None),
        ("output", "output-quantity", "补贴人数", None, None, None, None, None, None),
    ]


# ------------------------------------------------------------------ wide tables

WIDE_HEAD = (
    "单位名称\t项目名称\t项目类别\t预算数\t绩效目标\t一级指标\t二级指标\t三级指标\t绩效指标性质\t绩效指标值\t度量单位\t分值权重\n"
    ""
)
WIDE_ROWS = [
    "502001-测试局\t63020001-就业补助\t3-特定目标类\t10.00\t促进就业\t产出指标\t数量指标\t培训人数\t≥\t100\t人\t20",
    "\t\t\t\t并稳定\t\t\t补贴\t\t\t\t",  # the goal and the indicator's name, cut onto a row of their own
    "\t\t\t\t\t\t质量指标\t合格率\t≥\t90\t%\t10",
    "\t\t\t\t\t效益指标\t社会效益指标\t就业率\t定性\t提高\t\t",
    "\t63020002-社保\t1-其他运转类\t5.00\t扩大参保\t满意度指标\t服务对象满意度指标\t满意度\t≥\t95\t%\t",
    "\t经办\t\t\t\t\t\t\t\t\t\t",  # the project's name, cut
    "合计\t\t\t16.00\t\t\t\t\t\t\t\t",
]


def test_a_wide_table_reads_projects_their_unit_code_goal_and_indicators() -> None:
    text = "项目支出绩效目标表\n\n单位：万元\n\n" + WIDE_HEAD + "\n".join(WIDE_ROWS) + "\n"
    r = extract_document(read_text(text, "t.txt", ""))
    assert [(t.name, t.code, t.type, t.amount, t.unit, t.unit_code, t.goal) for t in r.performance] == [
        ("就业补助", "63020001", "特定目标类", D("10.00"), "测试局", "502001", "促进就业并稳定"),
        ("社保经办", "63020002", "其他运转类", D("5.00"), "测试局", "502001", "扩大参保"),
    ]
    assert [
        [
            (
                i.level1_code,
                i.level2_code,
                i.level3,
                i.target.operator,
                i.target.value,
                i.target.unit,
                i.weight,
            )
            for i in t.indicators
        ]
        for t in r.performance
    ] == [
        [
            ("output", "output-quantity", "培训人数补贴", "≥", D("100"), "人", D("20")),
            ("output", "output-quality", "合格率", "≥", D("90"), "%", D("10")),
            ("benefit", "benefit-social", "就业率", "qualitative", None, None, None),
        ],
        [("satisfaction", "satisfaction-service", "满意度", "≥", D("95"), "%", None)],
    ]
    [f] = [f for f in r.findings if f.slug == "performance-total-mismatch"]
    assert (f.message, f.table) == ("绩效目标表 (table 1): projects add up to 15.00, 合计 prints 16.00", 1)
    # no project list: the performance tables give the projects
    assert [(p.name, p.amount, p.source) for p in r.projects] == [
        ("就业补助", D("10.00"), "performance-table"),
        ("社保经办", D("5.00"), "performance-table"),
    ]


def test_what_a_target_table_leaves_out_or_does_not_add_up_is_reported() -> None:
    text = (
        "项目支出绩效目标表\n\n单位：万元\n\n"
        "项目名称\t甲项目\t项目编码\t001\n年度预算资金\t10.00\t其中：财政拨款\t8.00\n其他资金\t3.00\t\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t\n\t质量指标\t\t≥1次\n"
        "\t\t及时率\t>=95%与\n\t\t完成率\t100%\n"
        "项目名称\t乙项目\t项目编码\t002\n年度预算资金\t5.00\t其中：财政拨款\t5.00\n其他资金\t0.00\t\t\n"
        "一级指标\t二级指标\t三级指标\t指标值\n"
    )
    r = extract_document(read_text(text, "t.txt", ""))
    assert [
        (f.slug, f.message, f.table, f.prov.row if f.prov else None)
        for f in r.findings
        if f.slug.startswith("performance-")
    ] == [
        ("performance-target-missing", "'甲项目', 数量指标, 培训人数: no target value ('')", 1, 5),
        ("performance-indicator-unnamed", "'甲项目', 质量指标: an indicator without a 三级指标 name", 1, 6),
        (
            "performance-target-unparsed",
            "'甲项目', 质量指标, 及时率: target '>=95%与' compares a number but does not parse",
            1,
            7,
        ),
        (
            "performance-amount-split-mismatch",
            "'甲项目': 财政拨款 + 其他资金 = 11.00, total prints 10.00",
            1,
            1,
        ),
        ("performance-indicators-missing", "'乙项目': no indicators read", 1, 9),
    ]


def test_a_numeric_label_followed_by_no_amount_has_no_value() -> None:
    text = "项目支出绩效目标表\n\n单位：万元\n\n项目名称\t甲项目\t项目编码\t001\n年度预算资金\t待定\t\t\n"
    [t] = extract_document(read_text(text, "t.txt", "")).performance
    assert (t.name, t.amount) == ("甲项目", None)


def test_a_row_in_its_columns_is_read_by_position_even_with_an_empty_target() -> None:
    # read by content, 依据 would pass for the target; by position it is the basis, the target empty
    assert _grid(H, ["产出指标", "数量指标", "培训人数", "", "根据上年完成情况确定"]) == [
        ("output", "output-quantity", "培训人数", None, None, None, None, "根据上年完成情况确定", None)
    ]


def test_a_wide_table_with_level_only_rows_and_a_project_whose_first_row_is_its_goal() -> None:
    rows = [
        *WIDE_ROWS[:3],
        "\t\t\t\t\t效益指标\t\t\t\t\t\t",  # a row naming a level only
        "\t\t\t\t\t\t社会效益指标\t就业率\t定性\t提高\t\t",
        "\t63020003-培训\t3-特定目标类\t1.00\t开展培训\t\t\t\t\t\t\t",  # the project's goal, no indicator yet
        "\t\t\t\t\t产出指标\t数量指标\t培训次数\t≥\t2\t次\t",
        "合计\t\t\t11.00\t\t\t\t\t\t\t\t",
    ]
    text = "项目支出绩效目标表\n\n单位：万元\n\n" + WIDE_HEAD + "\n".join(rows) + "\n"
    r = extract_document(read_text(text, "t.txt", ""))
    assert [(t.name, t.code, t.amount, t.goal) for t in r.performance] == [
        ("就业补助", "63020001", D("10.00"), "促进就业并稳定"),
        ("培训", "63020003", D("1.00"), "开展培训"),
    ]
    assert [
        [(i.level1, i.level2, i.level3, i.target.value) for i in t.indicators] for t in r.performance
    ] == [
        [
            ("产出指标", "数量指标", "培训人数补贴", D("100")),
            ("产出指标", "质量指标", "合格率", D("90")),
            ("效益指标", "社会效益指标", "就业率", None),
        ],
        [("产出指标", "数量指标", "培训次数", D("2"))],
    ]
    assert not [f for f in r.findings if f.slug == "performance-total-mismatch"]


def test_wide_rows_continuing_an_indicators_name_and_a_project_without_a_goal() -> None:
    rows = [
        WIDE_ROWS[0],
        "\t\t\t\t\t\t\t及补贴\t\t\t\t",  # only the indicator's name goes on: not the goal
        "\t63020004-其他\t3-特定目标类\t1.00\t\t产出指标\t数量指标\t次数\t≥\t1\t次\t",  # no goal printed
    ]
    text = "项目支出绩效目标表\n\n单位：万元\n\n" + WIDE_HEAD + "\n".join(rows) + "\n"
    r = extract_document(read_text(text, "t.txt", ""))
    assert [(t.name, t.goal) for t in r.performance] == [("就业补助", "促进就业"), ("其他", None)]
    assert [[(i.level1, i.level2, i.level3) for i in t.indicators] for t in r.performance] == [
        [("产出指标", "数量指标", "培训人数及补贴")],
        [("产出指标", "数量指标", "次数")],
    ]


def test_a_level3_named_like_a_level1_after_a_level2_read_by_content() -> None:
    # the empty 一级 cell lost: 服务对象满意度指标 is the 二级, 满意度 the 三级 name (not a 一级)
    assert _grid(
        H[:4], ["满意度指标", "服务对象满意度指标", "服务", "≥90%"], ["服务对象满意度指标", "满意度", "≥95%"]
    ) == [
        ("satisfaction", "satisfaction-service", "服务", "≥", D("90"), "%", None, None, None),
        ("satisfaction", "satisfaction-service", "满意度", "≥", D("95"), "%", None, None, None),
    ]


def test_a_long_cell_is_a_value_never_a_label() -> None:
    from budgetkg.extract.performance.form import NAME, value_after
    from budgetkg.read.model import Cell, Provenance, Row

    note = (
        "项目名称以财政部门批复为准，本表金额以万元为单位，数据来源于预算管理一体化系统"  # over 30 characters
    )
    rows = [
        Row([Cell(note), Cell("乙")], Provenance("t")),
        Row([Cell("项目名称"), Cell("甲项目")], Provenance("t")),
    ]
    assert value_after(rows, NAME) == "甲项目"
