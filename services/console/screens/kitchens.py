"""A kitchen's page (committee, capacity, reports, purse ledger, flags, surveys)
and the committee's daily-report form. A committee member sees only their own
kitchen: any other kitchen is 404 for them, as if it did not exist."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from .. import labels
from ..auth.roles import Account, Role, Screen
from ..auth.sessions import require_role
from ..errors import NotFound, ServiceRefused
from .rendering import language, render

router = APIRouter(prefix="/kitchens")
VIEWERS = frozenset({Role.SUPERVISOR, Role.OPS, Role.AUDITOR, Role.KITCHEN_COMMITTEE})
SCREEN = Screen("/kitchens", "nav.kitchens", VIEWERS)
Viewer = Annotated[Account, Depends(require_role(*VIEWERS))]
Committee = Annotated[Account, Depends(require_role(Role.KITCHEN_COMMITTEE))]
REPORT_FIELDS = ("report_date", "rations_dine_in", "rations_take_away", "fees_collected_centavos")

labels.add(
    {
        "nav.kitchens": ("Comedores", "Kitchens"),
        "kitchens.find": ("Abrir un comedor", "Open a kitchen"),
        "kitchens.code": ("Clave del comedor", "Kitchen code"),
        "kitchens.open": ("Abrir", "Open"),
        "kitchens.capacity": ("Capacidad diaria", "Daily capacity"),
        "kitchens.rations_per_day": ("{n} raciones al día", "{n} rations a day"),
        "kitchens.status": ("Estado", "Status"),
        "kitchens.place": ("Ubicación", "Location"),
        "kitchens.opened_on": ("Abrió el", "Opened on"),
        "kitchens.marginalisation": ("Marginación", "Marginalisation"),
        "kitchens.purse": ("Saldo del monedero", "Purse balance"),
        "kitchens.committee": ("Comité", "Committee"),
        "kitchens.member": ("Nombre", "Name"),
        "kitchens.member_role": ("Cargo", "Role"),
        "kitchens.joined": ("Desde", "Since"),
        "kitchens.left": ("Salió el {day}", "Left on {day}"),
        "kitchens.reports": ("Reportes diarios", "Daily reports"),
        "kitchens.report_date": ("Fecha del reporte", "Report date"),
        "kitchens.rations_dine_in": (
            "Raciones servidas en el comedor",
            "Rations served in the kitchen",
        ),
        "kitchens.rations_take_away": ("Raciones para llevar", "Take-away rations"),
        "kitchens.fees_collected_centavos": ("Cuotas cobradas (pesos)", "Fees collected (pesos)"),
        "kitchens.superseded": ("corregido", "amended"),
        "kitchens.ledger": ("Movimientos del monedero", "Purse ledger"),
        "kitchens.booked_on": ("Fecha", "Date"),
        "kitchens.movement": ("Movimiento", "Movement"),
        "kitchens.reference": ("Referencia", "Reference"),
        "kitchens.amount": ("Importe", "Amount"),
        "kitchens.kind.subsidy": ("Subsidio", "Subsidy"),
        "kitchens.kind.purchase": ("Compra", "Purchase"),
        "kitchens.flags": ("Alertas de monitoreo", "Monitoring flags"),
        "kitchens.evidence": ("Evidencia", "Evidence"),
        "kitchens.surveys": ("Encuestas de satisfacción", "Satisfaction surveys"),
        "kitchens.average": ("Promedio", "Average"),
        "kitchens.comment": ("Comentario", "Comment"),
        "kitchens.report_form": ("Reporte del día", "Today's report"),
        "kitchens.report_form_intro": (
            "Comedor {kitchen}: capture las raciones y cuotas del día.",
            "Kitchen {kitchen}: enter the day's rations and fees.",
        ),
        "kitchens.submit_report": ("Enviar reporte", "Send report"),
        "kitchens.accepted": ("Reporte aceptado", "Report accepted"),
        "kitchens.accepted_detail": (
            "Reporte del {day}: {rations} raciones, {fees} en cuotas. Folio {report_id}.",
            "Report for {day}: {rations} rations, {fees} in fees. Reference {report_id}.",
        ),
        "kitchens.refused": ("El reporte no fue aceptado", "The report was not accepted"),
        "kitchens.refused_field": ("Campo: {field}", "Field: {field}"),
        "kitchens.another_report": ("Capturar otro reporte", "Enter another report"),
        "kitchens.back_to_kitchen": ("Ver el comedor", "See the kitchen"),
        "kitchens.not_a_number": ("no es una cantidad válida", "is not a valid amount"),
    }
)


def pesos(centavos: int | None) -> str:
    if centavos is None:
        return "—"
    sign = "-" if centavos < 0 else ""
    return f"{sign}${abs(centavos) / 100:,.2f}"


def _visible_to(account: Account, kitchen_id: str) -> None:
    if account.role == Role.KITCHEN_COMMITTEE and account.kitchen_id != kitchen_id:
        raise NotFound()


@router.get("")
async def find(request: Request, account: Viewer, kitchen_id: str | None = None) -> Response:
    if account.role == Role.KITCHEN_COMMITTEE:
        return RedirectResponse(f"/kitchens/{quote(account.kitchen_id or '')}", status_code=303)
    if kitchen_id and kitchen_id.strip():
        return RedirectResponse(f"/kitchens/{quote(kitchen_id.strip())}", status_code=303)
    return render(request, "kitchens_find.html")


@router.get("/{kitchen_id}")
async def kitchen_page(request: Request, kitchen_id: str, account: Viewer) -> Response:
    _visible_to(account, kitchen_id)
    kitchen = await request.app.state.clients.kitchens.get(
        f"/kitchens/{quote(kitchen_id)}", account
    )
    return render(request, "kitchens_page.html", kitchen=kitchen, pesos=pesos)


def _report_form(
    request: Request, kitchen_id: str, status_code: int = 200, **context: object
) -> Response:
    return render(
        request,
        "kitchens_report.html",
        status_code=status_code,
        kitchen_id=kitchen_id,
        fields=REPORT_FIELDS,
        pesos=pesos,
        **context,
    )


@router.get("/{kitchen_id}/daily-report")
async def report_form(
    request: Request, kitchen_id: str, account: Committee, accepted: str | None = None
) -> Response:
    _visible_to(account, kitchen_id)
    report = None
    if accepted:
        kitchen = await request.app.state.clients.kitchens.get(
            f"/kitchens/{quote(kitchen_id)}", account
        )
        report = next((r for r in kitchen["reports"] if r["report_id"] == accepted), None)
    return _report_form(
        request, kitchen_id, accepted=report, values={"report_date": date.today().isoformat()}
    )


def _centavos(pesos_text: str) -> int:
    try:
        return int((Decimal(pesos_text.strip().replace(",", "")) * 100).to_integral_value())
    except InvalidOperation:
        raise ServiceRefused(422, "fees_collected_centavos", "") from None


@router.post("/{kitchen_id}/daily-report")
async def submit_report(
    request: Request,
    kitchen_id: str,
    account: Committee,
    report_date: Annotated[str, Form()],
    rations_dine_in: Annotated[int, Form(ge=0)],
    rations_take_away: Annotated[int, Form(ge=0)],
    fees_pesos: Annotated[str, Form(max_length=20)],
) -> Response:
    _visible_to(account, kitchen_id)
    values = {
        "report_date": report_date,
        "rations_dine_in": rations_dine_in,
        "rations_take_away": rations_take_away,
        "fees_pesos": fees_pesos,
    }
    try:
        body = {
            "kitchen_id": kitchen_id,
            "report_date": report_date,
            "rations_dine_in": rations_dine_in,
            "rations_take_away": rations_take_away,
            "fees_collected_centavos": _centavos(fees_pesos),
        }
        accepted = await request.app.state.clients.kitchens.post("/daily-reports", account, body)
    except ServiceRefused as refusal:
        lang = language(request)
        key = f"kitchens.{refusal.field}"
        problem = {
            "field": refusal.field,
            "label": labels.translate(key, lang) if labels.known(key) else refusal.field,
            "reason": refusal.reason or labels.translate("kitchens.not_a_number", lang),
        }
        return _report_form(
            request, kitchen_id, status_code=refusal.status, values=values, problem=problem
        )
    return RedirectResponse(
        f"/kitchens/{quote(kitchen_id)}/daily-report?accepted={accepted['report_id']}",
        status_code=303,
    )
