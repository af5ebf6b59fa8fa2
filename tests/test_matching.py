"""The cross-table name matcher: exact, normalized, containment, similarity, one-to-one."""

from __future__ import annotations

from budgetkg.extract.matching import match_names, normalize_name


def test_normalize_name_drops_brackets_punctuation_and_leading_year() -> None:
    half, full = "信息业务经费(含:系统设备维护)", "信息业务经费（含：系统 设备维护）"
    assert normalize_name(half) == normalize_name(full)
    assert normalize_name("2024年创业扶持资金") == "创业扶持资金"
    assert normalize_name("2024 年度 招聘经费") == "招聘经费"


def test_every_bracket_form_is_dropped() -> None:
    plain = normalize_name("养老保障先创区民生")
    for pair in ("()", "（）", "[]", "【】", "{}", "《》", "〈〉", "〔〕", "「」", "『』", "<>"):
        assert normalize_name(f"养老保障{pair[0]}先创区{pair[1]}民生") == plain, pair
    # only brackets go: another character stays
    assert normalize_name("养老保障〈先创区〉民生") != normalize_name("养老保障先创区民生目")


def test_rounds_from_certain_to_guess() -> None:
    left = [
        "社保窗口服务",
        "劳动保障监察(举报投诉专查)",
        "2022年后新增退休人员取暖费",
        "差额自收自支单位离休干部离休费",
        "办公楼周边防水改造",
    ]
    right = [
        "差额自收自支离休人员离休费",
        "市直企业2022年以后新增退休人员取暖费",
        "劳动保障监察（举报投诉专查）",
        "社保窗口服务",
        "人才公寓租金",
    ]
    got = {(m.left, m.right, m.method) for m in match_names(left, right)}
    assert got == {
        (0, 3, "exact"),
        (1, 2, "normalized"),
        (2, 1, "containment"),
        (3, 0, "similarity"),
    }


def test_one_to_one_and_best_first() -> None:
    # Two similar candidates: each name goes to its own closest partner.
    left = ["人才科-人才工作专项经费", "人才科-人才发展专项经费"]
    right = ["人才科-人才发展专项经费（2024）", "人才科-人才工作专项经费（2024）"]
    matches = match_names(left, right)
    assert [(m.left, m.right) for m in matches] == [(0, 1), (1, 0)]
    assert all(m.method == "containment" for m in matches)


def test_below_threshold_is_no_match() -> None:
    assert match_names(["宣传办-精神文明"], ["社保中心-就业创业资金"]) == []
    assert match_names(["党建"], ["组织科-党建工作经费"]) == []  # too short to count as contained
    strict = match_names(["差额自收自支单位离休干部离休费"], ["差额自收自支离休人员离休费"], threshold=0.9)
    assert strict == []


def test_scores_are_recorded() -> None:
    (m,) = match_names(["2022年后新增退休人员取暖费"], ["市直企业2022年以后新增退休人员取暖费"])
    assert m.method == "containment" and 0.6 < m.score < 1.0
    (e,) = match_names(["社保窗口服务"], ["社保窗口服务"])
    assert (e.method, e.score) == ("exact", 1.0)
