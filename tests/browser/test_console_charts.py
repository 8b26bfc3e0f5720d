"""The console's charts in a real browser on the tablet held upright, each drawn from data the
test made: a kitchen's rations per day against its capacity, its purse balance and its
satisfaction by aspect (read by its own committee, refused to another kitchen's), the
programme's satisfaction (programme staff), the graduates' ELCSA levels at intake and at
graduation (a caseworker), and open grievance cases by days left to their deadline (an
officer). Each chart is an image with a name in Spanish and its figures in words beside it.
The last test prints the weight and first paint of each charted screen (no timed assertion)."""

import contextlib
import time
import urllib.error
import uuid
from datetime import date, timedelta

import httpx

from deploy.local.agency_client import agency_envelope, publish_envelopes
from shared.topics import GRIEVANCE_EVENTS, GRIEVANCE_INTAKE
from tests.browser.console_helpers import SCREENSHOTS, screenshot, sign_in
from tests.browser.test_console_kitchen_programme import as_role, assert_reads_well
from tests.browser.test_console_kitchens import SCORES
from tests.e2e.grievance_helpers import submission, submit
from tests.e2e.registry_people import person_enrolled_by
from tests.e2e.test_kitchens_flows import report_body
from tests.e2e.test_skeleton_flows import caused_by, committee_json, registered_kitchen
from tests.http_auth import FreshAssertions
from tests.kafka_helpers import wait_for_records

SEPTEMBER = "start=2026-09-01&end=2026-09-30"
MODERATE = [True] * 7 + [False] * 8  # 15 items, 7 yes: moderate insecurity
MILD = [True] * 2 + [False] * 13
# The paint entry may be recorded after the load event: wait for it (buffered) for up to 5 s.
FIRST_CONTENTFUL_PAINT = """
new Promise((resolve) => {
  const found = () => performance.getEntriesByName("first-contentful-paint")[0];
  if (found()) { resolve(found().startTime); return; }
  new PerformanceObserver(() => { if (found()) resolve(found().startTime); })
    .observe({ type: "paint", buffered: true });
  setTimeout(() => resolve(-1), 5000);
})
"""


async def chart_picture(page, selector: str, name: str) -> None:
    """The chart alone, as a reader sees it on the tablet, next to the full-page pictures."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.locator(selector).screenshot(path=str(SCREENSHOTS / f"{name}.png"))


async def is_an_image_named(page, selector: str, words: str) -> None:
    svg = page.locator(f"{selector} svg[role=img]")
    assert await svg.count() == 1, f"{selector} has no chart"
    assert await svg.get_attribute("aria-label") == words
    described = await svg.get_attribute("aria-describedby")
    assert (await page.locator(f"#{described}").inner_text()).strip(), "figures beside it"


def september_kitchen(services) -> str:
    """A kitchen with three days reported in September 2026 (one above its capacity of 200),
    two purchases that take its purse below zero, and two surveys."""
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    for day, rations in (("2026-09-02", 150), ("2026-09-08", 230), ("2026-09-21", 180)):
        committee_json(f"{base}/daily-reports", report_body(kitchen_id, day, rations))
    for day, centavos in (("2026-09-03", 120_000), ("2026-09-22", 65_050)):
        committee_json(
            f"{base}/purchases",
            {
                "kitchen_id": kitchen_id,
                "purchased_on": day,
                "supplier": "Tortillería La Güera",
                "category": "perishable",
                "amount_centavos": centavos,
                "receipt_reference": f"T-{uuid.uuid4().hex[:6]}",
            },
        )
    for day in ("2026-09-09", "2026-09-23"):
        committee_json(
            f"{base}/surveys", {"kitchen_id": kitchen_id, "surveyed_on": day, "scores": SCORES}
        )
    return kitchen_id


async def test_a_committee_sees_its_kitchens_rations_purse_and_satisfaction_as_charts(
    tablet, make_account, services
):
    kitchen_id = september_kitchen(services)
    page = await as_role(
        tablet,
        make_account,
        "kitchen_committee",
        f"/kitchens/{kitchen_id}/indicators?{SEPTEMBER}",
        kitchen=kitchen_id,
    )
    await assert_reads_well(page, "a kitchen's charts")

    rations = page.locator("#chart-rations")
    await is_an_image_named(page, "#chart-rations", "Raciones por día frente a la capacidad")
    assert await rations.locator("rect.mark").count() == 3, "a bar a day reported"
    assert await rations.locator("rect.mark[fill='#b3261e']").count() == 1, "one above capacity"
    assert await rations.locator("line.reference").count() == 1
    figures = await rations.locator(".chart-figures").inner_text()
    assert "Días reportados: 3; raciones al día en promedio: 187" in figures
    assert "Días por encima de la capacidad: 1." in figures

    purse = page.locator("#chart-purse")
    await is_an_image_named(page, "#chart-purse", "Saldo del monedero, día a día")
    assert await purse.locator("circle.point").count() == 2, "a point a day the purse moved"
    assert await purse.locator("line.zero").count() == 1
    told = await purse.locator(".chart-figures").inner_text()
    assert "lo terminó con -$1,850.50" in told and "22 de septiembre de 2026" in told
    ticks = await purse.locator("svg text").all_text_contents()
    assert "$0" in ticks and "1 sep" in ticks, ticks

    satisfaction = page.locator("#chart-satisfaction")
    await is_an_image_named(page, "#chart-satisfaction", "Satisfacción por aspecto (de 1 a 5)")
    assert await satisfaction.locator("rect.mark").count() == len(SCORES)
    assert "Encuestas: 2. Mejor calificado: Trato (5.0)" in await satisfaction.inner_text()

    await screenshot(page, "chart-kitchen-indicators")
    for name in ("rations", "purse", "satisfaction"):
        await chart_picture(page, f"#chart-{name}", f"chart-kitchen-{name}")

    other = registered_kitchen(services)
    refused = await page.goto(f"/kitchens/{other}/indicators?{SEPTEMBER}")
    assert refused.status == 404, "another kitchen's charts are not hers to see"
    assert await page.locator("#chart-rations").count() == 0


async def test_a_period_without_reports_says_so_instead_of_an_empty_frame(
    tablet, make_account, services
):
    kitchen_id = registered_kitchen(services)
    page = await as_role(
        tablet, make_account, "supervisor", f"/kitchens/{kitchen_id}/indicators?{SEPTEMBER}"
    )
    for name, sentence in (
        ("rations", "No hay días reportados en este periodo."),
        ("purse", "El monedero no tuvo movimientos en este periodo; su saldo fue de $0.00."),
        ("satisfaction", "No hay encuestas en este periodo."),
    ):
        chart = page.locator(f"#chart-{name}")
        assert await chart.locator("svg").count() == 0
        assert (await chart.locator(".chart-empty").inner_text()).strip() == sentence


async def test_programme_staff_see_the_programmes_satisfaction_by_aspect(
    tablet, make_account, services
):
    september_kitchen(services)
    page = await as_role(tablet, make_account, "supervisor", f"/kitchens/indicators?{SEPTEMBER}")
    await is_an_image_named(page, "#chart-satisfaction", "Satisfacción por aspecto (de 1 a 5)")
    assert await page.locator("#chart-satisfaction rect.mark").count() == len(SCORES)
    await assert_reads_well(page, "the programme's charts")
    await screenshot(page, "chart-programme-indicators")
    await chart_picture(page, "#chart-satisfaction", "chart-programme-satisfaction")


async def graduate_from_moderate_to_mild(services) -> None:
    async with httpx.AsyncClient(
        base_url=services.url("beneficiaries"),
        timeout=10,
        auth=FreshAssertions(services.url("beneficiaries")),
    ) as http:
        woman = await person_enrolled_by(http, {"dif-jalisco": True})
        person = woman["person_id"]
        steps = [
            ("assessments", {"assessed_on": "2026-02-02", "answers": MODERATE}),
            ("trainings", {"kind": "food", "title": "Nutrición", "attended_on": "2026-03-04"}),
            ("assessments", {"assessed_on": "2026-09-01", "answers": MILD}),
            ("graduation", {"graduated_on": "2026-09-15"}),
        ]
        for path, body in steps:
            extra = {"with_minors": True} if path == "assessments" else {}
            extra |= {"hours": 6} if path == "trainings" else {}
            answer = await http.post(
                f"/persons/{person}/{path}", json={**body, **extra, "recorded_by": "cw-9"}
            )
            assert answer.status_code == 201, (path, answer.text)


async def test_a_caseworker_sees_the_graduates_levels_before_and_after(
    tablet, make_account, services
):
    await graduate_from_moderate_to_mild(services)
    page = await as_role(tablet, make_account, "caseworker", "/outcomes", agency="dif-jalisco")
    chart = page.locator("#chart-elcsa")
    await is_an_image_named(
        page,
        "#chart-elcsa",
        "Egresadas por nivel de seguridad alimentaria, al ingreso y al egreso",
    )
    assert await chart.locator("rect.mark").count() == 8, "two bars a level: intake, graduation"
    rows = {
        (await row.locator("th").inner_text()): [
            int(n) for n in await row.locator("td").all_inner_texts()
        ]
        for row in await chart.locator("tbody tr").all()
    }
    assert rows["Inseguridad moderada"][0] >= 1 and rows["Inseguridad leve"][1] >= 1
    assert "Al ingreso" in await chart.locator(".legend").inner_text()
    overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    await screenshot(page, "chart-outcomes")
    await chart_picture(page, "#chart-elcsa", "chart-outcomes-elcsa")


async def overdue_case(infrastructure, marker: str) -> None:
    """A complaint a kitchen's tablet sent long ago: received then, its deadline long past."""
    sent = agency_envelope(
        event_type="grievances.grievance_submitted",
        producer="channel.kitchen_tablet",
        key=f"kitchen_tablet:TAB-{marker}",
        payload={
            "channel": "kitchen_tablet",
            "channel_reference": f"TAB-{marker}",
            "kind": "complaint",
            "category": "food_quality",
            "subject": {"kind": "kitchen", "ref": "CDMX-IZT-0042"},
            "description": f"Arroz crudo otra vez. {marker}",
            "anonymous": True,
        },
    )
    sent = {**sent, "occurred_at": "2026-10-05T13:00:00-06:00"}
    await publish_envelopes(infrastructure.kafka.operator, GRIEVANCE_INTAKE.name, [sent])
    await wait_for_records(
        infrastructure.kafka.operator, GRIEVANCE_EVENTS.name, caused_by(sent["event_id"])
    )


async def test_an_officer_sees_open_cases_by_days_left_the_overdue_in_red(
    tablet, make_account, services, infrastructure
):
    marker = f"plazo-{uuid.uuid4().hex[:8]}"
    await overdue_case(infrastructure, marker)
    for words in ("Cobraron de más.", "No había agua potable."):
        submit(services, submission(description=f"{words} {marker}"))
    username, password = await make_account("grievance_officer")
    page = await sign_in(await tablet(), username, password, "/grievances")
    await page.fill("input[name=q]", marker)
    async with page.expect_navigation():
        await page.click("form[action='/grievances'] button[type=submit]")
    assert await page.locator("#queue tbody tr").count() == 3
    chart = page.locator("#chart-deadlines")
    await is_an_image_named(
        page, "#chart-deadlines", "Casos abiertos por días que faltan para su plazo"
    )
    bars = chart.locator("rect.mark")
    assert await bars.count() == 2, "the overdue span and the span of the two new cases"
    assert await bars.first.get_attribute("fill") == "#b3261e"
    assert "Vencidos: 1" in await bars.first.locator("title").text_content()
    told = await chart.locator(".chart-figures").inner_text()
    assert "Casos abiertos en la lista: 3; con el plazo vencido: 1." in told
    overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    await screenshot(page, "chart-grievance-deadlines")
    await chart_picture(page, "#chart-deadlines", "chart-grievance-deadlines-chart")


def busy_year_kitchen(services) -> str:
    """A kitchen that reported every weekday of 2026 through November (a holiday is refused
    and left out) and bought something every Monday: the most a year's charts draw."""
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    day = date(2026, 1, 5)
    while day <= date(2026, 11, 30):
        if day.weekday() < 5:
            with contextlib.suppress(urllib.error.HTTPError):
                committee_json(
                    f"{base}/daily-reports",
                    report_body(kitchen_id, day.isoformat(), 120 + day.day * 3),
                )
        if day.weekday() == 0:
            with contextlib.suppress(urllib.error.HTTPError):
                committee_json(
                    f"{base}/purchases",
                    {
                        "kitchen_id": kitchen_id,
                        "purchased_on": day.isoformat(),
                        "supplier": "Central de Abasto",
                        "category": "perishable",
                        "amount_centavos": 150_000,
                        "receipt_reference": f"Y-{day.isoformat()}",
                    },
                )
        day += timedelta(days=1)
    return kitchen_id


async def test_the_weight_and_first_paint_of_each_charted_screen(tablet, make_account, services):
    """Prints, does not assert: the bytes of HTML and the first contentful paint of each
    screen with charts on the tablet (the issue's closing note asks for the heaviest)."""
    kitchen_id = september_kitchen(services)
    busy = busy_year_kitchen(services)
    screens = {
        "supervisor": [
            f"/kitchens/{kitchen_id}/indicators?{SEPTEMBER}",
            # The longest period a chart draws, for a kitchen that reported all year.
            f"/kitchens/{busy}/indicators?start=2026-01-01&end=2026-12-31",
            f"/kitchens/indicators?{SEPTEMBER}",
        ],
        "caseworker": ["/outcomes"],
        "grievance_officer": ["/grievances"],
    }
    for role, paths in screens.items():
        scope = {"agency": "dif-jalisco"} if role == "caseworker" else {}
        username, password = await make_account(role, **scope)
        page = await sign_in(await tablet(), username, password)
        for path in paths:
            started = time.perf_counter()
            response = await page.goto(path)
            loaded = time.perf_counter() - started
            html = await response.body()
            paint = await page.evaluate(FIRST_CONTENTFUL_PAINT)
            charts = await page.evaluate(
                "[...document.querySelectorAll('figure.chart')]"
                ".reduce((n, f) => n + f.outerHTML.length, 0)"
            )
            if path.startswith(f"/kitchens/{busy}/"):
                await chart_picture(page, "#chart-rations", "chart-kitchen-rations-year")
                await chart_picture(page, "#chart-purse", "chart-kitchen-purse-year")
            print(
                f"\nCHART-SCREEN {path} as {role}: {len(html)} bytes of HTML "
                f"({charts} characters of it the charts), first contentful paint {paint:.0f} ms, "
                f"loaded in {loaded * 1000:.0f} ms"
            )
