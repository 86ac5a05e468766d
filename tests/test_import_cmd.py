"""`import vcard|csv` and `export vcard` end to end on real exports (issue 5 acceptance)."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject
from click.testing import CliRunner, Result

from netvault.cli import main
from netvault.commands.export_vcard import export_vcard
from netvault.commands.import_ import import_group
from netvault.loader import load_vault
from tests.conftest import VaultMaker
from tests.independent_readers import CSVS, VCARDS, csv_emails, vcard_emails

ADA = "---\nname: Ada Lovelace\nemail: john.doe@IBM.com\nphone: 905-555-1234\n---\n\nMine.\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(import_group, [*args, "--vault", str(root)])


def vault_emails(root: Path) -> set[str]:
    vault, _, _ = load_vault(root)
    return {email.casefold() for contact in vault.contacts for email in contact.emails}


def test_dry_run_never_writes(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada.md": ADA})
    before = snapshot(root)
    vcf = run(root, "vcard", *map(str, VCARDS), "--dry-run")
    csv = run(root, "csv", *map(str, CSVS), "--dry-run")
    assert snapshot(root) == before
    assert "would create people/arnold-smith.md <- " in vcf.output
    assert "37 to create, 5 matched, 0 ambiguous, 0 skipped (dry run: nothing written)" in (
        vcf.output
    )
    assert "would create people/marguerite-okafor.md" in csv.output
    assert "31 to create, 0 matched, 0 ambiguous, 1 skipped (dry run: nothing written)" in (
        csv.output
    )


def test_vcard_import_keeps_every_email_reports_the_broken_card_and_is_idempotent(
    make_vault: VaultMaker,
) -> None:
    root = make_vault({})
    first = run(root, "vcard", *map(str, VCARDS))
    assert first.exit_code == 1  # the deliberately broken card is an error
    unparsable = next(p for p in VCARDS if p.name == "unparsable.vcf")
    assert f"{unparsable}:1: error: this card has no END:VCARD" in first.output
    assert "37 to create, 0 matched, 0 ambiguous, 0 skipped" in first.output
    expected = {e.casefold() for path in VCARDS for e in vcard_emails(path)}
    assert len(expected) == 37
    assert expected <= vault_emails(root)
    after_first = snapshot(root)
    second = run(root, "vcard", *map(str, VCARDS))
    assert "0 to create, 40 matched, 0 ambiguous, 3 possible duplicates, 0 skipped" in (
        second.output
    )
    assert snapshot(root) == after_first
    check = CliRunner().invoke(main, ["check", str(root), "--today", "2026-05-02", "--strict"])
    assert check.exit_code == 0, check.output
    assert "37 contacts, 0 notes: 0 errors, 0 warnings" in check.output


def test_existing_files_are_never_modified_new_values_are_listed(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada.md": ADA})
    lotus = next(p for p in VCARDS if p.name == "John_Doe_LOTUS_NOTES.vcf")
    result = run(root, "vcard", str(lotus))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"match people/ada.md <- {lotus}:1 (Mr. Doe John I Johny) by e-mail; new: e-mail "
        "billy_bob@gmail.com; phone +1 (212) 204-34456; phone 00-1-212-555-7777; company IBM; "
        "title Generic Accountant; location New York, New York, U.S.A.; "
        "website http://www.sun.com; birthday 1980-05-21; department SUN; alias Johny,JayJay; "
        "a note of 11 lines (add by hand)",
        "0 to create, 1 matched, 0 ambiguous, 0 skipped",
    ]
    assert snapshot(root) == {"people/ada.md": ADA.encode()}


def test_csv_import_keeps_every_email_and_is_idempotent(make_vault: VaultMaker) -> None:
    root = make_vault({})
    first = run(root, "csv", *map(str, CSVS))
    assert first.exit_code == 0, first.output
    assert "31 to create, 0 matched, 0 ambiguous, 1 skipped" in first.output
    expected = {e.casefold() for path in CSVS for e in csv_emails(path)}
    assert expected <= vault_emails(root)
    vault, _, problems = load_vault(root)
    assert problems == []
    linked = {c.id: (c.met, c.met_where, c.linkedin) for c in vault.contacts if c.met}
    assert str(linked["hana-novak"][0]) == "2023-03-14"
    assert linked["hana-novak"][1:] == ("LinkedIn", "https://www.linkedin.com/in/hananovak")
    after_first = snapshot(root)
    second = run(root, "csv", *map(str, CSVS))
    assert "0 to create, 34 matched, 0 ambiguous, 1 skipped" in second.output
    assert snapshot(root) == after_first


def test_forced_csv_format(make_vault: VaultMaker) -> None:
    root = make_vault({})
    linkedin = next(p for p in CSVS if "2018" in p.name)
    result = run(root, "csv", str(linkedin), "--format", "linkedin", "--dry-run")
    assert "5 to create" in result.output
    bad = run(root, "csv", str(linkedin), "--format", "excel")
    assert bad.exit_code == 2


def test_export_then_import_adds_no_contact(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/eve.md": '---\nname: "Eve\\nEND:VCARD\\nBEGIN:VCARD\\nFN:Mallory"\n---\n',
            "people/only-a-name.md": "# Only A Name\n",
            "people/zoe.md": "---\nname: Zoë; Ltd, Co\nbirthday: --02-29\ntags: [a, b]\n---\n",
        }
    )
    out = tmp_path / "out.vcf"
    exported = CliRunner().invoke(export_vcard, [str(root), "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    cards = list(vobject.readComponents(out.read_text(encoding="utf-8")))
    assert sorted(card.fn.value for card in cards) == [
        "Ada Lovelace",
        "Eve\nEND:VCARD\nBEGIN:VCARD\nFN:Mallory",
        "Only A Name",
        "Zoë; Ltd, Co",
    ]
    before = snapshot(root)
    again = run(root, "vcard", str(out))
    assert again.exit_code == 0, again.output
    assert "0 to create, 4 matched, 0 ambiguous, 0 skipped" in again.output
    assert snapshot(root) == before


def test_import_refuses_a_folder_inside_the_vault(
    make_vault: VaultMaker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Run from `people/`, the current folder was taken as the vault, as `new` and `log`
    once did: the cards went to `people/people/`, and nothing said so."""
    root = make_vault({"people/ada.md": ADA, "netvault.toml": ""})
    before = snapshot(root)
    monkeypatch.chdir(root / "people")
    monkeypatch.delenv("NETVAULT_VAULT", raising=False)
    for args in (["vcard", str(VCARDS[0])], ["csv", str(CSVS[0]), "--dry-run"]):
        result = CliRunner().invoke(import_group, args)
        assert result.exit_code == 2, result.output
        assert f"this folder is inside the vault {root.resolve()}" in result.output
    assert snapshot(root) == before


def test_export_to_stdout_and_refused_inside_the_vault(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada.md": ADA})
    result = CliRunner().invoke(export_vcard, [str(root)])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:")
    inside = CliRunner().invoke(export_vcard, [str(root), "-o", str(root / "people.vcf")])
    assert inside.exit_code == 1 and "inside the vault" in inside.output
    assert sorted(snapshot(root)) == ["people/ada.md"]


def test_a_second_source_for_a_vault_contact_is_a_possible_duplicate(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """LinkedIn after Google: the same person, most likely, and no e-mail to tell. The
    report said "nothing else in common" of a row with the file's company, and never
    named what the row would add (the LinkedIn profile, the day connected)."""
    root = make_vault({"people/ada.md": ADA.replace("phone:", "company: IBM\nphone:")})
    before = snapshot(root)
    export = tmp_path / "google.csv"
    export.write_text(
        "Name,Given Name,Family Name,E-mail 1 - Value\nAda Lovelace,Ada,Lovelace,ada@other.example\n",
        encoding="utf-8",
    )
    result = run(root, "csv", str(export))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"possible duplicate {export}:2 (Ada Lovelace) of people/ada.md (same name; no e-mail, "
        "phone or LinkedIn in common); not imported: add it by hand if it is someone else; "
        "if the same, new: e-mail ada@other.example (add by hand)",
        "0 to create, 0 matched, 0 ambiguous, 1 possible duplicate, 0 skipped",
    ]
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Lovelace,https://www.linkedin.com/in/ada-l,,IBM,Analyst,12 Mar 2023\n",
        encoding="utf-8",
    )
    result = run(root, "csv", str(linkedin))
    assert result.output.splitlines()[0].endswith(
        "if the same, new: title Analyst; linkedin https://www.linkedin.com/in/ada-l; "
        "met_where LinkedIn; met 2023-03-12 (add by hand)"
    )
    assert snapshot(root) == before  # no ada-lovelace-2.md


def test_a_missing_import_file_is_a_usage_error(tmp_path: Path) -> None:
    # It exited 1, as a vault problem does; a path that is not there is the command's misuse.
    (tmp_path / "people").mkdir()
    for kind in ("vcard", "csv"):
        result = CliRunner().invoke(
            main, ["import", kind, str(tmp_path / "gone.x"), "--vault", str(tmp_path)]
        )
        assert result.exit_code == 2, kind
        assert "does not exist" in result.stderr


def test_date_order_is_given_on_the_command_line(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault({"people/ada.md": ADA})
    export = tmp_path / "outlook.csv"
    export.write_text(
        "First Name,Last Name,E-mail Address,Birthday\nBo,Q,bo@x.example,05/01/1983\n"
    )
    unsure = run(root, "csv", str(export), "--dry-run")
    assert "could be 1 May or 5 January" in unsure.output
    result = run(root, "csv", str(export), "--date-order", "dmy")
    assert result.exit_code == 0, result.output
    assert "birthday: 1983-01-05" in (root / "people" / "bo-q.md").read_text("utf-8")
