"""Refreshes the pictures of the Spanish user guides (docs/guias) from the browser tests.

The guides show the console's own screens as the browser tests capture them on an 800×1280
tablet (`screenshot(page, "<name>")` in tests/browser), never hand-made captures: a hand-made
picture silently drifts from the console the day a label or a form changes, while these are
taken again on every browser run, from the same data the tests assert on.

Run the browser tests first, then `python -m tests.browser.guide_pictures`: every picture a
guide references as `![texto](img/<name>.png)` is copied from .data/test-artefacts/screenshots/
into docs/guias/img/, and the ones no test saved this time are named (exit status 1)."""

import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from tests.browser.console_helpers import ROOT, SCREENSHOTS

GUIDES = ROOT / "docs" / "guias"
PICTURES = GUIDES / "img"
# The one way a guide shows a picture; tests/unit/test_user_guides.py reads it the same way.
PICTURE = re.compile(r"!\[[^\]]*\]\(img/([^)/\s]+)\.png\)")


def referenced(guides: Path = GUIDES) -> list[str]:
    """The picture names the guides reference, each once."""
    names: set[str] = set()
    for guide in sorted(guides.glob("*.md")):
        names.update(PICTURE.findall(guide.read_text(encoding="utf-8")))
    return sorted(names)


def refresh(names: Iterable[str], source: Path = SCREENSHOTS, target: Path = PICTURES) -> list[str]:
    """Copies each name's fresh screenshot over the guide's picture; returns those not found.
    A missing one leaves the old picture in place: a stale picture beats a broken guide."""
    target.mkdir(parents=True, exist_ok=True)
    missing = []
    for name in names:
        fresh = source / f"{name}.png"
        if fresh.is_file():
            shutil.copyfile(fresh, target / fresh.name)
        else:
            missing.append(name)
    return missing


def main() -> int:
    names = referenced()
    missing = refresh(names)
    print(f"{len(names) - len(missing)} of {len(names)} pictures copied into docs/guias/img/")
    for name in missing:
        print(f"not found: {SCREENSHOTS / name}.png (run the browser tests first)", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
