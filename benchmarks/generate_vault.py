"""Seeded generator of synthetic netvault vaults, for benchmarks and load tests.

    python benchmarks/generate_vault.py OUT_DIR --contacts 2000 --notes 20000 --seed 1

Writes `people/<id>.md` (names in several scripts, tiers, cadences, tags, needs and offers,
birthdays in all three spellings, aliases, `introduced_by` links to earlier contacts) and
`notes/YYYY/YYYY-MM-DD-<type>-<slug>.md` (three years before 2026-11-16 plus a few planned
ones after it, 1-4 people in `with`, bodies of 300 B to 4 KB with links, tasks and #tags).
Everything comes from one `random.Random(seed)` drawn in a fixed order, so the same seed
gives byte-identical files. Standard library only; other scripts call `generate()`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

TODAY = dt.date(2026, 11, 16)
HISTORY_DAYS = 3 * 365

# (given names, family names, order) per naming culture. Non-Latin names carry a Latin
# spelling after "|", used as an alias. Order "west": given family; "east": family given;
# "joined": family+given with no space (Chinese, Korean).
_CULTURES: tuple[tuple[str, str, str, int], ...] = (
    ("Oliver Amelia Jack Isla Harry Grace George Freya Noah Ava Samuel Ruby Daniel Ella "
     "Thomas Megan Callum Niamh", "Smith Taylor Brown Wilson Evans Walker Wright Hughes "
     "Green Hall Clarke Turner Hill Ward Morris O'Connor Fletcher Doyle", "west", 5),
    ("José Lucía Martín Sofía Inês João Ramón María Tomás Mónica Andrés Íñigo Begoña Raúl "
     "Ángela Conceição", "Álvarez Fernández García Núñez Muñoz Gonçalves Magalhães Pérez "
     "Sánchez Ibáñez Gómez Araújo Simões Ortega Peña Carvalho", "west", 5),
    ("Zoë Chloé Noël Hélène François Léa Mathéo Anaïs Jérôme Cécile Benoît Océane",
     "Lefèvre Dubois Moreau Girard Rousseau Mercier Fontaine Chevalier Bélanger Gagné", "west", 3),
    ("Søren Åsa Björn Jürgen Małgorzata Łukasz Zdeněk Jiří Agnieszka Ewa Grzegorz Dorota "
     "Ingrid Sigrún", "Sørensen Åberg Müller Schäfer Wiśniewski Dvořák Kowalczyk Lindqvist "
     "Nyström Kübler Þórsdóttir Straße", "west", 3),
    ("Yusuf Çağla Şebnem Oğuz Elif Murat Zeynep Emre", "Yılmaz Öztürk Şahin Çelik Aydın "
     "Kılıç Doğan", "west", 1),
    ("Hoa Minh Thảo Đức Phương Lan Tuấn", "Nguyễn Trần Lê Phạm Hoàng Đặng", "west", 1),
    ("Chinedu Amara Kwame Abena Oluwaseun Adaeze Kofi Yaa Tendai Wanjiru", "Okafor Mensah "
     "Adeyemi Nwosu Boateng Owusu Eze Balogun Mwangi Diallo", "west", 3),
    ("Priya Arjun Ananya Rohan Kavya Vikram Meera Aditya Lakshmi Sanjay", "Raman Iyer Sharma "
     "Patel Nair Menon Reddy Banerjee Krishnan Chatterjee", "west", 3),
    ("Γιώργος|Giorgos Μαρία|Maria Νίκος|Nikos Ελένη|Eleni Δημήτρης|Dimitris Κατερίνα|Katerina",
     "Παπαδόπουλος|Papadopoulos Οικονόμου|Oikonomou Γεωργίου|Georgiou Βλάχος|Vlachos "
     "Αντωνίου|Antoniou", "west", 1),
    ("Анна|Anna Дмитрий|Dmitry Ольга|Olga Иван|Ivan Наталья|Natalya Олександр|Oleksandr "
     "Мирослава|Myroslava", "Иванова|Ivanova Петров|Petrov Шевченко|Shevchenko "
     "Коваленко|Kovalenko Смирнов|Smirnov Јовановић|Jovanović", "west", 2),
    ("伟|Wei 娜|Na 静|Jing 子涵|Zihan 浩然|Haoran 雨桐|Yutong 欣怡|Xinyi 思远|Siyuan",
     "王|Wang 李|Li 张|Zhang 刘|Liu 陈|Chen 杨|Yang 黄|Huang 赵|Zhao", "joined", 3),
    ("陽菜|Hina 蓮|Ren 結衣|Yui 大翔|Hiroto 美咲|Misaki 悠真|Yuma 葵|Aoi 湊|Minato",
     "佐藤|Sato 鈴木|Suzuki 高橋|Takahashi 田中|Tanaka 伊藤|Ito 渡辺|Watanabe 山本|Yamamoto",
     "east", 2),
    ("민준|Minjun 서연|Seoyeon 도윤|Doyun 지우|Jiwoo 하준|Hajun 서윤|Seoyun 예준|Yejun",
     "김|Kim 이|Lee 박|Park 최|Choi 정|Jung 강|Kang", "joined", 2),
    ("محمد|Mohammed فاطمة|Fatima أحمد|Ahmed ليلى|Layla يوسف|Youssef مريم|Maryam نور|Nour",
     "الحسن|Al-Hassan حداد|Haddad خوري|Khoury منصور|Mansour سليمان|Suleiman", "west", 2),
    ("נועה|Noa דוד|David מאיה|Maya יונתן|Yonatan תמר|Tamar אורי|Uri",
     "כהן|Cohen לוי|Levi מזרחי|Mizrahi פרץ|Peretz אברהם|Avraham", "west", 1),
    ("आरव|Aarav अनन्या|Ananya विवान|Vivaan दिया|Diya अर्जुन|Arjun ईशा|Isha",
     "शर्मा|Sharma वर्मा|Verma गुप्ता|Gupta सिंह|Singh जोशी|Joshi", "west", 1),
)  # fmt: skip
_CULTURE_WEIGHTS = [c[3] for c in _CULTURES]

_COMPANIES = (
    "Acme Labs", "Northlight Ventures", "Harbour Bank", "Oakleaf", "Brightwater", "Kettle",
    "Mapfield", "Trellis", "Kumo Labs", "Civic Signals", "Maré Health", "Fernlight",
    "Streamwise", "Atlas Data", "Souza Legal", "Talentbridge", "Ledgerline", "Parcelry",
    "Quillstone", "Bluefin Analytics", "Copperleaf", "Lumen & Co.", "Orchard Robotics",
    "Polaris Health", "Saltmarsh Studio", "Tidewater", "Umbra Security", "Verdant Foods",
    "Wavelength Audio", "Zephyr Mobility", "Nordlys AB", "Café Ópera", "Straße 12 GmbH",
)  # fmt: skip
_TITLES = (
    "Product manager", "Staff engineer", "Head of Design", "CTO", "Founder and CEO",
    "Research Ops Lead", "Partner", "Data scientist", "Engineering manager", "Recruiter",
    "Head of User Research", "Designer", "Sales director", "Lawyer", "Journalist",
    "Professor of Economics", "Nurse", "Architect", "Community manager", "Chief of Staff",
)  # fmt: skip
_PLACES = (
    "Lisbon, Portugal", "London, UK", "Berlin, Germany", "Madrid, Spain", "Paris, France",
    "São Paulo, Brazil", "Lagos, Nigeria", "Nairobi, Kenya", "Bengaluru, India",
    "Tokyo, Japan", "Seoul, South Korea", "Shanghai, China", "Athens, Greece",
    "Kyiv, Ukraine", "Tel Aviv, Israel", "Beirut, Lebanon", "Kraków, Poland",
    "Reykjavík, Iceland", "Montréal, Canada", "Mexico City, Mexico", "Singapore",
)  # fmt: skip
_TAGS = (
    "investor", "founder", "design", "engineering", "research", "friend", "family",
    "mentor", "customer", "hiring", "climate", "fintech", "health", "press", "community",
    "conference", "university", "neighbour", "open-source", "legal", "sales", "music",
)  # fmt: skip
_NEEDS = (
    "a designer for the new product", "intros to climate investors", "a frontend engineer",
    "feedback on a pitch deck", "a lawyer for a seed round", "participants for a study",
    "a mentor for a first-time manager", "a co-founder with sales experience",
    "advice on pricing", "a flat in Lisbon", "speakers for a meetup", "a data engineer",
    "beta testers for a mobile app", "introductions to hospital buyers",
)  # fmt: skip
_OFFERS = (
    "product design", "seed funding", "frontend engineering", "pitch coaching",
    "startup legal advice", "research recruiting", "management coaching", "sales strategy",
    "pricing experiments", "Lisbon housing tips", "meetup speaking slots", "data pipelines",
    "mobile testing", "hospital procurement", "hiring advice", "writing and editing",
)  # fmt: skip
_INTERESTS = (
    "climbing", "jazz", "ceramics", "sailing", "chess", "football", "running", "baking",
    "birdwatching", "film photography", "poetry", "gardening", "cycling", "board games",
)  # fmt: skip
_CADENCES = ("6w", "45d", "3 months", "never", "2 weeks", "90", "1y")
_TYPES = ("call", "coffee", "meal", "meeting", "email", "message", "event", "intro", "note")
_TYPE_WEIGHTS = (18, 16, 8, 18, 14, 12, 6, 3, 5)
_TOPICS = (
    "the hiring plan", "their next fundraise", "pricing", "a product launch", "user research",
    "a career change", "the conference", "a new job", "remote work", "the quarterly numbers",
    "burnout and holidays", "a partnership", "their team offsite", "open-source funding",
)  # fmt: skip
_SENTENCES = (
    "We talked about {topic} for most of the time.",
    "{p} thinks {topic} matters more than anything else this quarter.",
    "{p} mentioned that {o} is working on something similar at {company}.",
    "Good energy; {p} asked to be kept in the loop on {topic}.",
    "Ideas to follow up: a short write-up on {topic}, and an intro to {o}.",
    "{p} recommended a book about {topic}; I added it to the list.",
    "The hard part is still {topic}. Nobody at {company} has solved it either.",
    "We disagreed about {topic}, politely. {p} may be right.",
    "{o} came up twice; worth a coffee soon.",
    "Remember: {p} is travelling next month and moving teams in spring.",
)  # fmt: skip
_GAVE = (
    "an intro to a designer", "feedback on their deck", "a reference letter",
    "two candidate CVs", "a book", "notes from my customer interviews", "a warm intro",
)  # fmt: skip
_TODO = ("Send", "Call", "Write to", "Share the draft with", "Book a lunch with")
_DONE = ("Shared the summary with", "Sent the deck to", "Thanked", "Introduced myself to")
_ASKED = ("a reference", "an intro to their investor", "feedback on our pricing", "a favour")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    alias: str | None


def _pairs(words: str) -> list[tuple[str, str]]:
    out = []
    for word in words.split():
        native, _, latin = word.partition("|")
        out.append((native, latin or native))
    return out


_POOLS = [(_pairs(g), _pairs(f), order) for g, f, order, _ in _CULTURES]
_FOLD = str.maketrans({"ø": "o", "ł": "l", "æ": "ae", "đ": "d", "ß": "ss", "ı": "i", "þ": "th"})


def _ascii_slug(text: str) -> str | None:
    """Kebab ASCII for Latin-script text; None when the text is in another script."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    letters = "".join(ch for ch in folded if not unicodedata.combining(ch))
    if not letters.isascii():
        return None
    words = "".join(ch if ch.isalnum() else " " for ch in letters.replace("'", "")).split()
    return "-".join(words)


def _make_id(name: str) -> str:
    ascii_id = _ascii_slug(name)
    # Other scripts keep their letters: the file name is the name, lower-cased, kebab-joined.
    return ascii_id if ascii_id else "-".join(name.lower().split())


def _draw_name(rng: random.Random, longer: bool) -> tuple[str, str | None]:
    """(name, Latin alias or nickname). `longer` adds a second family name or syllable,
    which multiplies the pool when short names run out."""
    given, family, order = rng.choices(_POOLS, weights=_CULTURE_WEIGHTS)[0]
    (g, gl), (f, fl) = _pick(rng, given), _pick(rng, family)
    if order == "joined":
        if longer:  # Korean and Chinese given names: two syllables mixed from two names
            return f + _pick(rng, given)[0][:1] + g[-1:], None
        return f + g, f"{fl} {gl}"
    if order == "east":
        return f"{f} {g}", None if longer else f"{fl} {gl}"
    if longer:
        second = _pick(rng, family)[0]
        f = f"{f}-{second}" if second != f else f
    return f"{g} {f}", (f"{g} {f[0]}." if g == gl else f"{gl} {fl}")


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """`rng.choice`, twice as fast; the generator spends most of its time choosing."""
    return items[int(rng.random() * len(items))]


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def make_people(rng: random.Random, count: int) -> list[Person]:
    """Unique names, ids and aliases (case-insensitively, across all three)."""
    taken: set[str] = set()
    people: list[Person] = []
    for index in range(count):
        name, alias = _draw_name(rng, rng.random() < 0.15)
        attempt = 0
        while _name_key(name) in taken or _make_id(name).casefold() in taken:
            attempt += 1
            name, alias = _draw_name(rng, attempt > 5)
            if attempt >= 60:
                # The pools are finite: a number makes the name unique (no base has digits).
                name = f"{name} {index}"
        ident = _make_id(name)
        taken.update({_name_key(name), ident.casefold()})
        keep_alias = alias is not None and rng.random() < 0.3 and _name_key(alias) not in taken
        if alias is not None and keep_alias:
            taken.add(_name_key(alias))
        people.append(Person(ident, name, alias if keep_alias else None))
    return people


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _birthday(rng: random.Random) -> str:
    year = rng.randrange(1950, 2004)
    month, day = rng.randrange(1, 13), rng.randrange(1, 29)
    if rng.random() < 0.01:
        year, month, day = 1992, 2, 29
    form = rng.random()
    if form < 0.6:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"--{month:02d}-{day:02d}" if form < 0.8 else f"{month:02d}-{day:02d}"


def person_text(rng: random.Random, people: list[Person], index: int) -> str:
    person = people[index]
    lines = ["---", f"name: {_q(person.name)}"]
    if person.alias:
        alias = _q(person.alias)
        lines.append(f"aliases: {alias}" if rng.random() < 0.5 else f"aliases: [{alias}]")
    if rng.random() < 0.7:
        lines.append(f"tier: {_pick(rng, 'AABBBCCCDD')}")
    if rng.random() < 0.1:
        lines.append(f"cadence: {_q(_pick(rng, _CADENCES))}")
    lines.append("tags: [" + ", ".join(sorted(set(rng.sample(_TAGS, rng.randrange(1, 4))))) + "]")
    company = _pick(rng, _COMPANIES)
    lines += [f"company: {_q(company)}", f"title: {_q(_pick(rng, _TITLES))}"]
    lines.append(f"location: {_q(_pick(rng, _PLACES))}")
    local = (_ascii_slug(person.alias or person.name) or f"contact{index}").replace("-", ".")
    lines.append(f"email: {local}@{_ascii_slug(company) or 'mail'}.example")
    if rng.random() < 0.4:
        lines.append(f'phone: "+44 7700 9{rng.randrange(100000):05d}"')
    if rng.random() < 0.6:
        lines.append(f"birthday: {_birthday(rng)}")
    if rng.random() < 0.7:
        lines.append(f"met: {_day_between(rng, dt.date(2010, 1, 1), dt.date(2026, 10, 1))}")
        lines.append(f"met_where: {_q(_pick(rng, _PLACES))}")
    if index and rng.random() < 0.25:
        lines.append(f"introduced_by: {_q('[[' + people[rng.randrange(index)].name + ']]')}")
    elif index and rng.random() < 0.05:
        lines.append(f"recommended_by: {_q('[[' + people[rng.randrange(index)].name + ']]')}")
    if rng.random() < 0.3:
        lines.append(f"needs: {_q(_pick(rng, _NEEDS))}")
    if rng.random() < 0.4:
        lines.append("offers: [" + ", ".join(_q(o) for o in rng.sample(_OFFERS, 2)) + "]")
    if rng.random() < 0.4:
        lines.append("interests: [" + ", ".join(rng.sample(_INTERESTS, 2)) + "]")
    if rng.random() < 0.1:
        lines.append(
            f"last_contact: {_day_between(rng, dt.date(2021, 1, 1), dt.date(2024, 12, 31))}"
        )
    if rng.random() < 0.03:
        lines.append(f"snooze_until: {_day_between(rng, TODAY, TODAY + dt.timedelta(days=120))}")
    if rng.random() < 0.03:
        lines.append("archived: true")
    lines += ["---", "", f"Works at {company}. #{_pick(rng, _TAGS)}", ""]
    return "\n".join(lines)


def _link(rng: random.Random, person: Person) -> str:
    roll = rng.random()
    if roll < 0.1:
        return f"[[{person.id}|{person.name.split()[0]}]]"
    if roll < 0.15 and person.alias:
        return f"[[{person.alias}]]"
    return f"[[{person.name}]]"


def _paragraph(rng: random.Random, people: list[Person], present: list[Person]) -> str:
    """Two to four sentences about one topic, one company and one other person."""
    values = {
        "p": _link(rng, _pick(rng, present)),
        "o": _link(rng, _pick(rng, people)),
        "topic": _pick(rng, _TOPICS),
        "company": _pick(rng, _COMPANIES),
    }
    start = int(rng.random() * len(_SENTENCES))
    count = 2 + int(rng.random() * 3)
    return " ".join(_SENTENCES[(start + 3 * i) % len(_SENTENCES)] for i in range(count)).format(
        **values
    )


def _task(rng: random.Random, present: list[Person], day: dt.date) -> str:
    who, topic = _link(rng, _pick(rng, present)), _pick(rng, _TOPICS)
    if rng.random() < 0.4:
        return f"- [x] {_pick(rng, _DONE)} {who}"
    due = day + dt.timedelta(days=rng.randrange(3, 40))
    mark = f"📅 {due}" if rng.random() < 0.5 else f"due: {due}"
    return f"- [ ] {_pick(rng, _TODO)} {who} about {topic} {mark}"


def _body(rng: random.Random, people: list[Person], present: list[Person], day: dt.date) -> str:
    """Paragraphs, task lists and tag lines until a log-uniform size of 300 B to 4 KB."""
    target = int(300 * (13.0 ** rng.random()))
    blocks: list[list[str]] = []  # each block: paragraph lines, or the items of one list
    size = 0
    while size < target + 2:  # the text is `size` minus one byte
        roll = rng.random()
        if roll < 0.2:
            line, listed = _task(rng, present, day), True
        elif roll < 0.25:
            line, listed = f"#{_pick(rng, _TAGS)} #{_pick(rng, _TAGS)}", False
        else:
            line = _paragraph(rng, people, present)
            listed = False
        grows = len(line.encode()) + 2
        if size + grows > 4000 and size >= 300:
            break
        if listed and blocks and blocks[-1][0].startswith("- ["):
            blocks[-1].append(line)
        else:
            blocks.append([line])
        size += grows
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def note_text(
    rng: random.Random, people: list[Person], weights: list[float]
) -> tuple[dt.date, str, Person, str]:
    """One note: (day, type, first person, text)."""
    if rng.random() < 0.01:
        day = TODAY + dt.timedelta(days=rng.randrange(1, 61))
    else:
        day = TODAY - dt.timedelta(days=rng.randrange(1, HISTORY_DAYS + 1))
    kind = rng.choices(_TYPES, weights=_TYPE_WEIGHTS)[0]
    picked: list[Person] = []
    for candidate in rng.choices(people, cum_weights=weights, k=rng.randrange(1, 5)):
        if candidate not in picked:
            picked.append(candidate)
    topic = _pick(rng, _TOPICS)
    lines = ["---"]
    if rng.random() < 0.9:
        lines.append(f"date: {day}")
    lines.append("with: [" + ", ".join(_q(f"[[{p.name}]]") for p in picked) + "]")
    lines += [f"type: {kind}", f"summary: {_q(f'{kind.capitalize()} about {topic}')}"]
    if rng.random() < 0.7:
        lines.append(f"initiated_by: {_pick(rng, ('me', 'them'))}")
    if rng.random() < 0.25:
        lines.append(f"gave: {_q(_pick(rng, _GAVE))}")
    if rng.random() < 0.08:
        lines.append(f"asked: {_q(_pick(rng, _ASKED))}")
    if kind == "intro" and len(picked) >= 2:
        lines.append(f"introduced: [{_q(f'[[{picked[0].name}]]')}, {_q(f'[[{picked[1].name}]]')}]")
    if rng.random() < 0.1:
        lines.append(f"follow_up: {day + dt.timedelta(days=rng.randrange(7, 31))}")
        lines.append(f"next_action: {_q(f'Send the notes on {topic}')}")
    if rng.random() < 0.5:
        lines.append("tags: [" + ", ".join(sorted(set(rng.sample(_TAGS, 2)))) + "]")
    lines += ["---", "", _body(rng, people, picked, day)]
    return day, kind, picked[0], "\n".join(lines)


def generate(out: Path, contacts: int, notes: int, seed: int) -> None:
    """Write a vault of `contacts` people and `notes` notes into `out` (new or empty)."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; refusing to mix vaults")
    rng = random.Random(seed)
    people = make_people(rng, max(contacts, 1))
    (out / "people").mkdir(parents=True, exist_ok=True)
    for index, person in enumerate(people):
        _write(out / "people" / f"{person.id}.md", person_text(rng, people, index))
    # A few people appear in many notes, most in few: cumulative weights of 1 / (rank + 5).
    total = 0.0
    weights: list[float] = []
    for rank in range(len(people)):
        total += 1.0 / (rank + 5)
        weights.append(total)
    used: set[str] = set()
    folders: set[int] = set()
    for index in range(notes):
        day, kind, first, text = note_text(rng, people, weights)
        name = f"{day}-{kind}-{first.id}"
        suffix = index
        while name in used:
            name, suffix = f"{day}-{kind}-{first.id}-{suffix}", suffix + notes
        used.add(name)
        if day.year not in folders:
            (out / "notes" / str(day.year)).mkdir(parents=True, exist_ok=True)
            folders.add(day.year)
        _write(out / "notes" / str(day.year) / f"{name}.md", text)


def _write(path: Path, text: str) -> None:
    with open(path, "xb") as file:  # exclusive: never overwrite anything
        file.write(text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic netvault vault.")
    parser.add_argument("out", type=Path, help="folder to create (must be new or empty)")
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--notes", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.out, args.contacts, args.notes, args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.contacts} contacts and {args.notes} notes to {args.out} in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
