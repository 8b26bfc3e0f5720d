"""Issue 28's figure: the services' routes with a screen in the console, per service.

    .venv/bin/python -m tests.benchmarks.console_route_coverage

Prints, per service, the routes it serves to callers, those the console calls, those
excused (no person uses them through the console) and those uncovered (a person would
use them and no screen calls them), then the uncovered routes by name. Read from the
code as tests/unit/test_console_route_coverage.py reads it, with that test's tables."""

from tests.console_routes import console_calls, coverage, served_routes, table
from tests.unit.test_console_route_coverage import EXCUSED, OUTSIDE_ROUTERS, WITHOUT_A_SCREEN


def main() -> None:
    calls, _ = console_calls(OUTSIDE_ROUTERS)
    found = coverage(served_routes(), calls, EXCUSED)
    print(table(found))
    for route in found.uncovered:
        print(f"uncovered: {route}: {WITHOUT_A_SCREEN.get(str(route), 'not yet named')}")
    for call in found.unserved:
        print(f"a call to no route: {call}")


if __name__ == "__main__":
    main()
