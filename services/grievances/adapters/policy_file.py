"""Reads the grievance policy from services/grievances/policy.json."""

import json
from functools import cache
from pathlib import Path

from ..domain.policy import Policy, policy_from_document

POLICY_FILE = Path(__file__).resolve().parents[1] / "policy.json"


@cache
def load_policy(path: Path = POLICY_FILE) -> Policy:
    return policy_from_document(json.loads(path.read_text()))
