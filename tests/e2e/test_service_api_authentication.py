"""Every service's API needs a service token; the operational endpoints stay open.
Who acts is proven separately: tests/e2e/test_acting_person_is_proven.py."""

import re
import uuid

import httpx
import pytest

from tests.http_auth import FreshAssertions, acting_headers, headers_for

SERVICES = ["beneficiaries", "kitchens", "grievances"]
# One read route per service that a caller with a token may use.
READS = {
    "beneficiaries": "/review-tasks",
    "kitchens": "/indicators?start=2026-10-05&end=2026-10-09",
    "grievances": "/cases?subject_kind=kitchen&limit=1",
}
OPEN = ["/health/live", "/health/ready", "/metrics", "/asyncapi.json", "/docs", "/openapi.json"]


@pytest.mark.parametrize("name", SERVICES)
async def test_a_request_without_or_with_a_wrong_token_is_refused(services, name):
    async with httpx.AsyncClient(base_url=services.url(name), timeout=10) as http:
        for headers, words in (
            ({}, "missing"),
            ({"Authorization": "Bearer not-a-token-of-ours"}, "not a valid service token"),
            (
                {
                    "Authorization": services.headers(name, "console")["Authorization"].replace(
                        "Bearer", "Basic"
                    )
                },
                "not a valid",
            ),
        ):
            refused = await http.get(READS[name], headers=headers)
            assert refused.status_code == 401, refused.text
            assert refused.headers["www-authenticate"] == "Bearer"
            assert refused.json()["detail"][0]["field"] == "Authorization"
            assert words in refused.json()["detail"][0]["reason"]
        # Commands too, before their body is even looked at.
        assert (await http.post("/review-tasks/x/decision", json={})).status_code == 401
        # A token for another service does not open this one.
        other = next(s for s in SERVICES if s != name)
        assert (await http.get(READS[name], headers=services.headers(other))).status_code == 401

        allowed = await http.get(READS[name], headers=headers_for(services.url(name)))
        assert allowed.status_code == 200, allowed.text


@pytest.mark.parametrize("name", SERVICES)
async def test_operational_endpoints_need_no_token(services, name):
    async with httpx.AsyncClient(base_url=services.url(name), timeout=10) as http:
        for path in OPEN:
            assert (await http.get(path)).status_code == 200, path


@pytest.mark.parametrize("name", SERVICES)
async def test_the_api_page_needs_no_internet(services, name):
    """Swagger UI's files come from the service, not from a CDN: the page works on a
    machine with no internet, and asks no third party for anything."""
    async with httpx.AsyncClient(base_url=services.url(name), timeout=10) as http:
        page = await http.get("/docs")
        assert page.status_code == 200
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
        assert "cdn" not in page.text.lower()
        for source in sources:
            asset = await http.get(source)
            assert asset.status_code == 200 and len(asset.content) > 100, source


async def test_an_auditor_acting_through_a_caller_cannot_change_anything(services):
    auditor = FreshAssertions(
        services.url("grievances"), user="aurora", role="auditor", reason=None
    )
    async with httpx.AsyncClient(base_url=services.url("grievances"), timeout=10) as http:
        refused = await http.post("/cases", auth=auditor, json={"channel": "web"})
        assert refused.status_code == 403
        assert refused.json()["detail"] == [
            {
                "field": "X-Acting-Assertion.role",
                "reason": "auditor is read-only",
                "code": "role_read_only",
                "params": {},
            }
        ]
        assert (await http.get("/cases?limit=1", auth=auditor)).status_code == 200


async def test_an_auditor_searches_the_registry_by_post_and_writes_nothing(services):
    """A search is a read sent as a POST (its terms stay out of URLs); any other POST of an
    auditor is a write and refused."""
    api = services.url("beneficiaries")
    async with httpx.AsyncClient(base_url=api, timeout=10) as http:
        found = await http.post(
            "/persons/search",
            json={"name": "Rosa"},
            headers=acting_headers(api, user="aurora", role="auditor", reason=None),
        )
        assert found.status_code == 200, found.text
        note = await http.post(
            f"/persons/{uuid.uuid4()}/notes",
            json={"body": "nota"},
            headers=acting_headers(api, user="aurora", role="auditor", reason=None),
        )
        assert note.status_code == 403
        assert note.json()["detail"] == [
            {
                "field": "X-Acting-Assertion.role",
                "reason": "auditor is read-only",
                "code": "role_read_only",
                "params": {},
            }
        ]
