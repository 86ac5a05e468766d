"""`netvault brief NAME`: a pre-meeting page for one person, in the terminal.

Thin: find the contact (id, name or alias; case and accents ignored; a unique word prefix
is enough), run the engine once, print what to know before meeting them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from netvault.body import task_text
from netvault.commands.common import end_with_problems, load, pick_vault, today_option, vault_option
from netvault.commands.due import colour_flag, due_date, name_of, names, status_word
from netvault.engine import Report, work_out
from netvault.engine.birthdays import birthday_item
from netvault.index import Index, Interaction
from netvault.lookup import find_people, near_misses
from netvault.model import Contact
from netvault.problems import NetvaultError

RECENT = 3


def find_contact(index: Index, query: str) -> Contact:
    """The one contact `query` names, or a NetvaultError listing candidates or near misses."""
    found = find_people(index.contacts.values(), query)
    if len(found) == 1:
        return found[0]
    if found:
        listed = "\n".join(f"  {c.name} ({c.path})" for c in found[:20])
        more = f"\n  ... and {len(found) - 20} more" if len(found) > 20 else ""
        raise NetvaultError(f"{query!r} matches {len(found)} contacts:\n{listed}{more}")
    close = [c.name for c in near_misses(index.contacts.values(), query)]
    hint = f"; did you mean {' or '.join(repr(name) for name in close)}?" if close else ""
    raise NetvaultError(f"no contact named {query!r}{hint}")


def _heading(text: str) -> str:
    return click.style(text, bold=True)


def _profile(contact: Contact, index: Index) -> list[str]:
    lines = [click.style(contact.name, bold=True) + f"  ({contact.path})"]
    role = " at ".join(x for x in (contact.title, contact.company) if x)
    where = " · ".join(x for x in (role, contact.location) if x)
    if where:
        lines.append(f"  {where}")
    facts = []
    if contact.tier:
        facts.append(f"tier {contact.tier}")
    if contact.tags:
        facts.append("tags: " + ", ".join(contact.tags))
    if contact.aliases:
        facts.append("also: " + ", ".join(contact.aliases))
    if contact.archived:
        facts.append("archived")
    if facts:
        lines.append("  " + " · ".join(facts))
    how = []
    if contact.met:
        how.append(f"met {contact.met.isoformat()}")
    if contact.met_where:
        how.append(f"at {contact.met_where}")
    if contact.id in index.introduced_by:
        how.append(f"introduced by {name_of(index, index.introduced_by[contact.id])}")
    if contact.id in index.recommended_by:
        how.append(f"recommended by {name_of(index, index.recommended_by[contact.id])}")
    if how:
        lines.append("  " + " · ".join(how))
    for label, values in (("family", contact.family), ("interests", contact.interests)):
        if values:
            lines.append(f"  {label}: " + "; ".join(values))
    return lines


def _status(contact: Contact, report: Report) -> list[str]:
    last = report.last_contact.get(contact.id)
    seen = f"last contact {last.isoformat()}" if last else "no contact yet"
    for item in report.reconnect:
        if item.id == contact.id:
            snoozed = " (snoozed)" if item.snoozed_until else ""
            return [
                f"{status_word(item.status)}  due {item.due.isoformat()}{snoozed} · {seen}"
                f" · every {item.cadence.text}"
            ]
    return [f"no reconnect cadence · {seen}"]


def _interaction_line(index: Index, interaction: Interaction, person: str) -> str:
    line = f"  {interaction.day.isoformat()}  {interaction.kind}: "
    line += interaction.summary or interaction.note
    others = [p for p in interaction.people if p != person]
    if others:
        line += f" (with {names(index, others)})"
    if person in interaction.introduced:
        introduced = [p for p in interaction.introduced if p != person]
        if introduced:  # a one-person `introduced` is warned about; it names no one to meet
            line += f" (introduced to {names(index, introduced)})"
    elif interaction.introduced:
        line += f" (introduced {' and '.join(name_of(index, p) for p in interaction.introduced)})"
    return line


def brief_text(index: Index, contact: Contact, today: dt.date) -> str:
    """The whole brief: profile, status, recent interactions, open loops, help, ledger."""
    report = work_out(index, today)
    person = contact.id
    blocks: list[list[str]] = [_profile(contact, index), _status(contact, report)]
    recent = [
        i
        for i in reversed(index.interactions)
        if i.day <= today and (person in i.people or person in i.introduced)
    ][:RECENT]
    if recent:
        blocks.append(
            [_heading("Last interactions")] + [_interaction_line(index, i, person) for i in recent]
        )
    loops = [
        f"  follow up {due_date(f.due, today)} on {f.note}"
        + (f": {f.next_action}" if f.next_action else "")
        for f in report.open_follow_ups
        if person in f.people
    ] + [
        f"  promise {due_date(p.due, today)}: {task_text(p.text)} ({p.note}:{p.line})"
        for p in report.open_promises
        if person in p.people
    ]
    if loops:
        blocks.append([_heading("Open follow-ups and promises"), *loops])
    matches = {m.need: m for m in report.who_can_i_help if m.id == person}
    if contact.needs:
        blocks.append(
            [_heading("Needs")]
            + [
                f"  - {need}"
                + (
                    f" → introduce {names(index, matches[need].candidates)}"
                    if need in matches
                    else ""
                )
                for need in contact.needs
            ]
        )
    helps = [m for m in report.who_can_i_help if person in m.candidates]
    if contact.offers or helps:
        blocks.append(
            [_heading("Offers")]
            + [f"  - {offer}" for offer in contact.offers]
            + [f"  could help {m.name} with {m.need!r}" for m in helps]
        )
    ledger = report.ledgers.get(person)
    if ledger is not None:
        red = click.style(" · in the red", fg="red") if ledger.in_the_red else ""
        blocks.append(
            [
                f"{_heading('Ledger')}: gave {ledger.deposits}, asked {ledger.withdrawals}{red}"
                f" · {ledger.deposits_left} more deposits before the next ask"
            ]
        )
    birthday = birthday_item(contact, today)
    if birthday is not None:
        turns = f", turns {birthday.turns}" if birthday.turns is not None else ""
        away = (birthday.date - today).days
        when = "today" if away == 0 else f"in {away} days"
        blocks.append([f"{_heading('Birthday')}: {birthday.date.isoformat()}{turns} ({when})"])
    brought = report.referrals.children.get(person, ())
    if brought:
        blocks.append([f"{_heading('Introduced you to')}: {names(index, brought)}"])
    upcoming = [p for p in report.planned if person in p.people]
    if upcoming:
        blocks.append(
            [_heading("Planned")] + [f"  {p.date.isoformat()}  {p.note}" for p in upcoming]
        )
    return "\n\n".join("\n".join(block) for block in blocks)


@click.command()
@click.argument("name", nargs=-1, required=True)
@vault_option
@today_option
def brief(name: tuple[str, ...], vault_opt: Path | None, today: dt.date) -> None:
    """A pre-meeting brief on one person: who they are, open loops, how to help them.

    NAME is an id, a name or an alias (case and accents ignored); a unique start of a
    name is enough. An ambiguous or unknown name lists candidates and exits 1.

    \b
    Example:
      netvault brief "Ada Lovelace" --vault ~/my-network
    """
    loaded = load(pick_vault(None, vault_opt), engine_only=True)
    contact = find_contact(loaded.index, " ".join(name))
    click.echo(brief_text(loaded.index, contact, today), color=colour_flag())
    end_with_problems(loaded.problems)
