"""Base class and registry for versioned event payloads."""

import re
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field


class EventContract(BaseModel):
    """The payload of one (type, version). Producers forbid unknown fields;
    consumers validate with ``extra="ignore"`` so a newer producer's optional
    fields do not break them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_type: ClassVar[str]
    event_version: ClassVar[int]

    def partition_key(self) -> str:
        raise NotImplementedError


_TYPE_NAME = re.compile(r"[a-z0-9_.-]{1,100}")


class UnknownEventType(LookupError):
    pass


class ContractRegistry:
    def __init__(self, *contracts: type[EventContract]) -> None:
        self._by_type_version: dict[tuple[str, int], type[EventContract]] = {}
        for contract in contracts:
            ident = (contract.event_type, contract.event_version)
            if ident in self._by_type_version:
                raise ValueError(f"contract {ident} registered twice")
            self._by_type_version[ident] = contract

    def __iter__(self):
        return iter(self._by_type_version.values())

    def lookup(self, event_type: str, version: int) -> type[EventContract]:
        contract = self._by_type_version.get((event_type, version))
        if contract is not None:
            return contract
        known = sorted(v for (t, v) in self._by_type_version if t == event_type)
        if known:
            raise UnknownEventType(
                f"version: {event_type} version {version} is not supported (supported: {known})"
            )
        supported = sorted({t for (t, _) in self._by_type_version})
        # The reason lands in dead-letter headers and logs: name only what looks like a type.
        named = repr(event_type) if _TYPE_NAME.fullmatch(event_type) else "this type"
        raise UnknownEventType(
            f"type: {named} is not accepted on this topic (accepted: {supported})"
        )


# A refusal's rule and what a sentence about it needs (shared/errors.py, Rejected): the
# code in snake_case, the parameters as numbers in their unit, ISO dates or codes.
RefusalCode = Annotated[
    str,
    Field(
        max_length=64,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="The rule refused, stable and in snake_case (e.g. `not_an_operating_day`): "
        "a client tells it in its reader's language.",
    ),
]
RefusalParams = Annotated[
    dict[str, str | int | float | bool | None],
    Field(
        description="What a sentence about the rule needs: numbers in their unit "
        "(`…_centavos`, counts), dates as ISO strings, codes; never a person's data or "
        "the value sent.",
    ),
]
