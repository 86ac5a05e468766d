"""The import plan: match by uid, e-mail, LinkedIn, name + phone; never by name alone."""

from __future__ import annotations

from dataclasses import replace as dataclasses_replace

import pytest

from netvault.interchange.imported import ImportedContact, stable_uid
from netvault.interchange.merge import SAME_UID, phone_key, plan_import, same_phone
from netvault.model import Birthday, Contact, ExtraField


def incoming(line: int, name: str | None = None, **fields: object) -> ImportedContact:
    return ImportedContact(source="in.vcf", line=line, name=name, **fields)  # type: ignore[arg-type]


def existing(cid: str, name: str, **fields: object) -> Contact:
    return Contact(id=cid, path=f"people/{cid}.md", name=name, **fields)  # type: ignore[arg-type]


ADA = existing(
    "ada",
    "Ada Lovelace",
    emails=("Ada@Example.org",),
    phones=("+44 20 7946 0018",),
    extra=(ExtraField("uid", "ada-uid", 4),),
)
BOB = existing("bob", "Bob", linkedin="https://www.linkedin.com/in/bob/")


def test_match_by_uid_including_the_export_uid() -> None:
    plan = plan_import(
        [incoming(1, "A.", uid="ada-uid"), incoming(7, "B", uid=stable_uid(BOB))], [ADA, BOB]
    )
    assert [(m.existing_id, m.by, m.incoming.line) for m in plan.match] == [
        ("ada", "uid", 1),
        ("bob", "uid", 7),
    ]
    assert plan.create == ()


DANIEL = existing(
    "daniel-mensah", "Daniel Mensah", emails=("other@else.example",), company="Other Co"
)


@pytest.mark.parametrize(
    "details",
    [
        {"emails": ("daniel.mensah@harbourbank.example",)},
        {"company": "Harbour Bank"},
    ],
)
def test_another_vaults_card_with_the_same_file_name_is_no_uid_match(
    details: dict[str, object],
) -> None:
    """Every vault's `daniel-mensah.md` exports the same derived UID: a card from someone
    else's export "matched by uid" a different Daniel and listed his e-mail to add. It is
    reported, neither matched nor created (it may be the user's own card, changed since)."""
    card = incoming(42, "Daniel Mensah", uid=stable_uid(DANIEL), **details)  # type: ignore[arg-type]
    plan = plan_import([card], [DANIEL])
    assert plan.create == () and plan.match == ()
    (unsure,) = plan.ambiguous
    assert unsure.by == SAME_UID and unsure.candidates == ("people/daniel-mensah.md",)


def test_the_users_own_card_renamed_with_a_new_email_is_no_new_contact() -> None:
    """Exported, then edited on a phone (a new surname, a new job's e-mail): the name no
    longer matches and the e-mail differs, and it was about to become a second file."""
    card = incoming(
        7, "Daniel Mensah-Osei", uid=stable_uid(DANIEL), emails=("daniel@newjob.example",)
    )
    plan = plan_import([card], [DANIEL])
    assert plan.create == () and plan.match == ()
    assert [(u.by, u.candidates) for u in plan.ambiguous] == [
        (SAME_UID, ("people/daniel-mensah.md",))
    ]


def test_a_derived_uid_matches_a_card_that_contradicts_nothing() -> None:
    card = incoming(
        42, "Daniel Mensah", uid=stable_uid(DANIEL), emails=("OTHER@else.example", "d@new.example")
    )
    (found,) = plan_import([card], [DANIEL]).match
    assert (found.existing_id, found.by) == ("daniel-mensah", "uid")


def test_match_by_email_ignores_case_and_lists_what_is_new() -> None:
    plan = plan_import(
        [
            incoming(
                3,
                "Ada L",
                emails=("ada@EXAMPLE.org", "ada@work.example"),
                phones=("+44 20 7946 0018", "07700 900123"),
            )
        ],
        [ADA],
    )
    (match,) = plan.match
    assert (match.existing_path, match.by) == ("people/ada.md", "e-mail")
    assert match.new_emails == ("ada@work.example",)
    assert match.new_phones == ("07700 900123",)


def test_a_match_lists_the_one_value_fields_the_file_leaves_empty() -> None:
    # The report said "nothing new" when only the company, title or birthday was new.
    card = incoming(
        3,
        "Ada",
        emails=("ada@example.org",),
        company="Analytical Engine Society",
        title="Countess",
        birthday=Birthday(12, 10, 1815),
        linkedin="https://linkedin.com/in/ada",
    )
    (match,) = plan_import([card], [ADA]).match
    assert match.new_fields == (
        "company Analytical Engine Society",
        "title Countess",
        "linkedin https://linkedin.com/in/ada",
        "birthday 1815-12-10",
    )
    (known,) = plan_import([card], [BOB, dataclasses_replace(ADA, company="AES")]).match
    assert "company Analytical Engine Society" not in known.new_fields  # the file has one
    no_year = incoming(4, "Ada", emails=("ada@example.org",), birthday=Birthday(12, 10))
    assert plan_import([no_year], [ADA]).match[0].new_fields == ("birthday --12-10",)


def test_a_match_lists_new_aliases_tags_and_a_note() -> None:
    """A card's nickname, groups and note were not named, so a hand merge missed them."""
    tagged = dataclasses_replace(ADA, aliases=("Countess",), tags=("math",))
    card = incoming(
        5,
        "Ada",
        emails=("ada@example.org",),
        aliases=("countess", "Enchantress of Numbers"),
        tags=("math", "poetry"),
        note="Met at a salon.\nWrites about engines.",
    )
    (match,) = plan_import([card], [tagged]).match
    assert match.new_fields == (
        "alias Enchantress of Numbers",
        "tags poetry",
        "a note of 2 lines",
    )


def test_match_by_linkedin_profile() -> None:
    plan = plan_import([incoming(2, "Bob B", linkedin="http://linkedin.com/in/BOB")], [BOB])
    assert [(m.existing_id, m.by) for m in plan.match] == [("bob", "LinkedIn")]


def test_a_bare_linkedin_handle_in_the_vault_meets_the_exports_url() -> None:
    # LinkedIn's Connections.csv carries URLs; a vault file may hold just the handle.
    handle = existing("cleo", "Cleo", linkedin="cleo-d")
    at = existing("dan", "Dan", linkedin="@dan-e")
    plan = plan_import(
        [
            incoming(2, "Cleo D", linkedin="https://www.linkedin.com/in/cleo-d/"),
            incoming(3, "Dan E", linkedin="linkedin.com/in/DAN-E"),
        ],
        [handle, at],
    )
    assert [(m.existing_id, m.by) for m in plan.match] == [
        ("cleo", "LinkedIn"),
        ("dan", "LinkedIn"),
    ]
    other = plan_import([incoming(4, "Eve", linkedin="https://linkedin.com/in/cleo-dx")], [handle])
    assert other.match == () and len(other.create) == 1


def test_names_compare_without_accents_as_new_and_brief_do() -> None:
    # "Ines Duarte" from a CSV made ines-duarte-2.md beside Inês Duarte's file.
    ines = existing("ines-duarte", "Inês Duarte", phones=("+351 912 345 678",))
    (unsure,) = plan_import([incoming(6, "Ines  DUARTE")], [ines]).ambiguous
    assert unsure.by.startswith("name only") and unsure.candidates == ("people/ines-duarte.md",)
    (match,) = plan_import([incoming(7, "ines duarte", phones=("912345678",))], [ines]).match
    assert (match.existing_id, match.by) == ("ines-duarte", "name and phone")
    assert plan_import([incoming(8, "Inge Duarte")], [ines]).create != ()


def test_match_by_name_and_phone_digits() -> None:
    plan = plan_import([incoming(5, "ada  LOVELACE", phones=("+442079460018",))], [ADA])
    assert [(m.existing_id, m.by, m.new_phones) for m in plan.match] == [
        ("ada", "name and phone", ())
    ]


@pytest.mark.parametrize(
    "details",
    [
        {"phones": ("555 0100",)},
        {"emails": ("ada@elsewhere.example",)},
        {"linkedin": "https://linkedin.com/in/ada2"},
    ],
)
def test_a_vault_contacts_name_with_other_details_is_reported_not_created(
    details: dict[str, object],
) -> None:
    # It was created as `ada-lovelace-2.md`: the same person from a second source.
    plan = plan_import([incoming(5, "ada lovelace", **details)], [ADA])  # type: ignore[arg-type]
    assert plan.create == () and plan.match == ()
    (unsure,) = plan.ambiguous
    assert unsure.by.startswith("same name") and unsure.candidates == ("people/ada.md",)


def test_never_by_name_alone_name_only_duplicates_are_reported() -> None:
    plan = plan_import([incoming(9, "Ada Lovelace")], [ADA])
    assert plan.create == () and plan.match == ()
    (unsure,) = plan.ambiguous
    assert unsure.by.startswith("name only") and unsure.candidates == ("people/ada.md",)


def test_two_people_with_one_name_and_different_profiles_are_both_created() -> None:
    plan = plan_import(
        [
            incoming(5, "Aiko Tanabe", linkedin="https://linkedin.com/in/a1"),
            incoming(14, "Aiko Tanabe", linkedin="https://linkedin.com/in/a2"),
        ],
        [],
    )
    assert [c.slug for c in plan.create] == ["aiko-tanabe", "aiko-tanabe-2"]


def test_ambiguous_email_is_reported_not_guessed() -> None:
    twin = existing("ada-2", "Ada Twin", emails=("ada@example.org",))
    plan = plan_import([incoming(4, "Ada", emails=("ada@example.org",))], [ADA, twin])
    assert [(a.by, a.candidates) for a in plan.ambiguous] == [
        ("e-mail", ("people/ada.md", "people/ada-2.md"))
    ]
    assert plan.create == () and plan.match == ()


def test_no_name_and_no_email_is_skipped() -> None:
    plan = plan_import([incoming(11, None, phones=("123",))], [])
    assert [(s.incoming.line, s.reason) for s in plan.skipped] == [(11, "no name and no e-mail")]


def test_email_only_contact_is_named_after_its_address() -> None:
    plan = plan_import([incoming(1, None, emails=("jane.doe@company.com",))], [])
    assert [(c.slug, c.contact.name) for c in plan.create] == [
        ("jane-doe-company-com", "jane.doe@company.com")
    ]


def test_slug_is_unique_against_existing_ids_case_insensitively() -> None:
    taken = existing("Ada-Lovelace", "Someone Else")
    plan = plan_import([incoming(1, "Ada Lovelace", emails=("new@x.example",))], [taken])
    assert [c.slug for c in plan.create] == ["ada-lovelace-2"]


def test_duplicates_inside_one_import_fold_into_the_planned_file() -> None:
    plan = plan_import(
        [
            incoming(2, "Marguerite Okafor", emails=("m@n.example",), phones=("+1 415-555-0134",)),
            incoming(
                15,
                "Marguerite Okafor",
                emails=("M@N.example", "maggie@x.example"),
                phones=("+14155550134", "+1 415-555-0199"),
                company="Northwind",
                note="second note",
            ),
        ],
        [],
    )
    (created,) = plan.create
    assert created.merged == ("in.vcf:15",)
    assert created.contact.emails == ("m@n.example", "maggie@x.example")
    assert created.contact.phones == ("+1 415-555-0134", "+1 415-555-0199")
    assert (created.contact.company, created.contact.note) == ("Northwind", "second note")
    assert plan.match == ()


def test_phone_comparison() -> None:
    assert phone_key("(905) 555-1234") == "9055551234"
    assert same_phone(phone_key("+1 905 555 1234"), phone_key("905-555-1234"))
    assert not same_phone(phone_key("555 1234"), phone_key("555 9234"))
    assert not same_phone(phone_key("1234"), phone_key("91234"))  # too short to trust
    assert phone_key("BusinessPhone") == "businessphone"


def test_a_derived_uid_that_disagrees_still_lets_the_email_decide() -> None:
    """Same e-mail, a new company (a new job): it matched by e-mail before the UID rule,
    and must still; and an e-mail of another file matches that file."""
    other = existing("dan-m", "Dan M", emails=("dan@else.example",))
    new_job = incoming(
        3, "Daniel Mensah", uid=stable_uid(DANIEL), emails=("other@else.example",), company="New"
    )
    (found,) = plan_import([new_job], [DANIEL, other]).match
    assert (found.existing_id, found.by) == ("daniel-mensah", "e-mail")
    elsewhere = incoming(4, "Daniel Mensah", uid=stable_uid(DANIEL), emails=("dan@else.example",))
    (found,) = plan_import([elsewhere], [DANIEL, other]).match
    assert (found.existing_id, found.by) == ("dan-m", "e-mail")
