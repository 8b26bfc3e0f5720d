"""Bodies of HTTP commands that are not the registry's own commands (those are
`domain/commands.py`, which the use cases take as they are)."""

from pydantic import BaseModel, Field

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class SubsidyRun(BaseModel):
    month: str = Field(pattern=MONTH_PATTERN, examples=["2026-10"])
