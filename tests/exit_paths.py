"""The exit statuses each `lstmspec` command can return, read from the source (ast), so that the
documentation's tables can be held to them without running every failure.

A command returns a status three ways:

- a literal: `return 2`, `sys.exit(2)`, in its module (cli/<name>_cmd.py) or what it calls;
- an exception class that carries `code` and `status` (runner/errors.py, tune's TuneError, the
  importer's ImportProblem), caught by an `except` around `report(path, err)` (cli/errors.py):
  every such class that the code reachable from the command constructs, and that the handler
  catches, is a status the command can return;
- the command line itself (cli/__init__.main): click's usage errors (2), Ctrl-C (130), an
  exception lstmspec did not expect (LS699, 70): every command.

What the command reaches is a call graph over lstmspec's functions: a call or a reference to a
function by name (imports inside functions included), a module's function through its alias,
a method through `self`, any method of that name elsewhere (an over-approximation: a status the
code cannot really return would show up as listed-but-unreachable only in the other direction).
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lstmspec"
# cli/__init__.main, for every command: click's usage errors, Ctrl-C (click's Abort), LS699
EVERY_COMMAND = {2: "usage", 130: "Ctrl-C", 70: "LS699"}


def module_name(path: Path) -> str:
    parts = ("lstmspec",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@dataclass
class Function:
    name: str  # module.qualname
    module: str
    node: ast.AST
    cls: str | None = None  # the qualified class of a method
    edges: set | None = None  # what it calls or refers to, once computed
    made: set = field(default_factory=set)  # the classes it calls (constructs) or raises


@dataclass
class Index:
    functions: dict = field(default_factory=dict)  # qualified name -> Function
    classes: dict = field(default_factory=dict)  # qualified name -> (module, ClassDef)
    scopes: dict = field(default_factory=dict)  # module -> {local name: qualified name}
    globals: dict = field(default_factory=dict)  # qualified module variable -> value node
    methods: dict = field(default_factory=dict)  # method name -> [qualified names]

    def resolve(self, module: str, name: str) -> str | None:
        return self.scopes[module].get(name)


def relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - level + 1]
    return ".".join(base + (target.split(".") if target else []))


@functools.lru_cache(maxsize=1)
def build_index() -> Index:
    index = Index()
    trees = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        trees[module] = (tree, path.name == "__init__.py")
        index.scopes[module] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        index.globals[f"{module}.{target.id}"] = node.value
                        index.scopes[module][target.id] = f"{module}.{target.id}"
        collect(index, module, tree.body, module, None)
    modules = set(trees)
    for module, (tree, is_package) in trees.items():
        scope = index.scopes[module]
        for node in ast.walk(tree):  # imports anywhere: at the top and inside functions
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "")
                                                     .startswith("lstmspec")):
                base = relative(module, is_package, node.level, node.module) if node.level \
                    else node.module
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    scope.setdefault(alias.asname or alias.name, full if full in modules or
                                     full in index.functions or full in index.classes or
                                     full in index.globals else full)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("lstmspec"):
                        scope.setdefault(alias.asname or alias.name.split(".")[0],
                                         alias.asname and alias.name or "lstmspec")
    return index


def collect(index: Index, module: str, body, prefix: str, cls: str | None) -> None:
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = f"{prefix}.{node.name}"
            index.functions[name] = Function(name, module, node, cls)
            if cls is None and prefix == module:
                index.scopes[module][node.name] = name
            else:
                index.methods.setdefault(node.name, []).append(name)
            collect(index, module, node.body, name, cls)
        elif isinstance(node, ast.ClassDef):
            name = f"{prefix}.{node.name}"
            index.classes[name] = (module, node)
            if prefix == module:
                index.scopes[module][node.name] = name
            collect(index, module, node.body, name, name)


def class_attribute(index: Index, name: str, attribute: str, seen=()):
    """A class attribute (`code`, `status`) as written in the class or inherited, or ...
    (Ellipsis) when the class and its lstmspec bases do not write it."""
    if name not in index.classes or name in seen:
        return ...
    module, node = index.classes[name]
    for statement in node.body:
        if isinstance(statement, ast.Assign) and any(getattr(t, "id", None) == attribute
                                                     for t in statement.targets):
            return ast.literal_eval(statement.value)
    for base in node.bases:
        found = class_attribute(index, resolved(index, module, base) or "", attribute,
                                seen + (name,))
        if found is not ...:
            return found
    return ...


def resolved(index: Index, module: str, node) -> str | None:
    """The qualified name an expression names (a name, or module alias.attribute)."""
    if isinstance(node, ast.Name):
        return index.resolve(module, node.id)
    if isinstance(node, ast.Attribute):
        owner = resolved(index, module, node.value)
        if owner is not None:
            return f"{owner}.{node.attr}"
    return None


def error_classes(index: Index) -> dict:
    """qualified class -> (code, status): every class that carries a status."""
    found = {}
    for name in index.classes:
        status = class_attribute(index, name, "status")
        if isinstance(status, int):
            found[name] = (class_attribute(index, name, "code"), status)
    return found


def subclasses(index: Index, base: str) -> set:
    found = {base}
    changed = True
    while changed:
        changed = False
        for name, (module, node) in index.classes.items():
            if name not in found and any(resolved(index, module, b) in found for b in node.bases):
                found.add(name)
                changed = True
    return found


def edges(index: Index, function: Function) -> set:
    """The functions (and module variables, classes) `function` calls or refers to."""
    if function.edges is not None:
        return function.edges
    out = set()
    for node in ast.walk(function.node):
        if isinstance(node, (ast.Call, ast.Raise)):
            made = node.func if isinstance(node, ast.Call) else node.exc
            cls = resolved(index, function.module, made) if made is not None else None
            if cls in index.classes:
                function.made.add(cls)
        if isinstance(node, (ast.Name, ast.Attribute)):
            target = resolved(index, function.module, node)
            if target in index.functions or target in index.classes or \
                    target in index.globals:
                out.add(target)
            elif isinstance(node, ast.Attribute) and target is None:
                owner = node.value
                if isinstance(owner, ast.Name) and owner.id in ("self", "cls") and function.cls:
                    out |= {m for m in index.methods.get(node.attr, [])
                            if m.startswith(function.cls + ".")}
                else:
                    out |= set(index.methods.get(node.attr, []))
    function.edges = out
    return out


def reachable(index: Index, start: str) -> set:
    seen, todo = {start}, [start]
    while todo:
        name = todo.pop()
        if name in index.functions:
            found = edges(index, index.functions[name])
        elif name in index.globals:  # a registry: the functions its value names
            module = name.rsplit(".", 1)[0]
            found = {resolved(index, module, n) for n in ast.walk(index.globals[name])
                     if isinstance(n, (ast.Name, ast.Attribute))} - {None}
        elif name in index.classes:  # a class called: its methods may run
            found = {f for f in index.functions if f.startswith(name + ".")}
        else:
            found = set()
        for nxt in found - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def literal_statuses(node) -> set:
    """`return N` and `sys.exit(N)` with a literal N in a function body (its own statements,
    lambdas included, not nested functions)."""
    found = set()
    for inner in ast.walk(node):
        value = None
        if isinstance(inner, ast.Return) and inner.value is not None:
            value = inner.value
        elif isinstance(inner, ast.Call) and ast.unparse(inner.func) == "sys.exit" and inner.args:
            value = inner.args[0]
        for candidate in (value.body, value.orelse) if isinstance(value, ast.IfExp) else \
                (value,):
            if isinstance(candidate, ast.Constant) and isinstance(candidate.value, int) \
                    and not isinstance(candidate.value, bool):
                found.add(candidate.value)
    return found


def carried(index: Index, names: set) -> set:
    """Literal statuses of values that carry one (checking.Gate: a class with a `status`
    field), constructed by the functions in `names`: `Gate(None, problems, 2)`."""
    found = set()
    for name in names & set(index.functions):
        function = index.functions[name]
        for node in ast.walk(function.node):
            if not isinstance(node, ast.Call):
                continue
            cls = resolved(index, function.module, node.func)
            if cls not in index.classes:
                continue
            fields = [s.target.id for s in index.classes[cls][1].body
                      if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            if "status" not in fields:
                continue
            position = fields.index("status")
            values = [k.value for k in node.keywords if k.arg == "status"]
            values += node.args[position:position + 1]
            found |= {v.value for v in values if isinstance(v, ast.Constant)
                      and isinstance(v.value, int)}
    return found


def returned_calls(index: Index, function: Function) -> set:
    """The functions whose result `function` returns as it is (`return serve()`)."""
    return {resolved(index, function.module, n.value.func) for n in ast.walk(function.node)
            if isinstance(n, ast.Return) and isinstance(n.value, ast.Call)} - {None}


def reported(index: Index, function: Function) -> set:
    """The exception classes that `function` turns into their status: the handlers around a
    call of report() (cli/errors.py), by the class they catch."""
    caught = set()
    for node in ast.walk(function.node):
        if isinstance(node, ast.ExceptHandler) and node.type is not None and any(
                isinstance(n, ast.Call) and getattr(n.func, "id", "") == "report"
                for n in ast.walk(node)):
            types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            for kind in types:
                name = resolved(index, function.module, kind)
                if name:
                    caught |= subclasses(index, name)
    return caught


def constructed(index: Index, names: set, classes: dict) -> set:
    """The error classes that the functions in `names` construct (or raise by name)."""
    found = set()
    for name in names & set(index.functions):
        edges(index, index.functions[name])
        found |= index.functions[name].made & set(classes)
    return found


def command_statuses(command: str, module: str, function: str) -> dict:
    """status -> why, for `lstmspec COMMAND` (cli/COMMANDS: its module and function)."""
    index = build_index()
    classes = error_classes(index)
    start = f"lstmspec.cli.{module}.{function}"
    reached = reachable(index, start)
    cli_functions = {n for n in reached if n.startswith("lstmspec.cli.")
                     and n in index.functions}
    statuses = dict(EVERY_COMMAND)
    statuses.setdefault(0, "done")
    returning = set(cli_functions)
    for name in cli_functions:
        returning |= returned_calls(index, index.functions[name]) & set(index.functions)
    for name in returning:
        for status in literal_statuses(index.functions[name].node):
            statuses.setdefault(status, name)
    for status in carried(index, reached):
        statuses.setdefault(status, "a verdict's status")
    made = constructed(index, reached, classes)
    for name in cli_functions:
        for cls in reported(index, index.functions[name]) & made:
            statuses.setdefault(classes[cls][1], cls)
    return statuses
