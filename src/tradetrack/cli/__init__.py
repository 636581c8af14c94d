"""The command line, on top: thin Typer commands over load -> facts -> judge -> render, and
the writers. Each module registers its commands on the one app of common.py; a command holds
no logic a test would need to reach through the CLI.

May import: every stage."""

import errno
import io
import sys

import typer

from tradetrack.cli import (  # noqa: F401  (they register the commands)
    checking,
    codes,
    fetching,
    helping,
    publishing,
    reading,
    writing,
)
from tradetrack.cli.common import app, stdout_refused
from tradetrack.cli.manual import attach

attach(app)  # every command: git-style placeholders, examples; environment and exit status on top


def main() -> None:
    # A path of bytes that are not UTF-8 (a data directory, a working directory) reaches Python
    # holding lone surrogates: shown as \udcff escapes, never a traceback mid-output. Text from
    # the data files cannot hold one (the readers refuse it).
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        app()
    except OSError as e:
        # Here, not in a command: --version and --help print before any command runs. A broken
        # pipe is click's (quiet); a file's error names its file and is not standard output's.
        if e.filename is not None or e.errno == errno.EPIPE:
            raise
        try:
            stdout_refused(e)
        except typer.Exit as done:
            sys.exit(done.exit_code)
