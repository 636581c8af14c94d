"""Render the README's picture of the HTML report (docs/report.png) in headless Chromium: the
top of the report and the 12 Mt soybean section with its chart, from the bundled data.

    python scripts/screenshot.py        # needs chromium and Pillow
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def shoot(browser: str, page: Path, png: Path, height: int, work: Path) -> None:
    subprocess.run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--window-size=1100,{height}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main() -> int:
    from PIL import Image

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("needs chromium (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "XDG_DATA_HOME": str(work / "xdg")}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tradetrack",
                "report",
                "--as-of",
                "2026-11-28",
                "--data",
                "data",
                "-o",
                str(work / "r.html"),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        html = (work / "r.html").read_text()
        (work / "soy.html").write_text(html.replace("</style>", "body>*:not(#cn-soybeans-2025){display:none}</style>"))
        shoot(browser, work / "r.html", work / "top.png", 1300, work)
        shoot(browser, work / "soy.html", work / "soy.png", 1500, work)
        top = Image.open(work / "top.png").convert("RGB").crop((0, 0, 1100, 1000))
        soy = Image.open(work / "soy.png").convert("RGB")
        soy = soy.crop((0, 0, 1100, 1150))
        out = Image.new("RGB", (1100, top.height + soy.height + 10), (255, 255, 255))
        out.paste(top, (0, 0))
        out.paste(soy, (0, top.height + 10))
        out.save(ROOT / "docs" / "report.png", optimize=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
