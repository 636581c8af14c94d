"""The command line: thin Typer commands over load -> facts -> judge -> render, and the
writers. Each module registers its commands on the one app of common.py."""

from tradetrack.cli import checking, reading, writing  # noqa: F401  (they register the commands)
from tradetrack.cli.common import app


def main() -> None:
    app()
