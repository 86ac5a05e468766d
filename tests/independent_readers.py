"""Independent readers of the real-world export files, for tests only.

They share no code with netvault.interchange (nor vobject), so when the importer and this
agree on which e-mail addresses a file holds, that is evidence, not an echo.
"""

from __future__ import annotations

import codecs
import quopri
import re
from pathlib import Path

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
VCARDS = sorted((REALWORLD / "vcards").rglob("*.vcf"))
CSVS = sorted((REALWORLD / "csv").glob("*.csv"))

_EMAIL_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?EMAIL[;:]", re.IGNORECASE)
_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def vcard_emails(path: Path) -> list[str]:
    """Every EMAIL property value: RFC folding and 2.1 quoted-printable soft breaks undone."""
    logical: list[str] = []
    for line in re.split(r"\r*\n|\r", _text(path.read_bytes())):
        previous = logical[-1] if logical else ""
        soft_break = previous.endswith("=") and "QUOTED-PRINTABLE" in previous.split(":")[0].upper()
        if logical and line[:1] in (" ", "\t"):
            logical[-1] = previous + line[1:]
        elif logical and soft_break:
            logical[-1] = previous[:-1] + line
        else:
            logical.append(line)
    found = []
    for line in logical:
        if not _EMAIL_PROPERTY.match(line):
            continue
        head, _, value = line.partition(":")
        if "QUOTED-PRINTABLE" in head.upper():
            charset = re.search(r"CHARSET=([^;:]+)", head, re.IGNORECASE)
            value = quopri.decodestring(value.encode()).decode(charset[1] if charset else "utf-8")
        value = re.sub(r"\\(.)", r"\1", value).strip()
        if value:
            found.append(value)
    return found


def csv_emails(path: Path) -> list[str]:
    """Every e-mail-looking token anywhere in the file."""
    return _ADDRESS.findall(_text(path.read_bytes()))
