"""Bodies of HTTP commands that are not the registry's own commands (those are
`domain/commands.py`, which the use cases take as they are)."""

from pydantic import BaseModel, Field


class SubsidyRun(BaseModel):
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-10"])
