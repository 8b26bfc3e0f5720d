"""The web console for caseworkers, kitchen committees, grievance officers, ops
and auditors: a thin backend-for-frontend over the services' HTTP APIs, with
its own accounts (schema `console`). Importing this package stays cheap: the
migration runner only needs where the migrations are."""

from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"
