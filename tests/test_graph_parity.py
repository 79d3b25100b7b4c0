"""Differential tests for graphs: lint's verdict and static table against real Keras
functional builds (keras.Model(inputs, outputs)) of seeded random graphs (tests/graphgen.py),
plus a forward pass on zeros wherever the build succeeds, so that "builds but fails on data"
is measured, not assumed.

For every graph: lint is clean exactly when Keras builds it and runs it on zeros, and then
every layer's name, output shapes and parameter counts and the model's outputs equal Keras's,
the layers the static table holds in the model are exactly the layers of Keras's model (a
layer on no path to an output is left out), and the totals that `summary --format json` and
the budget print (total, trainable, non-trainable) are the Keras model's;
where Keras refuses to build, lint's errors include the layer where it broke and only
errors on earlier layers are on layers that Keras builds and that fail on data; where Keras
builds but lint reports an error, Keras fails on the first batch or returns other shapes than
it reported, or runs while ignoring part of the config (an input no layer reads, extra initial
states).
"""

from __future__ import annotations

import collections
import json
import os
import re
import warnings
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import graphgen  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from lstmspec.inference import infer  # noqa: E402
from lstmspec.inference.budget import estimate  # noqa: E402
from lstmspec.rules import mask_dropped  # noqa: E402
from lstmspec.runner.build.crosscheck import compare  # noqa: E402
from lstmspec.runner.build.graph import apply_layers, build_graph  # noqa: E402
from lstmspec.runner.build.model import make_layer  # noqa: E402
from lstmspec.inference.states import expected  # noqa: E402
from lstmspec.summary.table import to_json  # noqa: E402
from lstmspec.validation.config import validate  # noqa: E402

pytestmark = pytest.mark.tf

COUNT = int(os.environ.get("LSTMSPEC_GRAPHS", "150"))
BRANCHY = int(os.environ.get("LSTMSPEC_BRANCHY_GRAPHS", "150"))


MASK_WARNING = re.compile(r"Layer '([^']+)' \(of type \w+\) was passed an input with a mask")


class Verdict:
    def __init__(self):
        self.model, self.broke_at, self.ran, self.error = None, None, False, ""
        self.mask_dropped: set = set()  # layers Keras warned destroy a mask


def keras_verdict(model_spec, specs) -> Verdict:
    verdict, made = Verdict(), []

    def recording(spec):
        made.append(spec)
        return make_layer(spec)

    keras.backend.clear_session(free_memory=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            verdict.model = build_graph(keras, model_spec, specs, recording)
        except Exception as exc:  # noqa: BLE001 - any refusal is a verdict
            verdict.broke_at = specs.index(made[-1]) if made else -1
            verdict.error = f"{type(exc).__name__}: {str(exc)[:200]}"
            return verdict
    verdict.mask_dropped = {m.group(1) for w in caught
                            for m in [MASK_WARNING.search(str(w.message))] if m}
    verdict.error = run_on_zeros(model_spec, specs)
    verdict.ran = verdict.error is None
    return verdict


def zeros(model_spec) -> list:
    """A batch of 2 zeros per input; an unknown length is the inputs' known one (when they
    agree), since a graph may well need its inputs' lengths to match."""
    specs = list(model_spec.input_specs.values())
    known = {s.shape[0] for s in specs if len(s.shape) > 1 and s.shape[0] is not None}
    length = known.pop() if len(known) == 1 else 5
    return [np.zeros((2,) + tuple(length if d is None else d for d in spec.shape), "float32")
            for spec in specs]


def run_on_zeros(model_spec, specs) -> str | None:
    """Run every layer (also those that lead to no output) on a batch of zeros: None when
    it runs and every tensor has the shape Keras reported when it built the graph, else what
    went wrong."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the mask warnings: keras_verdict records them
        return forward_pass(model_spec, specs)


def forward_pass(model_spec, specs) -> str | None:
    keras.backend.clear_session(free_memory=False)
    inputs, tensors, _ = apply_layers(keras, model_spec, specs, make_layer)
    symbolic = [t for name, outs in tensors.items() for t in outs
                if name not in model_spec.input_specs]
    probe = keras.Model(inputs, symbolic)
    batch = zeros(model_spec)
    try:
        real = probe(batch, training=False)
    except Exception as exc:  # noqa: BLE001 - failing on data is the verdict
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    for said, got in zip(symbolic, real):
        fits = len(said.shape) == len(got.shape) and all(
            s in (None, g) for s, g in zip(said.shape, got.shape)) and got.shape[0] == 2
        if not fits:
            return f"reports {tuple(said.shape)}, returns {tuple(got.shape)} on a batch of 2"
    for array in batch:  # the second sample all ones: the first sample's outputs must stay
        array[1] = 1.0
    again = probe(batch, training=False)
    for got, other in zip(real, again):
        if not np.array_equal(np.asarray(got)[0], np.asarray(other)[0], equal_nan=True):
            return "mixes the samples of a batch: sample 0's output depends on sample 1"
    return None


def keras_holds(model) -> tuple[set, tuple]:
    """The layers Keras's functional model holds, and its (total, trainable, non-trainable)
    parameters, read from Keras alone."""
    names = {layer.name for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)}
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    frozen = sum(int(np.prod(w.shape)) for w in model.non_trainable_weights)
    assert trainable + frozen == model.count_params()
    return names, (model.count_params(), trainable, frozen)


def held_differences(model, inference, counts: collections.Counter) -> list[str]:
    """What summary's JSON and the budget say the model holds, against Keras's model."""
    names, totals = keras_holds(model)
    summary = json.loads(to_json("graph.yaml", inference))
    rows = {row["name"]: row["in_model"] for row in summary["layers"]}
    said = (summary["total_params"], summary["trainable_params"], summary["non_trainable_params"])
    left_out = {name for name, held in rows.items() if not held}
    counts["  of which with layers left out of the model (LS210)"] += bool(left_out)
    counts["  of which with non-trainable params"] += bool(totals[2])
    for what, how in HELD_ONLY.items():
        counts[f"  of which with a layer held only {what}"] += held_only(inference, how)
    differ = []
    if {name for name, held in rows.items() if held} != names:
        differ.append(f"summary holds {sorted(set(rows) - left_out)} but Keras {sorted(names)}")
    if said != totals:
        differ.append(f"summary totals {said} but Keras {totals}")
    params = estimate(inference).params
    if params != totals[0]:
        differ.append(f"the budget counts {params:,} params but Keras {totals[0]:,}")
    return differ


def readers(info, inference) -> tuple[list, list]:
    """The model's layers that read `info`, and where each reads it (its position in their
    `from` + initial_state)."""
    found = [(other, k) for other in inference.held
             for k, ref in enumerate(other.inbound) if ref.split(".")[0] == info.name]
    return [other for other, _ in found], [k for _, k in found]


def held_only(inference, how) -> bool:
    """Whether the model holds a layer that its layers read only in the way `how` tells."""
    for info in inference.held:
        layers, at = readers(info, inference)
        if layers and how(layers, at):
            return True
    return False


# a layer the model's layers read only this way (Keras keeps it: the test asks Keras)
HELD_ONLY = {
    "for its states": lambda layers, at: all(
        k >= len(other.input_shapes) for other, k in zip(layers, at)),
    "as attention's key": lambda layers, at: all(
        other.type == "MultiHeadAttention" and k == 2 for other, k in zip(layers, at)),
}


def ignored_by_keras(finding, specs) -> bool:
    """Errors for what Keras runs while ignoring part of the config."""
    if finding.code == "LS124":
        return True
    if finding.code == "LS128" and finding.path[2:3] == ("initial_state",):
        spec = specs[finding.path[1]]
        return len(spec.initial_state) > expected(spec)[0]
    return False


def check(config: dict, counts: collections.Counter) -> str | None:
    """One graph: None when lint and Keras agree, else what differs."""
    checked = validate(config)
    assert not checked.findings, checked.findings  # the generator writes valid schema
    inference = infer(checked.model, checked.layers)
    errors = [f for f in inference.findings if f.code != "LS210"]
    keras_ = keras_verdict(checked.model, checked.layers)
    where = sorted(f.path[1] for f in errors if f.path[:1] == ("layers",))
    if not errors:
        counts["clean, Keras builds and runs"] += 1
        if keras_.model is None or not keras_.ran:
            return f"lint is clean but Keras fails: {keras_.error}"
        differ = [d.message() for d in compare(keras_.model, inference)]
        warned = {f.message.split("'")[1] for f in
                  mask_dropped.check(SimpleNamespace(inference=inference))}
        if warned != keras_.mask_dropped:
            differ.append(f"LS201 on {sorted(warned)} but Keras warns on "
                          f"{sorted(keras_.mask_dropped)}")
        counts["  of which with a mask dropped (LS201, as Keras warns)"] += bool(warned)
        outputs = tuple(tuple(t.shape) for t in keras.tree.flatten(keras_.model.outputs))
        if outputs != inference.output:
            differ.append(f"outputs {inference.output} but Keras {outputs}")
        differ += held_differences(keras_.model, inference, counts)
        return "; ".join(differ) or None
    if keras_.model is None:
        counts[f"Keras refuses to build, lint {errors[0].code}"] += 1
        if keras_.broke_at in where:
            return None
        if not where or where[0] > keras_.broke_at:
            return f"Keras broke at layer {keras_.broke_at} ({keras_.error}), lint at {where}"
        # lint stopped earlier, on layers Keras builds: those must fail on data, or be what
        # Keras runs while ignoring part of the config
        earlier = [f for f in errors if f.path[:1] == ("layers",) and f.path[1] < keras_.broke_at]
        runs = run_on_zeros(checked.model, checked.layers[:keras_.broke_at]) is None
        if runs and not all(ignored_by_keras(f, checked.layers) for f in earlier):
            return f"lint reports {errors[0].code} on layers that Keras builds and runs"
        return None
    if keras_.ran:
        counts[f"Keras builds and runs, ignoring part: lint {errors[0].code}"] += 1
        if not all(ignored_by_keras(f, checked.layers) for f in errors):
            return f"Keras runs it, lint reports {errors[0].code}: {errors[0].message}"
        return None
    counts[f"Keras builds, fails on the first batch or misreports shapes: lint "
           f"{errors[0].code}"] += 1
    return None


@pytest.mark.slow
def test_generated_graphs_agree_with_keras(capsys):
    counts: collections.Counter = collections.Counter()
    failures = []
    for name, config in graphgen.graphs(COUNT):
        problem = check(config, counts)
        if problem:
            failures.append(f"{name}: {problem}\n  {config}")
    with capsys.disabled():
        print(f"\n{COUNT} generated graphs:")
        for what, count in sorted(counts.items()):
            print(f"  {count:4d}  {what}")
    assert not failures, "\n".join(failures[:10])


@pytest.mark.slow
def test_branches_left_out_of_the_model_and_the_totals_agree_with_keras(capsys):
    """Graphs whose outputs leave branches out: lint's verdicts as above, and on every graph
    that lints clean the model's layers and totals are Keras's (branchy_graphs)."""
    counts: collections.Counter = collections.Counter()
    failures = []
    for name, config in graphgen.branchy_graphs(BRANCHY):
        problem = check(config, counts)
        if problem:
            failures.append(f"{name}: {problem}\n  {config}")
    with capsys.disabled():
        print(f"\n{BRANCHY} generated graphs with branches:")
        for what, count in sorted(counts.items()):
            print(f"  {count:4d}  {what}")
    assert not failures, "\n".join(failures[:10])
    # the comparison is not vacuous: many clean graphs leave layers out, some hold a layer
    # only for the states it gives, some count non-trainable params
    clean = counts["clean, Keras builds and runs"]
    assert counts["  of which with layers left out of the model (LS210)"] >= clean // 3 > 0
    assert counts["  of which with a layer held only for its states"] > 0
    assert counts["  of which with a layer held only as attention's key"] > 0
    assert counts["  of which with non-trainable params"] > 0


EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "graphs"
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES,
                         ids=[str(p.relative_to(EXAMPLES)) for p in EXAMPLE_FILES])
def test_graph_examples_agree_with_keras(path):
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config = {k: v for k, v in config.items() if k in ("input", "inputs", "layers", "outputs")}
    assert check(config, collections.Counter()) is None
