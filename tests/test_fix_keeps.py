"""Every fix keeps what it does not fix: comments, the order of keys, the batch size.

A property test over generated configs: stacks of recurrent layers, wrappers and a head, each
key written in block or flow style, in a random order, with a comment after it or on a line of
its own, and with the defects that every fixer repairs (LS102 a missing return_sequences, LS301
a misspelt key, a Keras `input_shape`/`batch_input_shape`, a wrapped layer's argument on its
wrapper, LS302 a misspelt type, LS303 a YAML 1.1 boolean). After `fix_text`:

- every comment is still there, once, and a comment that ended a key's line still ends the
  line of that key (wherever the key moved, whatever it was renamed to);
- in every mapping, the keys that were there keep their order, and keys moved into a mapping
  arrive in the order they were written;
- a `batch_input_shape`'s batch size is kept as `input.batch_size`;
- no fixable finding is left, and the text still reads as YAML.
"""

from __future__ import annotations

import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lstmspec.fix import FIXABLE, fix_text

RECURRENT = ("LSTM", "GRU")
MISSPELT_TYPE = {"LSTM": "Lstm", "GRU": "Gru"}


class Writer:
    """Builds the config text, numbering every comment so that it can be found again."""

    def __init__(self, draw):
        self.draw, self.lines, self.comments, self.count = draw, [], {}, 0

    def comment(self, key: str | None) -> str:
        """A trailing comment (or none), recorded with the key whose line it ends."""
        if not self.draw(st.booleans()):
            return ""
        self.count += 1
        marker = f"c{self.count}"
        self.comments[marker] = key
        return f"  # {marker} note"

    def own_line(self, indent: str) -> None:
        if self.draw(st.integers(0, 4)) == 0:
            self.count += 1
            self.comments[f"c{self.count}"] = None
            self.lines.append(f"{indent}# c{self.count} a line of its own")

    def mapping(self, indent: str, first: str, pairs: list, flow: bool, loose=()) -> None:
        """`pairs` [(key, text)] in block style under a `- ` (first line prefixed), or flow.
        The comments of `loose` keys (which a fix removes) only have to survive somewhere."""
        if flow:
            body = ", ".join(f"{k}: {v}" for k, v in pairs)
            self.lines.append(f"{first}{{{body}}}{self.comment(None)}")
            return
        for number, (key, value) in enumerate(pairs):
            if number:
                self.own_line(indent)
            prefix = first if number == 0 else indent
            self.lines.append(f"{prefix}{key}: {value}"
                              f"{self.comment(None if key in loose else key)}")


@st.composite
def configs(draw):
    """(text, expected facts) of a config with comments and fixable defects."""
    out = Writer(draw)
    count = draw(st.integers(1, 3))
    batch_on_layer = draw(st.booleans())
    wrapper_at = draw(st.sampled_from([None] + list(range(int(batch_on_layer), count))))
    if not batch_on_layer:
        if draw(st.booleans()):
            out.lines.append(f"input_shape: [10, 2]{out.comment('input_shape')}")
        else:
            out.lines.append("input:")
            out.lines.append(f"  shape: [10, 2]{out.comment('shape')}")
    out.own_line("")
    out.lines.append("layers:")
    for index in range(count):
        last_recurrent = index == count - 1
        if index == wrapper_at:
            wrapped_layer(draw, out, last_recurrent)
        else:
            recurrent_layer(draw, out, index, last_recurrent, batch_on_layer and index == 0)
    out.mapping("    ", "  - ", [("type", "Dense"), ("units", "1")], draw(st.booleans()))
    return "\n".join(out.lines) + "\n", out.comments, batch_on_layer


def recurrent_layer(draw, out, index, last, batch_first) -> None:
    kind = draw(st.sampled_from(RECURRENT))
    pairs = [("type", draw(st.sampled_from([kind, MISSPELT_TYPE[kind]]))),
             ("units", str(draw(st.integers(1, 9))))]
    if not last:  # needs return_sequences: missing (LS102), misspelt (LS301), yes (LS303)
        pairs.append(draw(st.sampled_from([None, ("return_sequence", "true"),
                                           ("return_sequences", "yes"),
                                           ("return_sequences", "true")])))
    if batch_first:
        pairs += [("batch_input_shape", "[4, 10, 2]"), ("stateful", "true")]
    pairs = [p for p in pairs if p]
    order = draw(st.permutations(range(1, len(pairs))))  # `type` first: the layer's name
    pairs = [pairs[0]] + [pairs[i] for i in order]
    flow = draw(st.booleans()) and not batch_first
    out.mapping("    ", "  - ", pairs, flow)


def wrapped_layer(draw, out, last) -> None:
    """A Bidirectional with some of its layer's arguments written on the wrapper."""
    units = str(draw(st.integers(1, 9)))
    inner = [("type", "LSTM"), ("units", units)]
    if not last:
        inner.append(("return_sequences", "true"))
    moved = draw(st.lists(st.sampled_from(["dropout", "unroll", "go_backwards_never",
                                           "recurrent_dropout"]), unique=True, max_size=3))
    moved = [m for m in moved if m != "go_backwards_never"]
    values = {"dropout": "0.1", "unroll": "false", "recurrent_dropout": "0.0"}
    on_wrapper = [(m, values[m]) for m in moved]
    duplicated = on_wrapper[:1] if on_wrapper and draw(st.booleans()) else []
    inner += duplicated  # the inner layer already says the same: removed from the wrapper
    pairs = [("type", "Bidirectional")] + on_wrapper
    out.mapping("    ", "  - ", pairs, False, loose={k for k, _ in duplicated})
    inner_flow = draw(st.booleans())
    if inner_flow:
        body = ", ".join(f"{k}: {v}" for k, v in inner)
        out.lines.append(f"    layer: {{{body}}}{out.comment('layer')}")
    else:
        out.lines.append(f"    layer:{out.comment('layer')}")
        out.mapping("      ", "      ", inner, False)


# What a key may be called after a fix: renamed, or written where it belongs.
RENAMED = {"return_sequence": "return_sequences", "input_shape": "input",
           "batch_input_shape": "input"}


def key_orders(data, path=()) -> dict:
    """{mapping path: [keys in order]} of every mapping in the document."""
    found = {}
    if isinstance(data, dict):
        found[path] = list(data)
        for key, value in data.items():
            found.update(key_orders(value, path + (key,)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.update(key_orders(value, path + (index,)))
    return found


def assert_order_kept(before: dict, after: dict) -> None:
    for path, keys in before.items():
        if path not in after:
            continue
        renamed = [RENAMED.get(k, k) for k in keys]
        kept = [k for k in renamed if k in after[path]]
        assert [k for k in after[path] if k in kept] == list(dict.fromkeys(kept)), path
        inner = path + ("layer",)
        if inner in before and inner in after:  # a wrapper's keys moved under `layer:`
            moved = [k for k in keys if k not in after[path] and k not in before[inner]]
            assert [k for k in after[inner] if k in moved] == moved, (path, after[inner])


def assert_comments_kept(text: str, fixed: str, comments: dict) -> None:
    for marker, key in comments.items():
        lines = [line for line in fixed.splitlines() if re.search(rf"# {marker}\b", line)]
        assert len(lines) == 1, (marker, fixed)
        if key is not None:
            name = RENAMED.get(key, key)
            assert re.search(rf"['\"]?\b{name}['\"]?:", lines[0]), (marker, lines[0])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(configs())
def test_every_fix_keeps_comments_order_and_batch_size(case):
    text, comments, batch_on_layer = case
    outcome = fix_text(text, "generated.yaml")
    fixed = outcome.text
    after = yaml.safe_load(fixed)
    assert_comments_kept(text, fixed, comments)
    assert_order_kept(key_orders(yaml.safe_load(text.replace(": yes", ": true"))),
                      key_orders(after))
    if batch_on_layer:
        assert after["input"] == {"shape": [10, 2], "batch_size": 4}, fixed
    left = {d.code for d in outcome.result.diagnostics} & set(FIXABLE)
    assert not left, (left, fixed)


def test_batch_input_shape_keeps_its_batch_size():
    """The issue's case: a stateful LSTM's batch size was lost, and LS105 then asked for it."""
    before = ("layers:\n  - type: LSTM\n    units: 4\n    stateful: true\n"
              "    batch_input_shape: [16, 10, 1]  # Keras 2\n  - {type: Dense, units: 1}\n")
    outcome = fix_text(before, "f.yaml")
    assert outcome.text == ("input: {shape: [10, 1], batch_size: 16}  # Keras 2\nlayers:\n"
                            "  - type: LSTM\n    units: 4\n    stateful: true\n"
                            "  - {type: Dense, units: 1}\n")
    assert outcome.result.diagnostics == []


def test_a_moved_argument_takes_its_comment_and_keeps_its_order():
    head = "input:\n  shape: [10, 2]\nlayers:\n  - type: Bidirectional\n"
    before = (head + "    units: 64  # Keras 2 habit\n    dropout: 0.1\n"
              "    layer:\n      type: LSTM\n  - {type: Dense, units: 1}\n")
    assert fix_text(before, "f.yaml").text == (
        head + "    layer:\n      type: LSTM\n      units: 64  # Keras 2 habit\n"
        "      dropout: 0.1\n  - {type: Dense, units: 1}\n")
    flow = before.replace("    layer:\n      type: LSTM\n", "    layer: {type: LSTM}\n")
    assert fix_text(flow, "f.yaml").text == (
        head + "    layer: {type: LSTM, units: 64, dropout: 0.1}  # Keras 2 habit\n"
        "  - {type: Dense, units: 1}\n")
