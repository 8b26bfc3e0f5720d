"""Grievances: intake (every reporter's receipt is shown once and the console keeps no
copy; a named reporter may ask for notices), the officer's work queue by deadline and by
escalation level, a case's timeline in words and the actions its status allows, the
two-officer identity reveal (one asks, another approves on the requests screen, the one who
asked sees it once), and the public pages: following a case by receipt (status, questions,
answer or rejection reason, replying, appealing) and the quarterly report."""

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal, get_args
from uuid import UUID, uuid4

import httpx
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from shared.contracts.grievances import AssigneeKind, Category, Kind
from shared.programme_clock import programme_today

from .. import labels
from ..auth.roles import Account, Role, Screen
from ..auth.sessions import current_account, require_role
from ..auth.throttling import follow_up_allowance, intake_allowance
from ..clients.service_apis import Clients
from ..errors import NotFound, ServiceRefused, ServiceUnavailable
from ..rules.grievances import (
    Intake,
    channels_for,
    quarter_of,
    records_for_others,
    transition_body,
    who_acted,
)
from ..rules.moments import spoken
from ..rules.pictures import deadline_picture
from .kitchen_names import kitchen_names
from .rendering import language, refusal_words, render

router = APIRouter(prefix="/grievances")
READERS = frozenset({Role.GRIEVANCE_OFFICER, Role.IDENTITY_REVEAL_OFFICER, Role.AUDITOR})
SCREEN = Screen("/grievances", "nav.grievances", READERS)
Reader = Annotated[Account, Depends(require_role(*READERS))]
Officer = Annotated[Account, Depends(require_role(Role.GRIEVANCE_OFFICER))]
RevealOfficer = Annotated[Account, Depends(require_role(Role.IDENTITY_REVEAL_OFFICER))]
# Who may read the record of who saw a reporter's identity: the service's AUDIT_ROLES.
REVEAL_AUDITORS = frozenset({Role.IDENTITY_REVEAL_OFFICER, Role.AUDITOR})
RevealAuditor = Annotated[Account, Depends(require_role(*REVEAL_AUDITORS))]
# A page that shows a receipt or an identity must not be kept by the browser or a proxy.
NO_STORE = {"Cache-Control": "no-store"}
KINDS = get_args(Kind)
CATEGORIES = get_args(Category)
ASSIGNEE_KINDS = get_args(AssigneeKind)


def _no_store(response: Response) -> Response:
    response.headers.update(NO_STORE)
    return response


def _clients(request: Request) -> Clients:
    return request.app.state.clients


def _words(request: Request) -> dict[str, Any]:
    """What the templates put in words: days and moments (never an ISO timestamp), who acted
    on a case, an escalation level's name."""
    lang = language(request)

    def t(key: str, **values: object) -> str:
        return labels.translate(key, lang, **values)

    def level_name(level: int) -> str:
        key = f"grievances.level.{level}"
        return t(key) if labels.known(key) else t("grievances.level_n", n=level)

    return {
        "day": lambda value: spoken(value, lang, with_time=False) or "—",
        "moment": lambda value: spoken(value, lang) or "—",
        "who": lambda by_whom: who_acted(by_whom, t),
        "level_name": level_name,
    }


# Work queue and case file -------------------------------------------------


# The levels a case climbs; an escalated case waits in its level's queue.
LEVELS = (0, 1, 2, 3)


@router.get("")
async def queue(request: Request, account: Reader, level: int | None = None) -> Response:
    return await _queue_page(request, account, "", level if level in LEVELS else None)


@router.post("")
async def search_queue(
    request: Request, account: Reader, q: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    """A search is a POST: the words typed (a case's description may hold a name) stay out of
    the URL, the browser's history and every access log, and the page is not kept."""
    return _no_store(await _queue_page(request, account, q.strip()))


async def _queue_page(
    request: Request, account: Account, words: str, level: int | None = None
) -> Response:
    shape = {"open_only": True, "order": "deadline", "limit": 200}
    grievances = _clients(request).grievances
    if words:
        listed = await grievances.search("/cases/search", account, {"text": words, **shape})
    else:
        filters = {} if level is None else {"escalation_level": level}
        listed = await grievances.get("/cases", account, params={**shape, **filters})
    today = programme_today()
    lang = language(request)
    deadlines = deadline_picture(
        listed["cases"], today, lambda key, **values: labels.translate(key, lang, **values)
    )
    return render(
        request,
        "grievances_queue.html",
        may_approve=account.role == Role.IDENTITY_REVEAL_OFFICER,
        cases=listed["cases"],
        total=listed["total"],
        q=words,
        level=level,
        levels=LEVELS,
        today=today.isoformat(),
        deadlines=deadlines,
        kitchen_names=await _kitchens_named(request, account, listed["cases"]),
        **_words(request),
    )


async def _kitchens_named(
    request: Request, account: Account, cases: list[dict[str, Any]]
) -> dict[str, str]:
    """The names of the kitchens the cases are about, in one call for the whole page."""
    about = [c.get("subject_ref") for c in cases if c.get("subject_kind") == "kitchen"]
    return await kitchen_names(request, account, about) if about else {}


async def _case_page(
    request: Request, account: Account, case_id: UUID, status_code: int = 200, **context: object
) -> Response:
    grievances = _clients(request).grievances
    case = await grievances.get(f"/cases/{case_id}", account)
    may_reveal = account.role == Role.IDENTITY_REVEAL_OFFICER and _named(case)
    requests = (
        await grievances.get(f"/cases/{case_id}/reveal-requests", account) if may_reveal else []
    )
    return render(
        request,
        "grievances_case.html",
        status_code=status_code,
        case=case,
        assignee_kinds=ASSIGNEE_KINDS,
        may_act=account.role == Role.GRIEVANCE_OFFICER,
        may_reveal=may_reveal,
        may_audit_reveals=account.role in REVEAL_AUDITORS and _named(case),
        reveal_requests=[_reveal_step(r, account) for r in requests],
        kitchen_names=await _kitchens_named(request, account, [case]),
        **_words(request),
        **context,
    )


def _named(case: dict[str, Any]) -> bool:
    """A case with a reporter's identity kept under seal: the only kind a reveal concerns."""
    return not case["anonymous"] and not case["internal"]


def _reveal_step(request: dict[str, Any], account: Account) -> dict[str, Any]:
    """A request as the case page shows it to this officer: its state, and what she may do."""
    state = request["decision"] or "pending"
    mine = request["requested_by"] == account.username
    return {
        **request,
        "state": "shown" if request["shown_at"] else state,
        "may_decide": state == "pending" and not mine,
        "may_see": state == "approved" and mine and not request["shown_at"],
    }


@router.get("/cases/{case_id}")
async def case_file(
    request: Request,
    case_id: UUID,
    account: Reader,
    done: str | None = None,
    reveal: str | None = None,
) -> Response:
    return await _case_page(request, account, case_id, done=done, asked=reveal == "requested")


@router.post("/cases/{case_id}/transitions")
async def act(
    request: Request,
    case_id: UUID,
    account: Officer,
    action: Annotated[str, Form(max_length=40)],
    assignee_kind: Annotated[str, Form(max_length=40)] = "",
    assignee_ref: Annotated[str, Form(max_length=100)] = "",
    answer: Annotated[str, Form(max_length=10_000)] = "",
    reason: Annotated[str, Form(max_length=2_000)] = "",
    question: Annotated[str, Form(max_length=2_000)] = "",
) -> Response:
    body = transition_body(action, assignee_kind, assignee_ref, answer, reason, question)
    try:
        moved = await _clients(request).grievances.post(
            f"/cases/{case_id}/transitions", account, body
        )
    except ServiceRefused as refusal:
        return await _refused_on_case(request, account, case_id, refusal)
    return RedirectResponse(f"/grievances/cases/{case_id}?done={moved['status']}", status_code=303)


# The two-officer reveal -------------------------------------------------------------


async def _refused_on_case(
    request: Request, account: Account, case_id: UUID, refusal: ServiceRefused
) -> Response:
    return await _case_page(
        request,
        account,
        case_id,
        status_code=refusal.status,
        problem=refusal_words(request, refusal),
    )


@router.post("/cases/{case_id}/reveal-requests")
async def ask_reveal(
    request: Request,
    case_id: UUID,
    account: RevealOfficer,
    reason: Annotated[str, Form(min_length=1, max_length=2_000)],
) -> Response:
    try:
        await _clients(request).grievances.post(
            f"/cases/{case_id}/reveal-requests", account, {"reason": reason}
        )
    except ServiceRefused as refusal:
        return await _refused_on_case(request, account, case_id, refusal)
    return RedirectResponse(f"/grievances/cases/{case_id}?reveal=requested", status_code=303)


@router.post("/cases/{case_id}/reveal-requests/{request_id}/decision")
async def decide_reveal(
    request: Request,
    case_id: UUID,
    request_id: UUID,
    account: RevealOfficer,
    decision: Annotated[Literal["approved", "declined"], Form()],
) -> Response:
    try:
        await _clients(request).grievances.post(
            f"/cases/{case_id}/reveal-requests/{request_id}/decision",
            account,
            {"decision": decision},
        )
    except ServiceRefused as refusal:
        return await _refused_on_case(request, account, case_id, refusal)
    return RedirectResponse(f"/grievances/reveal-requests?decided={decision}", status_code=303)


@router.post("/cases/{case_id}/reveal-requests/{request_id}/identity")
async def see_identity(
    request: Request, case_id: UUID, request_id: UUID, account: RevealOfficer
) -> Response:
    """Shown in this one response: the service refuses a second showing."""
    try:
        identity = await _clients(request).grievances.post(
            f"/cases/{case_id}/reveal-requests/{request_id}/identity", account, {}
        )
    except ServiceRefused as refusal:
        return await _refused_on_case(request, account, case_id, refusal)
    return _no_store(await _case_page(request, account, case_id, identity=identity))


@router.get("/reveal-requests")
async def reveal_requests(
    request: Request, account: RevealOfficer, decided: str | None = None
) -> Response:
    pending = await _clients(request).grievances.get("/reveal-requests", account)
    return render(
        request,
        "grievances_reveal_requests.html",
        requests=[{**r, "mine": r["requested_by"] == account.username} for r in pending],
        decided=decided if decided in ("approved", "declined") else None,
    )


@router.get("/cases/{case_id}/reveals")
async def reveals_record(request: Request, case_id: UUID, account: RevealAuditor) -> Response:
    """Who saw the reporter's identity, in which role, why, who approved it and when: the
    record, never the identity (the service's answer carries none, and only these five
    facts reach the page)."""
    grievances = _clients(request).grievances
    case = await grievances.get(f"/cases/{case_id}", account)
    reveals = await grievances.get(f"/cases/{case_id}/reporter-identity/reveals", account)
    facts = ("revealed_by", "role", "reason", "approved_by", "revealed_at")
    return render(
        request,
        "grievances_reveals.html",
        case={"case_id": case["case_id"], "case_number": case["case_number"]},
        reveals=[{fact: reveal[fact] for fact in facts} for reveal in reveals],
    )


# Intake: public, and officers recording calls and visits -----------------------------


def _intake_form(
    request: Request, account: Account | None, status_code: int = 200, **context: object
) -> Response:
    return render(
        request,
        "grievances_new.html",
        status_code=status_code,
        kinds=KINDS,
        categories=CATEGORIES,
        channels=channels_for(account),
        channel_reference=f"console:{uuid4()}",
        **context,
    )


@router.get("/new")
async def new(request: Request) -> Response:
    return _intake_form(request, await current_account(request), values={})


async def _submitted_intake(
    kind: Annotated[str, Form(max_length=40)],
    category: Annotated[str, Form(max_length=40)],
    description: Annotated[str, Form(min_length=1, max_length=10_000)],
    channel_reference: Annotated[str, Form(max_length=100)],
    channel: Annotated[str, Form(max_length=20)] = "web",
    subject_kitchen: Annotated[str, Form(max_length=100)] = "",
    anonymous: Annotated[str, Form(max_length=5)] = "",
    full_name: Annotated[str, Form(max_length=200)] = "",
    contact: Annotated[str, Form(max_length=200)] = "",
    notice_medium: Annotated[Literal["", "email", "sms"], Form()] = "",
    notice_address: Annotated[str, Form(max_length=200)] = "",
) -> Intake:
    """The intake form's fields; as a dependency they are read and documented as the route's
    own form body."""
    return Intake(
        kind=kind,
        category=category,
        description=description,
        channel_reference=channel_reference,
        channel=channel,
        subject_kitchen=subject_kitchen,
        anonymous=bool(anonymous),
        full_name=full_name,
        contact=contact,
        notice_medium=notice_medium,
        notice_address=notice_address,
    )


@router.post("/new", dependencies=[Depends(intake_allowance)])
async def submit(
    request: Request, intake: Annotated[Intake, Depends(_submitted_intake)]
) -> Response:
    account = await current_account(request)
    # Only an officer is named to the service; anyone else files as the public does.
    officer = account if records_for_others(account) else None
    try:
        opened = await _clients(request).grievances.post(
            "/cases",
            officer,
            intake.body(by_officer=officer is not None),
        )
    except ServiceRefused as refusal:
        return _intake_form(
            request,
            account,
            status_code=refusal.status,
            values=asdict(intake),
            problem=refusal_words(request, refusal),
        )
    # The receipt goes into this one response and nowhere else: not the session, not a URL,
    # not a log line.
    return _no_store(render(request, "grievances_recorded.html", status_code=201, opened=opened))


# Following a case with the receipt (no sign-in) ----------------------------------------
# Every reporter, named or anonymous, has a receipt. Each form sends it back in its body
# (never a link), so that replying or appealing does not ask for it again; each is throttled
# per address like the look-up, so receipts cannot be tried by the thousand.


@router.get("/follow")
async def follow_form(request: Request) -> Response:
    await current_account(request)
    return render(request, "grievances_follow.html")


async def _followed_page(
    request: Request, receipt: str, status_code: int = 200, **context: object
) -> Response:
    try:
        case = await _clients(request).grievances.post("/receipts/case", None, {"receipt": receipt})
    except (NotFound, ServiceRefused):
        return _no_store(render(request, "grievances_follow.html", status_code=404, unknown=True))
    return _no_store(
        render(
            request,
            "grievances_follow.html",
            status_code=status_code,
            case=case,
            receipt=receipt,
            **_words(request),
            **context,
        )
    )


@router.post("/follow", dependencies=[Depends(follow_up_allowance)])
async def follow(
    request: Request,
    receipt: Annotated[str, Form(max_length=100)],
    information: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    await current_account(request)
    if information.strip():
        return await _reply(request, receipt.strip(), information.strip())
    return await _followed_page(request, receipt.strip())


@router.post("/follow/reply", dependencies=[Depends(follow_up_allowance)])
async def reply(
    request: Request,
    receipt: Annotated[str, Form(max_length=100)],
    information: Annotated[str, Form(min_length=1, max_length=10_000)],
) -> Response:
    await current_account(request)
    return await _reply(request, receipt.strip(), information.strip())


async def _reply(request: Request, receipt: str, information: str) -> Response:
    try:
        added = await _clients(request).grievances.post(
            "/receipts/information", None, {"receipt": receipt, "information": information}
        )
    except (NotFound, ServiceRefused):
        return _no_store(render(request, "grievances_follow.html", status_code=404, unknown=True))
    return await _followed_page(request, receipt, added=added)


@router.post("/follow/appeal", dependencies=[Depends(follow_up_allowance)])
async def appeal(
    request: Request,
    receipt: Annotated[str, Form(max_length=100)],
    reason: Annotated[str, Form(min_length=1, max_length=2_000)],
) -> Response:
    await current_account(request)
    try:
        appealed = await _clients(request).grievances.post(
            "/receipts/appeal", None, {"receipt": receipt.strip(), "reason": reason.strip()}
        )
    except NotFound:
        return _no_store(render(request, "grievances_follow.html", status_code=404, unknown=True))
    except ServiceRefused as refusal:
        return await _followed_page(
            request,
            receipt.strip(),
            status_code=refusal.status,
            appeal_refused=refusal_words(request, refusal)["sentence"],
        )
    return await _followed_page(request, receipt.strip(), appealed=appealed)


# The quarterly public report (no sign-in) -----------------------------------------------


@router.get("/report")
async def report(request: Request, year: int | None = None, quarter: int | None = None) -> Response:
    await current_account(request)
    this_year, this_quarter = quarter_of(date.today())
    year, quarter = year or this_year, quarter or this_quarter
    shown = await _clients(request).grievances.get(
        "/reports/quarterly", None, params={"year": year, "quarter": quarter}
    )
    return render(request, "grievances_report.html", report=shown, year=year, quarter=quarter)


@router.get("/report.csv")
async def report_csv(request: Request, year: int, quarter: int) -> Response:
    try:
        answer = await _clients(request).grievances.http.get(
            "/reports/quarterly", params={"year": year, "quarter": quarter, "format": "csv"}
        )
    except httpx.HTTPError:
        raise ServiceUnavailable("grievances") from None
    if answer.status_code != 200:
        raise NotFound()
    return Response(
        answer.text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="quejas-{year}-T{quarter}.csv"'},
    )
