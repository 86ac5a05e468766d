from pathlib import Path

from netvault.durations import Duration
from netvault.settings import Settings, load_settings, load_settings_bytes, parse_settings
from tests.conftest import VaultMaker


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path)
    assert settings == Settings()
    assert problems == []
    assert settings.tier_cadence("A") == Duration(days=21)


def test_every_key_is_read() -> None:
    text = """
[vault]
people = "contacts"
ignore = ["drafts/*"]
[site]
title = "Ana's network"
output = "public"
[reminders]
due_soon = "10d"
birthday_lead = "3w"
give_ratio = 5
intro_check_in = "30d"
rediscover_after = "1y"
rediscover_count = 2
default_cadence = "6m"
[reminders.tiers]
close = "2w"
wide = "1y"
"""
    settings, problems = parse_settings(text)
    assert problems == []
    assert settings.people_folder == "contacts"
    assert settings.ignore == ("drafts/*",)
    assert settings.site_title == "Ana's network"
    assert settings.output == "public"
    assert settings.due_soon == Duration(days=10)
    assert settings.birthday_lead == Duration(days=21)
    assert settings.give_ratio == 5
    assert settings.intro_check_in == Duration(days=30)
    assert settings.rediscover_after == Duration(months=12)
    assert settings.rediscover_count == 2
    assert settings.default_cadence == Duration(months=6)
    assert settings.tiers == (("close", Duration(days=14)), ("wide", Duration(months=12)))


def test_unknown_keys_and_bad_values_point_at_their_line() -> None:
    text = '[vault]\npeople = "people"\npeeple = "x"\n[reminders]\ndue_soon = "soonish"\ngive_ratio = "seven"\n'
    _, problems = parse_settings(text)
    found = [(p.line, p.severity, p.message) for p in problems]
    assert found[0][:2] == (3, "warning") and "vault.peeple" in found[0][2]
    assert found[1][:2] == (5, "error") and "not a duration" in found[1][2]
    assert found[2][:2] == (6, "error") and "whole number" in found[2][2]


def test_broken_toml_is_one_error_with_its_line() -> None:
    _, problems = parse_settings('[vault]\npeople = "people\n')
    assert len(problems) == 1
    assert problems[0].severity == "error"
    assert problems[0].line == 2
    assert "not valid TOML" in problems[0].message


def test_a_people_folder_outside_the_vault_is_an_error() -> None:
    for folder in ("../x", "/abs", "a/../../b", "C:\\\\people", "\\\\\\\\server\\\\x"):
        settings, problems = parse_settings(f'[vault]\npeople = "{folder}"\n')
        assert [(p.line, p.severity) for p in problems] == [(2, "error")], folder
        assert "a folder inside the vault" in problems[0].message
        assert settings.people_folder == "people"  # the default stays
    settings, problems = parse_settings('[vault]\npeople = "team/contacts/"\n')
    assert (problems, settings.people_folder) == ([], "team/contacts")


def test_a_site_output_that_is_the_vault_or_holds_the_contacts_is_an_error() -> None:
    # `build` refused these at build time, but `check` said nothing.
    cases = {
        ".": "not the vault itself",
        "./": "not the vault itself",
        "people": "would replace the contacts folder",
        "team": "would replace the contacts folder",  # people = team/contacts
        "People": "would replace the contacts folder",  # as the loader matches folders
        "..": "holds the vault",
        "../..": "holds the vault",
        # joined under the vault ("cannot build into vault/~/site"), now told at their line
        "~/site": "must be relative to the vault",
        "/srv/site": "must be relative to the vault",
        "C:\\\\site": "must be relative to the vault",
        "\\\\\\\\server\\\\site": "must be relative to the vault",
    }
    for output, said in cases.items():
        people = "team/contacts" if output == "team" else "people"
        text = f'[vault]\npeople = "{people}"\n[site]\noutput = "{output}"\n'
        settings, problems = parse_settings(text)
        assert [(p.line, p.severity) for p in problems] == [(4, "error")], output
        assert said in problems[0].message
        assert settings.output == "_site"  # the default stays, but a build stops on:
        assert settings.output_refused == f"netvault.toml:4: {problems[0].message}"
    for fine in ("_site", "people/site", "../site", "peoplesite", "~site", "x:y"):
        assert parse_settings(f'[site]\noutput = "{fine}"\n')[1] == [], fine
        assert parse_settings(f'[site]\noutput = "{fine}"\n')[0].output_refused == ""
    wrong_type, _ = parse_settings("[site]\noutput = 5\n")
    assert wrong_type.output_refused == "netvault.toml:2: site.output must be a non-empty text"
    # a file that is not TOML: its output folder is unknown where it names one
    broken, problems = parse_settings('[site]\noutput = "out"\ntitle = \n')
    assert (
        broken.output_refused
        == f"netvault.toml:3: {problems[0].message}, so site.output is not known"
    )
    assert parse_settings("[site]\ntitle = \n")[0].output_refused == ""  # _site it is
    for spelled in (
        'site.output = "p"\n[site',
        '[site]\n"output" = "p"\nx =',
        "[site]\n'output'='p'\n[",
    ):
        assert parse_settings(spelled)[0].output_refused.endswith("so site.output is not known")


def test_a_settings_file_that_is_not_utf8_and_names_an_output_stops_the_build(
    make_vault: VaultMaker,
) -> None:
    root = make_vault({"netvault.toml": b'[site]\noutput = "public"\ntitle = "\xff"\n'})
    settings, problems, _ = load_settings_bytes(root)
    assert [p.message.split(" (")[0] for p in problems] == ["not UTF-8 text"]
    assert settings.output_refused.startswith("netvault.toml:1: not UTF-8 text")
    (root / "netvault.toml").write_bytes(b'[site]\ntitle = "\xff"\n')
    assert load_settings_bytes(root)[0].output_refused == ""


def test_a_tier_needs_a_name() -> None:
    settings, problems = parse_settings('[reminders.tiers]\n"" = "1w"\nclose = "2w"\n')
    assert [(p.line, p.severity, p.message) for p in problems] == [
        (2, "error", "a tier needs a name, like A")
    ]
    assert settings.tiers == (("close", Duration(days=14)),)
