"""lstmspec's modules import one way, read from the source (ast), so nothing is imported here.

Every import counts: at the top, inside a function, and a registry's `importlib.import_module`
(an edge to every module of its package); only imports under `if TYPE_CHECKING:` do not, since
they never run. Three things are checked:

- no module imports one that imports it back, anywhere in the package;
- the packages of lstmspec keep a declared order (LAYERS, top to bottom): a package imports only
  packages of lower layers, and the runner's parts keep theirs (RUNNER_LAYERS);
- lint, and everything it reaches, never imports the runner, NumPy, pyarrow or TensorFlow.

`python tests/test_layers.py` draws the layers with the edges between packages.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lstmspec"

# lstmspec's top-level packages and modules, from the command line down to the leaves.
LAYERS = (
    ("__main__",),
    ("cli",),
    ("tune", "lsp", "serve"),
    ("runner",),
    ("importer", "checking", "reporters"),
    ("ruledocs",),
    ("fix",),
    ("lint",),
    ("rules", "settings", "suppress", "summary"),
    ("overrides",),
    ("validation", "inference"),
    ("datafacts", "spec"),
    ("source", "figures", "codes", "suggest"),
    ("diagnostics",),
    ("lstmspec",),  # the package's own __init__: its version
)
# The parts of lstmspec/runner: orchestration above, TensorFlow's lazy import and errors below.
RUNNER_LAYERS = (
    ("backtest",),
    ("run",),
    ("artifacts", "resolve"),
    ("use", "training", "plots"),
    ("distribute", "data"),
    ("build", "series", "rundir"),
    ("tf", "value_range", "steady"),
    ("errors", "batches"),
)
HEAVY = {"numpy", "tensorflow", "keras", "pyarrow", "optuna", "matplotlib", "onnxruntime"}


def module_name(path: Path) -> str:
    parts = ("lstmspec",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def type_checking_nodes(tree) -> set:
    """The import nodes under `if TYPE_CHECKING:` (they never run)."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                skipped |= {id(n) for n in ast.walk(inner)}
    return skipped


def imports(path: Path, names: set) -> tuple[set, set]:
    """(the lstmspec modules `path` imports, the third-party top-level packages it imports)."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = type_checking_nodes(tree)
    ours, theirs = set(), set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                base += node.module.split(".") if node.module else []
            else:
                base = (node.module or "").split(".")
            if base[0] != "lstmspec":
                theirs.add(base[0])
                continue
            for alias in node.names:
                full = ".".join(base + [alias.name])
                ours.add(full if full in names else ".".join(base))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "lstmspec":
                    ours.add(alias.name)
                else:
                    theirs.add(alias.name.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module":
            # a registry: import_module(f"{__name__}.{NAMES[...]}") reaches any module beside it
            ours |= {n for n in names if n.startswith(name + ".") and n.count(".") ==
                     name.count(".") + 1}
    return ours - {name}, theirs


def graph() -> tuple[dict, dict]:
    paths = sorted(PACKAGE.rglob("*.py"))
    names = {module_name(p) for p in paths}
    found = {module_name(p): imports(p, names) for p in paths}
    return ({n: ours for n, (ours, _) in found.items()},
            {n: theirs for n, (_, theirs) in found.items()})


def cycle_from(start: str, edges: dict) -> list | None:
    stack, seen = [(start, [start])], set()
    while stack:
        node, trail = stack.pop()
        for nxt in sorted(edges[node]):
            if nxt == start:
                return trail + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, trail + [nxt]))
    return None


def unit(module: str, depth: int) -> str:
    """The package (or module) of `module` at `depth` below lstmspec: depth 1 is lstmspec's own
    packages, depth 2 the runner's parts."""
    parts = module.split(".")
    return parts[depth] if len(parts) > depth else parts[-1]


def layer_edges(edges: dict, depth: int, prefix: str) -> set:
    """Imports between different units at `depth`, among the modules under `prefix`."""
    found = set()
    for module, deps in edges.items():
        if not (module + ".").startswith(prefix):
            continue
        for dep in deps:
            if (dep + ".").startswith(prefix) and unit(module, depth) != unit(dep, depth):
                found.add((unit(module, depth), unit(dep, depth)))
    return found


def upward(found: set, layers: tuple) -> list:
    """The edges that do not go strictly down the declared layers."""
    level = {name: i for i, row in enumerate(layers) for name in row}
    return sorted((a, b) for a, b in found if not level[a] < level[b])


def reachable(start: str, edges: dict) -> set:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def test_no_module_imports_one_that_imports_it_back():
    edges, _ = graph()
    cycles = {tuple(c) for c in (cycle_from(name, edges) for name in sorted(edges)) if c}
    assert sorted(cycles) == []


def test_every_package_is_in_a_declared_layer():
    edges, _ = graph()
    declared = {name for row in LAYERS for name in row}
    runner = {name for row in RUNNER_LAYERS for name in row}
    assert {unit(m, 1) for m in edges} == declared
    assert {unit(m, 2) for m in edges if m.startswith("lstmspec.runner.")} == runner


def test_packages_import_down_the_declared_layers():
    edges, _ = graph()
    assert upward(layer_edges(edges, 1, "lstmspec."), LAYERS) == []


def test_the_runner_parts_import_down_their_layers():
    edges, _ = graph()
    assert upward(layer_edges(edges, 2, "lstmspec.runner."), RUNNER_LAYERS) == []


def test_lint_reaches_no_runner_and_no_heavy_library():
    edges, libraries = graph()
    reached = reachable("lstmspec.lint", edges)
    assert sorted(m for m in reached if m.startswith("lstmspec.runner")) == []
    assert sorted((m, lib) for m in reached for lib in libraries[m] & HEAVY) == []


def test_the_language_server_reaches_no_runner_and_no_heavy_library():
    edges, libraries = graph()
    reached = reachable("lstmspec.lsp.features", edges) | reachable("lstmspec.cli.lsp_cmd", edges)
    assert sorted(m for m in reached if m.startswith("lstmspec.runner")) == []
    assert sorted((m, lib) for m in reached for lib in libraries[m] & HEAVY) == []


def test_errors_is_a_leaf_of_the_runner():
    edges, _ = graph()
    assert edges["lstmspec.runner.errors"] == set()


def test_every_package_says_what_it_owns_in_two_lines():
    too_long = {}
    for init in sorted(PACKAGE.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        summary = doc.split("\n\n")[0].splitlines()
        if not 1 <= len(summary) <= 2:
            too_long[module_name(init)] = len(summary)
    assert too_long == {}


def draw() -> str:
    edges, _ = graph()
    out = []
    for title, layers, depth, prefix in (("lstmspec", LAYERS, 1, "lstmspec."),
                                         ("lstmspec/runner", RUNNER_LAYERS, 2,
                                          "lstmspec.runner.")):
        found = layer_edges(edges, depth, prefix)
        out.append(f"{title}, top to bottom (a package imports only those below it):")
        for row in layers:
            for name in row:
                below = sorted(b for a, b in found if a == name)
                out.append(f"  {name:12} -> {', '.join(below) or '(nothing of lstmspec)'}")
            out.append("  " + "-" * 40)
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(draw())
