"""Format of the CURP (Clave Única de Registro de Población)."""

import re

# 4 letters of name, birth date YYMMDD, sex (H, M, or X since 2023), state code,
# 3 internal consonants, a homonym differentiator, a check digit.
CURP_PATTERN = re.compile(r"^[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d$")


def curp_format_problem(curp: str) -> str | None:
    if len(curp) != 18:
        return f"a CURP has 18 characters, this one has {len(curp)}"
    if not CURP_PATTERN.match(curp):
        return "does not follow the CURP format (letters, birth date YYMMDD, sex, state, consonants, check digit)"
    return None
