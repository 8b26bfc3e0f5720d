"""Which of the services' HTTP routes the console calls, read from the code alone (no
network, no settings): the routes from each service's `routers` (the list bootstrap
mounts), the calls from the console's source with `ast`.

Served routes are those of `DEFINITION.routers` and nothing else: /docs, its assets and
/openapi.json (shared/api_docs.py, FastAPI) and /health/*, /metrics, /asyncapi.json (the
operations router shared/runtime.py's build_app adds) are mounted beside them, not in them.

A console call is `<clients>.<service>.<verb>(path, ...)` on a ServiceClient
(services/console/clients/service_apis.py), or `.http.<verb>(path, ...)` on its httpx
client, with the client reached as an attribute of the app's `clients` or a local name
bound to one. Its path is a string or an f-string (`f"/kitchens/{kitchen_id}/series"`
reads `/kitchens/{}/series`); or a console function's result (`kitchen_path(kitchen_id,
"series")`, run with a marker for each value known only at run time); or a local name bound
to one of those; or a parameter of a helper in the same module, read at each of the
helper's call sites. A call this reader cannot read is an error, never skipped; so is a
client handed on where the reader cannot follow it."""

import ast
import inspect
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import resolve_name
from pathlib import Path

from fastapi.routing import APIRoute

from services import NAMES, definition
from services.console.clients.service_apis import ServiceClient

ROOT = Path(__file__).resolve().parents[1]
CONSOLE = ROOT / "services" / "console"
# The transport itself and the console's other back ends (Kafka, its database, Prometheus).
NOT_CALLERS = ("clients",)
# ServiceClient's methods by the HTTP method each sends; `search` is a read sent as a POST.
CLIENT_METHODS = {"get": "GET", "post": "POST", "search": "POST", "put": "PUT", "patch": "PATCH"}
HTTPX_METHODS = {"get", "post", "put", "patch", "delete"}
# A client reached by `getattr(clients, service)`: any service.
ANY_SERVICE = "*"
# Stands for a value only known at run time in what a path builder is given: letters and
# digits alone, so that quoting leaves it as it is.
_MARK = "zzvalue"

Scope = ast.FunctionDef | ast.AsyncFunctionDef


class UnreadableCall(Exception):
    """A call to a service whose service or path this reader cannot tell."""


@dataclass(frozen=True, order=True)
class Route:
    service: str
    method: str
    path: str

    def __str__(self) -> str:
        return f"{self.service}: {self.method} {self.path}"


@dataclass(frozen=True, order=True)
class ConsoleCall:
    service: str
    method: str
    # The path as the console writes it, each {expression} read as `{}`.
    template: str
    # `services/console/screens/x.py:12 (function)`
    where: str

    def __str__(self) -> str:
        return f"{self.service}: {self.method} {self.template} at {self.where}"


def shape(path: str) -> tuple[str, ...]:
    """A path's segments with every `{...}` as `{}`, and no query string."""
    segments = path.split("?", 1)[0].strip("/").split("/")
    return tuple("{}" if s.startswith("{") and s.endswith("}") else s for s in segments)


def client_methods() -> set[str]:
    """ServiceClient's public coroutine methods, the verbs a console call may use."""
    return {
        name
        for name, member in inspect.getmembers(ServiceClient, inspect.iscoroutinefunction)
        if not name.startswith("_") and name != "close"
    }


# The routes ----------------------------------------------------------------------------


def served_routes() -> list[Route]:
    """Every route each service mounts from its `routers`, in the order it matches them."""
    found = []
    for name in NAMES:
        for router in definition(name).routers:
            for route in router.routes:
                if not isinstance(route, APIRoute):
                    raise TypeError(f"{name}: {route!r} is not an HTTP route this test reads")
                found += [Route(name, method, route.path) for method in sorted(route.methods or ())]
    return found


# The console's calls -------------------------------------------------------------------


@dataclass
class _Module:
    tree: ast.Module
    relative: str
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node

    @property
    def dotted(self) -> str:
        return self.relative.removesuffix(".py").replace("/", ".")

    @property
    def package(self) -> str:
        return self.dotted.rsplit(".", 1)[0]

    def scope_of(self, node: ast.AST) -> Scope | None:
        current = self.parents.get(node)
        while current is not None and not isinstance(current, Scope):
            current = self.parents.get(current)
        return current

    def where(self, node: ast.AST) -> str:
        scope = self.scope_of(node)
        return f"{self.relative}:{getattr(node, 'lineno', '?')} ({scope.name if scope else '-'})"

    def site(self, node: ast.AST) -> str:
        scope = self.scope_of(node)
        return f"{self.relative}:{scope.name if scope else '-'}"


def _direct_client(node: ast.AST) -> str | None:
    """`<...clients>.kitchens` is the kitchens client; `getattr(<...clients>, x)` is any."""
    if isinstance(node, ast.Attribute) and node.attr in NAMES:
        return node.attr if "clients" in ast.unparse(node.value) else None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and "clients" in ast.unparse(node.args[0])
    ):
        if isinstance(node.args[1], ast.Constant) and node.args[1].value in NAMES:
            return str(node.args[1].value)
        return ANY_SERVICE
    return None


def _bound_clients(scope: Scope) -> dict[str, str]:
    """Local names bound to a client in this function: `grievances = clients.grievances`."""
    bound = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and (service := _direct_client(node.value)):
            for target in node.targets:
                if not isinstance(target, ast.Name):
                    raise UnreadableCall(f"{ast.unparse(node)}: a client bound to a non-name")
                bound[target.id] = service
    return bound


def _client(module: _Module, node: ast.AST) -> str | None:
    if service := _direct_client(node):
        return service
    scope = module.scope_of(node)
    if isinstance(node, ast.Name) and scope is not None:
        return _bound_clients(scope).get(node.id)
    return None


def _verb_and_client(module: _Module, call: ast.Call) -> tuple[str, str] | None:
    """The HTTP method and service of a call to a service's client, None for another call."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    receiver = func.value
    if isinstance(receiver, ast.Attribute) and receiver.attr == "http":
        service = _client(module, receiver.value)
        if service is None:
            return None
        if func.attr not in HTTPX_METHODS:
            raise UnreadableCall(f"{module.where(call)}: {service}.http.{func.attr} is no verb")
        return func.attr.upper(), service
    service = _client(module, receiver)
    if service is None:
        return None
    if func.attr not in CLIENT_METHODS:
        raise UnreadableCall(f"{module.where(call)}: {service}.{func.attr} is no known verb")
    return CLIENT_METHODS[func.attr], service


def _path_argument(call: ast.Call) -> ast.expr | None:
    named = [k.value for k in call.keywords if k.arg == "path"]
    return (
        call.args[0]
        if call.args and not isinstance(call.args[0], ast.Starred)
        else next(iter(named), None)
    )


def _joined(node: ast.JoinedStr) -> str:
    parts = []
    for part in node.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            if "{" in part.value or "}" in part.value:
                raise UnreadableCall(f"{ast.unparse(node)}: a brace in the path's text")
            parts.append(part.value)
        else:
            parts.append("{}")
    return "".join(parts)


def _templates(
    module: _Module, path: ast.expr | None, at: ast.AST
) -> Iterator[tuple[str, ast.AST]]:
    """The paths an argument can be, each with where it is written: itself when written out
    or built by a function of the console; for a local name, what it is bound to; for a
    parameter of the function it is in, what each call of that function in the module
    passes."""
    if isinstance(path, ast.Constant) and isinstance(path.value, str):
        yield path.value, path
    elif isinstance(path, ast.JoinedStr):
        yield _joined(path), path
    elif isinstance(path, ast.Call):
        yield _built(module, path), path
    elif isinstance(path, ast.Name) and (scope := module.scope_of(at)) is not None:
        assigned = [
            node.value
            for node in ast.walk(scope)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == path.id for t in node.targets)
        ]
        for value in assigned:
            yield from _templates(module, value, value)
        if not assigned:
            yield from _through_helper(module, scope, path.id, module.where(at))
    else:
        shown = ast.unparse(path) if path is not None else "no path"
        raise UnreadableCall(f"{module.where(at)}: cannot read the path {shown}")


def _builder(module: _Module, name: str) -> object:
    """The console's function of that name, as this module reaches it."""
    for node in module.tree.body:
        if isinstance(node, ast.ImportFrom) and any(a.name == name for a in node.names):
            origin = resolve_name("." * node.level + (node.module or ""), module.package)
            return getattr(import_module(origin), name)
        if isinstance(node, Scope) and node.name == name:
            return getattr(import_module(module.dotted), name)
    raise UnreadableCall(f"{module.relative}: {name} is not a function the console defines")


def _argument(module: _Module, node: ast.expr, index: int) -> str:
    """What a path builder is given: a text as written; any other value as a marker."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return _joined(node).replace("{}", f"{_MARK}{index}x")
    if isinstance(node, ast.Starred):
        raise UnreadableCall(f"{module.where(node)}: *args into a path builder")
    return f"{_MARK}{index}x"


def _built(module: _Module, call: ast.Call) -> str:
    """A path a pure function of the console builds (`kitchen_path(kitchen_id, "series")`),
    run with a marker for each value only known at run time, each marker read as `{}`."""
    if not isinstance(call.func, ast.Name):
        raise UnreadableCall(f"{module.where(call)}: cannot read the path {ast.unparse(call)}")
    builder = _builder(module, call.func.id)
    args = [_argument(module, a, i) for i, a in enumerate(call.args)]
    kwargs = {k.arg or "": _argument(module, k.value, -i) for i, k in enumerate(call.keywords)}
    built = builder(*args, **kwargs)  # type: ignore[operator]
    if not isinstance(built, str):
        raise UnreadableCall(f"{module.where(call)}: {call.func.id} builds no path")
    return re.sub(rf"{_MARK}-?\d+x", "{}", built)


def _through_helper(
    module: _Module, helper: Scope, name: str, where: str
) -> Iterator[tuple[str, ast.AST]]:
    parameters = [a.arg for a in (*helper.args.posonlyargs, *helper.args.args)]
    keyword_only = [a.arg for a in helper.args.kwonlyargs]
    if name not in parameters + keyword_only:
        raise UnreadableCall(f"{where}: the path {name} is neither written out nor a parameter")
    calls = [
        node
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == helper.name
    ]
    if not calls:
        raise UnreadableCall(f"{where}: {helper.name} passes its path on but no one calls it")
    for call in calls:
        named = [k.value for k in call.keywords if k.arg == name]
        position = parameters.index(name) if name in parameters else len(call.args)
        if any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
            raise UnreadableCall(f"{module.where(call)}: *args into {helper.name}")
        given = call.args[position] if position < len(call.args) else next(iter(named), None)
        yield from _templates(module, given, call)


def _check_clients_only_called(module: _Module) -> None:
    """A client handed on (to a function, a list) would be called where this reader cannot
    follow it: a client is only called, or bound to a local name."""
    for node in ast.walk(module.tree):
        parent = module.parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.attr == "http":
            parent = module.parents[parent]
            if isinstance(parent, ast.Attribute):
                continue
        elif parent is None or isinstance(parent, ast.Attribute | ast.Assign):
            continue
        if _direct_client(node) or (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and _client(module, node) is not None
        ):
            raise UnreadableCall(f"{module.where(node)}: a client used as {ast.unparse(parent)}")


def calls_in_source(
    source: str, relative: str, outside_routers: Collection[str] = ()
) -> tuple[list[ConsoleCall], set[str]]:
    """The calls a console module makes, and which of `outside_routers` (call sites,
    `module:function`, whose calls go to no route of a service's `routers`) it holds."""
    module = _Module(ast.parse(source, filename=relative), relative)
    _check_clients_only_called(module)
    calls, seen = [], set()
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Call) or (found := _verb_and_client(module, node)) is None:
            continue
        if module.site(node) in outside_routers:
            seen.add(module.site(node))
            continue
        method, service = found
        if service == ANY_SERVICE:
            raise UnreadableCall(f"{module.where(node)}: a call to a service chosen at run time")
        calls += [
            ConsoleCall(service, method, template, module.where(written))
            for template, written in _templates(module, _path_argument(node), node)
        ]
    return calls, seen


def console_calls(outside_routers: Collection[str] = ()) -> tuple[list[ConsoleCall], set[str]]:
    """Every call the console makes to a service, and the `outside_routers` sites seen."""
    calls, seen = [], set()
    for path in sorted(CONSOLE.rglob("*.py")):
        relative = path.relative_to(CONSOLE)
        if relative.parts[0] in NOT_CALLERS:
            continue
        found, sites = calls_in_source(
            path.read_text(), str(path.relative_to(ROOT)), outside_routers
        )
        calls += found
        seen |= sites
    return sorted(calls), seen


# Which routes the calls reach ----------------------------------------------------------


def _matches(route: Route, call: ConsoleCall) -> bool:
    wanted, written = shape(route.path), shape(call.template)
    return (
        route.service == call.service
        and route.method == call.method
        and len(wanted) == len(written)
        and all(w == "{}" or w == c for w, c in zip(wanted, written, strict=True))
    )


def route_called(routes: list[Route], call: ConsoleCall) -> Route | None:
    """The route a call reaches: the first that matches, as the service's router picks."""
    return next((route for route in routes if _matches(route, call)), None)


@dataclass
class Coverage:
    routes: list[Route]
    called: dict[Route, list[ConsoleCall]]
    excused: dict[Route, str]
    # Routes neither called nor excused; calls to no route; excuses for a called route or
    # for a route no longer served.
    uncovered: list[Route]
    unserved: list[ConsoleCall]
    stale: list[str]


def coverage(routes: list[Route], calls: list[ConsoleCall], excuses: Mapping[str, str]) -> Coverage:
    """`excuses`: `service: METHOD /path` of the routes no person uses through the console,
    each with its reason."""
    called: dict[Route, list[ConsoleCall]] = {}
    unserved = []
    for call in calls:
        route = route_called(routes, call)
        if route is None:
            unserved.append(call)
        else:
            called.setdefault(route, []).append(call)
    by_key = {str(route): route for route in routes}
    excused = {by_key[key]: why for key, why in excuses.items() if key in by_key}
    stale = [f"{key}: no service serves it" for key in excuses if key not in by_key]
    stale += [f"{route}: the console calls it" for route in excused if route in called]
    uncovered = [r for r in routes if r not in called and r not in excused]
    return Coverage(routes, called, excused, uncovered, unserved, stale)


def table(found: Coverage) -> str:
    """Per service: routes served, called by the console, excused, uncovered."""
    head = ("service", "served", "called", "excused", "uncovered")
    rows = [
        (
            name,
            *(
                str(sum(1 for route in routes if route.service == name))
                for routes in (found.routes, found.called, found.excused, found.uncovered)
            ),
        )
        for name in NAMES
    ]
    rows.append(("all", *(str(sum(int(row[i]) for row in rows)) for i in range(1, 5))))
    widths = [max(len(row[i]) for row in (head, *rows)) for i in range(5)]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in (head, *rows)
    )
