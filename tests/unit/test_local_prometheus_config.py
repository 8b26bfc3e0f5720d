"""The configuration `make run` gives its Prometheus (deploy/local/prometheus.py): valid for
promtool with the shared rules file, every target scraped, and the console's token in a
file only its owner reads, never in the configuration's text."""

import json
import secrets
import shutil
import stat
import subprocess

import pytest

from deploy.local.prometheus import RULES, ScrapeTarget, write_config, write_secret

TOKEN = secrets.token_urlsafe(32)
TARGETS = [
    ScrapeTarget("beneficiaries", "http://127.0.0.1:8001"),
    ScrapeTarget("console", "http://127.0.0.1:8004", TOKEN),
]


def test_the_configuration_is_valid_and_names_the_shared_rules(tmp_path):
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is missing: deploy/local/system-packages.sh installs it")
    config = write_config(tmp_path, TARGETS, interval_seconds=1.0)
    result = subprocess.run(
        [promtool, "check", "config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    written = json.loads(config.read_text())
    assert written["rule_files"] == [str(RULES)]
    jobs = {job["job_name"]: job for job in written["scrape_configs"]}
    assert jobs["beneficiaries"]["static_configs"] == [{"targets": ["127.0.0.1:8001"]}]
    assert "authorization" not in jobs["beneficiaries"]
    # Prometheus refuses a scrape timeout longer than the interval.
    assert jobs["console"]["scrape_timeout"] == "1s"


def test_the_token_is_in_a_file_of_its_own_readable_by_its_owner_alone(tmp_path):
    config = write_config(tmp_path, TARGETS, interval_seconds=15.0)
    assert TOKEN not in config.read_text()
    console = next(
        j for j in json.loads(config.read_text())["scrape_configs"] if j["job_name"] == "console"
    )
    token_file = tmp_path / "console-metrics-token"
    assert console["authorization"] == {"type": "Bearer", "credentials_file": str(token_file)}
    assert token_file.read_text() == TOKEN
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600


def test_a_secret_file_left_readable_is_made_private_again(tmp_path):
    path = tmp_path / "token"
    path.write_text("old")
    path.chmod(0o644)
    write_secret(path, TOKEN)
    assert path.read_text() == TOKEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
