"""The alert rules (deploy/prometheus/alerts.yml) with promtool, Debian's (the prometheus
package; deploy/local/system-packages.sh installs it): they parse, their unit tests on
synthetic series pass, every alert has a case where it fires and one where it stays quiet,
each reads metrics the services export, and each is described for an operator (docs/alerts.md)
and named in Spanish on the console's ops page."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from services.console.labels import known

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "deploy" / "prometheus" / "alerts.yml"
RULE_TESTS = Path(__file__).with_name("alert_rules_test.yml")
ALERTS_DOC = REPO / "docs" / "alerts.md"
# PromQL's own words and the labels the rules read; every other snake_case word is a metric.
PROMQL_WORDS = {"histogram_quantile"}


def _promtool() -> str:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail(
            "promtool is missing: deploy/local/system-packages.sh installs Debian's prometheus"
        )
    return promtool


def _alerts() -> dict[str, dict]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return {rule["alert"]: rule for group in groups for rule in group["rules"] if "alert" in rule}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_promtool(), *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_the_rules_are_valid():
    result = _run("check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_passes_its_unit_tests():
    result = _run("test", "rules", str(RULE_TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_rule_fails_its_unit_tests(tmp_path):
    """The unit tests can fail: with the lag threshold lowered to 10, the grievances
    series (growing, but small) fires too, where the test expects the registry's alone."""
    (tmp_path / "deploy" / "prometheus").mkdir(parents=True)
    (tmp_path / "tests" / "unit").mkdir(parents=True)
    broken = RULES.read_text().replace("(consumer_lag) > 100", "(consumer_lag) > 10")
    assert broken != RULES.read_text()
    (tmp_path / "deploy" / "prometheus" / "alerts.yml").write_text(broken)
    shutil.copy(RULE_TESTS, tmp_path / "tests" / "unit" / RULE_TESTS.name)
    result = _run("test", "rules", str(tmp_path / "tests" / "unit" / RULE_TESTS.name))
    assert result.returncode != 0
    assert "ConsumerLagGrowing" in result.stdout + result.stderr


def _cases() -> list[dict]:
    return [
        case
        for test in yaml.safe_load(RULE_TESTS.read_text())["tests"]
        for case in test.get("alert_rule_test", [])
    ]


@pytest.mark.parametrize("alert", sorted(_alerts()))
def test_every_alert_is_tested_firing_and_quiet(alert):
    cases = [case for case in _cases() if case["alertname"] == alert]
    assert any(case["exp_alerts"] for case in cases), f"{alert}: no case where it fires"
    assert any(not case["exp_alerts"] for case in cases), f"{alert}: no case where it stays quiet"


def _metrics_read(expr: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"', "", expr)
    words = set(re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", without_strings))
    return {re.sub(r"_(bucket|total)$", "", w) for w in words - PROMQL_WORDS}


@pytest.mark.parametrize("alert", sorted(_alerts()))
def test_every_alert_reads_metrics_the_services_export(alert):
    source = "\n".join(
        p.read_text() for folder in ("shared", "services") for p in (REPO / folder).rglob("*.py")
    )
    for metric in _metrics_read(_alerts()[alert]["expr"]):
        assert re.search(rf'"{metric}(_total)?"', source), (
            f"{alert} reads {metric}, which no service exports"
        )


@pytest.mark.parametrize("alert", sorted(_alerts()))
def test_every_alert_is_described_and_named_in_spanish(alert):
    assert re.search(rf"^## {alert}\b", ALERTS_DOC.read_text(), re.MULTILINE), (
        f"docs/alerts.md has no section for {alert}"
    )
    assert known(f"ops.alert.{alert}"), f"the console has no Spanish name for {alert}"
