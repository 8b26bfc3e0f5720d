"""How the services use Python's cyclic garbage collector.

Python's default thresholds suit short scripts. A service allocates tens of
thousands of objects per batch while it holds long-lived caches (the registry
keeps up to 200,000 parsed identities), and each full collection rescans
everything long-lived: at a million people that was a third of the registry
intake's Python CPU (docs/benchmarks-history.md, "Intake speed with a large registry")."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_GENERATION_THRESHOLD = 10_000

_pauses = 0
_enabled_before = True


def tune_garbage_collection() -> None:
    """What start-up built lives as long as the process: frozen, never scanned again."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, old)


@contextmanager
def collections_paused() -> Iterator[None]:
    """No collection inside: for work that holds a large, short-lived, acyclic
    working set, which every collection would walk again and again only to
    find it alive (a registry batch holds some 100,000 objects: its
    candidates, their identities and scores). They go by reference counting
    when the work ends; the first collection after it sees only what is left.
    Nests, and is shared by concurrent tasks: collection resumes when the last
    one leaves."""
    global _pauses, _enabled_before
    if _pauses == 0:
        _enabled_before = gc.isenabled()
        gc.disable()
    _pauses += 1
    try:
        yield
    finally:
        _pauses -= 1
        if _pauses == 0 and _enabled_before:
            gc.enable()
