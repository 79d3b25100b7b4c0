"""Read a config file into plain data and a {YAML path: Span} table; YAML problems become findings.

The file is parsed as a libyaml *event stream* and composed here, iteratively, so that every
bound (bytes, nesting depth, alias expansion, scalar length, layer count) is enforced before
anything walks the data: no segfault on deep nesting, no billion-laughs blow-up, no
`RecursionError`. Scalars follow YAML 1.2 (see yaml12.py); tags, non-string keys, duplicate keys
and multiple documents are findings with positions. Nothing is ever constructed from a tag.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import yaml

from ..diagnostics import FILE_START, Finding, Span, YamlPath
from .text_file import (
    UNSAFE_IN_VALUE, char_name, decode, display_path, escaped, read_bounded, text_position,
)
from .yaml12 import NumberTooLong, resolve_plain

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NODE_EVENTS = frozenset({"ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"})
_END_EVENTS = frozenset({"MappingEndEvent", "SequenceEndEvent"})
# Findings after which the data is still what the author meant, so validation goes on.
NON_FATAL = frozenset({"LS002"})


class Limits(NamedTuple):
    max_bytes: int = 1_000_000
    max_depth: int = 64
    max_nodes: int = 100_000  # keys and values, after alias expansion
    max_scalar_chars: int = 10_000  # values and keys
    max_layers: int = 1_000  # spec.core.MAX_LAYERS: checked here, while composing


DEFAULT_LIMITS = Limits()


@dataclass
class Source:
    path: str
    text: str = ""
    data: Any = None
    value_spans: dict = field(default_factory=dict)
    key_spans: dict = field(default_factory=dict)
    findings: list = field(default_factory=list)
    ok: bool = False  # data is the complete document as written (duplicate keys aside)

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

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def line_text(self, line: int) -> str:
        """A source line as reporters print it: control characters (LS010) escaped."""
        if not 0 < line <= len(self.lines):
            return ""
        text = self.lines[line - 1]
        return escaped(text) if UNSAFE_IN_VALUE.search(text) else text


class _Abort(Exception):
    """Composition stops: the finding is already recorded."""


def _mark_span(start, end) -> Span:
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def shown(text: str, width: int = 40) -> str:
    """A user's text quoted for a message: short, and with control characters escaped."""
    return repr(text if len(text) <= width else text[:width - 3] + "...")


def load_bytes(raw: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> Source:
    source = Source(path)
    if len(raw) > limits.max_bytes:
        source.findings.append(Finding(
            "LS006", f"the file is over the {limits.max_bytes:,}-byte limit for a config: "
            "split it or remove what is not part of the model", span=FILE_START))
        return source
    text, problem = decode(raw)
    if text is not None:
        source.text = text
    if problem:
        source.findings.append(problem)
        return source
    _Composer(source, limits).run()
    return source


def load_file(path: str, limits: Limits = DEFAULT_LIMITS) -> Source:
    """Read and compose one file; OSError is left to the caller (it is a usage error, exit 2)."""
    return load_bytes(read_bounded(path, limits.max_bytes + 1), display_path(path), limits)


class _Frame:
    """An open mapping or sequence (a plain class: defining a dataclass costs ~1 ms at import)."""

    __slots__ = ("is_map", "container", "path", "start", "anchor", "nodes_before", "key",
                 "key_span", "has_key", "flow", "last_end", "first_seen")

    def __init__(self, is_map: bool, container: Any, path: YamlPath, start: Any,
                 anchor: str | None, nodes_before: int, flow: bool = False) -> None:
        self.is_map, self.container, self.path, self.start = is_map, container, path, start
        self.anchor, self.nodes_before, self.flow = anchor, nodes_before, flow
        self.key: str | None = None
        self.key_span: Span | None = None
        self.has_key = False
        self.last_end: tuple | None = None  # (line, column) where the last child ends
        self.first_seen: dict = {}


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
        # The composition makes only acyclic containers; without the cyclic collector, which
        # would walk them again and again as they grow, it runs twice as fast.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for event in yaml.parse(self.source.text, Loader=_Parser):
                self.on_event(event)
        except _Abort:
            return
        except yaml.MarkedYAMLError as err:
            self.syntax_error(err)
            return
        except Exception as err:  # any other loader failure (ReaderError...) is still located
            index = getattr(err, "position", None)
            line, column = (text_position(self.source.text, min(index, len(self.source.text)))
                            if isinstance(index, int) else (1, 1))
            self.error("LS001", f"YAML could not be read ({type(err).__name__}): check that the "
                       "file is a plain YAML mapping", Span(line, column, line, column + 1))
            return
        finally:
            if collecting:
                gc.enable()
        if not self.has_root or self.root is None:
            self.error("LS008", "the file is empty: an lstmspec config is a mapping with at least "
                       "`input:` and `layers:`", FILE_START)
            return
        self.source.data = self.root
        self.source.ok = all(f.code in NON_FATAL for f in self.source.findings)

    def syntax_error(self, err: yaml.MarkedYAMLError) -> None:
        mark = err.problem_mark or err.context_mark
        # one character wide, not an empty region (SARIF viewers and editors drop those)
        span = Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2) if mark \
            else FILE_START
        problem = " ".join(filter(None, [err.problem, err.context])) or "invalid YAML"
        if "nesting depth" in problem:  # libyaml's own bound (1,000 levels), hit while scanning
            self.error("LS005", self.depth_message(), span)
            return
        self.error("LS001", f"YAML syntax error: {problem}; fix the YAML at this position", span)

    def depth_message(self) -> str:
        return (f"nesting is deeper than {self.limits.max_depth} levels: a config never needs "
                "this; flatten the structure")

    # -- events -------------------------------------------------------------------------
    def on_event(self, event) -> None:
        kind = type(event).__name__
        if kind in _NODE_EVENTS:
            self.on_node(event, kind)
        elif kind in _END_EVENTS:
            self.on_collection_end(event)
        elif kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                self.error("LS008", "the file holds more than one YAML document (`---`): "
                           "keep one config per file", _mark_span(event.start_mark, event.end_mark),
                           abort=True)

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
        if len(path) == 2 and path[1] == self.limits.max_layers and path[0] == "layers":
            self.error("LS006", f"more than {self.limits.max_layers:,} layers: split the model "
                       "or check how the file was generated", span, abort=True)
        if getattr(event, "tag", None) is not None and kind != "AliasEvent":
            self.error("LS003", f"explicit YAML tags are not allowed (found {shown(event.tag)}): "
                       "remove the tag and write the plain value", span)
        self.count_nodes(1, span)
        if kind == "ScalarEvent":
            self.attach(path, self.scalar(event, span), span)
        elif kind == "AliasEvent":
            self.attach(path, self.alias(event, span), span)
        else:
            if len(self.stack) >= self.limits.max_depth:
                self.error("LS005", self.depth_message(), span, abort=True)
            container = {} if kind == "MappingStartEvent" else []
            if event.anchor:
                self.open_anchors.add(event.anchor)
            self.stack.append(_Frame(kind == "MappingStartEvent", container, path,
                                     event.start_mark, event.anchor, self.nodes,
                                     flow=bool(event.flow_style)))

    def on_key(self, event, kind: str, span: Span) -> None:
        top = self.stack[-1]
        self.count_nodes(1, span)
        key = None
        if kind == "ScalarEvent":
            if event.tag is not None:
                self.error("LS003", f"explicit YAML tags are not allowed (found "
                           f"{shown(event.tag)}): remove the tag and write the plain key", span)
            key = self.checked_text(event.value, span)
            if key != event.value:  # refused (and reported): a unique stand-in keeps going
                key = f"<key at {span.line}:{span.column}>"
            elif not event.style and event.implicit[0] and event.tag is None:
                key = _safe_plain(key)
        if not isinstance(key, str):
            what = shown(event.value) if kind == "ScalarEvent" else "a " + kind[:-10].lower()
            self.error("LS009", f"mapping keys must be plain strings, found {what}: write the "
                       "key as text", span, abort=True)
        if key == "<<" and not event.style:
            self.error("LS013", "`<<` is a YAML 1.1 merge key, which lstmspec does not expand "
                       "(it reads YAML 1.2, which has none): write the keys out in this mapping, "
                       "or alias a whole value (`layer: *lstm`)", span)
        if key in top.first_seen:
            first = top.first_seen[key]
            self.error("LS002", f"duplicate key {shown(key)} (first defined at line "
                       f"{first.line}): YAML keeps only one of them; remove one", span)
        else:
            top.first_seen[key] = span
        top.key, top.key_span, top.has_key = key, span, True

    def checked_text(self, text: str, span: Span) -> str:
        """A scalar's text, or "" when it is over the length limit or holds a control
        character that a quoted scalar's escapes produced (both are findings)."""
        if len(text) > self.limits.max_scalar_chars:
            self.error("LS006", f"a value of {len(text):,} characters is over the "
                       f"{self.limits.max_scalar_chars:,}-character limit: shorten it", span)
            return ""
        bad = UNSAFE_IN_VALUE.search(text)
        if bad:
            self.error("LS010", f"the text holds the control character {char_name(bad.group())} "
                       "(written as an escape): a config value never needs one; remove it", span)
            return ""
        return text

    def scalar(self, event, span: Span):
        text = self.checked_text(event.value, span)
        value: Any = text
        if not (event.style or not event.implicit[0] or event.tag is not None):
            try:
                value = resolve_plain(text)
            except NumberTooLong:
                self.error("LS006", "a number with over 100 characters is not a sensible value: "
                           "shorten it", span)
                value = text[:20]
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        return value

    def alias(self, event, span: Span):
        name = event.anchor
        if name in self.open_anchors:
            self.error("LS004", f"alias *{shown(name)[1:-1]} refers to a node that contains it "
                       "(a recursive alias): remove the alias", span, abort=True)
        if name not in self.anchors:
            self.error("LS004", f"alias *{shown(name)[1:-1]} has no anchor before it: define "
                       "the anchor first or write the value out", span, abort=True)
        value, size = self.anchors[name]
        self.count_nodes(size - 1, span, alias=True)  # the alias node itself is counted
        return value

    def count_nodes(self, count: int, span: Span, alias: bool = False) -> None:
        self.nodes += count
        if self.nodes <= self.limits.max_nodes:
            return
        if alias:
            self.error("LS004", f"aliases expand the document past {self.limits.max_nodes:,} "
                       "keys and values (each alias repeats its anchor's contents): write the "
                       "config without nested aliases", span, abort=True)
        self.error("LS006", f"the document holds over {self.limits.max_nodes:,} keys and values: "
                   "a config never needs this many; split it or check how it was generated",
                   span, abort=True)

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
