"""The dashboard (`index.html`): every list of the engine's report, each item linked to its
person and note (SPEC 5.1). Pure: Report + SiteMap -> DashboardPage."""

from __future__ import annotations

from netvault.body import task_text
from netvault.engine.report import Report
from netvault.render.addresses import SiteMap, ago, iso
from netvault.render.pages import (
    BirthdayEntry,
    DashboardPage,
    FollowUpEntry,
    HelpEntry,
    IntroEntry,
    LedgerEntry,
    PairEntry,
    ReconnectItem,
    RediscoverEntry,
    SourceEntry,
)
from netvault.render.people_pages import activity

RECENT = 10  # interactions under "recent activity"
# Items shown per section: a dashboard is read in a minute; the rest is counted, and every
# list is whole on `reminders.html` (and in `netvault due`). Lists of two-line items
# (reconnect, birthdays: the first column) show more than lists of long ones, so the
# columns of whole cards come out near even.
LIMIT = 6
LIMIT_SHORT = 10
_URGENCY = {"lapsed": 0, "overdue": 0, "soon": 1}


def dashboard_page(
    site_title: str,
    sitemap: SiteMap,
    report: Report,
    *,
    has_ics: bool,
    has_vcf: bool,
    full: bool = False,
) -> DashboardPage:
    """The dashboard; `full`: the page of every reminder (`reminders.html`), where each
    list is whole, which the dashboard's "see all" links lead to."""
    limit = None if full else LIMIT
    # Follow-ups and promises share a card: LIMIT between them, half each when both have
    # more (the rest, as every list's rest, is on `reminders.html`).
    follow_limit, promise_limit = limit, limit
    if limit is not None:
        follow_limit = min(len(report.follow_ups), max(limit // 2, limit - len(report.promises)))
        promise_limit = limit - follow_limit
    index, today = sitemap.index, report.today
    # Overdue and lapsed first, then soon; the engine's order (most overdue first) within.
    reminders = sorted(report.reminders, key=lambda item: _URGENCY.get(item.status, 2))
    reconnect = tuple(
        ReconnectItem(
            person=sitemap.person(item.id),
            status=item.status,
            due=item.due.isoformat(),
            when=("never contacted" if item.never_contacted else f"due {ago(item.due, today)}"),
            last_contact=iso(item.last_contact),
            cadence=item.cadence.text,
        )
        for item in reminders[: None if full else LIMIT_SHORT]
    )
    past = [i for i in index.interactions if i.day <= today]
    recent = tuple(activity(i, sitemap, today) for i in reversed(past[-RECENT:]))
    planned_notes = {p.note for p in report.planned}
    planned = tuple(
        activity(i, sitemap, today) for i in index.interactions if i.note in planned_notes
    )[:limit]
    counts = (
        ("people", len(index.contacts)),
        ("notes", len(index.notes)),
        ("interactions", len(past)),
        ("to reconnect", len(reminders)),
    )
    totals = {
        "reconnect": len(reminders),
        "birthdays": len(report.birthdays),
        "follow_ups": len(report.follow_ups) + len(report.promises),
        "intros_to_close": len(report.intros_to_close),
        "people_to_meet": len(report.people_to_meet),
        "thank_recommender": len(report.thank_recommender),
        "who_can_i_help": len(report.who_can_i_help),
        "in_the_red": len(report.in_the_red),
        "rediscover": len(report.rediscover),
        "planned": len(planned_notes),
    }
    return DashboardPage(
        site_title=site_title,
        title="Every reminder" if full else "Dashboard",
        root="",
        section="dashboard",
        today=today.isoformat(),
        counts=counts,
        totals=totals,
        give_ratio=index.settings.give_ratio,
        reconnect=reconnect,
        birthdays=tuple(
            BirthdayEntry(sitemap.person(b.id), b.date.isoformat(), ago(b.date, today), b.turns)
            for b in report.birthdays[: None if full else LIMIT_SHORT]
        ),
        follow_ups=tuple(
            FollowUpEntry(
                sitemap.note(f.note),
                sitemap.people(f.people),
                f.next_action,
                f.due.isoformat(),
                f.due < today,
            )
            for f in report.follow_ups[:follow_limit]
        ),
        promises=tuple(
            FollowUpEntry(
                sitemap.note(p.note),
                sitemap.people(p.people),
                task_text(p.text),
                p.due.isoformat(),
                p.due < today,
            )
            for p in report.promises[:promise_limit]
        ),
        intros_to_close=tuple(
            IntroEntry(
                sitemap.note(i.note), i.date.isoformat(), sitemap.people(i.people), iso(i.check_in)
            )
            for i in report.intros_to_close[:limit]
        ),
        people_to_meet=tuple(
            PairEntry(sitemap.person(p.id), sitemap.person(p.recommended_by))
            for p in report.people_to_meet[:limit]
        ),
        thank_recommender=tuple(
            PairEntry(sitemap.person(t.id), sitemap.person(t.for_), iso(t.met_on))
            for t in report.thank_recommender[:limit]
        ),
        who_can_i_help=tuple(
            HelpEntry(sitemap.person(h.id), h.need, sitemap.people(h.candidates))
            for h in report.who_can_i_help[:limit]
        ),
        in_the_red=tuple(
            LedgerEntry(sitemap.person(r.id), r.deposits, r.withdrawals, r.deposits_left)
            for r in report.in_the_red[:limit]
        ),
        rediscover=tuple(
            RediscoverEntry(
                sitemap.person(r.id),
                iso(r.last_contact),
                ago(r.last_contact, today) if r.last_contact else "never",
            )
            for r in report.rediscover[:limit]
        ),
        planned=planned,
        recent=recent,
        best_sources=tuple(
            SourceEntry(sitemap.person(person), count)
            for person, count in report.referrals.best_sources
        ),
        has_ics=has_ics,
        full=full,
        has_vcf=has_vcf,
    )
