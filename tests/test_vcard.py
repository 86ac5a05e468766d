"""vCard import (real exports from many programs) and export (RFC 6350, no injection)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import vobject
from click.testing import CliRunner

from netvault.build import build_site
from netvault.commands.export_vcard import export_vcard
from netvault.interchange.imported import ImportedContact
from netvault.interchange.merge import plan_import
from netvault.interchange.vcard import export_vcards, fold, read_vcards
from netvault.loader import load_vault
from netvault.model import Birthday, Contact, ExtraField
from tests.conftest import VaultMaker, stale_temp
from tests.independent_readers import REALWORLD, VCARDS, vcard_emails
from tests.site_helpers import TODAY

OTHER = REALWORLD / "vcards" / "other"
KHARD = REALWORLD / "vcards" / "khard"


def read(path: Path) -> list[ImportedContact]:
    contacts, _ = read_vcards(path.read_bytes(), path.name)
    return contacts


def one(path: Path) -> ImportedContact:
    contacts = read(path)
    assert len(contacts) == 1
    return contacts[0]


def test_the_realworld_folder_is_there() -> None:
    assert len(VCARDS) == 37


@pytest.mark.parametrize("path", VCARDS, ids=lambda p: p.name)
def test_every_email_an_independent_reader_sees_is_imported(path: Path) -> None:
    contacts, problems = read_vcards(path.read_bytes(), path.name)
    imported = {email.casefold() for contact in contacts for email in contact.emails}
    assert {email.casefold() for email in vcard_emails(path)} <= imported
    if path.name != "unparsable.vcf":
        assert contacts, "every other file has at least one card"
        assert [p for p in problems if p.severity == "error"] == []


def test_all_42_independent_emails_counted() -> None:
    assert sum(len(vcard_emails(path)) for path in VCARDS) == 42


def test_the_broken_card_is_reported_by_file_and_line() -> None:
    contacts, problems = read_vcards((KHARD / "unparsable.vcf").read_bytes(), "x/unparsable.vcf")
    assert contacts == []
    assert [str(p) for p in problems] == [
        "x/unparsable.vcf:1: error: this card has no END:VCARD; it was not imported"
    ]


def test_a_broken_card_in_the_middle_leaves_the_others() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEMAIL:ann@x.example\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy\r\nEMAIL:cy@x.example\r\nEND:VCARD\r\n"
    )
    contacts, problems = read_vcards(data, "mixed.vcf")
    assert [(c.name, c.line, c.emails) for c in contacts] == [
        ("Ann", 1, ("ann@x.example",)),
        ("Cy", 9, ("cy@x.example",)),
    ]
    assert [(p.path, p.line, p.severity) for p in problems] == [("mixed.vcf", 6, "error")]


def test_vcard_21_quoted_printable_utf8_names_and_soft_breaks() -> None:
    contacts = read(OTHER / "John_Doe_ANDROID.vcf")
    assert [c.line for c in contacts] == [1, 6, 11, 18, 36, 71]
    assert contacts[2].name == "Ñ Ñ Ñ Ñ Ñ"
    assert contacts[3].name == " ".join(["Ñ"] * 11)  # spread over a QP soft line break
    assert contacts[0].name is None and contacts[0].emails == ("john.doe@company.com",)
    assert contacts[4].emails == ("bob@company.com", "Ñ" * 14)


def test_vcard_21_outlook_bare_types_and_base64_key_are_skipped() -> None:
    contact = one(OTHER / "outlook-2003.vcf")
    assert contact.phones == ("BusinessPhone", "HomePhone", "MobilePhone", "BusinessFaxPhone")
    assert contact.note == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert contact.company == "Company, The"
    assert contact.location == "Austin, TX, United States of America"


def test_legacy_charset_is_decoded() -> None:
    data = "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=ISO-8859-1:Jos\xe9\nEND:VCARD\n".encode("latin-1")
    assert [c.name for c in read_vcards(data, "x.vcf")[0]] == ["José"]


def test_fn_keeps_escaped_commas_and_nicknames_are_a_list() -> None:
    gmail = one(OTHER / "John_Doe_GMAIL.vcf")
    assert gmail.name == "Mr. John Richter, James Doe Sr."
    davx5 = one(OTHER / "davx5-allfields-vcard3.vcf")
    assert davx5.aliases == ("Nick1", "Nick2")
    assert davx5.company == "ABC, Inc."
    assert davx5.title == "Director, Research and Development"
    assert davx5.birthday == Birthday(4, 15, 1996)
    assert davx5.location == "Raleigh, NC, U.S.A."


def test_item_groups_labels_and_repeated_properties() -> None:
    contact = one(OTHER / "gmail-single2.vcf")
    assert "customcategory@example.com" in contact.emails
    assert contact.website == "http://www.example1.com"
    multi = one(KHARD / "contact_with_multiple_values.vcf")
    assert multi.aliases == ("nicknames", "several")
    assert multi.tags == ("cat1", "cat2", "cät3", "one-more")
    assert multi.note == "multi-line\nnote\n\nsingle line note"
    assert multi.uid == "mu5cusrwial7me8se03h6uhngag59w1uwd3g"
    assert multi.location == "A City, Region, Country"


def test_linkedin_from_a_label_or_social_profile() -> None:
    data = (
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Li\nitem1.URL:https://li.example/x\n"
        b"item1.X-ABLabel:LinkedIn\nURL:https://home.example\nEND:VCARD\n"
    )
    (contact,), _ = read_vcards(data, "x.vcf")
    assert (contact.linkedin, contact.website) == ("https://li.example/x", "https://home.example")


@pytest.mark.parametrize(
    ("bday", "expected"),
    [
        ("--0415", Birthday(4, 15)),
        ("--04-15", Birthday(4, 15)),
        ("19800322", Birthday(3, 22, 1980)),
    ],
)
def test_birthdays_with_and_without_year(bday: str, expected: Birthday) -> None:
    data = f"BEGIN:VCARD\nVERSION:4.0\nFN:B\nBDAY:{bday}\nEND:VCARD\n".encode()
    assert read_vcards(data, "b.vcf")[0][0].birthday == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-04", Birthday(3, 4)),
        ("BDAY;X-APPLE-OMIT-YEAR=1604;VALUE=date:1604-03-04", Birthday(3, 4)),
        ("BDAY;x-apple-omit-year=1604:16040304", Birthday(3, 4)),
        # the parameter names another year than the value's: the year is the person's
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1984-03-04", Birthday(3, 4, 1984)),
    ],
)
def test_an_apple_birthday_without_a_year_is_imported_without_one(
    line: str, expected: Birthday
) -> None:
    """Apple Contacts writes a yearless birthday as 1604 plus X-APPLE-OMIT-YEAR; it was
    imported as born in 1604, and `due` said "turns 423"."""
    data = f"BEGIN:VCARD\nVERSION:3.0\nFN:Anna Apple\n{line}\nEND:VCARD\n".encode()
    assert read_vcards(data, "a.vcf")[0][0].birthday == expected


def test_text_birthday_is_skipped_with_a_warning_at_its_line() -> None:
    contacts, problems = read_vcards((KHARD / "text-bday.vcf").read_bytes(), "t.vcf")
    assert contacts[0].birthday is None
    assert [str(p) for p in problems] == [
        "t.vcf:5: warning: birthday 'circa 1800' is not a date; not imported"
    ]


def test_photos_are_skipped_without_problems() -> None:
    for name in ("photov3.vcf", "photov4.vcf"):
        contacts, problems = read_vcards((KHARD / name).read_bytes(), name)
        assert problems == [] and contacts[0].name == f"with photo {name[5:7]}"
    iphone = one(OTHER / "John_Doe_IPHONE.vcf")  # 46 KB of photo, CR CR LF line ends
    assert iphone.birthday == Birthday(6, 6, 2012)


# --- export --------------------------------------------------------------------------------

INJECTED = "Eve\r\nEND:VCARD\nBEGIN:VCARD\nFN:Mallory"


def contact(cid: str, name: str, **fields: object) -> Contact:
    return Contact(id=cid, path=f"people/{cid}.md", name=name, **fields)  # type: ignore[arg-type]


CONTACTS = [
    contact("eve", INJECTED, company="A;B,C\\D", title="x:y"),
    contact("ann", "Ann", emails=("ann@x.example",), birthday=Birthday(11, 23)),
    contact("bo", "Bö " + "é" * 60, birthday=Birthday(2, 29, 1996), tags=("a", "b")),
    contact("cy", "Cy", extra=(ExtraField("uid", "cy-uid-1", 3),), linkedin="https://li/x"),
]


def test_export_parses_with_vobject_one_card_per_contact() -> None:
    text = export_vcards(CONTACTS)
    cards = list(vobject.readComponents(text))
    in_id_order = sorted(CONTACTS, key=lambda c: c.id)
    assert [card.fn.value for card in cards] == [c.name.replace("\r\n", "\n") for c in in_id_order]
    eve = cards[in_id_order.index(CONTACTS[0])]
    assert eve.org.value == ["A;B,C\\D"]
    assert eve.title.value == "x:y"


def test_a_name_with_newline_and_end_vcard_cannot_start_a_card() -> None:
    text = export_vcards(CONTACTS[:1])
    unfolded = re.sub(r"\r\n ", "", text).split("\r\n")
    assert [line for line in unfolded if line.startswith(("BEGIN:", "END:"))] == [
        "BEGIN:VCARD",
        "END:VCARD",
    ]
    assert "FN:Eve\\nEND:VCARD\\nBEGIN:VCARD\\nFN:Mallory" in unfolded


def test_export_uses_crlf_and_folds_at_75_octets() -> None:
    data = export_vcards(CONTACTS).encode("utf-8")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) == 75
    data.decode("utf-8")  # folding never splits a multi-byte character
    assert fold("x" * 80) == "x" * 75 + "\r\n " + "x" * 5 + "\r\n"


def test_export_birthdays_uids_and_categories() -> None:
    text = export_vcards(CONTACTS)
    assert "BDAY:--1123\r\n" in text
    assert "BDAY:19960229\r\n" in text
    assert "UID:cy-uid-1\r\n" in text
    assert "CATEGORIES:a,b\r\n" in text
    assert "X-SOCIALPROFILE;TYPE=linkedin:https://li/x\r\n" in text
    uids = re.findall(r"UID:(urn:uuid:[0-9a-f-]+)", text)
    assert len(set(uids)) == 3
    assert export_vcards(CONTACTS) == text  # stable


def test_reimporting_an_export_into_the_same_vault_creates_nothing(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada Lovelace\nemail: ada@x.example\n---\n",
            "people/only-name.md": "---\nname: Only A Name\n---\n",
            "people/Same Name.md": "---\nname: Only A Name\nphone: '123'\n---\n",
            "people/cy.md": "---\nname: Cy\nuid: from-my-phone\nbirthday: --02-29\n---\n",
        }
    )
    vault, _, _ = load_vault(root)
    exported = export_vcards(vault.contacts).encode("utf-8")
    incoming, problems = read_vcards(exported, "export.vcf")
    plan = plan_import(incoming, vault.contacts)
    assert problems == []
    assert plan.create == ()
    assert sorted((m.existing_id, m.by) for m in plan.match) == [
        ("Same Name", "uid"),
        ("ada", "uid"),
        ("cy", "uid"),
        ("only-name", "uid"),
    ]


def test_a_script_address_or_phone_stays_out_of_the_card() -> None:
    """BAD-INPUTS 20: a `javascript:` or `data:` address or phone stays out of the card;
    the site never links one, and a contacts app might. Everything else is kept."""
    hostile = contact(
        "x",
        "X",
        website="JavaScript:alert(1)",
        linkedin="data:text/html,<b>",
        phones=("java\tscript:alert(1)", "+44 20 7946 0000", "tel:+1 555"),
    )
    fine = contact(
        "y", "Y", website="example.com:8080/x", linkedin="linkedin.com/in/y",
        phones=("Mobile: +44 20 7946 0001",),
    )  # fmt: skip
    text = export_vcards([hostile, fine])
    assert "script" not in text.lower() and "data:" not in text
    assert "TEL:+44 20 7946 0000\r\n" in text and "TEL:tel:+1 555\r\n" in text
    assert "URL:example.com:8080/x\r\n" in text  # kept as typed: only scripts stay out
    assert "TEL:Mobile: +44 20 7946 0001\r\n" in text
    assert "X-SOCIALPROFILE;TYPE=linkedin:linkedin.com/in/y\r\n" in text


UNREADABLE = {
    "people/ada.md": "---\nname: Ada\ntwitter: @x\n---\n",  # YAML error: nothing read
    "people/bo.md": "---\nname: Bo\nbirthday: 2024-02-30\n---\n",  # one bad field
    "people/dee.md": "---\n- a list\n---\n",  # not a mapping: nothing read
    "people/eve.md": "---\nname: Eve\n---\n",
    # no front matter at all, and an error of another kind (ids collide): cards all the same
    "people/gus.md": "# Gus\n",
    "people/GUS.md": "# Gus Two\n",
}


def test_a_contact_whose_front_matter_could_not_be_read_gets_no_card(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """It is known only by its file name: its card would add "ada" to an address book."""
    root = make_vault(UNREADABLE)
    result = CliRunner().invoke(export_vcard, [str(root), "--today", "2026-11-22"])
    assert result.exit_code == 1  # the errors still count
    cards = re.findall(r"^FN:(.*)\r$", result.stdout_bytes.decode(), re.M)
    assert sorted(cards) == ["Bo", "Eve", "Gus", "Gus Two"]
    assert (
        "note: left out 2 contacts whose front matter could not be read:"
        " people/ada.md, people/dee.md"
    ) in result.stderr
    build_site(root, tmp_path / "site", TODAY, pagefind=False)
    site_card = (tmp_path / "site" / "contacts.vcf").read_text("utf-8")
    assert sorted(re.findall(r"^FN:(.*)$", site_card, re.M)) == ["Bo", "Eve", "Gus", "Gus Two"]
    assert (tmp_path / "site" / "people" / "ada.html").is_file()  # the page stays


def test_every_card_when_every_front_matter_was_read(make_vault: VaultMaker) -> None:
    root = make_vault({"people/eve.md": UNREADABLE["people/eve.md"]})
    result = CliRunner().invoke(export_vcard, [str(root), "--today", "2026-11-22"])
    assert result.exit_code == 0
    assert "left out" not in result.stderr
    assert re.findall(r"^FN:(.*)\r$", result.stdout_bytes.decode(), re.M) == ["Eve"]


def test_export_vcard_and_the_sites_contacts_vcf_are_the_same_bytes(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """Two contacts named alike came out in the site in id order and from `export vcard`
    in path order."""
    root = make_vault(
        {
            "people/zz/bo.md": "---\nname: Bo\nemail: one@x.example\n---\n",
            "people/aa/bo-b.md": "---\nname: Bo\nemail: two@x.example\n---\n",
            "people/ada.md": "---\nname: Ada\n---\n",
        }
    )
    result = CliRunner().invoke(export_vcard, [str(root), "--today", "2026-11-22"])
    assert result.exit_code == 0
    build_site(root, tmp_path / "site", TODAY, pagefind=False)
    assert result.stdout_bytes == (tmp_path / "site" / "contacts.vcf").read_bytes()
    emails = re.findall(r"^EMAIL:(.*)\r$", result.stdout_bytes.decode(), re.M)
    assert emails == ["one@x.example", "two@x.example"]  # bo, then bo-b


def test_an_export_outside_the_vault_leaves_that_folders_files_alone(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """`export -o ~/Downloads/contacts.vcf` writes as netvault writes into the vault, but
    never tidies that folder: even a name like netvault's own temporary files stays."""
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    theirs = stale_temp(downloads, ".old.vcf.netvault-0123abcd.tmp", b"theirs")
    out = downloads / "contacts.vcf"
    result = CliRunner().invoke(export_vcard, [str(root), "-o", str(out), "--today", "2026-11-22"])
    assert result.exit_code == 0, result.output
    assert out.is_file() and theirs.read_bytes() == b"theirs"


def test_an_organisations_units_come_in_as_its_department_and_go_back_out() -> None:
    """`ORG:Kente Ventures;Investments` kept only the company: the unit was lost in silence.
    It is kept as a `department` field (shown under Other fields) and exported again."""
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kofi\r\nORG:Kente Ventures;Investments;West\r\n"
        b"END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ama\r\nORG:;Engineering\r\nEND:VCARD\r\n"
    )
    kofi, ama = read_vcards(data, "o.vcf")[0]
    assert (kofi.company, kofi.department) == ("Kente Ventures", "Investments, West")
    assert (ama.company, ama.department) == ("Engineering", None)  # no name: the unit is it
    back = contact(
        "kofi",
        "Kofi",
        company="Kente Ventures",
        extra=(ExtraField("department", "Investments", 4),),
    )
    assert "ORG:Kente Ventures;Investments\r\n" in export_vcards([back])
