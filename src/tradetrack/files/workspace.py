"""Which data files are in use, and where a write may go.

Order: --data PATH, else $TRADETRACK_DATA, else a workspace in the current directory
(./commitments.yaml or ./data/commitments.yaml), else the user's data directory, else the data
bundled with the package. The bundled copy is read-only: the first write copies it to the
user's data directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

COMMITMENTS = "commitments.yaml"
PROGRESS = "progress.jsonl"


@dataclass(frozen=True)
class Location:
    """The commitments file in use, its progress file beside it, and why it was chosen."""

    commitments: Path
    origin: str

    @property
    def progress(self) -> Path:
        return self.commitments.parent / PROGRESS

    @property
    def bundled(self) -> bool:
        return self.origin == "bundled"


def bundled_dir() -> Path:
    return Path(__file__).parent.parent / "data"


def user_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "tradetrack"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tradetrack"


def config_file() -> Path:
    """The user's settings that are not data (API keys): never in the data files."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "tradetrack" / "config.toml"


def _checkout_data(here: Path, candidate: Path) -> bool:
    """Is candidate the data/ of a checkout of tradetrack (the project file says so)?"""
    if candidate != here / "data" / COMMITMENTS:
        return False
    try:
        project = (here / "pyproject.toml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return '\nname = "tradetrack"\n' in project


def _as_commitments_file(path: Path) -> Path:
    return path / COMMITMENTS if path.is_dir() else path


def locate(data: str | None = None, cwd: Path | None = None) -> Location:
    """Find the commitments file to use. Paths named by the user need not exist yet:
    loading reports a missing file clearly."""
    if data:
        return Location(_as_commitments_file(Path(data)), "--data")
    env = os.environ.get("TRADETRACK_DATA")
    if env:
        return Location(_as_commitments_file(Path(env)), "TRADETRACK_DATA")
    here = cwd or Path.cwd()
    bundled = os.path.realpath(bundled_dir() / COMMITMENTS)
    for candidate in (here / COMMITMENTS, here / "data" / COMMITMENTS):
        if candidate.is_file():
            if os.path.realpath(candidate) == bundled or _checkout_data(here, candidate):
                # A checkout of tradetrack itself: its data/ is the bundled data, which is
                # never written (a first write makes a workspace in the user's data directory),
                # whether the package was installed from it editable or not.
                break
            return Location(candidate, "current directory")
    if (user_dir() / COMMITMENTS).is_file():
        return Location(user_dir() / COMMITMENTS, "user data directory")
    return Location(bundled_dir() / COMMITMENTS, "bundled")
