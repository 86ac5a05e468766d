"""Dedupe: incoming contacts against the vault and each other -> a Plan (pure).

Matching goes by UID, then e-mail (case-insensitive), then LinkedIn URL, then name + phone
(digits only); never by name alone, because two people called "Aiko Tanabe" are common in a
network. Names compare with accents, case and spacing folded, as `new` and `brief` do; a
bare LinkedIn handle is read as `linkedin.com/in/<handle>`. More than one candidate at a
step is *ambiguous* and reported, never guessed. An incoming contact whose name a vault
contact already has, and that matched it by nothing else, is reported as a possible
duplicate and not created: the same person from a second source (LinkedIn after Google) is
far more common than a namesake, and a silent `ada-lovelace-2.md` is worse than a line in
the report. Within one import, two rows with one name and different details are two people;
a row with nothing but a name, whose name is taken, is reported (creating it would make
every re-import of the file add it again). A match with an existing contact, or a possible
duplicate of one, lists what is new (e-mails, phones, aliases, tags, a note, and the
one-value fields its file leaves empty: company, title, birthday...) for the user to add
by hand: existing files are never modified. A match with a
contact planned earlier in the same import folds the new values into that planned file, so
nothing read is lost.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netvault.interchange.imported import ImportedContact, stable_uid, unique
from netvault.lookup import spelling_key
from netvault.model import Contact
from netvault.writer import birthday_text, person_slug, unique_slug

NAME_ONLY = "name only, nothing else to compare"
SAME_NAME = "same name; no e-mail, phone or LinkedIn in common"
SAME_UID = "the UID netvault exports for that file, but an e-mail or company differs"
# reported as such, never matched or created
POSSIBLE_DUPLICATE = (NAME_ONLY, SAME_NAME, SAME_UID)


@dataclass(frozen=True)
class Create:
    slug: str  # the new file's id, unique against the vault case-insensitively
    contact: ImportedContact
    merged: tuple[str, ...] = ()  # `file:line` of later duplicates folded into this one


@dataclass(frozen=True)
class Match:
    incoming: ImportedContact
    existing_id: str
    existing_path: str
    by: str  # "uid" | "e-mail" | "LinkedIn" | "name and phone"
    new_emails: tuple[str, ...] = ()
    new_phones: tuple[str, ...] = ()
    new_fields: tuple[str, ...] = ()  # "company Acme": a value the vault's file lacks


@dataclass(frozen=True)
class Ambiguous:
    incoming: ImportedContact
    by: str
    candidates: tuple[str, ...]  # existing paths or planned slugs
    # a possible duplicate of one vault file: what it would add, if it is the same person
    new: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    incoming: ImportedContact
    reason: str


@dataclass(frozen=True)
class Plan:
    create: tuple[Create, ...] = ()
    match: tuple[Match, ...] = ()
    ambiguous: tuple[Ambiguous, ...] = ()
    skipped: tuple[Skipped, ...] = ()


def name_key(name: str) -> str:
    """Case, accents and spacing ignored, as `new` and `brief` do: `Inês` is `Ines`."""
    return spelling_key(name)


def phone_key(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits or phone.strip().casefold()


def linkedin_key(url: str) -> str:
    """A profile URL without scheme, `www.`, query or trailing slash, casefolded.

    A bare handle (`ada-l`, `@ada-l`), which the vault's `linkedin:` may hold, is taken as
    the profile `linkedin.com/in/ada-l`, so it meets the URL a LinkedIn export carries.
    """
    text = url.strip().casefold().split("?", 1)[0].rstrip("/")
    text = re.sub(r"^[a-z]+://", "", text).removeprefix("www.")
    if text and not re.search(r"[/.]", text):
        return f"linkedin.com/in/{text.removeprefix('@')}"
    return text


def same_phone(a: str, b: str) -> bool:
    """Equal digits, or one ends with the other (a country code added) when 7+ digits long."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return short.isdigit() and long.isdigit() and len(short) >= 7 and long.endswith(short)


@dataclass
class _Known:
    label: str  # existing path, or the planned slug
    uids: set[str]
    emails: set[str]
    names: set[str]
    phones: list[str]
    linkedin: set[str]
    planned: int | None = None  # index into the creations
    contact: Contact | None = None
    derived_uid: str | None = None  # the UID an export gives a file that holds none

    def add(self, incoming: ImportedContact) -> None:
        self.uids |= {incoming.uid} if incoming.uid else set()
        self.emails |= {e.casefold() for e in incoming.emails}
        self.names |= {name_key(n) for n in (incoming.name, *incoming.aliases) if n}
        self.phones += [phone_key(p) for p in incoming.phones]
        self.linkedin |= {linkedin_key(incoming.linkedin)} if incoming.linkedin else set()

    def has_phone(self, phones: Iterable[str]) -> bool:
        return any(same_phone(phone_key(p), mine) for p in phones for mine in self.phones)


def _existing(contact: Contact) -> _Known:
    held = {e.value.strip() for e in contact.extra if e.key == "uid" and e.value.strip()}
    return _Known(
        label=contact.path,
        uids=held,
        derived_uid=None if held else stable_uid(contact),
        emails={e.casefold() for e in contact.emails},
        names={name_key(n) for n in (contact.name, *contact.aliases)},
        phones=[phone_key(p) for p in contact.phones],
        linkedin={linkedin_key(contact.linkedin)} if contact.linkedin else set(),
        contact=contact,
    )


def _candidates(known: Sequence[_Known], incoming: ImportedContact) -> tuple[str, list[_Known]]:
    derived: list[_Known] = []
    if incoming.uid:
        derived = [k for k in known if incoming.uid == k.derived_uid]
        found = [k for k in known if incoming.uid in k.uids]
        found += [k for k in derived if _agrees(k, incoming)]
        if found:
            return "uid", found
    emails = {e.casefold() for e in incoming.emails}
    found = [k for k in known if k.emails & emails]
    if found:
        return "e-mail", found
    if incoming.linkedin:
        profile = linkedin_key(incoming.linkedin)
        found = [k for k in known if profile in k.linkedin]
        if found:
            return "LinkedIn", found
    if incoming.name and incoming.phones:
        key = name_key(incoming.name)
        found = [k for k in known if key in k.names and k.has_phone(incoming.phones)]
        if found:
            return "name and phone", found
    if derived:  # nothing else matched: the user's own card changed since, or another vault's
        return SAME_UID, [*derived, *derived]
    if not incoming.name:
        return "", []
    key = name_key(incoming.name)
    name_only = not (incoming.uid or incoming.emails or incoming.phones or incoming.linkedin)
    # Reported, never matched (the list is doubled so it is never taken as one match).
    same = [k for k in known if key in k.names and (name_only or k.contact is not None)]
    if same:
        return (NAME_ONLY if name_only else SAME_NAME), [*same, *same]
    return "", []


def _agrees(known: _Known, incoming: ImportedContact) -> bool:
    """A UID derived from a file's id is the same in every vault with that file name (every
    user's `daniel-mensah.md`): it counts only for a card that contradicts nothing, with an
    e-mail in common where both have one, and the same company where both have one."""
    emails = {e.casefold() for e in incoming.emails}
    if emails and known.emails and not emails & known.emails:
        return False
    have = known.contact.company if known.contact is not None else None
    return not (have and incoming.company and name_key(have) != name_key(incoming.company))


def _fold(into: ImportedContact, extra: ImportedContact) -> ImportedContact:
    """`into` plus what `extra` adds; `into` wins wherever both have a value."""
    filled: dict[str, object] = {
        f.name: getattr(extra, f.name)
        for f in dataclasses.fields(into)
        if getattr(into, f.name) in (None, "") and f.name not in ("source", "line")
    }
    filled["aliases"] = unique([*into.aliases, *extra.aliases])
    filled["emails"] = unique([*into.emails, *extra.emails])
    filled["phones"] = _new_phones(into.phones, extra.phones, keep=True)
    filled["tags"] = tuple(sorted({*into.tags, *extra.tags}))
    if into.note and extra.note and extra.note not in into.note:
        filled["note"] = f"{into.note}\n\n{extra.note}"
    return dataclasses.replace(into, **filled)  # type: ignore[arg-type]


_SINGLE_FIELDS = ("company", "title", "location", "website", "linkedin", "met_where")


def _new_fields(have: Contact, incoming: ImportedContact) -> tuple[str, ...]:
    """What the incoming card has and the vault's file lacks, beyond e-mails and phones:
    the one-value fields the file leaves empty, and new aliases, tags and a note."""
    found = [
        f"{name} {getattr(incoming, name)}"
        for name in _SINGLE_FIELDS
        if getattr(incoming, name) and not getattr(have, name)
    ]
    if incoming.birthday is not None and have.birthday is None:
        found.append(f"birthday {birthday_text(incoming.birthday)}")
    if incoming.department and not any(e.key == "department" for e in have.extra):
        found.append(f"department {incoming.department}")
    if incoming.met is not None and have.met is None:
        found.append(f"met {incoming.met.isoformat()}")
    names = {name_key(n) for n in (have.name, *have.aliases)}
    found += [f"alias {a}" for a in incoming.aliases if name_key(a) not in names]
    tags = [tag for tag in incoming.tags if tag not in have.tags]
    if tags:
        found.append("tags " + ", ".join(tags))
    if incoming.note.strip():
        lines = incoming.note.strip().count("\n") + 1
        found.append(f"a note of {lines} {'line' if lines == 1 else 'lines'}")
    return tuple(found)


def _news(have: Contact, incoming: ImportedContact) -> tuple[tuple[str, ...], ...]:
    """New e-mails, new phones and other new fields (`_new_fields`) of a card for a file."""
    emails = {e.casefold() for e in have.emails}
    new_emails = tuple(e for e in incoming.emails if e.casefold() not in emails)
    new_phones = _new_phones(have.phones, incoming.phones, keep=False)
    return new_emails, new_phones, _new_fields(have, incoming)


def new_items(emails: Sequence[str], phones: Sequence[str], fields: Sequence[str]) -> list[str]:
    """The report's words for what a card adds."""
    return [f"e-mail {e}" for e in emails] + [f"phone {p}" for p in phones] + list(fields)


def _new_phones(have: Iterable[str], incoming: Iterable[str], *, keep: bool) -> tuple[str, ...]:
    kept = list(have) if keep else []
    keys = [phone_key(p) for p in have]
    for phone in incoming:
        key = phone_key(phone)
        if not any(same_phone(key, mine) for mine in keys):
            kept.append(phone)
            keys.append(key)
    return tuple(kept)


def plan_import(incoming: Iterable[ImportedContact], existing: Sequence[Contact]) -> Plan:
    known = [_existing(contact) for contact in existing]
    taken = [contact.id for contact in existing]
    creations: list[Create] = []
    matches: list[Match] = []
    ambiguous: list[Ambiguous] = []
    skipped: list[Skipped] = []
    for contact in incoming:
        if not contact.name and not contact.emails:
            skipped.append(Skipped(contact, "no name and no e-mail"))
            continue
        by, found = _candidates(known, contact)
        if len(found) > 1:
            labels = tuple(dict.fromkeys(k.label for k in found))
            have = found[0].contact if len(labels) == 1 else None
            new = new_items(*_news(have, contact)) if have and by in POSSIBLE_DUPLICATE else []
            ambiguous.append(Ambiguous(contact, by, labels, tuple(new)))
        elif found and (index := found[0].planned) is not None:
            target = found[0]
            planned = creations[index]
            merged = (*planned.merged, f"{contact.source}:{contact.line}")
            creations[index] = Create(planned.slug, _fold(planned.contact, contact), merged)
            target.add(contact)
        elif found and found[0].contact is not None:
            have = found[0].contact
            matches.append(Match(contact, have.id, have.path, by, *_news(have, contact)))
        else:
            named = (
                contact if contact.name else dataclasses.replace(contact, name=contact.emails[0])
            )
            assert named.name is not None
            slug = unique_slug(person_slug(named.name), taken)
            taken.append(slug)
            creations.append(Create(slug, named))
            planned_known = _Known(slug, set(), set(), set(), [], set(), len(creations) - 1)
            planned_known.add(named)
            known.append(planned_known)
    return Plan(tuple(creations), tuple(matches), tuple(ambiguous), tuple(skipped))
