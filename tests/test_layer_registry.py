"""A new layer type is one spec class and one registry call (issue 18, one owner per fact).

MGUSpec below is a recurrent type lstmspec does not ship (the minimal gated unit: a forget
gate and the candidate, 2 gates, one state). It is defined here and only here, registered
with `register(MGUSpec)`; lint then validates it, infers its shapes and parameters (also
wrapped in Bidirectional), checks its initial states, sizes its budget, suggests its size
argument, lists it in the JSON Schema, and leaves it out of the cuDNN advice, all through the
normal paths. The source scan at the end keeps it that way: no module outside spec/layers/
spells a layer type's name.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path
from typing import ClassVar, Literal

import pytest

from lstmspec.inference.budget import estimate, orthogonal_seconds
from lstmspec.lint import lint_text
from lstmspec.spec.layers import LAYER_MODULES, LAYER_TYPES, layer_class, register
from lstmspec.spec.layers.recurrent import RecurrentSpec

PACKAGE = Path(__file__).resolve().parent.parent / "lstmspec"


class MGUSpec(RecurrentSpec):
    """Minimal gated unit (Zhou et al., 2016): h' = (1 - f) * h + f * tanh(W x + U (f * h))."""

    KERAS_CLASS: ClassVar[str] = "MGU"
    GATES: ClassVar[int] = 2

    type: Literal["MGU"]

    def cell_params(self, features: int) -> int:
        u = self.units
        return 2 * u * (features + u) + (2 * u if self.use_bias else 0)


@pytest.fixture
def mgu():
    register(MGUSpec)
    yield
    del LAYER_MODULES["MGU"]


def lint(text: str):
    return lint_text(textwrap.dedent(text))


def triples(result) -> list:
    return [(d.code, d.span.line, d.span.column) for d in result.diagnostics]


STACK = """\
input:
  shape: [30, 8]
layers:
  - type: MGU
    units: 16
    return_sequences: true
  - type: Bidirectional
    layer: {type: MGU, units: 4}
  - type: Dense
    units: 1
"""


def test_an_unregistered_type_is_unknown():
    assert triples(lint(STACK)) == [("LS302", 4, 11), ("LS302", 8, 19)]


def test_the_registered_type_is_a_layer_type(mgu):
    assert "MGU" in LAYER_TYPES and LAYER_TYPES[-1] == "MGU"
    assert layer_class("MGU") is MGUSpec


def test_lint_infers_its_shapes_and_parameters(mgu):
    result = lint(STACK)
    assert result.diagnostics == [] and result.ok
    layers = result.inference.layers
    assert [info.result.outputs for info in layers] == [
        ((None, 30, 16),), ((None, 8),), ((None, 1),)]
    one = 2 * 16 * (8 + 16) + 2 * 16
    both = 2 * (2 * 4 * (16 + 4) + 2 * 4)  # Bidirectional: two copies, outputs concatenated
    assert [info.result.params for info in layers] == [one, both, 8 + 1]
    assert result.inference.totals()[0] == one + both + 9


def test_the_budget_counts_its_gates(mgu):
    result = lint(STACK)
    costs = estimate(result.inference, result.model).layers[1:]
    # activations kept per sample: the outputs, plus steps x gates x units for the cell
    assert costs[0].activations == 30 * 16 + 30 * 2 * 16
    assert costs[1].activations == 8 + 2 * 30 * 2 * 4
    # the orthogonal recurrent kernel is (units, gates x units)
    assert (costs[0].build_seconds, costs[0].slow_field) == (
        orthogonal_seconds(16, 2 * 16), "recurrent_initializer")
    assert costs[1].build_seconds == 2 * orthogonal_seconds(4, 2 * 4)


GRAPH = """\
inputs:
  past: {shape: [24, 3]}
  future: {shape: [6, 2]}
layers:
  - {name: enc, type: MGU, units: 16, return_state: true, from: past}
  - {name: dec, type: MGU, units: 16, return_sequences: true, from: future, initial_state: [enc.1, enc.1]}
  - {type: Dense, units: 1}
outputs: [dense]
"""


def test_its_initial_states_are_its_own(mgu):
    (found,) = lint(GRAPH).diagnostics
    assert (found.code, found.span.line, found.span.column) == ("LS128", 6, 92)
    assert found.fix == "set initial_state: [enc.1]"  # one state: MGU.STATES
    fixed = GRAPH.replace("[enc.1, enc.1]", "[enc.1]")
    assert lint(fixed).diagnostics == []


MERGED = """\
inputs:
  a: {shape: [10, 3]}
layers:
  - {name: r, type: MGU, units: 16, from: a}
  - {name: d, type: Dense, units: 8, from: r}
  - {name: both, type: Add, from: [d, r]}
outputs: [both]
"""


def test_a_size_fix_names_its_size_argument(mgu):
    (found,) = lint(MERGED).diagnostics
    assert (found.code, found.span.line, found.span.column) == ("LS126", 6, 39)  # on `r`, the 16 that differs
    assert found.fix == "set units: 8 on layer 0"


def test_no_cudnn_advice_for_a_cell_without_a_cudnn_kernel(mgu):
    text = STACK.replace("units: 16\n", "units: 16\n    recurrent_dropout: 0.2\n").replace(
        "units: 4}", "units: 4, recurrent_dropout: 0.2}")
    assert triples(lint(text)) == []
    assert triples(lint(text.replace("MGU", "GRU"))) == [("LS202", 6, 5), ("LS202", 9, 34)]


def test_the_schema_lists_it_also_inside_bidirectional(mgu):
    from lstmspec.validation.json_schema import build_schema

    schema = build_schema()
    refs = [item["$ref"] for item in schema["properties"]["layers"]["items"]["oneOf"]]
    assert refs[-1] == "#/$defs/MGUSpec"
    inner = schema["$defs"]["BidirectionalSpec"]["properties"]["layer"]["oneOf"]
    assert [r["$ref"] for r in inner] == [
        "#/$defs/LSTMSpec", "#/$defs/GRUSpec", "#/$defs/SimpleRNNSpec", "#/$defs/MGUSpec"]


def strings(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_module_outside_the_spec_names_a_layer_type():
    """The facts of a layer type are read from its spec class: a table keyed by type names,
    or a comparison with one, anywhere else would be a second owner (docstrings that name a
    type in a sentence are not whole-string constants, and are not counted)."""
    names = set(LAYER_TYPES)
    found = [f"{path.relative_to(PACKAGE).as_posix()}:{line}: {text!r}"
             for path in sorted(PACKAGE.rglob("*.py"))
             if path.parent != PACKAGE / "spec" / "layers"
             for line, text in strings(path) if text in names]
    assert found == []
