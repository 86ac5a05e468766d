"""Screenshots of the built sample site for reviewing its look (issue 4, acceptance 5).

Builds `sample_vault/` at a fixed date into a temporary folder, opens it from `file://` in
Debian's headless Chromium (never a downloaded browser) and saves the dashboard, a person
page, the people directory and the network graph, light and dark, desktop and phone width:

    python scripts/screenshots.py [OUT]      # default: tests/artifacts/screens/
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from netvault.build import build_site

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "dashboard": "index.html",
    "person": "people/daniel-mensah.html",
    "people": "people/index.html",
    "network": "network.html",
}
WIDTHS = {"desktop": (1280, 900), "tablet": (820, 1000), "phone": (390, 844)}
SCHEMES = ("light", "dark")


def shoot(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        for width_name, (width, height) in WIDTHS.items():
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme=scheme,  # type: ignore[arg-type]  # "light" | "dark"
                    device_scale_factor=1,
                )
                page = context.new_page()
                for name, rel in PAGES.items():
                    page.goto((site / rel).as_uri(), wait_until="load")
                    target = out / f"{name}-{width_name}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=True)
                    saved.append(target)
                context.close()
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out", nargs="?", type=Path, default=REPO / "tests" / "artifacts" / "screens"
    )
    parser.add_argument("--today", default="2026-11-16", help="the build's date (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(REPO / "sample_vault", site, dt.date.fromisoformat(args.today), pagefind=False)
        saved = shoot(site, args.out)
    sys.stdout.write("".join(f"{path}\n" for path in saved))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
