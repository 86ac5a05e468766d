"""Contact CSV exports -> ImportedContacts + Problems (pure; the caller reads the bytes).

Three layouts, told apart by their header (`detect_format`): Google Contacts (the current
`First Name,...,Labels,E-mail 1 - Label` export and the older `Name,Given Name,...,Group
Membership,E-mail 1 - Type` one), Google's "Outlook CSV" export (its header also starts
`First Name,Middle Name,Last Name`, so prefixes are not enough), and LinkedIn's
`Connections.csv` (2018: no URL column; 2024: a `Notes:` preamble before the header).
UTF-8 and UTF-16 with a BOM are read; Google's ` ::: ` joins several values in one cell and
`* ` marks the primary one.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping

from netvault.interchange.imported import (
    ImportedContact,
    clean,
    import_tags,
    read_birthday,
    unique,
)
from netvault.model import Birthday
from netvault.problems import Problem, error, warning

FORMATS = ("google", "outlook", "linkedin")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
# Outlook writes an empty date as 0/0/00.
_EMPTY_DATES = {"0/0/00", "0/0/0000", "00/00/0000"}
Row = Mapping[str, str]
# Outlook writes dates as the computer's region does: 5/1/1983 is 1 May in the US and
# 5 January in the UK. `21.11.1965` (Germany and others) is always day first.
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
DATE_ORDERS = ("auto", "mdy", "dmy")


def decode_csv(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if len(data) >= 4 and data[1] == 0 and data[3] == 0:
        return data.decode("utf-16-le", "replace")  # UTF-16 without its BOM
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def detect_format(header: list[str]) -> str | None:
    columns = set(header)
    if {"First Name", "Last Name"} <= columns and (
        "Connected On" in columns or {"Email Address", "Position"} <= columns
    ):
        return "linkedin"
    if "E-mail Address" in columns or {"Job Title", "Business Phone"} <= columns:
        return "outlook"
    if columns & {"Given Name", "E-mail 1 - Value", "Labels", "Group Membership"}:
        return "google"
    return None


DELIMITERS = (",", ";", "\t")  # a comma, else Excel's in a comma-decimal locale, else a tab


def _rows(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]:
    """(first line, cells) of every record, quoted cells spanning lines; and (line, what)
    of each record whose quoting is broken. The reader is strict: a lenient one makes an
    unclosed quote swallow the rest of the file into one cell without a word."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    faults: list[tuple[int, str]] = []
    last = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the reader goes on at the line after the broken record
            start, last = last + 1, reader.line_num
            if "end of data" in str(exc):
                said = "a quote opened in this row is never closed; it and the rows after it"
                said += " were not read"
            else:
                lost = (
                    f"it and the {last - start} lines after it were" if last > start else "it was"
                )
                said = f"this row's quoting is broken ({exc}); {lost} not read"
            faults.append((start, said))
            continue
        start, last = last + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            rows.append((start, cells))
    return rows, faults


def _find_header(
    text: str, layout: str
) -> tuple[list[str], int, list[tuple[int, list[str]]], list[tuple[int, str]]] | None:
    """The header (the first row of the first 20 that looks like one: LinkedIn puts notes
    above it), its line, the records after it and the broken ones, trying each delimiter
    in turn; None when no delimiter gives a header."""
    for delimiter in DELIMITERS:
        rows, faults = _rows(text, delimiter)
        for at, (line, cells) in enumerate(rows):
            cells = [cell.strip().lstrip("\ufeff") for cell in cells]
            if detect_format(cells) is not None or (layout != "auto" and "First Name" in cells):
                return cells, line, rows[at + 1 :], [f for f in faults if f[0] > line]
            if line > 20:
                break
    return None


def _multi(value: str | None) -> list[str]:
    """Google's `a ::: b` cells as a list."""
    return [part.strip() for part in (value or "").split(":::") if part.strip()]


def _numbered(row: Row, pattern: str) -> list[str]:
    """Values of the columns `pattern` matches (like `E-mail 2 - Value`), in column order."""
    compiled = re.compile(pattern)
    return [v for key, cell in row.items() if compiled.fullmatch(key) for v in _multi(cell)]


def _join(*parts: str | None) -> str | None:
    return clean(" ".join(p for p in parts if p and p.strip()))


def _place(row: Row, prefixes: tuple[str, ...], city: str, region: str, country: str) -> str | None:
    for prefix in prefixes:
        parts = (clean(row.get(prefix + key)) for key in (city, region, country))
        place = ", ".join(p for p in parts if p)
        if place:
            return place
    return None


def _split_links(urls: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """(website, linkedin) from (label, url) pairs."""
    website = linkedin = None
    for label, url in urls:
        if linkedin is None and ("linkedin" in label.casefold() or "linkedin.com/" in url.lower()):
            linkedin = url
        elif website is None:
            website = url
    return website, linkedin


def date_order(dates: list[str]) -> str | None:
    """`mdy` or `dmy`, as a file's slashed dates show it (a first number above 12 is a day,
    a second above 12 a month), or None when they do not tell, or tell both ways."""
    parts = [m.groups() for m in map(_SLASHED.fullmatch, dates) if m is not None]
    day_first = any(int(first) > 12 for first, _, _ in parts)
    month_first = any(int(second) > 12 for _, second, _ in parts)
    if day_first == month_first:
        return None
    return "dmy" if day_first else "mdy"


def _spell(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


class _RowReader:
    def __init__(self, source: str, problems: list[Problem], order: str | None) -> None:
        self.source = source
        self.problems = problems
        self.order = order  # of a slashed date: mdy, dmy, or None when each must tell

    def birthday(self, row: Row, line: int, column: str = "Birthday") -> Birthday | None:
        spelled = (row.get(column) or "").strip()
        if not spelled or spelled in _EMPTY_DATES:
            return None
        said = spelled
        if dotted := _DOTTED.fullmatch(spelled):
            day, month, year = (int(part) for part in dotted.groups())
            said = _spell(year, month, day)
        elif slashed := _SLASHED.fullmatch(spelled):
            first, second, year = (int(part) for part in slashed.groups())
            order = self.order or ("dmy" if first > 12 else "mdy" if second > 12 else None)
            if order is None and first != second:
                self.problems.append(warning(self.source, line, _ambiguous(spelled, first, second)))
                return None
            month, day = (second, first) if order == "dmy" else (first, second)
            said = _spell(year, month, day)
            if len(slashed.group(3)) == 2:  # 80: 1980 or 2080? the day is kept, not the year
                said = f"--{month:02d}-{day:02d}"
                if read_birthday(said) is not None:
                    message = f"birthday {spelled!r} has a two-digit year; imported as {said}"
                    self.problems.append(warning(self.source, line, message))
        born = read_birthday(said)
        if born is None:
            self.problems.append(
                warning(self.source, line, f"birthday {spelled!r} is not a date; not imported")
            )
        return born

    def google(self, line: int, row: Row) -> ImportedContact:
        if "First Name" in row:
            name = _join(row.get("First Name"), row.get("Middle Name"), row.get("Last Name"))
            company, title = row.get("Organization Name"), row.get("Organization Title")
            department = row.get("Organization Department")
            labels = row.get("Labels")
        else:
            name = _join(row.get("Given Name"), row.get("Additional Name"), row.get("Family Name"))
            name = name or clean(row.get("Name"))
            company, title = row.get("Organization 1 - Name"), row.get("Organization 1 - Title")
            department = row.get("Organization 1 - Department")
            labels = row.get("Group Membership")
        urls = [
            (
                row.get(key.replace("Value", "Label"), "")
                or row.get(key.replace("Value", "Type"), ""),
                v,
            )
            for key in row
            if re.fullmatch(r"Website \d+ - Value", key)
            for v in _multi(row[key])
        ]
        website, linkedin = _split_links(urls)
        return ImportedContact(
            source=self.source,
            line=line,
            name=name or clean(company),
            aliases=unique(_multi(row.get("Nickname"))),
            emails=unique(_numbered(row, r"E-mail \d+ - Value")),
            phones=unique(_numbered(row, r"Phone \d+ - Value"), fold=False),
            tags=import_tags(_multi(labels)),
            birthday=self.birthday(row, line),
            company=clean(company),
            title=clean(title),
            department=clean(department),
            website=website,
            linkedin=linkedin,
            location=_place(row, ("Address 1 - ",), "City", "Region", "Country"),
            note=(row.get("Notes") or "").strip(),
        )

    def outlook(self, line: int, row: Row) -> ImportedContact:
        name = _join(row.get("First Name"), row.get("Middle Name"), row.get("Last Name"))
        emails = [
            row.get(k, "") for k in ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
        ]
        phones = [v for key, v in row.items() if "Phone" in key and "Fax" not in key]
        website, linkedin = _split_links([("", w) for w in _multi(row.get("Web Page"))])
        return ImportedContact(
            source=self.source,
            line=line,
            name=name or clean(row.get("Company")),
            aliases=unique([row.get("Nickname", "")]),
            emails=unique(emails),
            phones=unique(phones, fold=False),
            tags=import_tags((row.get("Categories") or "").split(";")),
            birthday=self.birthday(row, line),
            company=clean(row.get("Company")),
            title=clean(row.get("Job Title")),
            department=clean(row.get("Department")),
            website=website,
            linkedin=linkedin,
            location=_place(row, ("Home ", "Business ", "Other "), "City", "State", "Country"),
            note=(row.get("Notes") or "").strip(),
        )

    def linkedin(self, line: int, row: Row) -> ImportedContact:
        spelled = (row.get("Connected On") or "").strip()
        met = connected_on(spelled)
        if spelled and met is None:
            self.problems.append(
                warning(self.source, line, f"Connected On {spelled!r} is not a date; not imported")
            )
        name = _join(row.get("First Name"), row.get("Last Name"))
        return ImportedContact(
            source=self.source,
            line=line,
            name=name,
            emails=unique([row.get("Email Address", "")]),
            company=clean(row.get("Company")),
            title=clean(row.get("Position")),
            linkedin=clean(row.get("URL")),
            met=met,
            met_where="LinkedIn" if name or row.get("Email Address") else None,
        )


def connected_on(text: str) -> dt.date | None:
    """LinkedIn's dates: `09 Oct 2024` (2024) and `4/11/18, 9:05 AM` (2018, US order)."""
    try:
        if match := re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})", text):
            month = _MONTHS.get(match.group(2).lower())
            return dt.date(int(match.group(3)), month, int(match.group(1))) if month else None
        if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,? .*)?", text):
            year = int(match.group(3))
            year += 2000 if year < 100 else 0
            return dt.date(year, int(match.group(1)), int(match.group(2)))
        if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
            return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return None


def _ambiguous(spelled: str, first: int, second: int) -> str:
    def day(number: int, month: int) -> str:
        return f"{number} {dt.date(2000, month, 1):%B}" if 1 <= month <= 12 else "?"

    return (
        f"birthday {spelled!r} could be {day(second, first)} or {day(first, second)}, and no"
        " date in this file tells which comes first; not imported (give --date-order mdy or dmy)"
    )


def read_csv_contacts(
    data: bytes, source: str, layout: str = "auto", order: str = "auto"
) -> tuple[list[ImportedContact], list[Problem]]:
    """Every row of one export; `layout` is `auto` or one of FORMATS, `order` one of
    DATE_ORDERS: `auto` reads it from the file's own dates."""
    problems: list[Problem] = []
    found = _find_header(decode_csv(data), layout)
    if found is None:
        if layout != "auto":
            message = (
                f"no {layout} header (a row naming columns such as First Name) in the first 20 rows"
            )
        else:
            known = ", ".join(FORMATS)
            message = f"no known CSV header found (expected a {known} export); try --format"
        return [], [error(source, 1, message)]
    header, header_line, rows, faults = found
    problems.extend(error(source, line, said) for line, said in faults)
    detected = detect_format(header)
    chosen = layout if layout != "auto" else detected
    if detected is not None and chosen != detected:  # said, then done as asked
        message = f"the header looks like a {detected} export, not {chosen}; read as {chosen}"
        problems.append(warning(source, header_line, message + " as --format asks"))
    if chosen not in FORMATS:
        return [], [error(source, header_line, "cannot tell which export this is; use --format")]
    table = [
        (line, dict(zip(header, [*cells, *([""] * (len(header) - len(cells)))], strict=False)))
        for line, cells in rows
    ]
    if order == "auto":
        found_order = date_order([(row.get("Birthday") or "").strip() for _, row in table])
    else:
        found_order = order
    reader = _RowReader(source, problems, found_order)
    read: Callable[[int, Row], ImportedContact] = getattr(reader, chosen)
    return [read(line, row) for line, row in table], problems
