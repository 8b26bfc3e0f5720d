"""The console's signed assertion of who acts, and what a service makes of a call
(shared/acting_assertion.py, shared/service_auth.py). Each refusal here is an
attack the services once let through: with the `X-Acting-*` headers the caller
said who acted and the service believed it."""

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.acting_assertion import (
    CLOCK_SKEW_SECONDS,
    HEADER,
    LIFETIME_SECONDS,
    ActingPerson,
    AssertionRefused,
    AssertionSigner,
    AssertionVerifier,
    UsedAssertions,
    key_id,
    new_key_pair,
)
from shared.roles import Role, role_named
from shared.service_auth import AccessPolicy, Refused

PRIVATE, PUBLIC = new_key_pair()
OTHER_PRIVATE, OTHER_PUBLIC = new_key_pair()
SIGNER = AssertionSigner(PRIVATE)
VERIFIER = AssertionVerifier(PUBLIC)
ANA = ActingPerson("ana.dif", Role.CASEWORKER, "dif-jalisco", reason="visita domiciliaria")


def refusal(token: str, audience: str = "beneficiaries") -> tuple[str, str]:
    with pytest.raises(AssertionRefused) as refused:
        VERIFIER.verify(token, audience)
    return refused.value.field, refused.value.reason


def test_a_signed_assertion_gives_back_exactly_the_person_signed():
    assert VERIFIER.verify(SIGNER.sign("beneficiaries", ANA), "beneficiaries") == ANA


def test_an_expired_assertion_is_refused():
    old = SIGNER.sign("beneficiaries", ANA, now=time.time() - LIFETIME_SECONDS - 10)
    assert refusal(old) == (HEADER, "expired: the console signs a fresh one per call")


def test_an_assertion_for_another_service_is_refused():
    assert refusal(SIGNER.sign("kitchens", ANA)) == (HEADER, "made for another service")


def test_an_assertion_signed_with_another_key_is_refused():
    forged = AssertionSigner(OTHER_PRIVATE).sign("beneficiaries", ANA)
    assert refusal(forged) == (HEADER, "signed with a key this service does not know")
    # Even when it claims the right key's id.
    header = {"kid": key_id(Ed25519PrivateKey.from_private_bytes(_raw(PRIVATE)).public_key())}
    claims = _claims(SIGNER.sign("beneficiaries", ANA))
    other = Ed25519PrivateKey.from_private_bytes(_raw(OTHER_PRIVATE))
    lying = jwt.encode(claims, other, algorithm="EdDSA", headers=header)
    assert refusal(lying) == (HEADER, "the signature does not verify")


def test_a_tampered_assertion_is_refused():
    head, body, signature = SIGNER.sign("beneficiaries", ANA).split(".")
    claims = {**_claims(f"{head}.{body}.{signature}"), "agency": "sedis-jalisco"}
    tampered = f"{head}.{_b64(json.dumps(claims).encode())}.{signature}"
    assert refusal(tampered) == (HEADER, "the signature does not verify")


def test_an_unsigned_assertion_is_refused():
    head = json.loads(_unb64(SIGNER.sign("beneficiaries", ANA).split(".")[0]))
    claims = _claims(SIGNER.sign("beneficiaries", ANA))
    unsigned = ".".join(
        (_b64(json.dumps({**head, "alg": "none"}).encode()), _b64(json.dumps(claims).encode()), "")
    )
    assert refusal(unsigned) == (HEADER, "not signed with EdDSA")
    assert refusal("not-a-token") == (HEADER, "not a signed assertion")


def test_an_hmac_assertion_made_with_the_public_key_is_refused():
    claims = _claims(SIGNER.sign("beneficiaries", ANA))
    kid = json.loads(_unb64(SIGNER.sign("beneficiaries", ANA).split(".")[0]))["kid"]
    confused = jwt.encode(claims, _raw(PUBLIC), algorithm="HS256", headers={"kid": kid})
    assert refusal(confused) == (HEADER, "not signed with EdDSA")


@pytest.mark.parametrize("claim", ["sub", "role", "exp", "iat", "jti", "aud", "iss"])
def test_an_assertion_missing_a_claim_is_refused_naming_it(claim):
    claims = {k: v for k, v in _claims(SIGNER.sign("beneficiaries", ANA)).items() if k != claim}
    kid = json.loads(_unb64(SIGNER.sign("beneficiaries", ANA).split(".")[0]))["kid"]
    key = Ed25519PrivateKey.from_private_bytes(_raw(PRIVATE))
    token = jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})
    assert refusal(token) == (f"{HEADER}.{claim}", "missing")


@pytest.mark.parametrize("role", ["Auditor", "CASEWORKER", "caseworker ", "root", ""])
def test_a_role_not_spelt_exactly_is_refused_naming_the_field(role):
    token = SIGNER.sign_claims("beneficiaries", {"sub": "ana", "role": role, "agency": "dif"})
    field, reason = refusal(token)
    assert field == f"{HEADER}.role" and reason.startswith("not a role: want exactly one of")
    with pytest.raises(ValueError, match="not a role"):
        role_named(role)


def test_a_scoped_role_without_its_scope_is_refused():
    unscoped = SIGNER.sign_claims("beneficiaries", {"sub": "ana", "role": "caseworker"})
    assert refusal(unscoped) == (f"{HEADER}.agency", "a caseworker needs an agency")
    misplaced = SIGNER.sign_claims(
        "beneficiaries", {"sub": "sam", "role": "supervisor", "agency": "dif"}
    )
    assert refusal(misplaced) == (
        f"{HEADER}.agency",
        "only caseworkers have an agency, not supervisor",
    )


def test_a_long_lived_assertion_is_refused_though_validly_signed():
    claims = _claims(SIGNER.sign("beneficiaries", ANA))
    claims["exp"] = claims["iat"] + 3600
    kid = json.loads(_unb64(SIGNER.sign("beneficiaries", ANA).split(".")[0]))["kid"]
    key = Ed25519PrivateKey.from_private_bytes(_raw(PRIVATE))
    token = jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})
    assert refusal(token) == (HEADER, f"lives longer than {LIFETIME_SECONDS} seconds")


def test_an_assertion_is_good_for_one_call_only():
    """One read off the wire (a proxy's log, a captured request) cannot be sent again
    within its minute; the next call's fresh one is taken."""
    verifier = AssertionVerifier(PUBLIC)
    token = SIGNER.sign("beneficiaries", ANA)
    assert verifier.verify(token, "beneficiaries") == ANA
    with pytest.raises(AssertionRefused) as replayed:
        verifier.verify(token, "beneficiaries")
    assert (replayed.value.field, replayed.value.reason) == (
        HEADER,
        "already used: the console signs a fresh one per call",
    )
    assert verifier.verify(SIGNER.sign("beneficiaries", ANA), "beneficiaries") == ANA


def test_the_used_ids_are_forgotten_once_they_could_not_be_taken_anyway():
    used = UsedAssertions()
    now = time.time()
    for n in range(100):
        assert used.first_use(f"id-{n}", now + LIFETIME_SECONDS, now)
    assert not used.first_use("id-7", now + LIFETIME_SECONDS, now + 1)
    later = now + LIFETIME_SECONDS + CLOCK_SKEW_SECONDS + 1
    assert used.first_use("fresh", later + LIFETIME_SECONDS, later)
    assert len(used) == 1


def test_a_refused_assertion_does_not_spend_its_id():
    """Only a verified assertion is remembered: a forger cannot fill the memory, and a
    call refused for its claims is no use to replay either."""
    used = UsedAssertions()
    verifier = AssertionVerifier(PUBLIC, used)
    forged = AssertionSigner(OTHER_PRIVATE).sign("beneficiaries", ANA)
    unscoped = SIGNER.sign_claims("beneficiaries", {"sub": "ana", "role": "caseworker"})
    for refused in (forged, unscoped, SIGNER.sign("kitchens", ANA)):
        with pytest.raises(AssertionRefused):
            verifier.verify(refused, "beneficiaries")
    assert len(used) == 0


def test_a_rotated_key_is_accepted_alongside_the_old_one():
    both = AssertionVerifier(f"{PUBLIC},{OTHER_PUBLIC}")
    for private in (PRIVATE, OTHER_PRIVATE):
        assert both.verify(AssertionSigner(private).sign("kitchens", ANA), "kitchens") == ANA


# What a service makes of a call -------------------------------------------------------

CONSOLE, OPS = "Kq3vX9mLp2Rt7wZy4Bn8Cd1F", "Hj5sN0aQe6Ug3Yi8Wo2Lk7Pz"
POLICY = AccessPolicy(
    "grievances",
    {"console": CONSOLE, "ops": OPS},
    VERIFIER,
    operational=frozenset({"POST /subsidy-runs"}),
    public=frozenset({"POST /cases"}),
)
PERSON_ROUTE = ("POST", "/cases/8d1c3e9a-0b7f-4a55-9f1e-2f4e6d7c8b90/reveal-requests")
FORGED = {
    "x-acting-user": "officer.custodian",
    "x-acting-role": "identity_reveal_officer",
    "x-acting-agency": "dif-jalisco",
}


def test_the_ops_token_with_acting_headers_reaches_no_persons_route():
    with pytest.raises(Refused) as refused:
        POLICY.acting(*PERSON_ROUTE, {"authorization": f"Bearer {OPS}", **FORGED})
    assert (refused.value.status, refused.value.field) == (403, "Authorization")
    # Operational routes it reaches, and the headers make it no one.
    acting = POLICY.acting("POST", "/subsidy-runs", {"authorization": f"Bearer {OPS}", **FORGED})
    assert (acting.caller, acting.user, acting.role, acting.agency) == ("ops", None, None, None)


def test_the_console_token_with_acting_headers_but_no_assertion_is_no_one():
    headers = {"authorization": f"Bearer {CONSOLE}", **FORGED}
    with pytest.raises(Refused) as refused:
        POLICY.acting(*PERSON_ROUTE, headers)
    assert (refused.value.status, refused.value.field) == (401, HEADER)
    assert POLICY.acting("POST", "/cases", headers).user is None


def test_the_person_comes_from_the_assertion_only():
    officer = ActingPerson("ines", Role.IDENTITY_REVEAL_OFFICER)
    headers = {
        "authorization": f"Bearer {CONSOLE}",
        HEADER: SIGNER.sign("grievances", officer),
        **FORGED,
    }
    acting = POLICY.acting(*PERSON_ROUTE, headers)
    assert (acting.caller, acting.user, acting.role, acting.agency) == (
        "console",
        "ines",
        Role.IDENTITY_REVEAL_OFFICER,
        None,
    )


def test_an_assertion_carried_by_the_ops_token_is_refused():
    headers = {"authorization": f"Bearer {OPS}", HEADER: SIGNER.sign("grievances", ANA)}
    with pytest.raises(Refused) as refused:
        POLICY.acting("POST", "/subsidy-runs", headers)
    assert (refused.value.status, refused.value.field) == (403, HEADER)


def test_an_auditor_may_read_but_not_write():
    auditor = ActingPerson("aurora", Role.AUDITOR)

    def headers() -> dict[str, str]:
        return {"authorization": f"Bearer {CONSOLE}", HEADER: SIGNER.sign("grievances", auditor)}

    assert POLICY.acting("GET", "/cases", headers()).role is Role.AUDITOR
    # A search sent as a POST keeps names out of URLs; it still only reads.
    assert POLICY.acting("POST", "/persons/search", headers()).role is Role.AUDITOR
    with pytest.raises(Refused) as refused:
        POLICY.acting("POST", "/cases", headers())
    assert (refused.value.field, refused.value.reason) == (f"{HEADER}.role", "auditor is read-only")


def test_a_service_without_the_consoles_key_acts_for_no_one():
    keyless = AccessPolicy("grievances", {"console": CONSOLE}, AssertionVerifier(""))
    headers = {"authorization": f"Bearer {CONSOLE}", HEADER: SIGNER.sign("grievances", ANA)}
    with pytest.raises(Refused, match="no ACTING_ASSERTION_PUBLIC_KEYS"):
        keyless.acting(*PERSON_ROUTE, headers)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _raw(key: str) -> bytes:
    return _unb64(key)


def _claims(token: str) -> dict:
    return json.loads(_unb64(token.split(".")[1]))
