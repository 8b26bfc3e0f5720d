"""How a refused command reads over HTTP: the field and the reason, with 404 for an
unknown kitchen or flag, 409 for a clash with what is recorded and 422 otherwise."""

from collections.abc import Iterator
from contextlib import contextmanager

from shared.errors import Rejected
from shared.http_refusals import refused

from ..domain.errors import Conflict, UnknownFlag, UnknownKitchen


@contextmanager
def answered_as_http() -> Iterator[None]:
    try:
        yield
    except Rejected as refusal:
        status = (
            404
            if isinstance(refusal, UnknownKitchen | UnknownFlag)
            else 409
            if isinstance(refusal, Conflict)
            else 422
        )
        raise refused(refusal, status) from None
