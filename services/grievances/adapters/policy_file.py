"""Reads the grievance policy: services/grievances/policy.json, or the file
named by GRIEVANCES_POLICY_FILE (a deployment's own calendar and deadlines)."""

import json
import os
from functools import cache
from pathlib import Path

from ..domain.policy import Policy, policy_from_document

POLICY_FILE = Path(__file__).resolve().parents[1] / "policy.json"


@cache
def load_policy() -> Policy:
    path = Path(os.environ.get("GRIEVANCES_POLICY_FILE") or POLICY_FILE)
    return policy_from_document(json.loads(path.read_text()))
