"""The manual's sections that --help, `tradetrack help`, the man page and the README share:
examples per command, the environment, the exit status. Written once, here; the command class
below puts them in every --help, and scripts/regenerate.py writes docs/tradetrack.1 from them.

Placeholders follow git and gh: a positional argument is `<id>` (`[<id>]...` when optional or
repeated), never click's `{ID}`, which reads as a set of choices.
"""

from __future__ import annotations

from typer.core import TyperArgument, TyperCommand

ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("TRADETRACK_DATA", "The commitments file or its folder, when --data is not given."),
    ("TRADETRACK_TODAY", "Pin today (YYYY-MM-DD) for every command, as --as-of does for one."),
    ("TRADETRACK_NO_CACHE", "Set to any value: read and judge the files afresh, write no load cache."),
    ("TRADETRACK_ESR_KEY", "The api.data.gov key for USDA FAS export sales (fetch)."),
    ("TRADETRACK_CENSUS_KEY", "The US Census Bureau API key (fetch; required since May 2026)."),
    ("TRADETRACK_FETCH_TIMEOUT", "Seconds a fetch request may wait for each read (default 30)."),
    ("TRADETRACK_FETCH_DEADLINE", "Seconds a fetch request may take as a whole (default 120)."),
    ("TRADETRACK_FETCH_RETRIES", "Retries of a failed fetch request (default 4, at most 10)."),
    ("TRADETRACK_FETCH_BACKOFF", "Seconds before the first retry, doubling after (default 1)."),
    ("NO_COLOR", "Set to any value: no colour. Output that is not a terminal has none either."),
    ("FORCE_COLOR", "Set to any value: colour even when the output is not a terminal."),
    ("COLUMNS", "The width to lay out for, instead of the terminal's."),
    ("XDG_DATA_HOME", "Where the user workspace lives (default ~/.local/share/tradetrack)."),
    ("XDG_CACHE_HOME", "Where load caches and fetched answers live (default ~/.cache/tradetrack)."),
    ("XDG_CONFIG_HOME", "Where config.toml with the fetch keys lives (default ~/.config/tradetrack)."),
)

EXIT_STATUS: tuple[tuple[str, str], ...] = (
    ("0", "Done; for check: the data is clean."),
    ("1", "A --fail-on condition matched a commitment shown."),
    ("2", "Usage error or invalid input: every problem reported on stderr, nothing written."),
)

# (command path: the words after `tradetrack`; command line; what it does): an example a row, in
# the order each command's --help and the man page show them
EXAMPLE_ROWS: tuple[tuple[str, str, str], ...] = (
    ("", "tradetrack status --as-of 2026-12-02", "every commitment as of a day"),
    ("", "tradetrack help status", "the help of one command"),
    ("help", "tradetrack help", "the commands, the environment and the exit status"),
    ("help", "tradetrack help progress add", "the help of one command, as progress add --help gives it"),
    ("check", "tradetrack check", "silent and exit 0 when the data is clean"),
    ("check", "tradetrack check --json", "the problems as JSON, for an editor or CI"),
    ("where", "tradetrack --data examples/phase-one where", "which files a --data path selects"),
    ("schema", "tradetrack schema progress > progress.schema.json", "the schema of one progress record"),
    ("init", "tradetrack init mydeal", "a workspace holding the bundled deal"),
    ("init", "tradetrack init --empty mydeal", "a workspace with one commented example of each kind"),
    ("fetch", "tradetrack fetch --dry-run", "what the published series would add"),
    ("fetch", "tradetrack fetch cn-soybeans-2026 --offline", "re-run from the answers cached earlier"),
    ("codes", "tradetrack codes esr-country china", "the ESR code of a country, by name"),
    ("codes", "tradetrack codes census-country 0003", "what a Census country code stands for"),
    ("status", "tradetrack status --as-of 2026-12-02", "every commitment as of a day"),
    ("status", "tradetrack status --party CN --status behind,missed", "one party's shortfalls"),
    ("status", "tradetrack status --fail-on missed,confirmed", "exit 1 when a confirmed miss is shown"),
    ("show", "tradetrack show cn-soybeans-2025 --as-of 2026-03-01", "one commitment's card"),
    ("changes", "tradetrack changes --since 2026-01-01 --until 2026-03-31", "what moved in a quarter, and why"),
    ("changes", "tradetrack changes --since 2026-11-01 --format atom -o feed.xml", "the same as an Atom feed"),
    ("site", "tradetrack site -o site --as-of 2026-12-02", "a static tracker site in ./site"),
    ("report", "tradetrack report -o report.md", "a Markdown compliance report"),
    ("report", "tradetrack report -o report.html --as-of 2026-12-02", "a self-contained page with charts"),
    ("chart", "tradetrack chart cn-soybeans-2025 -o soy.svg", "one purchase's chart"),
    ("progress", "tradetrack progress list cn-soybeans-2025", "one commitment's records"),
    (
        "progress add",
        "tradetrack progress add cn-soybeans-2026 --date 2026-03-05 --amount 1.2 --unit Mt "
        "--basis usda-esr --source https://apps.fas.usda.gov/export-sales/",
        "a figure to date",
    ),
    (
        "progress add",
        "tradetrack progress add us-fentanyl-tariff-cut --date 2025-11-10 --rate 10 --source ...",
        "a rate",
    ),
    ("progress list", "tradetrack progress list --basis usda-esr", "the records on one basis"),
    ("import", "tradetrack import csv figures.csv --dry-run", "what a CSV file would add"),
    (
        "import csv",
        "tradetrack import csv figures.csv --set commitment=cn-soybeans-2026 --dry-run",
        "check before adding",
    ),
    ("import esr", "tradetrack import esr answer.json --commitment cn-soybeans-2026", "a saved ESR answer"),
)

# command path -> its examples, in order
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    path: tuple((line, what) for p, line, what in EXAMPLE_ROWS if p == path) for path, _, _ in EXAMPLE_ROWS
}


def _section(title: str, rows: tuple[tuple[str, str], ...]) -> str:
    # "\b" keeps click from re-wrapping the block.
    return "\b\n" + title + ":\n" + "\n".join(f"  {a}\n      {b}" for a, b in rows)


def epilog(path: str) -> str:
    """The sections after a command's options: its examples, and at the top the environment
    and exit status too."""
    parts = [_section("Examples", EXAMPLES[path])] if path in EXAMPLES else []
    if path == "":
        parts += [_section("Environment", ENVIRONMENT), _section("Exit status", EXIT_STATUS)]
    else:
        parts.append("Environment and exit status: tradetrack help.")
    return "\n\n".join(parts)


def placeholder(param: TyperArgument) -> str:
    """`<id>` for an argument named ID (or written [ID]... in its metavar)."""
    raw = (param.metavar or param.name or "").strip("[]. ")
    return f"<{raw.lower()}>"


class Command(TyperCommand):
    """A command whose usage line and argument list use git's `<id>` placeholders."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for p in self.params:
            if isinstance(p, TyperArgument):
                p.metavar = placeholder(p)

    def collect_usage_pieces(self, ctx) -> list[str]:  # ctx: click's Context
        pieces = [self.options_metavar] if self.options_metavar else []
        for p in self.get_params(ctx):
            if isinstance(p, TyperArgument):
                text = p.metavar or placeholder(p)
                text = text if p.required else f"[{text}]"
                pieces.append(text + ("..." if p.nargs != 1 else ""))
        return pieces


def attach(app, path: str = "") -> None:
    """Give every command of a Typer app (and its groups) the command class and its epilog.
    Called once the command modules have registered their commands."""
    app.info.epilog = app.info.epilog or epilog(path)
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
        if info.cls in (None, TyperCommand):
            info.cls = Command
        info.epilog = info.epilog or epilog(f"{path} {name}".strip())
    for group in app.registered_groups:
        sub = group.typer_instance
        if sub is not None:
            attach(sub, f"{path} {group.name}".strip())
