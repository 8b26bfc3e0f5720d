"""A caseworker enrols a person from the console (the registry's POST /enrolments) on a
tablet: a new person, the same person again with a typo (linked or held for review, said in
words), and the registry's refusals shown on the form in Spanish with what was typed kept.
The agency is her account's. Roles that may not enrol get no link and are refused the page."""

import re
import uuid

from services.beneficiaries.domain.curp import check_digit
from tests.browser.console_helpers import post_without_form, screenshot, sign_in
from tests.browser.test_console_casework_forms import fits_the_tablet, spanish_only
from tests.e2e.test_skeleton_flows import distinct_person

UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
VOWELS = "AEIOU"


def curp_of(person: dict) -> str:
    """A well-formed CURP for a woman born in Jalisco, check digit included."""
    paternal, maternal = person["paternal_surname"].upper(), "DIAZ"
    given = person["given_names"].split()[0].upper()
    vowel = next(c for c in paternal[1:] if c in VOWELS)
    consonant = next(c for c in paternal[1:] if c not in VOWELS)
    born = person["birth_date"]
    first_17 = (
        f"{paternal[0]}{vowel}{maternal[0]}{given[0]}{born[2:4]}{born[5:7]}{born[8:10]}MJC"
        f"{consonant}ZS{'0' if born < '2000' else 'A'}"
    )
    return first_17 + check_digit(first_17)


async def fill_enrolment(page, person: dict, curp: str, birth_date: str) -> None:
    await page.fill("#enrolment input[name=given_names]", person["given_names"])
    await page.fill("#enrolment input[name=paternal_surname]", person["paternal_surname"])
    await page.fill("#enrolment input[name=maternal_surname]", person["maternal_surname"])
    await page.check("#enrolment input[name=sex][value=M]")
    await page.fill("#enrolment input[name=birth_date]", birth_date)
    await page.fill("#enrolment input[name=national_id]", curp)
    await page.fill("#enrolment input[name=state]", "Jalisco")
    await page.fill("#enrolment input[name=municipality]", "Zapopan")
    await page.fill("#enrolment input[name=programme]", "Seguridad alimentaria")
    await page.select_option("#enrolment select[name=benefit_type]", "food_basket")
    await page.check("#enrolment input[name=consent_to_share]")


async def send(page) -> None:
    async with page.expect_navigation():
        await page.click("#enrolment button[type=submit]")


async def enrolled_says(page) -> str:
    """The registry's answer as the page words it: no id, no code, no ISO date."""
    said = await spanish_only(page)
    assert not UUID_TEXT.search(said), f"an id on the answer: {said}"
    assert await page.locator("#case-file").count() == 1
    return await page.locator("#decided").inner_text()


async def test_a_caseworker_enrols_a_new_person_then_the_same_one_with_a_typo(tablet, make_account):
    record = f"ENROL-{uuid.uuid4().hex[:8]}"
    person = distinct_person(record)
    curp = curp_of(person)
    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password, "/people")
    async with page.expect_navigation():
        await page.click("#enrol-link")
    await page.wait_for_selector("#enrolment")
    assert "DIF Jalisco" in await page.locator("main").inner_text()
    assert await page.locator("#enrolment [name=agency]").count() == 0, "agency on the form"
    await fill_enrolment(page, person, curp, person["birth_date"])
    await page.fill("#enrolment input[name=agency_record_id]", record)
    await fits_the_tablet(page)
    await screenshot(page, "casework_enrolment_form")
    await send(page)
    first = await enrolled_says(page)
    assert "es una persona nueva" in first, first
    await screenshot(page, "casework_enrolment_result")
    new_file = await page.get_attribute("#case-file", "href")

    # Her record again, from another file of the agency, with a typo in her second name.
    await page.goto("/enrolment")
    typo = {**person, "given_names": person["given_names"][:-1] + "x"}
    await fill_enrolment(page, typo, curp, person["birth_date"])
    await send(page)
    again = await enrolled_says(page)
    linked = "ya estaba en el registro" in again
    held = "una trabajadora social comparará los dos registros" in again
    assert linked or held, again
    await screenshot(page, "casework_enrolment_again")
    if linked:
        assert await page.get_attribute("#case-file", "href") == new_file
    else:
        assert await page.locator("#review").count() == 1


async def test_a_refused_enrolment_is_said_in_spanish_on_the_form_with_what_was_typed(
    tablet, make_account
):
    person = distinct_person(f"ENROL-{uuid.uuid4().hex[:8]}")
    curp = curp_of(person)
    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password, "/enrolment")
    await fill_enrolment(page, person, "", "2099-05-01")
    await send(page)
    refused = await page.locator("#refused").inner_text()
    assert "La fecha de nacimiento todavía no llega" in refused, refused
    assert await page.locator("label.invalid input[name=birth_date]").count() == 1
    assert await page.input_value("#enrolment input[name=given_names]") == person["given_names"]
    assert await page.input_value("#enrolment input[name=birth_date]") == "2099-05-01"
    await spanish_only(page)

    wrong_digit = curp[:17] + str((int(curp[17]) + 1) % 10)
    await page.fill("#enrolment input[name=birth_date]", person["birth_date"])
    await page.fill("#enrolment input[name=national_id]", wrong_digit)
    await send(page)
    refused = await page.locator("#refused").inner_text()
    assert "La CURP no es válida" in refused, refused
    assert await page.locator("label.invalid input[name=national_id]").count() == 1
    assert await page.input_value("#enrolment input[name=national_id]") == wrong_digit
    assert await page.input_value("#enrolment input[name=municipality]") == "Zapopan"
    assert await page.is_checked("#enrolment input[name=consent_to_share]")
    await fits_the_tablet(page)


async def test_roles_that_may_not_enrol_get_no_link_and_are_refused_the_page(tablet, make_account):
    for role, scope in (("auditor", {}), ("kitchen_committee", {"kitchen": "CDMX-IZT-0001"})):
        username, password = await make_account(role, **scope)
        page = await sign_in(await tablet(), username, password)
        assert await page.locator("a[href='/enrolment']").count() == 0, role
        if role == "auditor":
            await page.goto("/people")
            assert await page.locator("a[href='/enrolment']").count() == 0
        shown = await page.goto("/enrolment")
        assert shown.status == 403, (role, shown.status)
        assert await page.locator("#enrolment").count() == 0
        token = await page.locator("input[name=csrf_token]").first.get_attribute("value")
        sent = await post_without_form(
            page, "/enrolment", {"csrf_token": token or "", "given_names": "Ana"}
        )
        assert sent.status == 403, (role, sent.status)
