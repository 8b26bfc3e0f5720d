"""What the tests send when they call a service's API directly: the `ops`
service token of the service behind the URL, and a reason for reading
people's records. The session's fleet registers itself here, so helpers that
only know a URL can authenticate without every call site passing headers."""

from deploy.local.stack import ServiceFleet

TEST_REASON = "automated test"
_fleets: list[ServiceFleet] = []


def register(fleet: ServiceFleet) -> None:
    _fleets.append(fleet)


def headers_for(url: str) -> dict[str, str]:
    for fleet in _fleets:
        for process in fleet.processes:
            if url == process.url or url.startswith(process.url + "/"):
                return {**fleet.headers(process.name), "X-Access-Reason": TEST_REASON}
    raise LookupError(f"no running service at {url}")


def acting_headers(
    url: str,
    *,
    user: str | None = None,
    role: str | None = None,
    agency: str | None = None,
    kitchen: str | None = None,
    reason: str | None = TEST_REASON,
) -> dict[str, str]:
    """Everything a call made on someone's behalf carries: the caller's
    credentials for the service behind `url` and who acts, in which scope, why.
    Tests that cross a boundary build their requests here, so how the acting
    person is proven is decided in one place."""
    acting = {
        "X-Acting-User": user,
        "X-Acting-Role": role,
        "X-Acting-Agency": agency,
        "X-Acting-Kitchen": kitchen,
        "X-Access-Reason": reason,
    }
    credentials = {k: v for k, v in headers_for(url).items() if k != "X-Access-Reason"}
    return {**credentials, **{name: value for name, value in acting.items() if value}}
