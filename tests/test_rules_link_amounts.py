"""Link rules one at a time on hand-made amounts, names and texts (link/amounts.py, by_amount.py,
by_name.py, names.py, codes.py, texts.py): the subset sums, the chance of a coincidence, which
solution is trusted, which of two colliding solutions wins, the size limits and the name matching.

Every figure below is worked out by hand in the comment next to it.
"""

from __future__ import annotations

from decimal import Decimal

from budgetkg.extract.performance.model import PROJECT, Indicator, PerformanceTarget
from budgetkg.extract.records import BudgetRecords, Department, FunctionLine, Project
from budgetkg.extract.targets import Target
from budgetkg.link import infer_function_links, project_lines
from budgetkg.link.amounts import MAX_SOLUTIONS, AmountIndex, decoy_targets, grain
from budgetkg.link.by_amount import _amount_note, _choose, _scaled
from budgetkg.link.by_name import name_confidence
from budgetkg.link.codes import embedded_codes, stated_code
from budgetkg.link.model import AMOUNT, AMOUNT_SET, GOAL, INDICATOR, NAME, Evidence, FunctionLink
from budgetkg.link.names import is_generic, match_compact, name_match
from budgetkg.link.texts import project_texts

D = Decimal


def line(code: str, name: str, project: str | None, **kw: object) -> FunctionLine:
    return FunctionLine(code, name, None, None, D(project) if project else None, table=1, **kw)  # type: ignore[arg-type]


def links_of(
    lines: list[FunctionLine], projects: list[Project], **kw: object
) -> dict[tuple[int, str], tuple[str, D]]:
    records = BudgetRecords("t.txt", "0", Department("某局"), function_lines=lines, projects=projects, **kw)  # type: ignore[arg-type]
    return {(k.project, k.code): ("+".join(k.methods), k.confidence) for k in infer_function_links(records)}


# ------------------------------------------------------------------ amounts


def test_grain_is_the_roundness_of_an_amount() -> None:
    assert grain(D("40.00")) == 1 and grain(D("100")) == 1 and grain(D("1.00")) == 1
    assert grain(D("57.50")) == D("0.1") and grain(D("0.10")) == D("0.1")
    assert grain(D("2162.53")) == D("0.01") and grain(D("0.05")) == D("0.01")


def test_decoys_are_six_on_each_side_as_round_as_the_target() -> None:
    assert decoy_targets(D("40.00")) == [D(n) for n in (34, 35, 36, 37, 38, 39, 41, 42, 43, 44, 45, 46)]
    assert decoy_targets(D("57.50"))[0] == D("56.90") and decoy_targets(D("57.50"))[-1] == D("58.10")
    assert decoy_targets(D("2162.53"))[5:7] == [D("2162.52"), D("2162.54")]
    assert len(decoy_targets(D("2162.53"))) == 12


def test_solutions_by_size_and_the_size_limit() -> None:
    index = AmountIndex({1: D("10"), 2: D("20"), 3: D("30"), 4: D("60"), 5: D("0"), 6: D("-5")})
    assert index.items == {1: D("10"), 2: D("20"), 3: D("30"), 4: D("60")}  # nothing at or below zero
    assert index.solutions(D("30")) == {1: [frozenset({3})], 2: [frozenset({1, 2})]}
    assert index.solutions(D("60")) == {1: [frozenset({4})], 3: [frozenset({1, 2, 3})]}
    assert index.solutions(D("60"), max_size=2) == {1: [frozenset({4})]}
    assert index.solutions(D("60"), max_size=5) == index.solutions(D("60"))  # never beyond 3
    assert index.solutions(D("50")) == {2: [frozenset({2, 3})]}
    assert index.solutions(D("15")) == {}


def test_more_than_max_solutions_reports_one_more() -> None:
    index = AmountIndex({i: D("1.00") for i in range(1, 21)})
    ones = index.solutions(D("1.00"), max_size=1)[1]
    assert MAX_SOLUTIONS == 8
    assert ones == [frozenset({i}) for i in range(1, 10)]  # 9: "many", in key order
    exactly = AmountIndex({i: D("1.00") for i in range(1, 9)}).solutions(D("1.00"), max_size=1)[1]
    assert len(exactly) == 8


def test_coincidence_is_the_share_of_decoys_also_hit() -> None:
    index = AmountIndex({1: D("40.00"), 2: D("41.00"), 3: D("45.00")})
    # decoys 34 … 46 but 40: 12; single projects hit 41 and 45: 2 / 12 = 0.1666… → 0.17
    assert index.coincidence(D("40.00"), 1) == D("0.17")
    # pairs sum to 81, 85, 86: no decoy hit
    assert index.coincidence(D("40.00"), 2) == D("0.00")
    # a target whose decoys are all at or below zero has no chance to measure
    assert index.coincidence(D("-10.00"), 1) == D(0)
    # 0.30 (grain 0.1): positive decoys 0.1, 0.2, 0.4 … 0.9 = 8; 0.40 is hit: 1 / 8 = 0.125 → 0.12
    assert AmountIndex({1: D("0.40")}).coincidence(D("0.30"), 1) == D("0.12")


# ------------------------------------------------------------------ which solution, how it is worded


def test_the_solution_to_trust() -> None:
    a, b, c = (2, frozenset({1, 2})), (2, frozenset({1, 3})), (3, frozenset({1, 4, 5}))
    assert _choose([a], set()) == ([a], False)  # the only one
    assert _choose([a, b], {2}) == ([a], False)  # the only one the names support
    assert _choose([a, b], {2, 3}) == ([(2, frozenset({1}))], True)  # both supported: what they share
    assert _choose([a, b], set()) == ([(2, frozenset({1}))], True)  # none supported: what they share
    assert _choose([a, c], set()) == ([(3, frozenset({1}))], True)  # the larger size
    assert _choose([a, b, c], set()) == ([], True)  # three ways: what they share is chance
    assert _choose([a, b, c], {2}) == ([a], False)
    assert _choose([a, b, c], {1}) == ([], True)  # all three supported


def test_evidence_shared_by_lines_printing_the_same_amount() -> None:
    e = Evidence(AMOUNT, D("0.45"), "n", "z")
    assert _scaled(e, 1) is e and _scaled(e, 0) is e
    assert _scaled(e, 2) == Evidence(
        AMOUNT, D("0.22"), "n; 2 lines print it", "z；2 行金额相同"
    )  # 0.225, half even
    assert _scaled(e, 3) == Evidence(AMOUNT, D("0.15"), "n; 3 lines print it", "z；3 行金额相同")


def test_the_notes_of_amount_evidence() -> None:
    ln = line("2080705", "公益性岗位补贴", "50.00")
    assert _amount_note(ln, 1, 1, False) == (
        "the amount equals the line's 项目支出 50.00 (the only way)",
        "金额等于该行项目支出 50.00（唯一组合）",
    )
    assert _amount_note(ln, 2, 3, False) == (
        "2 projects add up to the line's 项目支出 50.00 (the way the names support)",
        "2 个项目合计等于该行项目支出 50.00（名称支持的组合）",
    )
    assert _amount_note(ln, 1, 2, True) == (
        "in every way projects add up to the line's 项目支出 50.00, this one is part of it",
        "各种组合合计等于该行项目支出 50.00，均含此项目",
    )


# ------------------------------------------------------------------ competing solutions


A_LINE = line("2080701", "就业创业服务补贴", "10.00")
B_LINE = line("2080705", "公益性岗位补贴", "15.00")


def test_of_two_solutions_sharing_a_project_the_stronger_wins() -> None:
    # 2080701: project 1 alone (10.00): 0.60 less chance: decoys 4 … 16, project 2 hits 5: 1 / 12
    #   → 0.08, 0.60 × 0.92 = 0.552 → 0.55. 2080705: projects 1 + 2 = 15.00, 0.45, no decoy hit.
    # Both need project 1: the single (0.55) beats the pair (0.45), which is dropped whole.
    got = links_of([A_LINE, B_LINE], [Project("甲项目", D("10.00")), Project("乙项目", D("5.00"))])
    assert got == {(1, "2080701"): ("amount", D("0.55"))}


def test_name_evidence_adds_to_a_solution_strength() -> None:
    # project 2 is named after 2080705 (0.70): the pair's strength 0.45 + 0.70 beats the single's 0.55
    got = links_of(
        [A_LINE, B_LINE], [Project("甲项目", D("10.00")), Project("公益性岗位补贴项目", D("5.00"))]
    )
    assert got == {
        (1, "2080705"): ("amount-set", D("0.45")),
        (2, "2080705"): ("amount-set+name", D("0.84")),  # 1 − 0.55 × 0.30 = 0.835, half even
    }


def test_a_project_named_for_another_line_keeps_a_weaker_amount_solution_out() -> None:
    # project 1 matches 2080701 by amount alone (0.60, no decoy hit), but its name is 2080705's
    # whole name (0.70 > 0.60): the amount solution is not used
    lines = [line("2080701", "就业创业服务补贴", "10.00"), line("2080705", "公益性岗位补贴", "99.00")]
    got = links_of(lines, [Project("公益性岗位补贴", D("10.00"))])
    assert got == {(1, "2080705"): ("name", D("0.70"))}


def triple() -> list[Project]:
    # 11 + 23 + 37 = 71: the only way (pairs 34, 48, 60); decoys 65 … 77 none hit: 0.35 each
    return [Project("甲项目", D("11.00")), Project("乙项目", D("23.00")), Project("丙项目", D("37.00"))]


def test_three_projects_adding_up_to_a_line() -> None:
    got = links_of([line("2080799", "就业补助其他", "71.00")], triple())
    assert got == {(i, "2080799"): ("amount-set", D("0.35")) for i in (1, 2, 3)}


def fillers(n: int) -> list[Project]:
    return [Project(f"填充{i}", D("0.01")) for i in range(n)]  # no sum of these ends in .00


def test_above_150_projects_sets_of_three_are_not_tried() -> None:
    lines = [line("2080799", "就业补助其他", "71.00")]
    assert len(links_of(lines, triple() + fillers(147))) == 3  # 150 projects
    assert links_of(lines, triple() + fillers(148)) == {}  # 151


def test_above_400_projects_only_single_projects_are_tried() -> None:
    lines = [line("2080799", "就业补助其他", "34.00")]  # 11 + 23
    assert len(links_of(lines, triple() + fillers(397))) == 2  # 400 projects
    assert links_of(lines, triple() + fillers(398)) == {}  # 401


def test_name_confidence_is_the_best_name_goal_or_indicator_evidence() -> None:
    assert name_confidence(None) == 0
    amount_only = FunctionLink(
        1, "2080705", None, [Evidence(AMOUNT, D("0.60"), ""), Evidence(AMOUNT_SET, D("0.4"), "")]
    )
    assert name_confidence(amount_only) == 0
    mixed = [Evidence(NAME, D("0.35"), ""), Evidence(GOAL, D("0.50"), ""), Evidence(INDICATOR, D("0.40"), "")]
    assert name_confidence(FunctionLink(1, "2080705", None, [*mixed, Evidence(AMOUNT, D("0.9"), "")])) == D(
        "0.50"
    )


# ------------------------------------------------------------------ names


def test_name_match_share_runs_and_thresholds() -> None:
    m = name_match("公益性岗位补贴", "城乡 公益性岗位 资金")  # spaces do not count
    assert m is not None and (m.share, m.matched) == (D("0.71"), "公益性岗位")  # 5 / 7
    assert name_match("公益性 岗位补贴", "发放公益性岗位补贴") == match_compact(
        "公益性岗位补贴", "发放公益性岗位补贴"
    )
    assert name_match("公益性岗位补贴", "发放公益性岗位补贴").share == 1  # type: ignore[union-attr]
    m = name_match("劳动人事争议调解仲裁", "劳动人事争议仲裁委员会")
    assert m is not None and (m.share, m.matched) == (D("0.80"), "劳动人事争议…仲裁")  # 6 + 2 of 10
    # the longest shared run must have min_chars (4 for names, 5 in goals and indicators)
    assert name_match("社会保险补贴", "社会保险").share == D("0.67")  # type: ignore[union-attr]
    assert name_match("社会保险补贴", "社会保险", min_chars=5) is None
    assert name_match("社会保险补贴", "社会保") is None
    # 60 % of the name is enough, 50 % is not
    assert name_match("一二三四五六七八九十", "甲一二三四五六乙").share == D("0.60")  # type: ignore[union-attr]
    assert name_match("一二三四五六七八九十", "甲一二三四五乙") is None
    # generic or empty names, empty texts: nothing
    assert name_match("行政运行", "行政运行经费") is None
    assert name_match("其他社会保障和就业支出", "其他社会保障和就业支出") is None
    assert name_match("", "x") is None and name_match("公益性岗位补贴", "") is None
    assert is_generic(" 事业 运行 ") and is_generic("其他支出") and not is_generic("公益性岗位补贴")


def test_function_codes_stated_or_embedded() -> None:
    assert stated_code(Project("x", None, function_code=" 2080705 ")) == "2080705"
    assert stated_code(Project("x", None, function_code="3080705")) is None  # not an expenditure 项
    assert stated_code(Project("x", None, function_code="208070")) is None
    assert stated_code(Project("x", None)) is None
    known = {"2080705", "2010101"}
    assert embedded_codes("2080705-001/2010101", known) == ["2010101", "2080705"]
    assert embedded_codes("12080705001", known) == []  # a stretch inside a longer number
    assert embedded_codes("2080799-1", known) == []  # no line of that code
    assert embedded_codes(None, known) == [] and embedded_codes("", known) == []


def test_project_lines_are_the_xiang_lines_with_a_project_amount() -> None:
    lines = [
        line("208", "社会保障和就业支出", "9.00"),  # a 类: not a 项
        line("2080705", "公益性岗位补贴", "5.00"),
        line("2080705", "重复", "6.00"),  # printed twice: the first stays
        line("2080799", "其他", None),  # no 项目支出
        line("2089999", "合计", "9.00", is_total=True),
        line(None, "无编码", "1.00"),  # type: ignore[arg-type]
    ]
    got = project_lines(lines)
    assert list(got) == ["2080705"] and got["2080705"].name == "公益性岗位补贴"
    # no line with a 项目支出 at all: every 项 line is a candidate
    bare = [line("2080705", "公益性岗位补贴", None), line("2080799", "其他", None)]
    assert list(project_lines(bare)) == ["2080705", "2080799"]


def test_the_texts_of_each_project() -> None:
    indicator = Indicator("产出指标", "数量指标", "发放人数", Target("≥10人"), description="按月发放")
    empty = Indicator("产出指标", "数量指标", None, Target(""))
    performance = [  # tables matched to no project (None, or beyond the list) first: skipped, not an end
        PerformanceTarget(PROJECT, "无主", goal="不属于任何项目", project=None),
        PerformanceTarget(PROJECT, "越界", goal="项目 9", project=8),
        PerformanceTarget(PROJECT, "甲", goal="目标甲", project=0, indicators=[indicator, empty]),
        PerformanceTarget(PROJECT, "乙", goal="", project=1),
    ]
    records = BudgetRecords(
        "t.txt",
        "0",
        Department("某局"),
        projects=[Project("甲", None), Project("乙", None), Project("丙", None)],
        performance=performance,
    )
    assert project_texts(records) == {
        1: {NAME: ["甲"], GOAL: ["目标甲"], INDICATOR: ["发放人数", "≥10人", "按月发放"]},
        2: {NAME: ["乙"], GOAL: [], INDICATOR: []},
        3: {NAME: ["丙"], GOAL: [], INDICATOR: []},
    }


def test_the_notes_of_stated_and_project_code_evidence() -> None:
    lines = [line("2080705", "公益性岗位补贴", "9.99"), line("2080101", "行政运行", "8.88")]
    projects = [
        Project("甲", D("1.00"), function_code="2080705"),
        Project("乙", D("2.00"), code="P-2080101-01"),
    ]
    records = BudgetRecords("t.txt", "0", Department("某局"), function_lines=lines, projects=projects)
    got = {(k.project, k.code): k.evidence for k in infer_function_links(records)}
    assert got == {
        (1, "2080705"): [
            Evidence("stated", D("1.00"), "the document prints the code", "文件载明该功能分类科目")
        ],
        (2, "2080101"): [
            Evidence(
                "project-code",
                D("0.90"),
                "project code P-2080101-01 contains 2080101",
                "项目编码 P-2080101-01 含 2080101",
            )
        ],
    }


def test_of_two_amount_solutions_the_one_the_names_support_is_trusted() -> None:
    # 30.00 is project 1 alone or projects 2 + 3; project 1's name holds the line's: its solution is
    # trusted, worth 0.60 (decoys 24 … 36: no single project hits one), with the name 1 − 0.40 × 0.30
    lines = [line("2080705", "公益性岗位补贴", "30.00")]
    projects = [
        Project("公益性岗位补贴资金", D("30.00")),
        Project("甲", D("10.00")),
        Project("乙", D("20.00")),
    ]
    records = BudgetRecords("t.txt", "0", Department("某局"), function_lines=lines, projects=projects)
    (link,) = infer_function_links(records)
    assert (link.project, link.code, link.methods, link.confidence) == (
        1,
        "2080705",
        ["amount", "name"],
        D("0.88"),
    )
    assert link.evidence == [
        Evidence(
            NAME,
            D("0.70"),
            "name holds '公益性岗位补贴' of '公益性岗位补贴'",
            "项目名称含“公益性岗位补贴”（公益性岗位补贴）",
        ),
        Evidence(
            AMOUNT,
            D("0.60"),
            "the amount equals the line's 项目支出 30.00 (the way the names support)",
            "金额等于该行项目支出 30.00（名称支持的组合）",
        ),
    ]


def test_a_name_elsewhere_exactly_as_strong_as_the_amounts_does_not_keep_them_out() -> None:
    # project 1 adds up to 2080701's 10.00 (0.60, no decoy hit) and holds 6 of 2080705's 7
    # characters: 0.70 × 0.86 = 0.602 → 0.60, not stronger than the amounts: both links stand
    lines = [line("2080701", "就业创业服务补贴", "10.00"), line("2080705", "公益性岗位补贴", "99.00")]
    assert links_of(lines, [Project("公益性岗位补助", D("10.00"))]) == {
        (1, "2080701"): ("amount", D("0.60")),
        (1, "2080705"): ("name", D("0.60")),
    }


def test_what_two_solutions_share_is_linked_at_half_their_weight() -> None:
    # 30.00 is 1 + 2 or 1 + 3 (10 + 20 either way); no name supports either: project 1, in both,
    # gets half a pair's weight, 0.45 × 0.5 = 0.225 → 0.22 (decoys 24 … 36: pairs hit none)
    lines = [line("2080701", "就业创业服务补贴", "30.00")]
    projects = [Project("甲", D("10.00")), Project("乙", D("20.00")), Project("丙", D("20.00"))]
    records = BudgetRecords("t.txt", "0", Department("某局"), function_lines=lines, projects=projects)
    (link,) = infer_function_links(records)
    assert (link.project, link.code) == (1, "2080701")
    assert link.evidence == [
        Evidence(
            AMOUNT_SET,
            D("0.22"),
            "in every way projects add up to the line's 项目支出 30.00, this one is part of it",
            "各种组合合计等于该行项目支出 30.00，均含此项目",
        )
    ]


def test_a_name_for_another_line_does_not_support_a_solution_for_this_one() -> None:
    # as above, but project 2 holds 6 of the 10 characters of another line's name (0.70 × 0.60 =
    # 0.42, weaker than the pair's 0.45): that is no support for 2080701's pair 1 + 2
    lines = [line("2080701", "就业创业服务补贴", "30.00"), line("2010804", "劳动人事争议调解仲裁", "99.00")]
    projects = [Project("甲", D("10.00")), Project("劳动人事争议", D("20.00")), Project("丙", D("20.00"))]
    assert links_of(lines, projects) == {
        (1, "2080701"): ("amount-set", D("0.22")),
        (2, "2010804"): ("name", D("0.42")),
    }


def test_amount_evidence_as_weak_as_0_15_is_kept_weaker_is_dropped() -> None:
    # four lines print 10.00: project 1 alone adds up to each (0.60, no decoy hit), a quarter
    # each: 0.15, kept for the first line; five lines: 0.12, dropped
    four = [line(f"208070{i}", f"补贴{'甲乙丙丁戊'[i]}", "10.00") for i in range(1, 5)]
    assert links_of(four, [Project("甲项目", D("10.00"))]) == {(1, "2080701"): ("amount", D("0.15"))}
    five = [*four, line("2080709", "补贴己", "10.00")]
    assert links_of(five, [Project("甲项目", D("10.00"))]) == {}
