"""Read a config file into plain data and a {YAML path: Span} table; YAML problems become findings.

The file is parsed as a libyaml *event stream* and composed here, iteratively, so that every
bound (bytes, nesting depth, alias expansion, scalar length) is enforced before anything walks
the data: no segfault on deep nesting, no billion-laughs blow-up, no `RecursionError`.
Scalars follow YAML 1.2 (see yaml12.py); tags, non-string keys, duplicate keys and multiple
documents are findings with positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import FILE_START, Finding, Span, YamlPath
from .yaml12 import NumberTooLong, resolve_plain

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 1_000_000
    max_depth: int = 64
    max_nodes: int = 200_000  # after alias expansion
    max_scalar_chars: int = 10_000


DEFAULT_LIMITS = Limits()


@dataclass
class Source:
    path: str
    text: str = ""
    data: Any = None
    value_spans: dict = field(default_factory=dict)
    key_spans: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)
    ok: bool = False  # data is a complete document (possibly with non-fatal findings)

    def span(self, path: YamlPath, on_key: bool = False) -> Span:
        """The span of a path, or of its closest ancestor that has one (alias contents, say)."""
        path = tuple(path)
        while True:
            if on_key and path in self.key_spans:
                return self.key_spans[path]
            if path in self.value_spans:
                return self.value_spans[path]
            if not path:
                return FILE_START
            path, on_key = path[:-1], False

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


class _Abort(Exception):
    """Composition stops: the finding is already recorded."""


def _mark_span(start, end) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def decode(raw: bytes, path: str) -> tuple[str | None, Finding | None]:
    """Strict UTF-8 (a BOM is allowed); a bad byte is reported where it is."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Finding("LS007", "the file is UTF-16 encoded: save it as UTF-8", span=FILE_START)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        bad = raw[err.start:err.start + 1].hex().upper()
        message = (f"the file is not valid UTF-8: byte 0x{bad} cannot be decoded; "
                   "save the file as UTF-8")
        return None, Finding("LS007", message, span=Span(line, column, line, column + 1))


def load_bytes(raw: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> Source:
    source = Source(path)
    if len(raw) > limits.max_bytes:
        source.findings.append(Finding(
            "LS006", f"the file is {len(raw):,} bytes, over the {limits.max_bytes:,}-byte limit "
            "for a config: split it or remove what is not part of the model", span=FILE_START))
        return source
    text, problem = decode(raw, path)
    if problem:
        source.findings.append(problem)
        return source
    source.text = text
    _Composer(source, limits).run()
    return source


def load_file(path: str, limits: Limits = DEFAULT_LIMITS) -> Source:
    """Read and compose one file; OSError is left to the caller (it is a usage error, exit 2)."""
    with open(path, "rb") as handle:
        raw = handle.read(limits.max_bytes + 1)
    return load_bytes(raw, path, limits)


@dataclass
class _Frame:
    is_map: bool
    container: Any
    path: YamlPath
    start: Any
    anchor: str | None
    nodes_before: int
    key: str | None = None
    key_span: Span | None = None
    has_key: bool = False
    flow: bool = False
    last_end: tuple | None = None  # (line, column) where the last child ends
    first_seen: dict = field(default_factory=dict)


class _Composer:
    def __init__(self, source: Source, limits: Limits):
        self.source = source
        self.limits = limits
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0
        self.documents = 0
        self.root: Any = None
        self.has_root = False

    def error(self, code: str, message: str, span: Span, abort: bool = False):
        self.source.findings.append(Finding(code, message, span=span))
        if abort:
            raise _Abort

    def run(self) -> None:
        try:
            for event in yaml.parse(self.source.text, Loader=_Parser):
                self.on_event(event)
        except _Abort:
            return
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            span = _mark_span(mark, mark) if mark else FILE_START
            problem = " ".join(filter(None, [err.problem, err.context])) or "invalid YAML"
            self.error("LS001", f"YAML syntax error: {problem}; fix the YAML at this position", span)
            return
        except Exception as err:  # any other loader failure is still a located finding
            self.error("LS001", f"YAML could not be read: {type(err).__name__}; "
                       "check the file is a plain YAML mapping", FILE_START)
            return
        if not self.has_root or self.root is None:
            self.error("LS008", "the file is empty: an lstmspec config is a mapping with at least "
                       "`input:` and `layers:`", FILE_START)
            return
        self.source.data = self.root
        self.source.ok = True

    # -- events -------------------------------------------------------------------------
    def on_event(self, event) -> None:
        kind = type(event).__name__
        if kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                self.error("LS008", "the file holds more than one YAML document (`---`): "
                           "keep one config per file", _mark_span(event.start_mark, event.end_mark),
                           abort=True)
        elif kind in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"):
            self.on_node(event, kind)
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            self.on_collection_end(event)

    def node_path(self) -> YamlPath | None:
        """Path of the node about to start, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if not top.is_map:
            return top.path + (len(top.container),)
        return top.path + (top.key,) if top.has_key else None

    def on_node(self, event, kind: str) -> None:
        span = _mark_span(event.start_mark, event.end_mark)
        path = self.node_path()
        if path is None:
            self.on_key(event, kind, span)
            return
        if getattr(event, "tag", None) is not None and kind != "AliasEvent":
            self.error("LS003", f"explicit YAML tags are not allowed (found `{event.tag}`): "
                       "remove the tag and write the plain value", span)
        self.count_nodes(1, span)
        if kind == "ScalarEvent":
            self.attach(path, self.scalar(event, span), span)
        elif kind == "AliasEvent":
            self.attach(path, self.alias(event, span), span)
        else:
            if len(self.stack) >= self.limits.max_depth:
                self.error("LS005", f"nesting is deeper than {self.limits.max_depth} levels: "
                           "a config never needs this; flatten the structure", span, abort=True)
            container = {} if kind == "MappingStartEvent" else []
            if event.anchor:
                self.open_anchors.add(event.anchor)
            self.stack.append(_Frame(kind == "MappingStartEvent", container, path,
                                     event.start_mark, event.anchor, self.nodes,
                                     flow=bool(event.flow_style)))

    def on_key(self, event, kind: str, span: Span) -> None:
        top = self.stack[-1]
        key = None
        if kind == "ScalarEvent" and event.tag is None:
            key = event.value if event.style or not event.implicit[0] else _safe_plain(event.value)
        if not isinstance(key, str):
            shown = event.value if kind == "ScalarEvent" else "a " + kind[:-10].lower()
            self.error("LS009", f"mapping keys must be plain strings, found {str(shown)[:40]!r}: "
                       "write the key as text", span, abort=True)
        if key in top.first_seen:
            first = top.first_seen[key]
            self.error("LS002", f"duplicate key '{key}' (first defined at line {first.line}): "
                       "YAML keeps only one of them; remove one", span)
        else:
            top.first_seen[key] = span
        top.key, top.key_span, top.has_key = key, span, True

    def scalar(self, event, span: Span):
        if len(event.value) > self.limits.max_scalar_chars:
            self.error("LS006", f"a value of {len(event.value):,} characters is over the "
                       f"{self.limits.max_scalar_chars:,}-character limit: shorten it", span)
            return ""
        if event.style or not event.implicit[0] or event.tag is not None:
            value = event.value
        else:
            try:
                value = resolve_plain(event.value)
            except NumberTooLong:
                self.error("LS006", "a number with over 100 characters is not a sensible value: "
                           "shorten it", span)
                value = 0
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        return value

    def alias(self, event, span: Span):
        name = event.anchor
        if name in self.open_anchors:
            self.error("LS004", f"alias *{name} refers to a node that contains it (a recursive "
                       "alias): remove the alias", span, abort=True)
        if name not in self.anchors:
            self.error("LS004", f"alias *{name} has no anchor &{name} before it: define the "
                       "anchor first or write the value out", span, abort=True)
        value, size = self.anchors[name]
        self.count_nodes(size - 1, span)  # the alias node itself is already counted
        return value

    def count_nodes(self, count: int, span: Span) -> None:
        self.nodes += count
        if self.nodes > self.limits.max_nodes:
            self.error("LS004", f"the document expands to over {self.limits.max_nodes:,} values "
                       "(aliases repeat their anchor's contents): write the config without "
                       "nested aliases", span, abort=True)

    def on_collection_end(self, event) -> None:
        frame = self.stack.pop()
        span = _mark_span(frame.start, event.end_mark)
        if not frame.flow and frame.last_end:
            # a block collection ends where its last value ends, not at the next token
            span = Span(span.line, span.column, *frame.last_end)
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.container, self.nodes - frame.nodes_before + 1)
        self.attach(frame.path, frame.container, span)

    def attach(self, path: YamlPath, value, span: Span) -> None:
        """Place a finished node into its parent and record its spans."""
        self.source.value_spans[path] = span
        if not self.stack:
            self.root, self.has_root = value, True
            return
        parent = self.stack[-1]
        parent.last_end = (span.end_line, span.end_column)
        if parent.is_map:
            parent.container[parent.key] = value
            self.source.key_spans[path] = parent.key_span
            parent.has_key = False
        else:
            parent.container.append(value)


def _safe_plain(text: str):
    try:
        return resolve_plain(text)
    except NumberTooLong:
        return None
