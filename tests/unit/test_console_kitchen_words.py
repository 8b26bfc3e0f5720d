"""The kitchens screens' rules without I/O: days and months in words, a flag's figures,
and the compliance ranking (refusals: test_console_refusal_words.py)."""

from datetime import date

from services.console import labels
from services.console.rules.kitchens import (
    compliance_ranking,
    day_in_words,
    evidence_values,
    month_in_words,
    month_period,
    previous_month,
)
from services.console.screens.kitchen_views import flag_words


def test_days_and_months_are_words_in_the_readers_language():
    assert day_in_words("2026-12-05", "es", weekday=True) == "sábado, 5 de diciembre de 2026"
    assert day_in_words(date(2026, 11, 20), "es") == "20 de noviembre de 2026"
    assert day_in_words("2026-11-20", "en") == "November 20, 2026"
    assert day_in_words("not a day", "es") == "—" and day_in_words(None, "es") == "—"
    assert month_in_words("2026-10", "es") == "octubre de 2026"
    assert month_in_words("2026-10", "en") == "October 2026"
    assert previous_month(date(2026, 1, 3)) == "2025-12"
    assert month_period("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))


def test_a_flags_figures_read_in_pesos_and_days_with_a_spanish_sentence():
    flag = {
        "rule": "negative_purse_balance",
        "evidence": {"purse_balance_centavos": -185_050, "purchase_centavos": 200_000},
    }
    words = flag_words(flag, "es")
    assert words["rule"] == "Monedero en negativo"
    assert words["sentence"] == (
        "Tras una compra de $2,000.00, el saldo del monedero quedó en -$1,850.50."
    )
    assert ("Saldo del monedero", "-$1,850.50") in words["evidence"]
    late = evidence_values({"report_date": "2026-12-05", "reason": "x"}, "es")
    assert late["report_date"] == "sábado, 5 de diciembre de 2026"
    shown = flag_words(
        {
            "rule": "report_on_non_operating_day",
            "evidence": {"report_date": "2026-12-05", "reason": "a Saturday"},
        },
        "es",
    )
    assert "a Saturday" not in str(shown), "the service's English reason is not shown"


def test_every_flag_rule_has_a_sentence_its_evidence_fills():
    evidence = {
        "rations_above_capacity": {"rations": 240, "daily_capacity": 200},
        "repeated_count": {"rations": 150, "days_in_a_row": 5, "threshold_days": 5},
        "sudden_jump": {
            "rations": 300,
            "recent_average": 150.0,
            "reports_averaged": 5,
            "jump_factor": 1.5,
        },
        "spending_per_ration_outlier": {
            "centavos_per_ration": 900.0,
            "peer_median": 300.0,
            "factor": 2.0,
            "peers": 4,
        },
        "committee_below_minimum": {"active_members": 2, "minimum": 3},
    }
    for rule, figures in evidence.items():
        for language in labels.LANGUAGES:
            words = flag_words({"rule": rule, "evidence": figures}, language)
            assert words["sentence"] and "{" not in words["sentence"], rule
            assert len(words["evidence"]) == len(figures), rule


def test_the_compliance_ranking_puts_flags_then_complaints_then_low_satisfaction_first():
    kitchens = [
        {"kitchen_id": k, "name": f"Comedor {k}", "status": "active"} for k in ("A", "B", "C", "D")
    ]
    indicators = {
        "A": {"open_flags": 0, "satisfaction_by_aspect": {"treatment": 4.5}, "capacity_use": 0.9},
        "B": {"open_flags": 2, "satisfaction_by_aspect": {}, "capacity_use": 1.0},
        "C": {"open_flags": 0, "satisfaction_by_aspect": {"treatment": 2.0}, "capacity_use": 0.9},
        "D": {"open_flags": 0, "satisfaction_by_aspect": {"treatment": 4.5}, "capacity_use": 0.9},
    }
    ranking = compliance_ranking(kitchens, indicators, {"D": 3})
    assert [r.kitchen_id for r in ranking] == ["B", "D", "C", "A"]
    assert ranking[0].satisfaction is None and ranking[1].complaints == 3
