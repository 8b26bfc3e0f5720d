"""The console's bar, step and row charts as coordinates (rules/charts.py), and what each
picture draws and says from a service's answer (rules/pictures.py): round scales that hold
zero and a reference, bars above a capacity or past a deadline in the alert colour, a
balance that goes negative below a zero line, and the figures in words beside each chart."""

from datetime import date

import pytest

from services.console.labels import translate
from services.console.rules.charts import (
    ALERT,
    COLOURS,
    Group,
    Rule,
    Scale,
    bar_chart,
    row_chart,
    step_chart,
    value_scale,
)
from services.console.rules.kitchens import day_in_words, pesos
from services.console.rules.pictures import (
    deadline_picture,
    deadline_span,
    elcsa_picture,
    purse_picture,
    rations_picture,
    satisfaction_picture,
    short_day,
    whole_pesos,
)


def t(key: str, **values: object) -> str:
    return translate(key, "es", **values)


def in_words(day: date) -> str:
    return day_in_words(day, "es")


@pytest.mark.parametrize(
    ("low", "high", "least", "scale"),
    [
        (0, 240, 0, Scale(0, 300, 100)),
        (-18_505, 500_000, 0, Scale(-200_000, 600_000, 200_000)),
        (-75_000, -50_000, 0, Scale(-80_000, 0, 20_000)),
        (0, 1, 1, Scale(0, 1, 1)),
        (0, 0, 1, Scale(0, 1, 1)),
    ],
)
def test_a_value_scale_is_round_holds_zero_and_never_steps_below_the_least(low, high, least, scale):
    assert value_scale(low, high, least=least) == scale


def test_bars_stand_on_zero_and_one_above_the_reference_is_in_the_alert_colour():
    groups = [
        Group("1", [150], ["150"]),
        Group("2", [None], [""]),
        Group("3", [240], ["240"], alert=True),
    ]
    chart = bar_chart("r", "Raciones", groups, ["Raciones"], reference=Rule(200, "Capacidad"))
    low, high = chart.bars
    frame = chart.frame
    assert len(chart.bars) == 2, "a group with nothing to draw has no bar"
    assert low.colour == COLOURS[0] and high.colour == ALERT
    assert low.y + low.height == pytest.approx(chart.zero) == frame.bottom
    assert chart.reference is not None
    assert high.y < chart.reference.at < low.y, "the capacity line runs between the two"
    assert [tick.text for tick in chart.y_ticks] == ["0", "100", "200", "300"]
    assert [tick.text for tick in chart.x_ticks] == ["1", "2", "3"]
    assert low.x < high.x and low.x + low.width <= high.x


def test_a_negative_bar_hangs_below_the_zero_line():
    chart = bar_chart("b", "Saldo", [Group("a", [-50], ["-50"]), Group("b", [100], ["100"])], ["s"])
    below, above = chart.bars
    assert below.y == pytest.approx(chart.zero) and below.height > 0
    assert above.y + above.height == pytest.approx(chart.zero)
    assert chart.frame.top < chart.zero < chart.frame.bottom


def test_a_month_of_days_is_labelled_every_few_days_and_two_series_sit_side_by_side():
    days = [Group(str(n), [n, n], [str(n), str(n)]) for n in range(1, 31)]
    chart = bar_chart("d", "Días", days, ["antes", "después"])
    assert len(chart.x_ticks) <= 8 and chart.x_ticks[0].text == "1"
    assert len(chart.bars) == 60
    first, second = chart.bars[:2]
    assert second.x == pytest.approx(first.x + first.width)
    assert (first.colour, second.colour) == COLOURS[:2]
    assert [words for _, words in chart.legend] == ["antes", "después"]


def test_a_balance_steps_at_each_movement_and_goes_below_a_zero_line():
    chart = step_chart("p", "Saldo", 1000, [(2.5, 400, "a"), (5.5, -300, "b")], 10, [(0.5, "1")])
    points = [tuple(map(float, p.split(","))) for p in chart.points.split()]
    assert len(points) == 6, "opening, a step of two points per move, and the end"
    assert points[1][1] == points[0][1] and points[1][0] == points[2][0], "level, then upright"
    assert points[-1][0] == chart.frame.right
    assert [d.colour for d in chart.dots] == [COLOURS[0], ALERT]
    assert chart.dots[1].y > chart.zero > chart.dots[0].y


def test_rows_are_as_long_as_their_score_on_a_fixed_scale():
    chart = row_chart(
        "s", "Satisfacción", [("Trato", 5.0, "5.0"), ("Higiene", 2.5, "2.5")], Scale(0, 5, 1)
    )
    full, half = chart.rows
    assert full.width == chart.frame.right - chart.frame.left
    assert half.width == pytest.approx(full.width / 2)
    assert half.label_y > full.y, "each row's label sits above its own bar"
    assert [tick.text for tick in chart.x_ticks] == ["0", "1", "2", "3", "4", "5"]


SEPTEMBER = {"start": "2026-09-01", "end": "2026-09-30"}


def test_the_rations_picture_has_a_place_a_day_a_bar_a_report_and_says_the_figures():
    series = {
        "period": SEPTEMBER,
        "daily_capacity": 200,
        "rations": [{"day": "2026-09-07", "rations": 150}, {"day": "2026-09-08", "rations": 230}],
        "purse": {"opening_centavos": 0, "days": []},
    }
    picture = rations_picture(series, t, in_words)
    assert len(picture.chart.bars) == 2
    assert [b.colour for b in picture.chart.bars] == [COLOURS[0], ALERT]
    assert picture.chart.x_ticks[0].text == "1 sep"
    assert "Días reportados: 2; raciones al día en promedio: 190" in picture.sentences[0]
    assert "8 de septiembre de 2026, con 230" in picture.sentences[0]
    assert picture.sentences[1] == "Días por encima de la capacidad: 1."
    nothing = rations_picture({**series, "rations": []}, t, in_words)
    assert nothing.chart.empty and nothing.sentences == []
    assert nothing.empty == "No hay días reportados en este periodo."


def test_the_purse_picture_reads_pesos_and_counts_the_days_that_ended_negative():
    series = {
        "period": SEPTEMBER,
        "daily_capacity": 200,
        "rations": [],
        "purse": {
            "opening_centavos": 10_000,
            "days": [
                {"day": "2026-09-03", "balance_centavos": -5_000},
                {"day": "2026-09-06", "balance_centavos": 2_000},
            ],
        },
    }
    picture = purse_picture(series, date(2026, 9, 10), t, in_words, pesos)
    assert len(picture.chart.dots) == 2
    assert picture.sentences[0] == (
        "Empezó el periodo con $100.00 y lo terminó con $20.00; el saldo más bajo fue -$50.00, "
        "el 3 de septiembre de 2026."
    )
    assert picture.sentences[1] == "Días que terminaron con saldo negativo: 3."
    assert all("centavos" not in tick.text for tick in picture.chart.y_ticks)
    assert picture.chart.x_ticks[-1].text == "10 sep", "the axis ends today, not at month end"
    still = purse_picture(
        {**series, "purse": {"opening_centavos": 10_000, "days": []}},
        date(2026, 9, 10),
        t,
        in_words,
        pesos,
    )
    assert still.chart.empty and still.empty.endswith("su saldo fue de $100.00.")


def test_ticks_and_axis_days_read_as_a_person_reads_them():
    assert whole_pesos(-200_000) == "-$2,000" and whole_pesos(150_000) == "$1,500"
    assert short_day(date(2026, 11, 19), t) == "19 nov"
    assert short_day(date(2026, 11, 19), lambda k, **v: translate(k, "en", **v)) == "Nov 19"


def test_satisfaction_draws_the_aspects_scored_and_names_the_best_and_the_lowest():
    picture = satisfaction_picture(
        {"treatment": 4.5, "hygiene_and_upkeep": 3.0, "food_quality": None}, 2, t
    )
    assert [r.label for r in picture.chart.rows] == ["Trato", "Higiene y mantenimiento"]
    assert picture.sentences == [
        "Encuestas: 2. Mejor calificado: Trato (4.5); "
        "menos calificado: Higiene y mantenimiento (3.0)."
    ]
    assert satisfaction_picture({}, 0, t).chart.empty


def test_elcsa_levels_draw_two_bars_a_level_and_nothing_without_assessed_graduates():
    before = {"secure": 0, "mild": 1, "moderate": 2, "severe": 1}
    after = {"secure": 2, "mild": 2, "moderate": 0, "severe": 0}
    picture = elcsa_picture(before, after, t)
    assert len(picture.chart.bars) == 8
    assert picture.table[0] == ("Seguridad", "0", "2")
    assert picture.head == ("Nivel", "Al ingreso", "Al egreso")
    assert "al ingreso y al egreso: 4;" in picture.sentences[0]
    assert elcsa_picture(dict.fromkeys(before, 0), dict.fromkeys(after, 0), t).chart.empty


@pytest.mark.parametrize(
    ("due", "span"),
    [
        (date(2026, 12, 6), "overdue"),
        (date(2026, 12, 7), "today"),
        (date(2026, 12, 9), "1_2"),
        (date(2026, 12, 10), "3_5"),
        (date(2026, 12, 17), "6_10"),
        (date(2026, 12, 18), "later"),
    ],
)
def test_a_case_falls_in_the_span_of_days_left_to_its_deadline(due, span):
    assert deadline_span(due, date(2026, 12, 7)) == span


def test_the_deadline_picture_counts_open_cases_by_days_left_overdue_in_red():
    cases = [{"next_due_on": d} for d in ("2026-12-01", "2026-12-05", "2026-12-08", "2026-12-30")]
    picture = deadline_picture([*cases, {"next_due_on": None}], date(2026, 12, 7), t)
    bars = picture.chart.bars
    assert len(bars) == 3 and bars[0].colour == ALERT and bars[0].text == "Vencidos: 2"
    assert picture.sentences == [
        "Casos abiertos en la lista: 4; con el plazo vencido: 2.",
        "Vencidos: 2 · Vence hoy: 0 · 1 a 2 días: 1 · 3 a 5 días: 0 · 6 a 10 días: 0 · "
        "Más de 10 días: 1",
    ]


def test_cases_without_a_deadline_draw_nothing_and_say_so():
    picture = deadline_picture([{"next_due_on": None}], date(2026, 12, 7), t)
    assert picture.chart.empty
    assert picture.empty == "Ninguno de estos casos tiene un plazo por cumplir."
