"""A run's figures as text: each invariant a number and a pass/fail line,
then latency per phase and the recovery time."""

from __future__ import annotations

from tests.reliability.run import Result


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def render(result: Result) -> str:
    s = result.scenario
    lines = [
        f"== {s.name}: {s.fault}",
        f"   {result.events} records sent in {result.sent_seconds:.1f} s, "
        f"drained in {result.drain_seconds:.1f} s",
    ]
    if result.window is not None:
        note = f" ({result.window.note})" if result.window.note else ""
        lines.append(f"   fault lasted {result.window.end - result.window.start:.1f} s{note}")
    for point, times in sorted(result.faults_fired.items()):
        lines.append(f"   fault point {point} fired {times} time{'s' if times != 1 else ''}")
    if result.fault_error:
        lines.append(f"   FAIL  the fault could not be injected: {result.fault_error}")
    for c in result.checks:
        verdict = "pass" if c.passed else "FAIL"
        lines.append(
            f"   {verdict}  {c.section:<24} {c.value:>6}  {c.name}"
            + (f"  ({c.note})" if c.note else "")
        )
    lines.extend(
        f"   latency {p.name:<6} {p.replies:>5} replies  "
        f"p50 {_ms(p.p50):>6} ms  p95 {_ms(p.p95):>6} ms  p99 {_ms(p.p99):>6} ms"
        for p in result.phases
    )
    if result.recovery is not None:
        lines.append(f"   recovery time {result.recovery:.1f} s after the fault ended")
    lines.append(
        f"   {'PASSED' if result.passed else 'FAILED'}"
        + (f" (known: {s.xfail})" if s.xfail and not result.passed else "")
    )
    return "\n".join(lines)
