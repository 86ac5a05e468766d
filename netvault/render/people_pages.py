"""The people directory and one page per contact (SPEC 5.1). Pure: Index + Report -> contexts.

`PeopleFacts` gathers, once per build, everything the pages look up by contact id (standing,
timeline, matches, referrals), so building 5,000 person pages stays linear.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from netvault.engine.report import BirthdayItem, HelpMatch, Reconnect, Report
from netvault.index import Index, Interaction
from netvault.model import Birthday, Contact
from netvault.problems import Problem
from netvault.render.addresses import SiteMap, ago, iso, root_of
from netvault.render.bodies import render_body
from netvault.render.markdown import classify_url
from netvault.render.pages import (
    MONTHS,
    Activity,
    Books,
    Field,
    Match,
    PeoplePage,
    PersonPage,
    PersonRow,
    Referral,
    Standing,
    field_label,
)

LIGHT_DIRECTORY = 500  # above this many contacts the directory drops per-row tag links
_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# A host name with a dot and a letters-only last label, maybe a port and a path: no scheme,
# no space, no quote or angle bracket, so nothing in it can be more than an address.
_BARE_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#][^\s\"'<>\\]*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"^[^\s@<>\"']+@[^\s@<>\"']+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{3,}$")
STATUS_ORDER = ("lapsed", "overdue", "soon", "ok", "none", "archived")


@dataclass
class PeopleFacts:
    index: Index
    report: Report
    reconnect: dict[str, Reconnect] = field(default_factory=dict)
    birthdays: dict[str, BirthdayItem] = field(default_factory=dict)
    needs: dict[str, list[HelpMatch]] = field(default_factory=dict)
    can_help: dict[str, list[HelpMatch]] = field(default_factory=dict)
    timeline: dict[str, list[Interaction]] = field(default_factory=dict)
    task_notes: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reconnect = {item.id: item for item in self.report.reconnect}
        self.birthdays = {item.id: item for item in self.report.birthdays}
        needs: dict[str, list[HelpMatch]] = defaultdict(list)
        can_help: dict[str, list[HelpMatch]] = defaultdict(list)
        for match in self.report.who_can_i_help:
            needs[match.id].append(match)
            for candidate in match.candidates:
                can_help[candidate].append(match)
        timeline: dict[str, list[Interaction]] = defaultdict(list)
        for interaction in self.index.interactions:
            for person in dict.fromkeys((*interaction.people, *interaction.introduced)):
                timeline[person].append(interaction)
        seen = {(p, i.note) for p, items in timeline.items() for i in items}
        task_notes: dict[str, list[str]] = defaultdict(list)
        for person, touches in self.index.touches.items():
            for touch in touches:
                if touch.via == "task" and (person, touch.note) not in seen:
                    seen.add((person, touch.note))
                    task_notes[person].append(touch.note)
        self.needs, self.can_help = dict(needs), dict(can_help)
        self.timeline, self.task_notes = dict(timeline), dict(task_notes)

    def status(self, contact: Contact) -> str:
        if contact.archived:
            return "archived"
        item = self.reconnect.get(contact.id)
        return item.status if item else "none"


# --- the directory --------------------------------------------------------------------


def people_page(site_title: str, sitemap: SiteMap, facts: PeopleFacts) -> PeoplePage:
    index, report = sitemap.index, facts.report
    contacts = sorted(index.contacts.values(), key=lambda c: (c.name.casefold(), c.id))
    light = len(contacts) > LIGHT_DIRECTORY
    rows: list[PersonRow] = []
    for contact in contacts:
        item = facts.reconnect.get(contact.id)
        books = report.ledgers.get(contact.id)
        last = report.last_contact.get(contact.id)
        words = [contact.name, *contact.aliases, contact.company or "", *contact.tags]
        rows.append(
            PersonRow(
                person=sitemap.person(contact.id),
                company=contact.company or "",
                tags=sitemap.tags(contact.tags),
                tier=contact.tier or "",
                status=facts.status(contact),
                last_contact=iso(last) or "",
                due=item.due.isoformat() if item and not contact.archived else "",
                ledger=f"{books.deposits} / {books.withdrawals}" if books else "",
                search=" ".join(word for word in words if word).casefold(),
            )
        )
    statuses = {row.status for row in rows}
    return PeoplePage(
        site_title=site_title,
        title="People",
        root=root_of("people/index.html"),
        section="people",
        scripts=("people.js",),
        rows=tuple(rows),
        tags=tuple(sorted({tag for c in contacts for tag in c.tags})),
        tiers=tuple(sorted({c.tier for c in contacts if c.tier})),
        statuses=tuple(s for s in STATUS_ORDER if s in statuses),
        light=light,
    )


# --- one person -----------------------------------------------------------------------


def _link_field(label: str, value: str) -> Field:
    """Only http(s), mailto and tel become links (BAD-INPUTS row 20); anything else is text.
    A bare host (`www.example.org/about`, as Outlook keeps a web page) is a web address."""
    cleaned = value.strip()
    if _BARE_HOST.fullmatch(cleaned):
        return Field(label, value, "https://" + cleaned, external=True)
    if cleaned.lower().startswith(_LINK_SCHEMES) and classify_url(cleaned) == "external":
        return Field(label, value, cleaned, external=cleaned.lower().startswith("http"))
    return Field(label, value)


def _email(value: str) -> Field:
    cleaned = value.strip()
    if _EMAIL.match(cleaned):
        return Field("Email", value, "mailto:" + cleaned)
    return Field("Email", value)


def _phone(value: str) -> Field:
    cleaned = value.strip()
    if _PHONE.match(cleaned):
        digits = re.sub(r"[^0-9+]", "", cleaned)
        return Field("Phone", value, "tel:" + digits)
    return Field("Phone", value)


def _profile(contact: Contact, cadence: str | None) -> tuple[Field, ...]:
    fields: list[Field] = []
    for label, value in (
        ("Company", contact.company),
        ("Title", contact.title),
        ("Location", contact.location),
    ):
        if value:
            fields.append(Field(label, value))
    fields.extend(_email(email) for email in contact.emails)
    fields.extend(_phone(phone) for phone in contact.phones)
    if contact.website:
        fields.append(_link_field("Website", contact.website))
    if contact.linkedin:
        fields.append(_link_field("LinkedIn", contact.linkedin))
    if contact.met:
        fields.append(Field("Met", contact.met.isoformat()))
    if contact.met_where:
        fields.append(Field("Met where", contact.met_where))
    if contact.tier:
        fields.append(Field("Tier", contact.tier))
    if cadence:
        fields.append(Field("Cadence", cadence))
    elif contact.cadence_never:
        fields.append(Field("Cadence", "never"))
    for label, values in (("Interests", contact.interests), ("Family", contact.family)):
        if values:
            fields.append(Field(label, ", ".join(values)))
    if contact.archived:
        fields.append(Field("Archived", "yes"))
    return tuple(fields)


def birthday_text(
    birthday: Birthday | None, upcoming: BirthdayItem | None, today: dt.date
) -> str | None:
    if birthday is None:
        return None
    text = f"{birthday.day} {MONTHS[birthday.month - 1]}"
    if birthday.year:
        text += f" {birthday.year}"
    if upcoming is not None:
        turning = f", turns {upcoming.turns}" if upcoming.turns is not None else ""
        text += f" (next: {upcoming.date.isoformat()}, {ago(upcoming.date, today)}{turning})"
    return text


def _standing(contact: Contact, facts: PeopleFacts, today: dt.date) -> Standing:
    item = facts.reconnect.get(contact.id)
    last = facts.report.last_contact.get(contact.id)
    if item is None or contact.archived:
        return Standing(facts.status(contact), None, None, None, iso(last), None)
    if item.status in ("overdue", "lapsed"):
        when = "due today" if item.due == today else f"due {ago(item.due, today)}"
    else:
        when = f"due {ago(item.due, today)}"
    return Standing(
        item.status, item.due.isoformat(), when, item.cadence.text, iso(last),
        iso(item.snoozed_until),
    )  # fmt: skip


def _referrals(
    contact_id: str, children: dict[str, tuple[str, ...]], sitemap: SiteMap
) -> tuple[Referral, ...]:
    found: list[Referral] = []
    seen = {contact_id}
    stack = [(child, 0, "") for child in reversed(children.get(contact_id, ()))]
    while stack:
        person, depth, via = stack.pop()
        if person in seen:
            continue  # a cycle in `introduced_by` must not loop forever
        seen.add(person)
        ref = sitemap.person(person)
        found.append(Referral(ref, depth, via))
        stack.extend((child, depth + 1, ref.name) for child in reversed(children.get(person, ())))
    return tuple(found)


def _timeline(
    contact_id: str, facts: PeopleFacts, sitemap: SiteMap, today: dt.date
) -> tuple[Activity, ...]:
    entries = [
        activity(i, sitemap, today, without=contact_id) for i in facts.timeline.get(contact_id, ())
    ]
    for path in facts.task_notes.get(contact_id, ()):
        note = sitemap.index.notes[path]
        day = note.date.isoformat() if note.date else ""
        entries.append(Activity(sitemap.note(path), day, note.type or "note", note.summary, ()))
    entries.sort(key=lambda a: (a.date, a.note.path or ""), reverse=True)
    return tuple(entries)


def activity(
    interaction: Interaction, sitemap: SiteMap, today: dt.date, without: str | None = None
) -> Activity:
    """One interaction as a timeline line; `without` leaves out the page's own person."""
    present = dict.fromkeys((*interaction.people, *interaction.introduced))
    people = sitemap.people([person for person in present if person != without])
    return Activity(
        note=sitemap.note(interaction.note),
        date=interaction.day.isoformat(),
        type=interaction.kind,
        summary=interaction.summary,
        people=people,
        planned=interaction.day > today,
    )


def person_page(
    contact: Contact, site_title: str, sitemap: SiteMap, facts: PeopleFacts, problems: list[Problem]
) -> tuple[str, PersonPage]:
    index, report, today = sitemap.index, facts.report, facts.report.today
    out = sitemap.person_path(contact.id) or "people/unknown.html"
    root = root_of(out)
    item = facts.reconnect.get(contact.id)
    cadence = item.cadence.text if item else None
    books = report.ledgers.get(contact.id)
    ratio = index.settings.give_ratio
    needs = [Match(m.need, sitemap.people(m.candidates)) for m in facts.needs.get(contact.id, ())]
    covered = {m.text for m in needs}
    needs.extend(Match(need, ()) for need in contact.needs if need not in covered)
    offers = tuple(
        Match(m.need, (sitemap.person(m.id),)) for m in facts.can_help.get(contact.id, ())
    )
    introducer = index.introduced_by.get(contact.id)
    recommender = index.recommended_by.get(contact.id)
    # Notes already on the timeline are not listed again as mentions.
    listed = {i.note for i in facts.timeline.get(contact.id, ())}
    listed.update(facts.task_notes.get(contact.id, ()))
    listed.add(contact.path)
    mentions = tuple(  # newest first, as the timeline; undated notes last
        sorted(
            (
                sitemap.note(path)
                for path in index.mentions.get(contact.id, ())
                if path not in listed
            ),
            key=lambda ref: (ref.date or "", ref.path or ""),
            reverse=True,
        )
    )
    page = PersonPage(
        site_title=site_title,
        title=contact.name,
        root=root,
        section="people",
        person=sitemap.person(contact.id),
        aliases=contact.aliases,
        profile=_profile(contact, cadence),
        tags=sitemap.tags(contact.tags),
        standing=_standing(contact, facts, today),
        birthday=birthday_text(contact.birthday, facts.birthdays.get(contact.id), today),
        books=Books(
            deposits=books.deposits if books else 0,
            withdrawals=books.withdrawals if books else 0,
            deposits_left=books.deposits_left if books else ratio,
            in_the_red=books.in_the_red if books else False,
            give_ratio=ratio,
        ),
        needs=tuple(needs),
        offers=offers,
        offering=tuple(contact.offers),
        introduced_by=sitemap.person(introducer) if introducer else None,
        recommended_by=sitemap.person(recommender) if recommender else None,
        introduced_to_you=_referrals(contact.id, report.referrals.children, sitemap),
        timeline=_timeline(contact.id, facts, sitemap, today),
        mentions=mentions,
        # `uid` is for address books (import vcard keeps it): a urn:uuid says nothing here
        extra=tuple(
            Field(field_label(extra.key), extra.value)
            for extra in contact.extra
            if extra.key != "uid"
        ),
        body=render_body(contact, sitemap, root, problems),
        source=contact.path,
    )
    return out, page
