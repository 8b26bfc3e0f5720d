"""What the screen crawl looks for on a page, and how it walks the console: no I/O here
but the browser page it is handed.

A page's words are read as a person meets them: the body's visible text, the page's title
and the title, aria-label and placeholder attributes a screen reader or a hover shows. Each
line is checked for what a reader should never see: ISO dates and times, ids, Python's
reprs, snake_case codes, agency codes where a name belongs, the codes of the crawl's own
kitchens where a name belongs, and, on a Spanish page, English sentences (on an English page,
Spanish ones)."""

import json
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from deploy.local.kafka_security import AGENCIES
from services.console.auth.sessions import AUDITOR_FORMS

# The technical names an operator needs on the operators' screens (/ops), each shown in
# <code data-technical="kind"> beside its words (templates/_ops_named.html): what she types into
# Kafka's tools (a topic, a consumer group), searches in the logs and documents (an event type,
# its producer, an event's id, a service's own words for a failure) or reads to see what broke
# (a message's shape, its values masked). Such a name is counted, not read, and must have words
# beside it; any other <code>, on /ops or anywhere else, is read as the page's words and reported.
TECHNICAL = (
    "topic",
    "group",
    "event-type",
    "producer",
    "event-id",
    "failure",
    "shape",
)

# A reader's words of every kind on the page: the visible text and the attributes shown on
# hover or read aloud.
PAGE_WORDS = """() => {
  const technicalKinds = new Set(TECHNICAL_KINDS);
  const onOps = location.pathname.startsWith('/ops');
  let technical = 0;
  const bare = [], stray = [];
  for (const code of document.querySelectorAll('code')) {
    const kind = code.dataset.technical;
    if (!onOps || !technicalKinds.has(kind)) {
      stray.push(code.textContent.trim());
      continue;
    }
    // textContent: a name folded away (a closed <details>) has its words there too.
    const words = code.closest('.named')?.querySelector('.words')?.textContent.trim() || '';
    if (!/\\p{L}/u.test(words)) bare.push(code.textContent.trim());
    technical += 1;
    code.textContent = '';
  }
  const words = [document.title, ...document.body.innerText.split('\\n')];
  for (const element of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    for (const name of ['title', 'aria-label', 'placeholder']) {
      const value = element.getAttribute(name);
      if (value) words.push(value);
    }
  }
  return {technical, bare, stray, words: words.map(w => w.trim()).filter(w => w)};
}""".replace("TECHNICAL_KINDS", json.dumps(TECHNICAL))

# Every same-origin link of the page, resolved, and what each GET form sends as it stands
# (its default submission: a search with nothing typed, a period as proposed).
PAGE_LINKS = """() => {
  const found = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  for (const form of document.querySelectorAll('form')) {
    if ((form.getAttribute('method') || 'get').toLowerCase() !== 'get') continue;
    const target = new URL(form.action);
    target.search = new URLSearchParams(new FormData(form)).toString();
    found.push(target.href);
  }
  return found.filter(href => href.startsWith(location.origin));
}"""

# The forms a page offers to send by POST: a read-only account should be offered none but
# those the console lets it send (AUDITOR_FORMS: searches, a reason, its own password).
POST_FORMS = """() => Array.from(document.querySelectorAll('main form'))
  .filter(form => (form.getAttribute('method') || 'get').toLowerCase() === 'post')
  .map(form => new URL(form.action).pathname)"""

_CHECKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fecha ISO", re.compile(r"\b\d{4}-\d{2}-\d{2}(?!\d)")),
    ("hora ISO/UTC", re.compile(r"\b\d{2}:\d{2}:\d{2}\b|T\d{2}:\d{2}|\d{2}:\d{2}\s*(?:Z|UTC)\b")),
    ("UUID", re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)),
    ("id hexadecimal", re.compile(r"\b[0-9a-f]{16,}\b", re.I)),
    ("repr de Python", re.compile(r"\{'[^']*':|\[\{|\b(?:None|True|False)\b")),
    ("código snake_case", re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")),
    # Where an agency's name belongs: its code (the agencies of the local stack and tests).
    ("código de agencia", re.compile(rf"\b(?:{'|'.join(map(re.escape, AGENCIES))})\b")),
)

# English words a Spanish sentence never has; two different ones in a sentence make it English.
_ENGLISH = frozenset(
    [
        "the",
        "is",
        "are",
        "of",
        "and",
        "to",
        "with",
        "after",
        "between",
        "not",
        "was",
        "has",
        "have",
        "this",
        "that",
        "for",
        "in",
        "on",
        "by",
        "or",
        "be",
        "at",
        "from",
    ]
)
# Spanish words an English sentence never has (names of places and people aside, which hold
# "de" and "la" but rarely two of these together with a verb).
_SPANISH = frozenset(
    ["el", "los", "las", "del", "que", "para", "con", "una", "por", "está", "son", "sin"]
)
# Proper nouns legitimately in English on a Spanish page: none so far. A finding is fixed,
# never listed here.
PROPER_NOUNS: frozenset[str] = frozenset()
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+")
_HANDLE = re.compile(r"\w[-_.@/:]\w|\d")


@dataclass(frozen=True)
class Finding:
    pattern: str
    role: str
    kind: str
    snippet: str

    def __str__(self) -> str:
        return f"{self.role:<24} {self.pattern:<44} {self.kind}: {self.snippet}"


def _foreign_sentence(line: str, language: str) -> str | None:
    """The first sentence of the line in the other language. Handles (a username such as
    nobody-by-this-name, a code, an address) are names, not words of a sentence."""
    foreign = _ENGLISH if language == "es" else _SPANISH
    for sentence in _SENTENCE.split(line):
        tokens = (t for t in sentence.split() if not _HANDLE.search(t))
        words = [w.lower() for t in tokens for w in _WORD.findall(t) if w not in PROPER_NOUNS]
        if len(set(words) & foreign) >= 2:
            return sentence
    return None


def findings_in(
    words: Iterable[str], language: str, written: Iterable[str] = (), codes: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(kind, snippet) for each line that shows what a reader should not see. `written`: what
    people typed (a complaint, an officer's answer), shown as written in either language, so
    not read for its language. `codes`: the kitchens' codes, never shown where a name belongs."""
    checks = _CHECKS
    if codes:
        kitchens = re.compile(rf"\b(?:{'|'.join(map(re.escape, codes))})\b")
        checks = (*_CHECKS, ("código de comedor", kitchens))
    found = []
    for line in dict.fromkeys(words):
        for kind, pattern in checks:
            if hit := pattern.search(line):
                found.append((kind, _around(line, hit.start(), hit.end())))
        for text in written:
            line = line.replace(text, " ")
        if sentence := _foreign_sentence(line, language):
            kind = "frase en inglés" if language == "es" else "Spanish sentence"
            found.append((kind, sentence[:120]))
    return found


def _around(line: str, start: int, end: int) -> str:
    left, right = max(0, start - 40), min(len(line), end + 40)
    return ("…" if left else "") + line[left:right] + ("…" if right < len(line) else "")


_ID_SEGMENT = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f-]{27}|\d+|[A-Za-z]+-[A-Za-z0-9-]*\d[A-Za-z0-9-]*|G-.*)$"
)


def pattern_of(url: str) -> str:
    """The page's path with ids, numbers and codes as {id}, and its query's names with values
    that are ids as {id}: one visit per kind of page."""
    parts = urlsplit(url)
    path = "/".join("{id}" if _ID_SEGMENT.match(s) else s for s in parts.path.split("/"))
    query = sorted(
        (name, "{id}" if _ID_SEGMENT.match(value) else value)
        for name, value in parse_qsl(parts.query)
    )
    return path + (f"?{urlencode(query, safe='{}')}" if query else "")


# Paths a crawl never follows: signing out, switching language (done on purpose), files that
# are not screens (downloads among them), the services' raw documents, probes and
# Prometheus's scrape.
SKIPPED = re.compile(
    r"^/(?:sign-out|language/|static/|ops/services/|metrics|health/)|\.(?:csv|json)$"
)


@dataclass
class Crawl:
    role: str
    language: str
    limit: int
    written: tuple[str, ...] = ()
    read_only: bool = False
    # The kitchens the crawl seeded, whose codes no page may show (their names belong there).
    codes: tuple[str, ...] = ()
    seen: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    # Pages answered with an error (a refusal of the console or of a service), by pattern.
    refusals: dict[str, int] = field(default_factory=dict)
    # Technical names an operator needs, in <code> beside their words on /ops (PAGE_WORDS).
    technical: int = 0
    pages: int = 0

    async def walk(self, page, start: Iterable[str]) -> None:
        """Each of `start` (seeded pages: a case in each state), then breadth first from them
        each kind of page once, at most `limit` pages in all."""
        queue = deque((url, True) for url in start)
        visited: set[str] = set()
        while queue and self.pages < self.limit:
            link, seeded = queue.popleft()
            url = urlsplit(link)._replace(fragment="").geturl()
            pattern = pattern_of(url)
            if url in visited or SKIPPED.search(urlsplit(url).path):
                continue
            if pattern in self.seen and not seeded:
                continue
            visited.add(url)
            self.seen.add(pattern)
            queue.extend((found, False) for found in await self._read(page, url, pattern))

    async def _read(self, page, url: str, pattern: str) -> list[str]:
        """The page's findings noted; its links returned."""
        response = await page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            return []
        self.pages += 1
        if response.status >= 400:
            self.refusals[pattern] = response.status
        read = await page.evaluate(PAGE_WORDS)
        self.technical += read["technical"]
        for name in read["bare"]:
            self.findings.append(Finding(pattern, self.role, "nombre técnico sin palabras", name))
        for text in read["stray"]:
            kind = "<code> que no es un nombre técnico de /ops"
            self.findings.append(Finding(pattern, self.role, kind, text[:120]))
        words = findings_in(read["words"], self.language, self.written, self.codes)
        for kind, snippet in words:
            self.findings.append(Finding(pattern, self.role, kind, snippet))
        if self.read_only:
            for action in await page.evaluate(POST_FORMS):
                if action not in AUDITOR_FORMS:
                    kind = "formulario para solo lectura"
                    self.findings.append(Finding(pattern, self.role, kind, pattern_of(action)))
        return await page.evaluate(PAGE_LINKS)
