"""The runbooks of docs/operations.md cannot drift from the code: every command in
their code blocks is named here with the tests that run it; each named test exists
and reaches the command's module; every option the runbooks use is one the command
has. Commands cheap enough run here (`--help`, making keys)."""

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from services.grievances.domain.sealed_identities import Opener
from shared.acting_assertion import ActingPerson, AssertionSigner, AssertionVerifier
from shared.roles import Role
from tests.conftest import ROOT

_PERSON = ActingPerson("runbook.ops", Role.OPS)
RUNBOOKS = ROOT / "docs" / "operations.md"
SECTION = "## Runbooks"
# Commands whose first word after the module is a subcommand.
WITH_SUBCOMMANDS = {"deploy.local.backup"}

_BACKUP_TESTS = [
    "tests/integration/test_postgres_base_backup_restore.py"
    "::test_a_restore_replays_every_commit_after_the_base_backup",
    "tests/reliability/test_restore_drill.py"
    "::test_a_restore_under_load_loses_nothing_and_applies_nothing_twice",
]
EXERCISED_BY = {
    "deploy.local.backup archive": _BACKUP_TESTS,
    "deploy.local.backup base": _BACKUP_TESTS,
    "deploy.local.backup restore": [
        *_BACKUP_TESTS,
        "tests/integration/test_postgres_base_backup_restore.py"
        "::test_a_restore_refuses_a_data_directory_that_is_not_empty",
    ],
    "services.beneficiaries.re_resolve": [
        "tests/e2e/test_registry_model_commands.py"
        "::test_re_resolving_with_the_model_in_force_opens_no_review_task",
    ],
    "services.beneficiaries.estimate_model": [
        "tests/e2e/test_registry_model_commands.py"
        "::test_a_model_estimated_from_the_registry_loads_as_a_new_version",
    ],
    "shared.acting_assertion": [
        "tests/unit/test_operations_runbook.py"
        "::test_the_key_pair_command_prints_a_pair_that_signs_and_verifies",
    ],
    "services.grievances.rotate_reporter_key": [
        "tests/e2e/test_grievance_sealed_identities.py"
        "::test_rotating_the_key_reseals_every_identity",
        "tests/unit/test_operations_runbook.py::test_a_new_reporter_key_is_one_the_service_takes",
    ],
    "deploy.rotate_kafka_password": [
        "tests/integration/test_kafka_password_rotation.py"
        "::test_a_rotated_password_replaces_the_old_one",
    ],
    "shared.database_roles": [
        "tests/integration/test_database_role_rotation.py"
        "::test_running_the_roles_again_with_new_passwords_rotates_them",
    ],
    "deploy.kafka_tls": [
        "tests/unit/test_operations_runbook.py"
        "::test_the_tls_command_makes_a_ca_and_keeps_what_it_made",
    ],
    "shared.contract_docs": [
        "tests/unit/test_contracts.py::test_the_committed_asyncapi_documents_are_current",
    ],
    "deploy.grow_partitions": [
        "tests/integration/test_grow_partitions.py"
        "::test_a_topic_grows_only_once_every_group_has_read_it",
    ],
}


def runbook_lines() -> list[str]:
    """Each command line of the section's code blocks, a trailing comment dropped."""
    text = RUNBOOKS.read_text()
    section = text[text.index(SECTION) :]
    following = re.search(r"^## ", section[len(SECTION) :], re.MULTILINE)
    if following:
        section = section[: len(SECTION) + following.start()]
    blocks = re.findall(r"^\s*```sh\n(.*?)^\s*```", section, re.MULTILINE | re.DOTALL)
    lines = [line.split(" # ")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line]


def command_of(line: str) -> tuple[str, list[str]]:
    """The command (module, and subcommand where it has them) and the options it is given."""
    words = [w for w in shlex.split(line) if not re.match(r"^[A-Z_]+=", w)]
    if words[:2] != ["python", "-m"] or len(words) < 3:
        raise AssertionError(f"{line!r}: a runbook command is `python -m <module> …`")
    module = words[2]
    command = f"{module} {words[3]}" if module in WITH_SUBCOMMANDS else module
    return command, [w.split("=")[0] for w in words if w.startswith("--")]


def module_file(module: str) -> Path:
    path = ROOT.joinpath(*module.split("."))
    return path / "__main__.py" if path.is_dir() else path.with_suffix(".py")


def test_the_runbooks_have_commands():
    assert len(runbook_lines()) >= len(EXERCISED_BY)


@pytest.mark.parametrize("line", runbook_lines())
def test_every_runbook_command_is_run_by_a_named_test(line):
    command, _ = command_of(line)
    assert command in EXERCISED_BY, f"docs/operations.md runs `{command}`: name its test here"


def test_no_test_is_named_for_a_command_the_runbooks_dropped():
    used = {command_of(line)[0] for line in runbook_lines()}
    assert set(EXERCISED_BY) <= used, sorted(set(EXERCISED_BY) - used)


@pytest.mark.parametrize("command", sorted(EXERCISED_BY))
def test_each_named_test_exists_and_reaches_the_command(command):
    module = command.split()[0]
    for named in EXERCISED_BY[command]:
        path, _, name = named.partition("::")
        source = (ROOT / path).read_text()
        defined = {
            node.name
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert name in defined, f"{named}: no such test"
        reaches = module in source or module.rsplit(".", 1)[-1] in source
        assert reaches, f"{named} never mentions {module}"


@pytest.mark.parametrize("line", runbook_lines())
def test_every_option_a_runbook_uses_is_one_the_command_has(line):
    command, options = command_of(line)
    source = module_file(command.split()[0]).read_text()
    missing = [option for option in options if f'"{option}"' not in source]
    assert not missing, f"{command} has no {', '.join(missing)}"


def _run(*args: str, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-1500:]
    return done.stdout


@pytest.mark.parametrize(
    "command",
    [c for c in EXERCISED_BY if c.startswith("deploy.local.backup") or "kafka" in c],
)
def test_the_commands_help_names_every_option_the_runbooks_use(command):
    printed = _run(*command.split(), "--help")
    for line in runbook_lines():
        used, options = command_of(line)
        if used == command:
            assert all(option in printed for option in options), (command, options)


def test_the_key_pair_command_prints_a_pair_that_signs_and_verifies():
    printed = dict(
        line.split("=", 1) for line in _run("shared.acting_assertion").splitlines() if "=" in line
    )
    signer = AssertionSigner(printed["CONSOLE_ASSERTION_PRIVATE_KEY"])
    verifier = AssertionVerifier(printed["CONSOLE_ASSERTION_PUBLIC_KEYS"])
    person = verifier.verify(signer.sign("kitchens", _PERSON), "kitchens")
    assert person == _PERSON


def test_a_new_reporter_key_is_one_the_service_takes():
    key = _run("services.grievances.rotate_reporter_key", "--print-new-key").strip()
    Opener.from_setting(key)


def test_the_tls_command_makes_a_ca_and_keeps_what_it_made(tmp_path):
    made = _run(
        "deploy.kafka_tls",
        str(tmp_path / "tls"),
        "--hostname",
        "kafka",
        "--public-dir",
        str(tmp_path / "ca"),
    )
    assert "made" in made
    assert (tmp_path / "ca" / "ca.pem").read_bytes() == (tmp_path / "tls" / "ca.pem").read_bytes()
    again = _run("deploy.kafka_tls", str(tmp_path / "tls"), "--hostname", "kafka")
    assert "kept" in again
