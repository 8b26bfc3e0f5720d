"""Schemathesis drives each running service from its own OpenAPI document,
with valid and invalid requests: no request may get a 5xx, every answer must
match the document, and every refusal must name the field and the reason
without repeating what was sent.

`FUZZ_MAX_EXAMPLES` sets the examples per operation (default 25, about a
minute for the three services); raise it for a longer run."""

import json
import os
import re
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.http_auth import headers_for

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Plain words and ids can legitimately reappear in a reason ("no kitchen CDMX-01
# is registered"); anything with markup, quotes or control characters must not.
_PLAIN = re.compile(r"^[A-Za-z0-9 _.:@-]*$")


def _sent_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_sent_strings(k), *_sent_strings(v))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _sent_strings(item)]
    return []


def _hostile_strings_sent(case: schemathesis.Case) -> set[str]:
    sent = [case.body, case.query, case.path_parameters, dict(case.headers or {})]
    return {s for s in _sent_strings(sent) if len(s) >= 3 and not _PLAIN.match(s)}


@schemathesis.check
def refusals_name_field_and_reason(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    if not 400 <= response.status_code < 500:
        return
    detail = response.json().get("detail")
    assert isinstance(detail, list) and detail, (
        f"a {response.status_code} without a list of problems: {response.text[:300]}"
    )
    for problem in detail:
        assert isinstance(problem, dict) and problem.get("field") and problem.get("reason"), (
            f"a problem without field and reason: {problem}"
        )
        assert re.fullmatch(r"[a-z][a-z0-9_]*", problem.get("code") or ""), (
            f"a problem without a machine code: {problem}"
        )
        assert isinstance(problem.get("params"), dict), f"a problem without params: {problem}"
        shown = " ".join(
            (problem["field"], problem["reason"], json.dumps(problem["params"], ensure_ascii=False))
        )
        assert not _CONTROL.search(shown), f"control characters in a refusal: {problem!r}"
        for sent in _hostile_strings_sent(case):
            assert sent not in shown, f"the refusal repeats what was sent: {problem!r}"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    refusals_name_field_and_reason,
]
FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def _fuzz(operation: schemathesis.APIOperation, headers: Callable[[], dict[str, str]]) -> None:
    """`headers` is called per request: the console's assertion lives a minute."""
    requests = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @FUZZ
    @given(case=requests)
    def holds(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS, headers=headers(), timeout=30)

    holds()


@pytest.mark.parametrize("name", ["beneficiaries", "kitchens", "grievances"])
def test_the_api_holds_under_generated_requests(services, name):
    api = schemathesis.openapi.from_url(f"{services.url(name)}/openapi.json")
    failures = []
    for result in api.get_all_operations():
        operation = result.ok()
        # The operations endpoints take no input and answer text (metrics) or 503
        # (not ready) by design; test_operations_endpoints covers them.
        if "operations" in (operation.tags or []):
            continue
        try:
            _fuzz(operation, lambda: headers_for(services.url(name)))
        except (Exception, FailureGroup) as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
