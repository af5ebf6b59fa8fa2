"""Link inference on a small hand-made document: each method's weight and their combination.

Weights (link/infer.py, by_name.py, by_amount.py): stated 1.00, project code 0.90, one project's
amount 0.60, two projects 0.45, three 0.35 (each less the chance of such a sum), name 0.70 × the
share of the function name found, goal 0.50, indicator 0.40; several methods combine by noisy-or
(1 − Π(1 − c)), capped at 0.99; a stated link is 1.00 and excludes inferred ones.
"""

from __future__ import annotations

from decimal import Decimal

from budgetkg.extract.performance.model import PROJECT, Indicator, PerformanceTarget
from budgetkg.extract.records import BudgetRecords, Department, FunctionLine, Project
from budgetkg.extract.targets import Target
from budgetkg.link import infer_function_links
from budgetkg.link.model import AMOUNT, GOAL, INDICATOR, NAME, Evidence, FunctionLink

D = Decimal


def line(code: str, name: str, project: str | None) -> FunctionLine:
    return FunctionLine(code, name, None, None, D(project) if project else None, table=1)


def records() -> BudgetRecords:
    lines = [
        line("208", "社会保障和就业支出", "500.00"),
        line("2080101", "行政运行", "37.50"),  # generic name: never matched by name
        line("2080704", "社会保险补贴", "50.00"),
        line("2080705", "公益性岗位补贴", "100.00"),
        line("2082601", "财政对企业职工基本养老保险基金的补助", "300.00"),
        line("2089999", "其他社会保障和就业支出", "8.88"),
    ]
    projects = [
        Project("城乡公益性岗位补贴资金", D("100.00")),  # 1: name (whole) + amount
        Project("信息化运维", D("12.34"), code="X-2080101-01"),  # 2: project code
        Project("养老保险基金补助", D("300.00"), function_code="2082601"),  # 3: stated
        Project("甲项目", D("20.00")),  # 4 and 5: a pair adding up to 50.00
        Project("乙项目", D("30.00")),
        Project("丙项目", D("7.77")),  # 6: goal and indicator name 公益性岗位补贴
        Project("丁项目", D("6.66")),  # 7: indicator only
        Project("公益性岗位资金", D("5.55")),  # 8: part of the name: 公益性岗位 = 5 of 7 characters
    ]
    performance = [
        PerformanceTarget(PROJECT, "丙项目", goal="为就业困难人员发放公益性岗位补贴", project=5),
        PerformanceTarget(
            PROJECT,
            "丙项目",
            project=5,
            indicators=[Indicator("产出指标", "数量指标", "公益性岗位补贴发放人数", Target("≥10人"))],
        ),
        PerformanceTarget(
            PROJECT,
            "丁项目",
            project=6,
            indicators=[Indicator("产出指标", "数量指标", "公益性岗位补贴发放率", Target("100%"))],
        ),
    ]
    return BudgetRecords(
        "t.txt", "0", Department("某局"), function_lines=lines, projects=projects, performance=performance
    )


def test_each_method_its_weight_and_their_combination() -> None:
    got = {
        (link.project, link.code): ("+".join(link.methods), link.confidence)
        for link in infer_function_links(records())
    }
    assert got == {
        (1, "2080705"): ("amount+name", D("0.88")),  # 1 − (1 − 0.60)(1 − 0.70)
        (2, "2080101"): ("project-code", D("0.90")),
        (3, "2082601"): ("stated", D("1.00")),
        (4, "2080704"): ("amount-set", D("0.45")),
        (5, "2080704"): ("amount-set", D("0.45")),
        (6, "2080705"): ("goal+indicator", D("0.70")),  # 1 − (1 − 0.50)(1 − 0.40)
        (7, "2080705"): ("indicator", D("0.40")),
        (8, "2080705"): ("name", D("0.50")),  # 0.70 × 0.71
    }


def test_noisy_or_keeps_the_best_of_each_method_and_caps_at_0_99() -> None:
    link = FunctionLink(1, "2080705", None)
    link.evidence += [
        Evidence(NAME, D("0.70"), ""),
        Evidence(NAME, D("0.35"), ""),
        Evidence(GOAL, D("0.50"), ""),
    ]
    assert link.confidence == D("0.85")  # 1 − 0.30 × 0.50: the weaker name evidence is not counted
    link.evidence += [Evidence(AMOUNT, D("0.60"), ""), Evidence(INDICATOR, D("0.40"), "")]
    assert link.confidence == D("0.96")  # 1 − 0.30 × 0.50 × 0.40 × 0.60 = 0.964
    link.evidence.append(Evidence("project-code", D("0.90"), ""))
    assert link.confidence == D("0.99")  # 0.9964, capped
    assert link.methods == ["project-code", "amount", "name", "goal", "indicator"]


def test_one_method_alone_is_its_own_weight() -> None:
    for method, c in [(NAME, "0.70"), (GOAL, "0.50"), (INDICATOR, "0.40"), (AMOUNT, "0.60")]:
        link = FunctionLink(1, "2080705", None, [Evidence(method, D(c), "")])
        assert link.confidence == D(c)


def test_amount_shared_by_two_lines_is_split_between_them() -> None:
    r = records()
    r.function_lines.append(line("2080799", "就业见习补贴", "20.00"))
    r.function_lines.append(line("2080711", "就业见习补贴二", "20.00"))
    r.projects.append(Project("戊项目", D("20.00")))
    got = {(link.project, link.code): link.confidence for link in infer_function_links(r)}
    # 20.00 is now project 4's and 9's amount and two lines' 项目支出: no unique solution for
    # either line, and the pair 20 + 30 for 2080704 now has two ways (4+5, 9+5): their common
    # part (project 5) at half the pair's weight: 0.45 × 0.5 = 0.225, rounded half to even.
    assert got[(5, "2080704")] == D("0.22")
    assert (4, "2080704") not in got and (9, "2080711") not in got


def test_generic_and_empty_function_names_link_nothing_by_name() -> None:
    r = records()
    r.function_lines.append(line("2080199", "", "1.23"))  # a line printed without its name
    r.projects.append(Project("行政运行经费", D("4.44")))  # 行政运行 names no subject
    r.projects.append(Project("其他社会保障和就业支出项目", D("3.33")))  # nor does 其他…支出
    links = {(link.project, link.code) for link in infer_function_links(r)}
    assert not {(i, c) for i, c in links if i in (9, 10) or c == "2080199"}
    # and the other links are those of the document without them
    assert links == {(link.project, link.code) for link in infer_function_links(records())}


def test_the_run_filter_keeps_every_pair_match_compact_matches() -> None:
    from budgetkg.link.by_name import _matches, runs_of
    from budgetkg.link.names import match_compact

    names = ["公益性岗位补贴", "劳动人事争议调解仲裁", "养老", "就业补助"]
    texts = ["城乡公益性岗位资金", "劳动人事争议仲裁院经费", "养老服务", "公益性岗", "就业补", "无关项目", ""]
    for k in (4, 5):
        held = [(t, runs_of(t, k)) for t in texts]
        for name in names:
            expected = [m for t in texts if (m := match_compact(name, t, k))]
            assert _matches(name, runs_of(name, k), held, k) == expected
    assert runs_of("公益性岗", 4) == {"公益性岗"} and runs_of("公益性", 4) == frozenset()
    found = {(n, t) for n in names for t in texts if match_compact(n, t, 4)}  # not a vacuous comparison:
    assert found == {
        ("公益性岗位补贴", "城乡公益性岗位资金"),  # a partial match: runs shared
        ("劳动人事争议调解仲裁", "劳动人事争议仲裁院经费"),
        ("养老", "养老服务"),  # whole, though shorter than a run
    }
