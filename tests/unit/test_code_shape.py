"""No function or method in shared/, services/ or deploy/ is longer than 40
lines, from its `def` line to its last line: past that, a function reads
better as a short one over named steps (CONTRIBUTING.md)."""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("shared", "services", "deploy")
MAX_LINES = 40


def _functions(path: Path) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _length(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    # `lineno` is the `def` line, after any decorators.
    return (function.end_lineno or function.lineno) - function.lineno + 1


def _too_long() -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{function.lineno} {function.name} ({_length(function)} lines)"
        for folder in CHECKED
        for path in sorted((ROOT / folder).rglob("*.py"))
        for function in _functions(path)
        if _length(function) > MAX_LINES
    ]


def test_no_function_is_longer_than_40_lines() -> None:
    offenders = _too_long()
    listed = "\n".join(offenders)
    assert not offenders, f"{len(offenders)} functions over {MAX_LINES} lines:\n{listed}"
