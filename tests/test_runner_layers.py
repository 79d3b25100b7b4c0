"""The runner's modules import one way: no module imports, at the top or inside a function,
one that imports it back (directly or through others), and runner/errors.py imports nothing of
the runner. Read from the source (ast), so nothing is imported here.

`python tests/test_runner_layers.py` prints the graph: module -> the runner modules it imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

RUNNER = Path(__file__).resolve().parent.parent / "lstmspec" / "runner"


def module_name(path: Path) -> str:
    parts = path.relative_to(RUNNER).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "runner"


def imported(path: Path, names: set) -> set:
    """The runner modules `path` imports (relative imports, wherever they are written)."""
    package = list(path.relative_to(RUNNER).parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        up = node.level - 1
        if up > len(package):
            continue  # above the runner: lstmspec's core
        base = package[:len(package) - up] + (node.module.split(".") if node.module else [])
        candidates = [".".join(base)] + [".".join(base + [a.name]) for a in node.names]
        found |= {c for c in candidates if c in names}
    return found


def graph() -> dict:
    paths = sorted(RUNNER.rglob("*.py"))
    names = {module_name(p) for p in paths}
    return {module_name(p): imported(p, names) - {module_name(p)} for p in paths}


def cycle_from(start: str, edges: dict) -> list | None:
    stack, seen = [(start, [start])], set()
    while stack:
        node, trail = stack.pop()
        for nxt in edges[node]:
            if nxt == start:
                return trail + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, trail + [nxt]))
    return None


def test_the_runner_imports_one_way():
    edges = graph()
    cycles = [cycle_from(name, edges) for name in sorted(edges)]
    assert [c for c in cycles if c] == []


def test_errors_is_a_leaf():
    edges = graph()
    assert edges["errors"] == set()
    assert {"errors", "atomic", "data", "strategy", "keras_patch", "input_pipeline",
            "multiworker", "run"} <= set(edges)


if __name__ == "__main__":
    for name, deps in sorted(graph().items()):
        print(f"{name:22} -> {', '.join(sorted(deps))}")
