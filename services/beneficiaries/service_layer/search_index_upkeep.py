"""The trigram indexes behind the console's person search take each new
record into a pending list, which PostgreSQL merges into the index proper once
the list outgrows its limit. The insert that tips it over does the merge: at
the default 4 MB and a million people, 40 to 300 ms during which the whole
intake batch waits (docs/benchmarks-history.md, "Intake: offset commits and
search-index merges off the intake's path"). This job merges the lists every few
seconds on a connection of its own, and migration 010 raises their limit so
that the intake merges only if the job has fallen far behind."""

import logging
from collections.abc import Awaitable, Callable

from shared.db import Database
from shared.periodic import every

from ..adapters.search_index_repository import merge_pending_search_entries


def periodic_search_index_upkeep(
    interval_seconds: float = 5.0,
) -> Callable[[Database], Awaitable[None]]:
    return every(
        interval_seconds,
        merge_pending_search_entries,
        "search index pending pages merged",
        level=logging.DEBUG,
    )
