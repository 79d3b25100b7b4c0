"""Fix chains: lint a config, carry out the fix text of every error as written (fix_texts.py,
independent of lstmspec's --fix), lint again, repeat; and a generated set of broken configs
(wrong heads, wrong losses, transposed or batch-bearing input shapes, wrong class counts,
class-sorted samples) over data written here without NumPy.

A chain converges when, within MAX_ROUNDS rounds, no error is left with an instruction to
carry out: what remains is nothing (a clean config) or errors whose fix text is a choice or
absent (a message that says what the user must decide)."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

import yaml
from fix_texts import carry_out_all, instruction
from npz_files import floats, texts, write_npz

from lstmspec.lint import lint_text

MAX_ROUNDS = 3
ROOT = Path(__file__).resolve().parent.parent
CLASSES, SAMPLES, STEPS, FEATURES = 3, 60, 6, 3


@dataclass
class Chain:
    start: str
    text: str  # the config where the chain stopped
    rounds: int  # rounds that carried something out
    fixes: list  # the fix texts carried out, round by round
    left: list  # the errors left (each a decision: no instruction)
    converged: bool


def run_chain(text: str, path: str, rounds: int = MAX_ROUNDS) -> Chain:
    start, done = text, []
    for _ in range(rounds + 1):
        found = lint_text(text, path).diagnostics
        todo = [d for d in found if instruction(d)]  # errors' and warnings' fix texts
        left = [d for d in found if d.severity.value == "error"]
        if not todo:
            return Chain(start, text, len(done), done, left, True)
        if len(done) == rounds:
            return Chain(start, text, len(done), done, left, False)
        done.append([d.fix for d in todo])
        text = carry_out_all(text, todo)
    raise AssertionError("unreachable")


def write_data(folder: Path) -> None:
    """cls.npz: x (60, 6, 3) and integer labels 0..2 stored sorted by class, with `classes`;
    reg.npz: the same x and standardized float targets (some negative); the sunspots CSV."""
    rng = random.Random(7)
    labels = [i * CLASSES // SAMPLES for i in range(SAMPLES)]
    x = [labels[i // (STEPS * FEATURES)] * 0.8 + rng.gauss(0, 0.3)
         for i in range(SAMPLES * STEPS * FEATURES)]
    write_npz(folder / "cls.npz", {"x": floats((SAMPLES, STEPS, FEATURES), x.__getitem__),
                                   "y": ("<i8", (SAMPLES,), labels),
                                   "classes": texts(["low", "mid", "high"])})
    raw = [sum(x[(i + 1) * STEPS * FEATURES - FEATURES:(i + 1) * STEPS * FEATURES])
           for i in range(SAMPLES)]
    mean = sum(raw) / len(raw)
    std = (sum((v - mean) ** 2 for v in raw) / len(raw)) ** 0.5
    write_npz(folder / "reg.npz", {"x": floats((SAMPLES, STEPS, FEATURES), x.__getitem__),
                                   "y": floats((SAMPLES, 1), lambda i: (raw[i] - mean) / std)})
    (folder / "sunspots.csv").write_bytes((ROOT / "examples" / "data" / "sunspots.csv")
                                          .read_bytes())


DATA = {
    "cls": {"kind": "npz", "path": "cls.npz", "split": {"train": 0.7, "validation": 0.15}},
    "reg": {"kind": "npz", "path": "reg.npz"},
    "csv": {"kind": "csv", "path": "sunspots.csv", "features": ["SUNACTIVITY"],
            "targets": ["SUNACTIVITY"]},
}
SHAPES = {"cls": [STEPS, FEATURES], "reg": [STEPS, FEATURES], "csv": [12, 1]}
ACTIVATIONS = ("linear", "sigmoid", "softmax", "relu", "tanh")
LOSSES = ("mse", "mae", "binary_crossentropy", "sparse_categorical_crossentropy",
          "categorical_crossentropy")


def config(data: str, activation: str, units: int, loss: str, shape=None,
           sequences: bool = False) -> str:
    return yaml.safe_dump({
        "input": {"shape": shape or SHAPES[data]},
        "layers": [{"type": "LSTM", "units": 8, "return_sequences": sequences},
                   {"type": "Dense", "units": units, "activation": activation}],
        "compile": {"loss": loss}, "data": DATA[data]}, sort_keys=False)


def broken_configs() -> dict:
    """name -> config text: every head (activation x units) with every loss on each data
    set, and the shape mistakes on a right head."""
    out = {}
    for data, activation, units, loss in itertools.product(
            DATA, ACTIVATIONS, (1, CLASSES - 1, CLASSES, CLASSES + 1), LOSSES):
        out[f"{data}-{activation}{units}-{loss}"] = config(data, activation, units, loss)
    right = {"cls": ("softmax", CLASSES, "sparse_categorical_crossentropy"),
             "reg": ("linear", 1, "mse"), "csv": ("linear", 1, "mse")}
    for data, (activation, units, loss) in right.items():
        steps, features = SHAPES[data]
        out[f"{data}-transposed"] = config(data, activation, units, loss, [features, steps])
        out[f"{data}-batch-axis"] = config(data, activation, units, loss, [32, steps, features])
        out[f"{data}-sequences"] = config(data, activation, units, loss, sequences=True)
    return out


# What each activation can output (an oracle written apart from lstmspec/spec/ranges.py).
REACH = {"linear": (-1e9, 1e9), "relu": (0.0, 1e9), "sigmoid": (0.0, 1.0),
         "softmax": (0.0, 1.0), "tanh": (-1.0, 1.0)}
TARGETS = {"cls.npz": (0, CLASSES - 1), "reg.npz": (-1.0, 1.0), "sunspots.csv": (-1.0, 1.0)}


def head_fits(text: str) -> bool:
    """An oracle independent of LS430: can this (clean) config's head output its targets?
    Class ids 0..2 need a head of one unit per class that gives probabilities (softmax, or
    sigmoid, which Keras's cross-entropy normalises) under sparse categorical cross-entropy,
    or, read as quantities, one unit whose range holds 0..2 under a regression loss;
    standardized targets (some below -1, some above 1) need a linear head."""
    data = yaml.safe_load(text)
    head = data["layers"][-1]
    loss, activation = data["compile"]["loss"], head.get("activation") or "linear"
    low, high = TARGETS[data["data"]["path"]]
    reach = REACH[activation]
    regression = loss in ("mse", "mae") and head.get("units") == 1 and \
        reach[0] < low and reach[1] > high if data["data"]["path"] != "cls.npz" else \
        loss in ("mse", "mae") and head.get("units") == 1 and reach[0] <= low and \
        reach[1] >= high
    if data["data"]["path"] == "cls.npz":
        return regression or (loss == "sparse_categorical_crossentropy" and
                              head.get("units") == CLASSES and
                              activation in ("softmax", "sigmoid"))
    return regression
