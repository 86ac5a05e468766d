"""vCard in and out: `read_vcards(data, source)` -> ImportedContacts + Problems; `export_vcards`.

Import: the file is split into cards here (so a broken card is reported at its own line and
the others still import); each card's content lines are read by vobject (unfolding, vCard 2.1
quoted-printable soft breaks, bare type parameters, CHARSET). We stop short of vobject's
per-property value behaviours: they keep only the first comma-separated part of `FN` and
`NICKNAME` (`FN:Richter, James` becomes `Richter`) and fail a whole file on a broken photo,
so values are unescaped here, per property kind. Photos, logos, sounds and keys are skipped.

Export: vCard 4.0 written by hand (RFC 6350): every value escaped (`\\`, newline, `,`, `;`)
so no field can start a property line, CRLF endings, lines folded at 75 octets.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import vobject

from netvault.interchange.imported import (
    ImportedContact,
    clean,
    import_tags,
    read_birthday,
    stable_uid,
    text_only,
    unique,
)
from netvault.model import Birthday, Contact
from netvault.problems import Problem, error, warning

_SKIPPED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "AGENT", "PROFILE"})
_PROPERTY_NAME = re.compile(r"^(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)[;:]")
_LINE_BREAK = re.compile(r"\r*\n|\r+")


@dataclass
class _Card:
    start: int  # file line of BEGIN:VCARD
    lines: list[str] = field(default_factory=list)


@dataclass
class _Property:
    name: str
    group: str | None
    types: frozenset[str]
    raw: str  # still escaped
    line: int


def decode_bytes(data: bytes) -> tuple[str, bool]:
    """Text of an export file, and whether it was legacy 8-bit (not UTF-8/16)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), False
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        # latin-1 maps every byte; values are re-decoded with their CHARSET (or cp1252).
        return data.decode("latin-1"), True


def split_cards(text: str, source: str) -> tuple[list[_Card], list[Problem]]:
    cards: list[_Card] = []
    problems: list[Problem] = []
    current: _Card | None = None
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        marker = line.strip().upper()
        if marker == "BEGIN:VCARD":
            if current is not None:
                problems.append(_unclosed(source, current))
            current = _Card(number, [line])
        elif current is not None:
            current.lines.append(line)
            if marker == "END:VCARD":
                cards.append(current)
                current = None
    if current is not None:
        problems.append(_unclosed(source, current))
    return cards, problems


def _unclosed(source: str, card: _Card) -> Problem:
    return error(source, card.start, "this card has no END:VCARD; it was not imported")


def _recode(value: str, charset: str | None, legacy: bool) -> str:
    if not legacy:
        return value
    try:
        return value.encode("latin-1").decode(charset or "cp1252")
    except (LookupError, UnicodeError):
        return value.encode("latin-1").decode("cp1252", "replace")


def _properties(card: _Card, source: str, legacy: bool, problems: list[Problem]) -> list[_Property]:
    found: list[_Property] = []
    stream = io.StringIO("\n".join(card.lines) + "\n")
    in_binary = False
    for logical, number in vobject.base.getLogicalLines(stream, allowQP=True):
        line = card.start + max(number, 1) - 1
        head = _PROPERTY_NAME.match(logical)
        name = head.group(1).upper() if head else ""
        if name in _SKIPPED:
            in_binary = True
            continue
        try:
            content = vobject.base.textLineToContentLine(logical, number)
        except Exception as exc:  # vobject raises several types; all mean "unreadable"
            if head is None and in_binary:
                continue  # vCard 2.1 base64 data lines after a photo or key
            reason = "bad encoding" if isinstance(exc, UnicodeError | LookupError) else "bad syntax"
            problems.append(
                warning(source, line, f"cannot read this vCard line ({reason}); skipped")
            )
            continue
        in_binary = False
        if content.name in ("BEGIN", "END", "VERSION"):
            continue
        charset = (content.params.get("CHARSET") or [None])[0]
        quoted_printable = "QUOTED-PRINTABLE" in logical.upper().split(":", 1)[0]
        raw = content.value if quoted_printable else _recode(content.value, charset, legacy)
        types = {t.upper() for t in content.params.get("TYPE", [])}
        types |= {t.upper() for t in content.singletonparams}
        for value_param in content.params.get("VALUE", []):
            types.add(f"VALUE={value_param.upper()}")
        for omitted in content.params.get("X-APPLE-OMIT-YEAR", []):
            types.add(f"X-APPLE-OMIT-YEAR={omitted.strip()}")
        group = content.group.lower() if content.group else None
        found.append(_Property(content.name, group, frozenset(types), raw, line))
    return found


def _split(raw: str, separator: str) -> list[str]:
    """Split on `separator` where it is not backslash-escaped; parts stay escaped."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(raw)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def unescape(raw: str) -> str:
    r"""RFC 6350 text: `\n` is a newline, `\,` `\;` `\\` `\:` the character itself."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def _text(prop: _Property) -> str:
    return unescape(prop.raw).strip()


def _components(prop: _Property) -> list[str]:
    return [unescape(part).strip() for part in _split(prop.raw, ";")]


def _list(prop: _Property) -> list[str]:
    return [unescape(part).strip() for part in _split(prop.raw, ",")]


def _name_from_n(prop: _Property) -> str | None:
    parts = [*_components(prop), "", "", ""]
    family, given, additional = parts[0], parts[1], parts[2]
    return clean(" ".join(p.replace(",", " ") for p in (given, additional, family) if p))


def _location(props: list[_Property]) -> str | None:
    addresses = [p for p in props if p.name == "ADR"]
    addresses.sort(key=lambda p: "PREF" not in p.types)  # stable: preferred first
    for prop in addresses:
        parts = [*_components(prop), "", "", "", "", "", "", ""]
        place = ", ".join(c for c in (clean(parts[3]), clean(parts[4]), clean(parts[6])) if c)
        if place:
            return place
    return None


def _card_contact(
    card: _Card, source: str, legacy: bool, problems: list[Problem]
) -> ImportedContact | None:
    props = _properties(card, source, legacy, problems)
    if not props:
        problems.append(error(source, card.start, "this card has no readable properties"))
        return None
    by_name: dict[str, list[_Property]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)
    labels = {p.group: _text(p).casefold() for p in by_name.get("X-ABLABEL", []) if p.group}

    def texts(name: str) -> list[str]:
        return [_text(p) for p in by_name.get(name, [])]

    def first(name: str) -> str | None:
        return next((clean(t) for t in texts(name) if clean(t)), None)

    name = first("FN") or next((n for p in by_name.get("N", []) if (n := _name_from_n(p))), None)
    # ORG is the organisation, then its units: `ORG:Kente Ventures;Investments`
    org = [u for p in by_name.get("ORG", []) if (u := [c for c in map(clean, _components(p)) if c])]
    company = org[0][0] if org else None
    department = ", ".join(org[0][1:]) if org else None
    websites: list[str] = []
    linkedin: str | None = None
    for prop in [*by_name.get("URL", []), *by_name.get("X-SOCIALPROFILE", [])]:
        url = clean(_text(prop))
        if not url:
            continue
        label = labels.get(prop.group or "", "") + " " + " ".join(prop.types).casefold()
        if linkedin is None and ("linkedin" in label or "linkedin.com/" in url.casefold()):
            linkedin = url
        elif prop.name == "URL":
            websites.append(url)
    birthday = None
    for prop in by_name.get("BDAY", []):
        birthday = read_birthday(_text(prop))
        if birthday is not None:
            # Apple Contacts writes a birthday without a year as that year (1604) and says
            # so in a parameter: the year is not the person's
            if f"X-APPLE-OMIT-YEAR={birthday.year}" in prop.types:
                birthday = Birthday(birthday.month, birthday.day)
            break
        problems.append(
            warning(source, prop.line, f"birthday {_text(prop)!r} is not a date; not imported")
        )
    phones = [t.removeprefix("tel:") for t in texts("TEL")]
    emails = [t.removeprefix("mailto:") for t in texts("EMAIL")]
    notes = [n for t in texts("NOTE") if (n := t.replace("\r\n", "\n").replace("\r", "\n").strip())]
    return ImportedContact(
        source=source,
        line=card.start,
        name=name or company,
        aliases=unique(a for p in by_name.get("NICKNAME", []) for a in _list(p)),
        emails=unique(emails),
        phones=unique(phones, fold=False),
        tags=import_tags(t for p in by_name.get("CATEGORIES", []) for t in _list(p)),
        birthday=birthday,
        company=company,
        title=first("TITLE"),
        department=department or None,
        website=websites[0] if websites else None,
        linkedin=linkedin,
        location=_location(props),
        note="\n\n".join(notes),
        uid=first("UID"),
    )


def read_vcards(data: bytes, source: str) -> tuple[list[ImportedContact], list[Problem]]:
    """Every card of one .vcf file; a broken card is a Problem at its BEGIN line."""
    text, legacy = decode_bytes(data)
    cards, problems = split_cards(text, source)
    contacts = [c for card in cards if (c := _card_contact(card, source, legacy, problems))]
    if not cards and not problems:
        problems.append(error(source, 1, "no BEGIN:VCARD found; is this a vCard file?"))
    return contacts, problems


# --- export --------------------------------------------------------------------------------


def escape(text: str) -> str:
    """RFC 6350 3.4 text escaping; CR and other control characters cannot survive."""
    text = text_only(text)
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 sequence (RFC 6350 3.2)."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces) + "\r\n"


_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "file"})


def _harmless(value: str) -> bool:
    """Whether a web address or phone can go into the card: not a `javascript:`, `data:`
    (and the like) address, which the site never links and a contacts app might. Anything
    else is kept as typed (`example.com:8080`, `Mobile: +44 ...`). Whitespace and control
    characters are ignored in the scheme, as browsers do."""
    found = _SCHEME.match(_INVISIBLE.sub("", value).lower())
    return found is None or found.group(1) not in _SCRIPT_SCHEMES


def _card_lines(contact: Contact) -> list[str]:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:{escape(stable_uid(contact))}"]
    lines.append(f"FN:{escape(contact.name)}")
    if contact.aliases:
        lines.append("NICKNAME:" + ",".join(escape(a) for a in contact.aliases))
    lines.extend(f"EMAIL:{escape(e)}" for e in contact.emails)
    lines.extend(f"TEL:{escape(p)}" for p in contact.phones if _harmless(p))
    if contact.company:
        units = [e.value.strip() for e in contact.extra if e.key == "department"][:1]
        lines.append("ORG:" + ";".join(escape(u) for u in [contact.company, *units] if u))
    if contact.title:
        lines.append(f"TITLE:{escape(contact.title)}")
    if contact.website and _harmless(contact.website):
        lines.append(f"URL:{escape(contact.website)}")
    if contact.linkedin and _harmless(contact.linkedin):
        lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:{escape(contact.linkedin)}")
    if (born := contact.birthday) is not None:
        year = f"{born.year:04d}" if born.year is not None else "--"
        lines.append(f"BDAY:{year}{born.month:02d}{born.day:02d}")
    if contact.location:
        lines.append(f"ADR:;;;{escape(contact.location)};;;")
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in contact.tags))
    lines.append("END:VCARD")
    return lines


def unread_contacts(contacts: Iterable[Contact]) -> list[str]:
    """Paths of the contacts whose front matter could not be read at all (broken YAML, over
    the size limit, a merge conflict in it): their card would carry none of what the user
    wrote there, often not even the name. The exports leave them out."""
    return sorted(contact.path for contact in contacts if contact.unread_front_matter)


def export_vcards(contacts: Iterable[Contact]) -> str:
    """All contacts as one vCard 4.0 stream, in the order of their ids: `export vcard` and
    the site's `contacts.vcf` are the same bytes, whatever order they were read in."""
    ordered = sorted(contacts, key=lambda contact: contact.id)
    return "".join(fold(line) for contact in ordered for line in _card_lines(contact))
