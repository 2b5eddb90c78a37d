"""Tables with trends and disclosure control, against hand-made counts."""

from portal.lagesbild import tables

ROWS = [
    {"key": "1", "name": "Norr", "self": False},
    {"key": "2", "name": "Söder", "self": False},
    {"key": "9", "name": "Kommunen", "self": True},
]
CATS = [
    {"id": 10, "name_sv": "Klotter", "active": True},
    {"id": 11, "name_sv": "Bränder", "active": True},
    {"id": 12, "name_sv": "Gammal", "active": False},
]


def est(table):
    return {
        "table": {
            r: {c: {"n": n, "severe": 0} for c, n in cells.items()} for r, cells in table.items()
        }
    }


def test_staff_table_shows_every_number_with_trends():
    now = est({"1": {"10": 7, "11": 2}, "2": {"10": 3}})
    before = est({"1": {"10": 4}, "2": {"10": 3, "11": 1}})
    table = tables.est_table(now, before, ROWS, CATS)
    assert table["rows"] == ["1", "2"]  # the area itself has nothing: left out
    assert table["cols"] == ["10", "11"]  # the retired category had nothing: left out
    cell = table["cells"]["1"]["10"]
    assert (
        cell["n"],
        cell["previous"],
        cell["trend"]["direction"],
        cell["trend"]["difference"],
    ) == (7, 4, "upp", 3)
    assert table["cells"]["2"]["10"]["trend"]["direction"] == "oforandrad"
    assert table["row_totals"]["1"]["n"] == 9 and table["col_totals"]["11"]["previous"] == 1
    assert table["total"]["n"] == 12 and table["total"]["previous"] == 8


def test_public_table_suppresses_small_cells_and_their_trends():
    now = est({"1": {"10": 7, "11": 2}, "2": {"10": 6, "11": 9}})
    before = est({"1": {"10": 8, "11": 6}, "2": {"10": 6, "11": 9}})
    table = tables.est_table(now, before, ROWS, CATS, minimum=5)
    cells = table["cells"]
    assert cells["1"]["11"]["n"] is None  # 2 < 5
    assert cells["1"]["11"]["trend"] is None
    # complementary suppression: the 2 could otherwise be recovered from a margin
    hidden = [(r, c) for r in ("1", "2") for c in ("10", "11") if cells[r][c]["n"] is None]
    assert len(hidden) >= 2
    for r in ("1", "2"):
        for c in ("10", "11"):
            value = cells[r][c]["n"]
            assert value is None or value == 0 or value >= 5
    # a published value still has its trend when both periods are published
    published = [
        (r, c)
        for r in ("1", "2")
        for c in ("10", "11")
        if cells[r][c]["n"] is not None and cells[r][c]["previous"] is not None
    ]
    assert all(cells[r][c]["trend"] is not None for r, c in published)


def test_suppression_cannot_be_undone_from_the_margins():
    now = est({"1": {"10": 3, "11": 40}, "2": {"10": 30, "11": 20}})
    table = tables.est_table(now, est({}), ROWS, CATS, minimum=5)
    cells, rows, cols = table["cells"], table["row_totals"], table["col_totals"]
    assert cells["1"]["10"]["n"] is None
    # no row or column has exactly one hidden entry next to a published total
    for r in ("1", "2"):
        line = [cells[r][c]["n"] for c in ("10", "11")] + [rows[r]["n"]]
        assert line.count(None) != 1
    for c in ("10", "11"):
        line = [cells[r][c]["n"] for r in ("1", "2")] + [cols[c]["n"]]
        assert line.count(None) != 1


def test_place_flow_public_suppresses_per_column():
    now = {
        "new": {"public": {"1": {"10": 6}, "2": {"10": 2}}},
        "resolved": {"public": {"1": {"10": 7}, "2": {"10": 8}}},
    }
    flow = tables.place_flow(now, {}, ROWS, "public", minimum=5)
    assert flow["new"]["cells"]["2"]["n"] is None
    assert flow["new"]["cells"]["1"]["n"] is None  # the complement, since the total is shown
    assert flow["new"]["total"]["n"] == 8
    assert flow["resolved"]["cells"]["1"]["n"] == 7


def test_survey_values_are_withheld_when_n_is_small():
    indicators = {
        "respondents": {"1": 40, "2": 3},
        "otrygghet": {
            "total": {"count": 11, "n": 43, "share": 0.256, "low": 0.15, "high": 0.4},
            "rows": {
                "1": {"count": 10, "n": 40, "share": 0.25, "low": 0.14, "high": 0.4},
                "2": {"count": 1, "n": 3, "share": 0.33, "low": 0.06, "high": 0.79},
            },
        },
        "problemindex": {
            "total": {"value": 2.0, "n": 43},
            "rows": {"1": {"value": 2.1, "n": 40}, "2": {"value": 1.0, "n": 3}},
        },
    }
    previous = {
        "otrygghet": {
            "total": {"count": 5, "n": 30, "share": 0.167, "low": 0.07, "high": 0.34},
            "rows": {},
        },
        "problemindex": {"rows": {}},
    }
    public = tables.survey_rows(indicators, previous, ROWS, minimum=5)
    assert public["rows"] == ["1", "2"]
    assert public["otrygghet"]["2"]["now"] == {"n": None, "withheld": True}
    assert public["otrygghet"]["1"]["now"]["share"] == 0.25
    assert public["otrygghet"]["1"]["previous"] is None  # no answers then: no data, no trend
    assert public["otrygghet"]["total"]["trend"]["direction"] == "upp"
    staff = tables.survey_rows(indicators, previous, ROWS)
    assert staff["otrygghet"]["2"]["now"]["n"] == 3
