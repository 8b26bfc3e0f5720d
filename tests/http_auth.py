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
