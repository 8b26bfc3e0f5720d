"""The documents' links between each other lead somewhere: every relative link
names a file of the repository, and every #fragment a heading of that file."""

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def anchors(document: Path) -> set[str]:
    """GitHub's anchor of each heading: lower case, punctuation dropped, spaces as hyphens."""
    return {
        re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        for heading in HEADING.findall(document.read_text())
    }


def relative_links(document: Path) -> list[str]:
    return [
        target for target in LINK.findall(document.read_text()) if not re.match(r"^[a-z]+:", target)
    ]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading(document):
    for target in relative_links(document):
        path, _, fragment = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        assert linked.exists(), f"{target}: no such file"
        if fragment:
            assert fragment in anchors(linked), f"{target}: no such heading in {linked.name}"
