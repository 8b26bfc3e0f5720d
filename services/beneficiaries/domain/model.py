"""The Fellegi–Sunter match model: for each field and agreement level, the
probability m of seeing it when two records are the same person and u when
they are not. A level's weight is log2(m/u); a pair's score is the sum.

The model is data (a JSON file with a version), so a re-estimated model is a
new file, and every decision records the version and thresholds it used."""

import json
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

DEFAULT_MODEL_FILE = Path(__file__).parent / "data" / "match_model.json"


@dataclass(frozen=True)
class Level:
    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class MatchModel:
    version: str
    upper_threshold: float
    lower_threshold: float
    fields: dict[str, dict[str, Level]]
    # A blocking key shared by more earlier records than this is too common to
    # narrow anything down; skipping it keeps one popular name from slowing every event.
    blocking_key_cap: int = 100

    def __post_init__(self) -> None:
        if not self.lower_threshold < self.upper_threshold:
            raise ValueError("the lower threshold must be below the upper one")

    @cached_property
    def _rounded_weights(self) -> dict[str, dict[str, float]]:
        return {field: {name: round(level.weight, 3) for name, level in levels.items()} for field, levels in self.fields.items()}

    def weights(self, comparison: dict[str, str]) -> dict[str, float]:
        table = self._rounded_weights
        return {field: table[field][level] for field, level in comparison.items()}


def model_from_json(data: dict[str, Any]) -> MatchModel:
    return MatchModel(
        version=data["version"],
        upper_threshold=float(data["upper_threshold"]),
        lower_threshold=float(data["lower_threshold"]),
        blocking_key_cap=int(data.get("blocking_key_cap", 100)),
        fields={f: {lvl: Level(float(v["m"]), float(v["u"])) for lvl, v in levels.items()} for f, levels in data["fields"].items()},
    )


def load_model(path: Path = DEFAULT_MODEL_FILE) -> MatchModel:
    return model_from_json(json.loads(path.read_text(encoding="utf-8")))
