from pathlib import Path

from click.testing import CliRunner

from netvault.cli import main


def test_init_creates_a_vault_that_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "net"
    result = CliRunner().invoke(main, ["init", str(target), "--today", "2026-05-02"])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        ".gitignore",
        "netvault.toml",
        "notes/2026/2026-05-02-coffee-with-ada.md",
        "people/ada-lovelace.md",
    ]
    assert "_site/" in (target / ".gitignore").read_text(encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--strict", str(target)])
    assert check.exit_code == 0, check.output


def test_init_refuses_to_overwrite_anything(tmp_path: Path) -> None:
    (tmp_path / "netvault.toml").write_text("# mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "never overwrites" in result.stderr
    assert (tmp_path / "netvault.toml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "people").exists()


def test_init_on_a_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    for target, said in [
        ("notes.txt", "is a file, not a folder"),
        ("notes.txt/net", "cannot create"),
    ]:
        result = CliRunner().invoke(main, ["init", str(tmp_path / target)])
        assert result.exit_code == 1 and not isinstance(result.exception, OSError)
        assert said in result.stderr and len(result.stderr.splitlines()) == 1
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_init_adds_to_an_existing_gitignore_and_never_rewrites_a_line(tmp_path: Path) -> None:
    # A notes folder already under git has a .gitignore; init once refused the folder.
    (tmp_path / ".gitignore").write_text("*.swp\n_site/", encoding="utf-8")  # no final newline
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--today", "2026-05-02"])
    assert result.exit_code == 0, result.output
    assert f"added netvault's build output to {tmp_path / '.gitignore'}" in result.stdout
    lines = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["*.swp", "_site/"]
    assert lines[2:] == [
        "",
        "# netvault's build output",
        "._site.new-*/",
        "._site.old-*/",
        ".*.netvault-*.tmp",
    ]
    assert (tmp_path / "people" / "ada-lovelace.md").is_file()


def test_init_keeps_a_gitignore_that_has_every_line(tmp_path: Path) -> None:
    text = "_site/\n._site.new-*/\n._site.old-*/\n.*.netvault-*.tmp\n"
    (tmp_path / ".gitignore").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "it already ignores the build output" in result.stdout
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == text


def test_init_refusing_leaves_an_existing_gitignore_alone(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.swp\n", encoding="utf-8")
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada-lovelace.md").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1 and "people/ada-lovelace.md" in result.stderr
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.swp\n"
    assert not (tmp_path / "netvault.toml").exists()


def test_init_keeps_the_gitignore_line_endings_and_knows_equal_entries(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"/_site\r\n*.swp\r\n")  # `/_site` is `_site/`
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".gitignore").read_bytes() == (
        b"/_site\r\n*.swp\r\n\r\n# netvault's build output\r\n._site.new-*/\r\n._site.old-*/\r\n"
        b".*.netvault-*.tmp\r\n"
    )


def test_init_leaves_a_linked_gitignore_alone_and_says_what_to_add(tmp_path: Path) -> None:
    # A link to a file init cannot append to (here /proc/version) ended in a traceback,
    # after the other files were written.
    target = tmp_path / "elsewhere"
    target.write_text("*.swp\n", encoding="utf-8")
    vault = tmp_path / "net"
    vault.mkdir()
    (vault / ".gitignore").symlink_to(target)
    result = CliRunner().invoke(main, ["init", str(vault)])
    assert result.exit_code == 0, result.output
    assert f"left {vault / '.gitignore'} alone (not a plain file); add to it yourself: _site/" in (
        result.stdout
    )
    assert target.read_text(encoding="utf-8") == "*.swp\n"
    assert (vault / "netvault.toml").is_file()
