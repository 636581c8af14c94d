"""The command line, on top: thin Typer commands over load -> facts -> judge -> render, and
the writers. Each module registers its commands on the one app of common.py; a command holds
no logic a test would need to reach through the CLI.

May import: every stage."""

import io
import sys

from tradetrack.cli import (  # noqa: F401  (they register the commands)
    checking,
    codes,
    fetching,
    helping,
    publishing,
    reading,
    writing,
)
from tradetrack.cli.common import app
from tradetrack.cli.manual import attach

attach(app)  # every command: git-style placeholders, examples; environment and exit status on top


def main() -> None:
    # A path of bytes that are not UTF-8 (a data directory, a working directory) reaches Python
    # holding lone surrogates: shown as \udcff escapes, never a traceback mid-output. Text from
    # the data files cannot hold one (the readers refuse it).
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    app()
