"""Every HTTP route a service serves to callers is one the console calls, or one no person
uses through the console, named below with its reason; and every path the console calls is
one a service serves. Read from the code (tests/console_routes.py): no network.

The figure for issue 28's closing note: `python -m tests.benchmarks.console_route_coverage`."""

from collections.abc import Iterable

import pytest

from tests.console_routes import (
    CLIENT_METHODS,
    ConsoleCall,
    Route,
    UnreadableCall,
    calls_in_source,
    client_methods,
    console_calls,
    coverage,
    served_routes,
)

# Routes no person uses through the console (`service: METHOD /path`), each with its
# reason. Not for a route a person would use that has no screen yet: that is WITHOUT_A_SCREEN.
EXCUSED: dict[str, str] = {}

# Routes a person uses that have no screen yet: issue 28's gaps, counted as uncovered in the
# figure. Each fails the test once the console calls it (then delete its line).
WITHOUT_A_SCREEN: dict[str, str] = {}

# Console call sites (`module:function`) whose calls go to no route of a service's `routers`.
OUTSIDE_ROUTERS = {
    "services/console/screens/ops_service_documents.py:service_document": "the ops screen "
    "relays each service's /metrics, /health/ready and /asyncapi.json, which shared/runtime.py "
    "serves beside the service's routers (its operations router)",
}


def _found() -> tuple[list[Route], list[ConsoleCall]]:
    calls, seen = console_calls(OUTSIDE_ROUTERS)
    missing = sorted(set(OUTSIDE_ROUTERS) - seen)
    assert not missing, f"no longer call a service there, drop from OUTSIDE_ROUTERS: {missing}"
    return served_routes(), calls


def _listed(items: Iterable[object]) -> str:
    return "\n  ".join(str(item) for item in items)


def test_the_reader_knows_every_verb_of_the_console_client() -> None:
    assert client_methods() == set(CLIENT_METHODS)


def test_every_route_is_called_by_the_console_or_excused() -> None:
    routes, calls = _found()
    uncovered = coverage(routes, calls, {**EXCUSED, **WITHOUT_A_SCREEN}).uncovered
    assert not uncovered, (
        "routes no console screen calls: give each a screen, or, for one no person uses "
        f"through the console, an entry in EXCUSED with its reason:\n  {_listed(uncovered)}"
    )


def test_no_excuse_is_stale() -> None:
    routes, calls = _found()
    assert not set(EXCUSED) & set(WITHOUT_A_SCREEN)
    stale = coverage(routes, calls, {**EXCUSED, **WITHOUT_A_SCREEN}).stale
    assert not stale, f"stale entries in EXCUSED or WITHOUT_A_SCREEN:\n  {_listed(stale)}"


def test_every_console_call_reaches_a_route_a_service_serves() -> None:
    routes, calls = _found()
    unserved = coverage(routes, calls, {}).unserved
    assert calls
    assert not unserved, f"console calls no service serves:\n  {_listed(unserved)}"


# The reader itself --------------------------------------------------------------------

ROUTES = [
    Route("kitchens", "GET", "/kitchens/{kitchen_id}"),
    Route("kitchens", "GET", "/kitchens/{kitchen_id}/series"),
    Route("kitchens", "POST", "/surveys"),
]
KITCHENS = "request.app.state.clients.kitchens"


def _calls(source: str) -> list[ConsoleCall]:
    return calls_in_source(source, "services/console/screens/x.py")[0]


def test_an_f_string_path_reads_as_its_route() -> None:
    calls = _calls(
        "async def page(request, kitchen_id):\n"
        "    k = request.app.state.clients.kitchens\n"
        "    return await k.get(f'/kitchens/{kitchen_id.upper()}/series', None)\n"
    )
    assert [(c.method, c.template) for c in calls] == [("GET", "/kitchens/{}/series")]
    assert coverage(ROUTES, calls, {}).called == {ROUTES[1]: calls}


def test_a_path_passed_through_a_helper_is_read_at_each_caller() -> None:
    calls = _calls(
        "async def _send(request, path):\n"
        "    return await request.app.state.clients.kitchens.post(path, None, {})\n"
        "async def one(request):\n"
        "    return await _send(request, '/surveys')\n"
        "async def two(request):\n"
        "    return await _send(request, path='/purchases')\n"
    )
    assert sorted(c.template for c in calls) == ["/purchases", "/surveys"]
    assert [str(c) for c in coverage(ROUTES, calls, {}).unserved] == [
        "kitchens: POST /purchases at services/console/screens/x.py:6 (two)"
    ]


def test_a_path_a_console_function_builds_is_read_with_its_values_as_placeholders() -> None:
    calls = _calls(
        "from .kitchen_access import kitchen_path\n"
        "async def f(request, kitchen_id):\n"
        "    path = kitchen_path(kitchen_id, 'series')\n"
        f"    await {KITCHENS}.get(path, None)\n"
    )
    assert [(c.template, c.where) for c in calls] == [
        ("/kitchens/{}/series", "services/console/screens/x.py:3 (f)")
    ]


def _one_line(body: str, parameters: str = "request") -> str:
    """A function whose second line is `body`, with `K` the kitchens client."""
    return f"async def f({parameters}):\n    {body.replace('K.', KITCHENS + '.')}\n"


@pytest.mark.parametrize(
    "source",
    [
        _one_line("await K.get(p, None)", "request, p"),
        _one_line("await K.get(PATHS[0], None)"),
        _one_line("await getattr(request.app.state.clients, s).get('/x', None)", "request, s"),
        _one_line("await K.delete('/x', None)"),
        _one_line("await send(request.app.state.clients.kitchens, '/x')"),
        _one_line("await K.http.request('GET', '/x')"),
        _one_line("k = K.http; await k.get('/x')"),
        _one_line("k = request.app.state.clients.kitchens; await send(k, '/x')"),
    ],
    ids=[
        "helper-never-called",
        "expression",
        "service-at-run-time",
        "unknown-verb",
        "handed-on",
        "raw-request",
        "raw-client-bound",
        "bound-and-handed-on",
    ],
)
def test_a_call_the_reader_cannot_read_is_an_error(source: str) -> None:
    with pytest.raises(UnreadableCall, match=r"x\.py:2"):
        _calls(source)


def test_a_route_neither_called_nor_excused_is_uncovered_and_a_stale_excuse_is_named() -> None:
    calls = _calls(_one_line("await K.post('/surveys', None, {})"))
    found = coverage(
        ROUTES,
        calls,
        {"kitchens: POST /surveys": "why", "kitchens: GET /kitchens/{kitchen_id}": "why"},
    )
    assert found.uncovered == [ROUTES[1]]
    assert found.stale == ["kitchens: POST /surveys: the console calls it"]
