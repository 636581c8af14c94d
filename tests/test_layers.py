"""The folders show the flow: each stage imports only the stages before it (its __init__.py
says which), so data runs one way: files -> facts -> judge -> render, with writers on the side
and the CLI on top."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "tradetrack"
ALLOWED = {
    "core": set(),
    "files": {"core"},
    "facts": {"core", "files", "(top)"},  # (top): the package's __version__, for the cache key
    "judge": {"core", "facts"},
    "render": {"core", "facts", "judge"},
    "sources": {"core", "files"},
    "write": {"core", "files", "facts", "sources"},
    "cli": {"core", "files", "facts", "judge", "render", "sources", "write", "(top)"},
}


def imports(path: Path) -> set[str]:
    """The stages a module imports, at module level and inside functions alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tradetrack":
            parts = node.module.split(".")
            found |= {parts[1]} if len(parts) > 1 else {"(top)"}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("tradetrack.")}
    return found


def test_every_stage_imports_only_the_stages_before_it():
    wrong = []
    for path in ROOT.rglob("*.py"):
        stage = path.relative_to(ROOT).parts[0]
        if stage not in ALLOWED:
            continue
        for target in imports(path) - {stage} - ALLOWED[stage]:
            wrong.append(f"{path.relative_to(ROOT)} imports {target}")
    assert not wrong, wrong


def test_every_module_lives_in_a_stage_and_every_stage_states_its_rule():
    loose = [p.name for p in ROOT.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert not loose, loose
    for stage in ALLOWED:
        doc = ast.get_docstring(ast.parse((ROOT / stage / "__init__.py").read_text())) or ""
        assert "May import:" in doc, stage


def test_every_module_and_function_is_small_enough_to_read_in_one_sitting():
    # Issue 22: no module over 450 lines, no function over 60 (split by concern, named steps).
    long = []
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text()
        if text.count("\n") > 450:
            long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            is_function = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            if is_function and (node.end_lineno or 0) - node.lineno + 1 > 60:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not long, long
