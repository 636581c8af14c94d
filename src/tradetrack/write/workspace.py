"""Making workspaces: `init`'s new one, and the copy of the bundled data a first write makes."""

from __future__ import annotations

from pathlib import Path

from tradetrack.files.workspace import COMMITMENTS, PROGRESS, Location, user_dir
from tradetrack.write import store

PROGRESS_HEADER = (
    "# tradetrack progress records: one JSON object per line, appended by `tradetrack progress add`.\n"
    '# Lines starting with # and blank lines are ignored and kept. Amounts are "to date" unless '
    '"increment": true.\n'
)
SCHEMA = "commitments.schema.json"
# Every write locks a hidden .FILE.lock beside its file; a workspace under git should not show them.
GITIGNORE = "# tradetrack's lock files (one beside each data file it writes)\n.*.lock\n"


def writable(location: Location) -> tuple[Location, str | None]:
    """The bundled data is read-only: the first write copies it to the user's data directory,
    under a lock, and says so (only the writer that created it does)."""
    target = user_dir()
    created = None
    try:
        target.mkdir(parents=True, exist_ok=True)
        with store.locked(target / COMMITMENTS):
            if not (target / COMMITMENTS).exists():
                if (target / PROGRESS).exists():
                    raise store.StoreError(
                        f"holds {PROGRESS} but no {COMMITMENTS}; nothing was written",
                        f"move {target / PROGRESS} away, or add a {COMMITMENTS} beside it",
                        str(target),
                    )
                # the schema too: the commitments file's first line names it for editors
                for name in (PROGRESS, SCHEMA, COMMITMENTS):  # commitments last: it marks the workspace
                    source = location.commitments.parent / name
                    if source.exists():
                        store.replace(target / name, source.read_bytes(), None)
                created = f"created a workspace in {target} from the bundled data"
    except OSError as e:
        raise store.StoreError(
            f"cannot create a workspace ({e.strerror})", "pass --data to a writable directory", str(target)
        ) from None
    return Location(target / COMMITMENTS, "user data directory"), created


def init(directory, template: bytes, extra: dict | None = None) -> list:
    """Create a new workspace in directory: a commitments file, an empty progress file, and any
    extra files (name -> bytes)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = {PROGRESS: PROGRESS_HEADER.encode(), **(extra or {}), COMMITMENTS: template}
    if not (directory / ".gitignore").exists():
        files = {".gitignore": GITIGNORE.encode(), **files}
    made = []
    with store.locked_directory(directory):  # not a lock file: it would be left in the new workspace
        for name in files:
            if (directory / name).exists():
                raise store.StoreError(
                    "already exists", "init makes a new workspace; use another directory", str(directory / name)
                )
        for name, content in files.items():  # commitments last: it marks the workspace
            store.replace(directory / name, content, None, must_be_new=True)
            made.append(directory / name)
    return made
