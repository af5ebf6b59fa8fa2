"""Performance targets on the five samples: projects, special funds, indicators, department goals.

Indicator counts were counted by hand in the sample text (one 三级指标 cell,
with or without a target, is one indicator).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from budgetkg.extract import BudgetRecords
from budgetkg.extract.performance import PROJECT, SPECIAL_FUND, PerformanceTarget

D = Decimal
INSPECTION = (
    "劳动保障监察执法检查及平台使用（举报投诉专查、专项检查、书面审查、"
    "农民工工资支付专项检查、双随机一公开等执法检查）"
)


def _target(records: BudgetRecords, name: str) -> PerformanceTarget:
    return next(t for t in records.performance if t.name == name)


# sample -> {project or fund: number of indicators the document shows}
COUNTS = {
    "000": {
        "聊城市首席技师政府津贴": 13,
        # 15 三级指标; 用人单位被投诉案件同比下降率 has no target printed
        INSPECTION: 15,
        "人社业务工作经费": 16,  # its 效益指标 row names only levels
        "职业教育发展专项资金": 13,  # two policy tasks: 6 + 7
        "人才发展专项资金": 11,
    },
    "001": {
        "2024年劳动就业社会保障服务协理员补贴及培训经费": 6,
        "2024年城乡居民养老保险区级补助": 6,  # a 指标值确定依据 wrapped onto its own row
    },
    "002": {
        "创业担保贷款贴息（先创区）": 14,
        "机关养老保险财政补助（先创基民）": 10,
        "项目业务费（先创区）": 20,  # three rows shifted left by the PDF export
    },
    "003": {
        "劳动维权工作经费": 15,
        "编制外长期聘用人员支出": 2,
        "劳动能力鉴定工作经费": 10,  # code and name cut across lines
        "工伤认定工作经费": 10,
        "人事考试经费": 10,
    },
    "004": {
        "发展服务中心-人才服务项目": 16,
        "社保中心-就业创业资金": 26,
    },
}


@pytest.mark.parametrize("sample", sorted(COUNTS))
def test_indicator_counts_equal_the_document(records: dict[str, BudgetRecords], sample: str) -> None:
    got = {name: len(_target(records[sample], name).indicators) for name in COUNTS[sample]}
    assert got == COUNTS[sample]


@pytest.mark.parametrize(
    ("sample", "projects", "funds", "indicators"),
    [("000", 23, 4, 352), ("001", 16, 0, 96), ("002", 8, 0, 112), ("003", 36, 0, 279), ("004", 38, 0, 578)],
)
def test_tables_and_indicators_per_sample(
    records: dict[str, BudgetRecords], sample: str, projects: int, funds: int, indicators: int
) -> None:
    kinds = Counter(t.kind for t in records[sample].performance)
    assert (kinds[PROJECT], kinds[SPECIAL_FUND]) == (projects, funds)
    assert sum(len(t.indicators) for t in records[sample].performance) == indicators


def test_every_indicator_has_its_levels_and_a_parsed_target(records: dict[str, BudgetRecords]) -> None:
    """Apart from what the documents themselves leave out (each reported), all is there."""
    incomplete = []
    for sample, r in records.items():
        for t in r.performance:
            for ind in t.indicators:
                if not (ind.level1_code and ind.level3 and ind.target.operator and not ind.target.is_empty):
                    incomplete.append((sample, t.name, ind.level3))
    problems = Counter(
        (k, f.slug)
        for k, r in records.items()
        for f in r.findings
        if f.slug in ("performance-indicator-unnamed", "performance-target-missing")
    )
    assert problems == {
        ("000", "performance-target-missing"): 2,
        ("003", "performance-indicator-unnamed"): 21,
        ("003", "performance-target-missing"): 3,
    }
    assert len(incomplete) == 2 + 21 + 3 - 1  # 003's ≥ without a value has an operator but no value
    # 二级指标 are recognised everywhere they are printed (a few 003 rows print none)
    unknown_l2 = [
        (k, t.name)
        for k, r in records.items()
        for t in r.performance
        for i in t.indicators
        if not i.level2_code
    ]
    assert Counter(k for k, _ in unknown_l2) == {"003": 8}


def test_003_all_36_projects_with_unit_code_and_amount(records: dict[str, BudgetRecords]) -> None:
    r = records["003"]
    assert len(r.projects) == 36
    assert all(p.source == "performance-table" and p.code and p.unit and p.amount for p in r.projects)
    total = sum((p.amount for p in r.projects if p.amount), D(0))
    assert total == D("1266.08") == r.summary_total.project  # type: ignore[union-attr]
    assert not [f for f in r.findings if f.slug == "performance-total-mismatch"]  # = the table's 合计
    units = Counter((t.unit_code, t.unit) for t in r.performance)
    assert units == {
        ("502001", "海东市人力资源和社会保障局(本级)"): 16,
        ("502002", "海东市就业服务局"): 13,
        ("502003", "海东市社会保险服务局"): 7,
    }
    by_code = {p.code: p for p in r.projects}
    # codes and names the converter cut across lines, put back together
    assert by_code["63020000024T000000459"].name == "劳动能力鉴定工作经费"
    assert by_code["63020000024T000000467"].name == "专业技术人才培养工作经费"
    assert by_code["63020000024T000000452"].name == "促创人员经费"
    assert by_code["63020000024T000001046"].name == "就业创业服务补贴(2023)"
    assert by_code["63020000024T000000477"].name == "公益性岗位补贴"
    assert by_code["63020000024T000001023"].name == "职业技能鉴定补贴(2023)"
    assert (by_code["63020000024R000006330"].type, by_code["63020000024R000006330"].amount) == (
        "编外人员类",
        D("126.44"),
    )
    assert by_code["6302000024T000000465"].name == "信息系统运行维护费"  # 20 characters, as printed


def test_003_columns_operator_value_unit_and_weight(records: dict[str, BudgetRecords]) -> None:
    t = _target(records["003"], "劳动维权工作经费")
    first = t.indicators[0]
    assert (first.level1, first.level2, first.level3) == (
        "成本指标",
        "经济成本指标",
        "仲裁庭规范化执法办案办公设备",
    )
    assert (first.target.operator, first.target.value, first.target.unit, first.weight) == (
        "≥",
        D("10"),
        "万元",
        D("4"),
    )
    split = t.indicators[4]  # 500 0 in the value column
    assert (split.target.value, split.target.unit, split.target.raw) == (D("5000"), "元", "= 5000 元")
    qual = t.indicators[6]
    assert (qual.target.operator, qual.target.qualitative, qual.target.unit) == (
        "qualitative",
        "优",
        "优良中低差",
    )
    w = _target(records["003"], "社会保险补助").indicators[0]
    assert w.weight == D("20.00")  # printed 20.0 0
    cut = _target(records["003"], "专业技术人才培养工作经费").indicators[0]
    assert cut.level3 == "参加优秀专业技术人才推荐的评审专家每人每天补差不超过"


def test_000_targets_as_printed(records: dict[str, BudgetRecords]) -> None:
    fund = _target(records["000"], "2024年创业担保贷款贴息及奖补")
    latex = next(i for i in fund.indicators if i.level3 == "新增贷款率")
    assert (latex.target.raw, latex.target.operator, latex.target.value, latex.target.unit) == (
        r"$\geq 40\%$",
        "≥",
        D("40"),
        "%",
    )
    arbitration = _target(records["000"], "劳动人事争议仲裁综合业务工作经费")
    person = next(i for i in arbitration.indicators if i.level3 == "仲裁员培训人数")
    assert (person.target.value, person.target.unit, person.target.qualitative) == (D("60"), "人", "仲裁员")
    window = _target(records["000"], "社保窗口服务").indicators[0]
    assert (window.target.operator, window.target.value, window.target.unit) == ("≤", D("6.5"), "万元/年/人")
    # a 二级指标 of another family implies its 一级指标 when the merged cell is lost
    pension = _target(records["000"], "城乡居民养老保险基础养老金市级补助")
    stable = next(i for i in pension.indicators if i.level3 == "维护社会稳定")
    assert (stable.level1_code, stable.level2_code) == ("benefit", "benefit-social")


def test_001_older_template_puts_cost_under_output(records: dict[str, BudgetRecords]) -> None:
    t = _target(records["001"], "2024年劳动就业社会保障服务协理员补贴及培训经费")
    cost = t.indicators[2]
    assert (cost.level1_code, cost.level2_code, cost.level3) == ("output", "output-cost", "项目总成本")
    assert (cost.description, cost.basis) == ("项目总预算控制额", "部门职责和工作规划")
    assert t.goal == "1.发放劳动保障协理员补贴" and t.code == "13020924P000034100045"


def test_special_funds_of_000(records: dict[str, BudgetRecords]) -> None:
    funds = [t for t in records["000"].performance if t.kind == SPECIAL_FUND]
    assert [(f.name, f.amount) for f in funds] == [
        ("职业教育发展专项资金", D("1410")),
        ("人才发展专项资金", D("2000")),
        ("城乡居民养老保险基础养老金市级补助", D("6725")),
        ("2024年创业担保贷款贴息及奖补", D("760")),
    ]
    assert all(f.supervisor == "聊城市人力资源和社会保障局" and f.project is None for f in funds)
    tasks = Counter(i.task for i in funds[0].indicators)
    assert tasks == {"促进学校教育及就业": 6, "及时为在校生发放助学金": 7}


def test_project_fields_from_the_form(records: dict[str, BudgetRecords]) -> None:
    t = _target(records["000"], INSPECTION)
    assert (t.supervisor, t.implementer, t.amount, t.fiscal) == (
        "聊城市人力资源和社会保障局",
        "聊城市劳动保障监察支队",
        D("20"),
        D("20"),
    )
    assert t.goal and t.goal.startswith("劳动保障监察执法检查及信息化建设")
    t4 = _target(records["004"], "宣传办-精神文明")
    assert t4.code == "37159124020201030011K"  # labelled 项目编号
    assert t4.amount is None  # 004's forms print no amount


def test_project_list_and_performance_tables_are_one_project(records: dict[str, BudgetRecords]) -> None:
    r = records["000"]
    heating = _target(r, "市直企业2022年以后新增退休人员取暖费")
    assert heating.project is not None and heating.match == "containment"
    assert r.projects[heating.project].name == "2022年后新增退休人员取暖费"
    retired = _target(r, "差额自收自支离休人员离休费")
    assert (
        retired.match == "similarity"
        and r.projects[retired.project or 0].name == "差额自收自支单位离休干部离休费"
    )
    assert Counter(t.match for t in r.performance if t.kind == PROJECT) == {
        "exact": 19,
        "normalized": 2,
        "containment": 1,
        "similarity": 1,
    }
    # the two tables disagree on one amount: both are kept, and it is reported
    roof = _target(r, "办公楼周边防水改造")
    project = r.projects[roof.project or 0]
    assert (project.amount, roof.amount) == (D("113.40"), D("113.7"))
    (mismatch,) = [f for f in r.findings if f.slug == "performance-amount-mismatch"]
    assert "113.40" in mismatch.message and "113.7" in mismatch.message
    # every list project of 000, 002 and 004 has exactly one performance table
    for k in ("000", "002", "004"):
        linked = sorted(t.project for t in records[k].performance if t.kind == PROJECT)
        assert linked == list(range(len(records[k].projects))), k


def test_unparsed_targets_are_reported(records: dict[str, BudgetRecords]) -> None:
    slugs = {
        (k, f.message)
        for k, r in records.items()
        for f in r.findings
        if f.slug == "performance-target-unparsed"
    }
    assert slugs == {
        (
            "001",
            "'2024年机关事业养老保险财政补助', 数量指标, 发放补助人数: "
            "target '≤3400入' compares a number but does not parse",
        )
    }


def test_department_goals_of_001(records: dict[str, BudgetRecords]) -> None:
    goals = records["001"].department_goals
    assert [g.title for g in goals] == [
        "总体绩效目标",
        "就业工作目标",
        "社保工作目标",
        "人才工作目标",
        "居民增收目标",
    ]
    assert goals[0].goal.startswith("在各级政府、主管部门指导下") and not goals[0].indicators
    jobs = goals[1]
    assert len(jobs.indicators) == 7
    rate = next(i for i in jobs.indicators if i.level3 == "城镇登记失业率")
    assert (rate.target.operator, rate.target.value, rate.target.unit) == ("≤", D("2.0"), "%")
    assert [(i.level3, i.target.value) for i in goals[4].indicators] == [
        ("城镇居民人均可支配收入增长", D("6"))
    ]
    assert all(not r.department_goals for k, r in records.items() if k != "001")


def test_to_dict_is_reader_independent(records: dict[str, BudgetRecords]) -> None:
    d = records["003"].to_dict()
    first = d["performance"][0]
    assert "table" not in first and "prov" not in first
    assert "prov" not in first["indicators"][0]
    assert first["indicators"][0]["target"]["value"] == "10"
    assert first["project"] == 0 and first["match"] == "derived"


def test_department_goal_table_is_read_like_a_form() -> None:
    """A 部门整体绩效目标表 (none of the samples prints one): goal and indicator grid."""
    from budgetkg.extract import extract_document
    from budgetkg.read.text import read_text

    text = "\n".join(
        [
            "部门整体支出绩效目标表",
            "",
            "部门名称\t某市某局",
            "年度总体目标\t完成年度各项工作任务。",
            "年度绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
            "\t产出指标\t数量指标\t培训人次\t≥500 人次",
            "\t\t时效指标\t资金拨付及时率\t=100%",
            "\t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%",
            "",
        ]
    )
    records = extract_document(read_text(text, "t.txt", "0" * 64))
    (goal,) = records.department_goals
    assert (goal.title, goal.goal) == ("部门整体支出绩效目标表", "完成年度各项工作任务。")
    got = [
        (i.level1_code, i.level2_code, i.level3, i.target.operator, i.target.value) for i in goal.indicators
    ]
    assert got == [
        ("output", "output-quantity", "培训人次", "≥", D("500")),
        ("output", "output-timeliness", "资金拨付及时率", "=", D("100")),
        ("satisfaction", "satisfaction-service", "群众满意度", "≥", D("90")),
    ]
    assert records.performance == []  # a department's goals are not a project's
