"""The Spanish user guides (docs/guias) against the console they describe: one guide per role,
reached from the index; pictures that are the browser tests' own screenshots, every one there
and none left over; and the users' words, never the code's names for their roles. Reads files
only: no console, no browser."""

import re
from pathlib import Path

from shared.roles import Role
from tests.browser.guide_pictures import GUIDES, PICTURE, PICTURES, ROOT, referenced

INDEX = GUIDES / "README.md"
GUIDE_OF = {
    Role.CASEWORKER: "trabajo-social.md",
    Role.SUPERVISOR: "supervision.md",
    Role.KITCHEN_COMMITTEE: "comite-de-comedor.md",
    Role.GRIEVANCE_OFFICER: "quejas.md",
    Role.IDENTITY_REVEAL_OFFICER: "revelacion-de-identidad.md",
    Role.OPS: "operaciones.md",
    Role.AUDITOR: "auditoria.md",
    Role.ADMIN: "administracion.md",
}
# A name the browser tests save a full-page screenshot under: screenshot(<page>, "<name>").
SAVED = re.compile(r"screenshot\(\s*\w+\s*,\s*\"([^\"]+)\"")
# Role codes that are also everyday Spanish words, which a guide may well use as such.
SPANISH_WORDS = frozenset({Role.SUPERVISOR.value, Role.AUDITOR.value})


def _guides() -> list[Path]:
    return sorted(p for p in GUIDES.glob("*.md") if p != INDEX)


def _saved_by_browser_tests() -> set[str]:
    return {
        name
        for test in (ROOT / "tests" / "browser").glob("*.py")
        for name in SAVED.findall(test.read_text(encoding="utf-8"))
    }


def test_every_role_has_a_guide_linked_from_the_index():
    # A role added to shared/roles.py without a guide fails here, not in a user's hands.
    assert set(GUIDE_OF) == set(Role)
    index = INDEX.read_text(encoding="utf-8")
    for role, guide in GUIDE_OF.items():
        assert (GUIDES / guide).is_file(), f"{role}: {guide} is missing"
        assert f"]({guide})" in index, f"{role}: README.md does not link {guide}"


def test_every_picture_a_guide_shows_is_in_its_img_folder():
    for guide in _guides():
        for name in PICTURE.findall(guide.read_text(encoding="utf-8")):
            assert (PICTURES / f"{name}.png").is_file(), f"{guide.name}: img/{name}.png is missing"


def test_every_picture_is_one_the_browser_tests_capture():
    # Otherwise `python -m tests.browser.guide_pictures` could never refresh it.
    saved = _saved_by_browser_tests()
    unsaved = [name for name in referenced() if name not in saved]
    assert not unsaved, f"no browser test saves screenshot(page, name) for: {unsaved}"


def test_no_picture_is_kept_that_no_guide_shows():
    shown = {f"{name}.png" for name in referenced()}
    kept = {p.name for p in PICTURES.iterdir()}
    assert kept <= shown, f"pictures no guide references: {sorted(kept - shown)}"


def test_no_guide_names_a_role_by_its_code():
    codes = [role.value for role in Role if role.value not in SPANISH_WORDS]
    code = re.compile(r"\b(" + "|".join(codes) + r")\b", re.IGNORECASE)
    for guide in [INDEX, *_guides()]:
        found = code.findall(guide.read_text(encoding="utf-8"))
        assert not found, f"{guide.name} names roles by their codes: {sorted(set(found))}"
