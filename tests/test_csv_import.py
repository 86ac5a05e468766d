"""CSV import: Google (current, old), Google's Outlook CSV, LinkedIn 2018 and 2024."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netvault.interchange.csv_import import (
    connected_on,
    decode_csv,
    detect_format,
    read_csv_contacts,
)
from netvault.interchange.imported import ImportedContact
from netvault.model import Birthday
from tests.independent_readers import CSVS, REALWORLD, csv_emails

CSV = REALWORLD / "csv"
EXPECTED_FORMAT = {
    "google-new-format.handmade.csv": "google",
    "google-old-format-2020s.handmade.csv": "google",
    "google-old-format-gmail-export-2014.utf16le.csv": "google",
    "google-old-format-gmail-export-2014.utf8.csv": "google",
    "google-outlook-csv-format.handmade.csv": "outlook",
    "linkedin-Connections-2018-format.handmade.csv": "linkedin",
    "linkedin-Connections-2024-format.handmade.csv": "linkedin",
}


def read(name: str) -> list[ImportedContact]:
    contacts, problems = read_csv_contacts((CSV / name).read_bytes(), name)
    assert problems == []
    return contacts


def by_name(contacts: list[ImportedContact], name: str) -> ImportedContact:
    (found,) = [c for c in contacts if c.name == name]
    return found


def test_all_seven_files_are_there() -> None:
    assert [p.name for p in CSVS] == sorted(EXPECTED_FORMAT)


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_layout_is_detected_and_every_email_is_imported(path: Path) -> None:
    text = decode_csv(path.read_bytes())
    header = next(line for line in text.splitlines() if "First Name" in line or "Name," in line)
    assert detect_format(header.split(",")) == EXPECTED_FORMAT[path.name]
    contacts, problems = read_csv_contacts(path.read_bytes(), path.name)
    assert problems == []
    imported = {e.casefold() for c in contacts for e in c.emails}
    expected = {e.casefold() for e in csv_emails(path)}
    assert expected and expected <= imported


def test_utf16_file_reads_like_its_utf8_twin() -> None:
    utf16 = read("google-old-format-gmail-export-2014.utf16le.csv")
    utf8 = read("google-old-format-gmail-export-2014.utf8.csv")
    assert [(c.name, c.emails, c.phones, c.note, c.location) for c in utf16] == [
        (c.name, c.emails, c.phones, c.note, c.location) for c in utf8
    ]
    (contact,) = utf8
    assert contact.name == "Firstname Middle Lastname"
    assert contact.note == 'note"note'
    assert contact.tags == ("test",)
    assert contact.emails == (
        "home@aaa.pl",
        "work@email.pl",
        "unknown@email.com",
        "other@email.com",
    )


def test_google_current_layout() -> None:
    contacts = read("google-new-format.handmade.csv")
    assert [c.line for c in contacts] == [2, 7, 8, 9, 10, 11, 14, 15]
    maggie = contacts[0]
    assert maggie.name == "Marguerite Okafor"
    assert maggie.phones == ("+1 415-555-0134", "+1 415-555-0199", "+1 415-555-0100")
    assert maggie.tags == ("starred", "work")  # `* myContacts` dropped, `* ` markers removed
    assert maggie.linkedin == "https://www.linkedin.com/in/marguerite-okafor-example"
    assert maggie.note == "Met at the Lisbon meetup.\nPrefers email over phone."
    assert maggie.location == "San Francisco, CA, US"
    siobhan = by_name(contacts, "Siobhán O'Brien")
    assert siobhan.birthday == Birthday(11, 23)
    assert siobhan.tags == ("book-club", "friends")
    assert by_name(contacts, "Acme Plumbing, Inc.").website == "acme-plumbing.example"
    assert by_name(contacts, "Plumber (Dave)").phones == ("555-0175",)


def test_google_older_layout() -> None:
    contacts = read("google-old-format-2020s.handmade.csv")
    assert [c.line for c in contacts] == [2, 3, 4, 6, 7, 8]  # row 4 spans two lines
    henrik = contacts[0]
    assert henrik.phones == ("+46 70 555 01 23", "070-555 01 23")
    tobias = by_name(contacts, "Tobias Achterberg")
    assert (tobias.company, tobias.title) == ("Contoso", "Controller")
    assert tobias.birthday == Birthday(8, 15, 1979)
    assert by_name(contacts, "City Library Front Desk").phones == ("+1 800 555 0199",)


def test_google_outlook_layout_is_not_mistaken_for_google() -> None:
    contacts = read("google-outlook-csv-format.handmade.csv")
    assert [(c.name, c.title, c.tags) for c in contacts] == [
        ("Wen Zhao", "PRESIDENT", ("club-officers",)),
        ("Luca G. Bianchi", "TREASURER", ("club-officers",)),
        ("Amara Nwosu", "ADVISOR", ("club-advisors",)),
        ("Jonas Weber", "CORE-MEMBER", ("club-core",)),
    ]
    assert contacts[1].phones == ("+39 333 555 0101",)
    assert contacts[2].birthday == Birthday(4, 2, 1999)
    assert contacts[3].location == "Berlin, Germany"


def test_linkedin_2024_preamble_dates_and_profile() -> None:
    contacts = read("linkedin-Connections-2024-format.handmade.csv")
    assert contacts[0].line == 5  # after `Notes:`, a paragraph and an empty line
    first = contacts[0]
    assert (first.name, first.met, first.met_where) == (
        "Aiko Tanabe",
        dt.date(2024, 10, 9),
        "LinkedIn",
    )
    assert first.linkedin == "https://www.linkedin.com/in/aiko-tanabe-example"
    names = [c.name for c in contacts]
    assert "Fatima Zahra" in names and "Ivan Petrov" in names  # trailing space, tab
    hidden = [c for c in contacts if c.name is None]
    assert [(c.line, c.emails, c.met) for c in hidden] == [(11, (), dt.date(2024, 2, 5))]
    assert by_name(contacts, "Dr. Emeka Obi").company == "Tailspin Toys, Inc."


def test_linkedin_2018_layout_without_url() -> None:
    contacts = read("linkedin-Connections-2018-format.handmade.csv")
    assert [(c.name, c.met) for c in contacts][:2] == [
        ("Aiko Tanabe", dt.date(2018, 4, 11)),
        ("Benedikt Hoffmann", dt.date(2018, 3, 28)),
    ]
    assert contacts[2].title == "Sales, EMEA"
    assert all(c.linkedin is None and c.met_where == "LinkedIn" for c in contacts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09 Oct 2024", dt.date(2024, 10, 9)),
        ("4/11/18, 9:05 AM", dt.date(2018, 4, 11)),
        ("12/1/17, 4:17 PM", dt.date(2017, 12, 1)),
        ("2024-02-05", dt.date(2024, 2, 5)),
        ("31 Feb 2024", None),
        ("yesterday", None),
    ],
)
def test_connected_on(text: str, expected: dt.date | None) -> None:
    assert connected_on(text) == expected


def test_unknown_header_is_an_error() -> None:
    contacts, problems = read_csv_contacts(b"a,b,c\n1,2,3\n", "x.csv")
    assert contacts == []
    assert [(p.path, p.line, p.severity) for p in problems] == [("x.csv", 1, "error")]


def test_a_forced_format_that_the_header_contradicts_is_said() -> None:
    # `--format linkedin` on a Google export skipped every row without saying why.
    data = b"Name,Given Name,Family Name,E-mail 1 - Value\nAda L,Ada,L,ada@x.example\n"
    contacts, problems = read_csv_contacts(data, "g.csv", "linkedin")
    assert [str(p) for p in problems] == [
        "g.csv:1: warning: the header looks like a google export, not linkedin; read as "
        "linkedin as --format asks"
    ]
    assert len(contacts) == 1
    assert read_csv_contacts(data, "g.csv", "google")[1] == []


def test_forced_format_and_bad_dates_warn_at_their_row() -> None:
    data = b"First Name,Last Name,Email Address,Connected On\nAl,Bo,al@x.example,someday\n"
    contacts, problems = read_csv_contacts(data, "c.csv", "linkedin")
    assert [(c.name, c.emails) for c in contacts] == [("Al Bo", ("al@x.example",))]
    assert [str(p) for p in problems] == [
        "c.csv:2: warning: Connected On 'someday' is not a date; not imported"
    ]


def test_a_semicolon_or_tab_separated_export_is_read() -> None:
    # Excel in a comma-decimal locale (de, fr, nl...) saves "CSV" with semicolons; the file
    # was refused as "no known CSV header found".
    for sep in (";", "\t"):
        data = sep.join(["First Name", "Last Name", "E-mail Address", "Job Title"]) + "\n"
        data += sep.join(["Ada", "Lovelace", "ada@x.example", "Analyst, engines"]) + "\n"
        contacts, problems = read_csv_contacts(data.encode(), "o.csv")
        assert problems == [], sep
        assert [(c.name, c.emails, c.title) for c in contacts] == [
            ("Ada Lovelace", ("ada@x.example",), "Analyst, engines")
        ], sep


def test_an_unclosed_quote_is_an_error_at_its_row_not_a_silent_swallow() -> None:
    # The reader made the rest of the file one cell: Bob and Cy vanished without a word.
    data = (
        b"First Name,Last Name,E-mail Address\n"
        b"Ada,Lovelace,ada@x.example\n"
        b'Al,"Byron,al@x.example\n'
        b"Bob,Byron,bob@x.example\n"
        b"Cy,Cole,cy@x.example\n"
    )
    contacts, problems = read_csv_contacts(data, "o.csv")
    assert [c.name for c in contacts] == ["Ada Lovelace"]
    assert [(p.line, p.severity) for p in problems] == [(3, "error")]
    assert "never closed" in problems[0].message
    # Two unclosed quotes paired up: Al and Bob became one person "Al B,al@x.example Bob".
    paired = (
        b"First Name,Last Name,E-mail Address\n"
        b'Al,"B,al@x.example\n'
        b'Bob,"B,bob@x.example\n'
        b"Cy,Cole,cy@x.example\n"
    )
    contacts, problems = read_csv_contacts(paired, "o.csv")
    assert [c.name for c in contacts] == ["Cy Cole"]
    assert [str(p) for p in problems] == [
        "o.csv:2: error: this row's quoting is broken (',' expected after '\"');"
        " it and the 1 lines after it were not read"
    ]


@pytest.mark.parametrize(
    "body",
    [
        b'Ada,L,a@x.example,"two\nlines"\n',  # a quoted cell spanning lines, last
        b'Ada,L,a@x.example,"two\r\nlines"\r\n\r\n',  # the same, CRLF, a blank line after
        b'Ada,L,a@x.example,"say ""hi""\nthen"\n',  # escaped quotes in it
        b"Ada,L,a@x.example,5'11\" tall\n\n",  # an inch mark, a blank line after
        b'Cy,C,c@x.example,"one\xe2\x80\xa8two"\nAda,L,a@x.example,"x\ny"\n',  # U+2028
    ],
)
def test_valid_quoting_is_no_fault(body: bytes) -> None:
    # A quote-counting check called these unclosed and dropped the last row.
    contacts, problems = read_csv_contacts(
        b"First Name,Last Name,E-mail Address,Notes\n" + body, "o.csv"
    )
    assert problems == []
    assert contacts[-1].name == "Ada L" and contacts[-1].emails == ("a@x.example",)


def test_no_header_for_a_given_format_does_not_say_try_format() -> None:
    problems = read_csv_contacts(b"a,b\n1,2\n", "x.csv", "linkedin")[1]
    assert [str(p) for p in problems] == [
        "x.csv:1: error: no linkedin header (a row naming columns such as First Name)"
        " in the first 20 rows"
    ]
    assert read_csv_contacts(b"a,b\n1,2\n", "x.csv")[1][0].message.endswith("try --format")


def _outlook(*birthdays: str) -> bytes:
    rows = [f"P{n},Q,p{n}@x.example,{born}" for n, born in enumerate(birthdays)]
    return "\n".join(["First Name,Last Name,E-mail Address,Birthday", *rows, ""]).encode()


def test_a_slashed_birthday_is_read_in_the_order_the_file_shows() -> None:
    """Outlook writes dates as the computer's region does: a UK file's 05/01/1983 (5 January)
    was read as 1 May, in silence, beside a 15/01/1970 refused as "not a date"."""
    uk, problems = read_csv_contacts(_outlook("15/01/1970", "05/01/1983", "21.11.1965"), "uk.csv")
    assert problems == []
    assert [c.birthday for c in uk] == [
        Birthday(1, 15, 1970),
        Birthday(1, 5, 1983),
        Birthday(11, 21, 1965),  # dotted: always day first
    ]
    us, problems = read_csv_contacts(_outlook("1/15/1970", "05/01/1983", "7/7/1990"), "us.csv")
    assert problems == []
    assert [c.birthday for c in us] == [
        Birthday(1, 15, 1970),
        Birthday(5, 1, 1983),
        Birthday(7, 7, 1990),
    ]


def test_a_birthday_no_date_in_the_file_can_place_is_not_guessed() -> None:
    data = _outlook("05/01/1983", "3/3/1990", "12/31/1980", "31/12/1980")
    contacts, problems = read_csv_contacts(data, "o.csv")
    # 12/31 says month first, 31/12 day first: the file tells both ways, so each must tell
    assert [c.birthday for c in contacts] == [
        None,
        Birthday(3, 3, 1990),
        Birthday(12, 31, 1980),
        Birthday(12, 31, 1980),
    ]
    assert [str(p) for p in problems] == [
        "o.csv:2: warning: birthday '05/01/1983' could be 1 May or 5 January, and no date in"
        " this file tells which comes first; not imported (give --date-order mdy or dmy)"
    ]
    told, problems = read_csv_contacts(_outlook("05/01/1983", "31/12/1980"), "o.csv", order="dmy")
    assert [c.birthday for c in told] == [Birthday(1, 5, 1983), Birthday(12, 31, 1980)]
    assert problems == []
    told, problems = read_csv_contacts(_outlook("05/01/1983", "31/12/1980"), "o.csv", order="mdy")
    assert [c.birthday for c in told] == [Birthday(5, 1, 1983), None]
    assert [str(p) for p in problems] == [
        "o.csv:3: warning: birthday '31/12/1980' is not a date; not imported"
    ]


def test_a_department_column_is_kept() -> None:
    google = (
        b"First Name,Last Name,Labels,Organization Name,Organization Department\nAl,Bo,,Acme,Labs\n"
    )
    outlook = (
        b"First Name,Last Name,E-mail Address,Company,Department\nCy,Do,c@x.example,Acme,Ops\n"
    )
    assert [c.department for c in read_csv_contacts(google, "g.csv")[0]] == ["Labs"]
    assert [c.department for c in read_csv_contacts(outlook, "o.csv")[0]] == ["Ops"]


def test_a_two_digit_year_is_left_out_not_guessed() -> None:
    """`25/11/80` came in as born in 2080, and `1/1/0000` as born in 2000."""
    contacts, problems = read_csv_contacts(_outlook("25/11/80", "1/1/0000", "3/4/1990"), "o.csv")
    assert [c.birthday for c in contacts] == [Birthday(11, 25), None, Birthday(4, 3, 1990)]
    assert [str(p) for p in problems] == [
        "o.csv:2: warning: birthday '25/11/80' has a two-digit year; imported as --11-25",
        "o.csv:3: warning: birthday '1/1/0000' is not a date; not imported",
    ]
