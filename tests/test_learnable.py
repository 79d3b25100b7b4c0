"""Lint-clean means it can learn (issue 20): a head that cannot reach its targets (LS430),
class ids under a regression loss (LS431), a class training lacks (LS432), a feature constant
over the training rows (LS433), shuffle/stratify where they cannot work (LS434), class names
(LS435), class weights (LS436); NPZ arrays the run does not read never refuse the file.
Pinned as (code, line, column); the wording once, in tests/golden/learnable_messages.txt.
Fast lane: the NPZ files are written without NumPy (npz_files.py)."""

from __future__ import annotations

import shutil

import pytest
from cli_support import ROOT, check_golden, lstmspec
from npz_files import floats, ints, npy, texts, write_npz

from lstmspec.datafacts.sampling import split_indices
from lstmspec.datafacts.values import c_order, npz_numbers, npz_strings
from lstmspec.lint import lint_text

DATA = ROOT / "examples" / "data"
VOWELS = """\
input: {{shape: [29, 12]}}
layers:
  - {{type: Masking, mask_value: 0.0}}
  - {{type: LSTM, units: 32}}
  - {{type: Dense, units: {units}, activation: {activation}}}
compile: {{loss: {loss}}}
data:
  kind: npz
  path: japanese_vowels.npz
  split: {split}
"""
SUNSPOTS = """\
input: {{shape: [24, 1]}}
layers:
  - {{type: LSTM, units: 8}}
{head}compile: {{loss: mse}}
data:
  kind: csv
  path: sunspots.csv
  features: [SUNACTIVITY]
  targets: [SUNACTIVITY]
{extra}"""


@pytest.fixture()
def folder(tmp_path):
    for name in ("japanese_vowels.npz", "sunspots.csv", "seatbelts.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def triples(folder, text: str) -> list:
    found = lint_text(text, str(folder / "model.yaml")).diagnostics
    return [(d.code, d.span.line, d.span.column) for d in found]


def vowels(units=9, activation="softmax", loss="sparse_categorical_crossentropy",
           split="{stratify: true}"):
    return VOWELS.format(units=units, activation=activation, loss=loss, split=split)


@pytest.mark.parametrize("head, extra, expected", [
    ("  - {type: Dense, units: 1, activation: sigmoid}\n", "", ("LS430", 4, 41)),
    ("  - {type: Dense, units: 1, activation: relu}\n", "", ("LS430", 4, 41)),
    ("  - {type: Dense, units: 1, activation: softmax}\n", "", ("LS407", 4, 41)),
    ("  - {type: Dense, units: 1}\n  - {type: Activation, activation: tanh}\n", "",
     ("LS430", 5, 36)),
    ("", "", ("LS430", 3, 5)),  # the LSTM's own tanh output: normalize: minmax
    ("  - {type: Dense, units: 1, activation: sigmoid}\n", "  normalize: none\n",
     ("LS430", 4, 41)),
])
def test_a_head_that_cannot_reach_a_series(folder, head, extra, expected):
    text = SUNSPOTS.format(head=head or "", extra=extra).replace(
        "units: 8}", "units: 1}" if not head else "units: 8}")
    assert expected in triples(folder, text)


@pytest.mark.parametrize("head, extra", [
    ("  - {type: Dense, units: 1}\n", ""),
    ("  - {type: Dense, units: 1, activation: sigmoid}\n", "  normalize: minmax\n"),
    ("  - {type: Dense, units: 1, activation: relu}\n", "  normalize: minmax\n"),
    ("  - {type: Dense, units: 1, activation: relu}\n", "  normalize: none\n"),
])
def test_a_head_that_reaches_its_targets_is_clean(folder, head, extra):
    assert triples(folder, SUNSPOTS.format(head=head, extra=extra)) == []


def test_the_fix_texts(folder):
    """Each message once, pinned in the golden file; the fix texts carry out (fix_chains)."""
    cases = [SUNSPOTS.format(head="  - {type: Dense, units: 1, activation: sigmoid}\n",
                             extra=""),
             SUNSPOTS.format(head="", extra="").replace("units: 8}", "units: 1}"),
             vowels(1, "sigmoid", "mse", "{shuffle: true}"),
             vowels(loss="mse", split="{shuffle: true}"),
             vowels(split="{train: 0.85, validation: 0.15, test: 0}"),
             vowels(units=10), vowels(loss="mse", split="{stratify: true, shuffle: true}"),
             SUNSPOTS.format(head="  - {type: Dense, units: 1}\n",
                             extra="  split: {shuffle: true}\n"),
             SEATBELTS]
    lines = []
    for text in cases:
        for d in lint_text(text, str(folder / "model.yaml")).diagnostics:
            lines.append(f"{d.code} {d.message}\n  fix: {d.fix}\n")
    check_golden("learnable_messages.txt", "".join(lines))


def test_class_ids_with_a_regression_loss(folder):
    """Item 2: a softmax over 9 units with mse on labels 0..8 of shape (N,): one finding, the
    loss, with the fix --diff and --fix apply (it was LS406 'emit 1 value' -> LS407 'write
    sigmoid' -> clean and unlearnable)."""
    assert triples(folder, vowels(loss="mse", split="{shuffle: true}")) == [("LS431", 6, 17)]


def test_lint_diff_offers_the_class_fix(capsys, folder):
    path = folder / "model.yaml"
    path.write_text(vowels(loss="mse", split="{shuffle: true}"), encoding="utf-8")
    ran = lstmspec(capsys, "lint", "--diff", str(path))
    assert "+compile: {loss: sparse_categorical_crossentropy}" in ran.out
    assert "1 fix available" in ran.err and ran.code == 1


@pytest.mark.parametrize("activation, loss, expected", [
    ("sigmoid", "mse", [("LS430", 5, 41)]),  # ids 0..8 on one unit: classes or quantities?
    ("linear", "mse", []),  # quantities: a linear unit reaches them
])
def test_class_ids_on_one_unit(folder, activation, loss, expected):
    assert triples(folder, vowels(1, activation, loss, "{shuffle: true}")) == expected


def test_a_class_sorted_split(folder):
    """Item 3: JapaneseVowels is stored sorted by speaker: cut in order, validation holds
    speaker 9 only; stratified (or shuffled), every part has every speaker."""
    ordered = "{train: 0.85, validation: 0.15, test: 0}"
    assert triples(folder, vowels(split=ordered)) == [("LS432", 10, 3)]
    assert triples(folder, vowels(split=ordered[:-1] + ", stratify: true}")) == []
    assert triples(folder, vowels(split=ordered[:-1] + ", shuffle: true}")) == []
    found = lint_text(vowels(split=ordered), str(folder / "m.yaml")).diagnostics[0]
    assert "'speaker 9'" in found.message and found.fix == "set data.split.stratify: true"


def test_the_parts_of_a_stratified_split():
    labels = [i // 30 for i in range(270)]
    parts = split_indices(270, (0.7, 0.15, 0.15), stratify=True, labels=labels)
    for part in ("train", "validation", "test"):
        assert {labels[i] for i in parts[part]} == set(range(9))
    assert sorted(i for p in parts.values() for i in p) == list(range(270))
    # a class of one sample goes to training
    few = [0, 1, 1, 1]
    assert {few[i] for i in split_indices(4, (0.3, 0.4, 0.3), stratify=True,
                                          labels=few)["train"]} == {0, 1}
    # shuffled: seeded, a partition
    once = split_indices(100, (0.7, 0.15, 0.15), shuffle=True, seed=3)
    assert once == split_indices(100, (0.7, 0.15, 0.15), shuffle=True, seed=3)
    assert once != split_indices(100, (0.7, 0.15, 0.15), shuffle=True, seed=4)


def test_parts_given_by_the_file(tmp_path):
    x = floats((6, 2, 1), lambda i: i)
    write_npz(tmp_path / "p.npz", {"x_train": x, "y_train": ints([0, 0, 0, 1, 1, 1]),
                                   "x_val": floats((2, 2, 1), lambda i: i),
                                   "y_val": ints([2, 2])})
    text = ("input: {shape: [2, 1]}\nlayers:\n  - {type: LSTM, units: 4}\n"
            "  - {type: Dense, units: 3, activation: softmax}\n"
            "compile: {loss: sparse_categorical_crossentropy}\n"
            "data: {kind: npz, path: p.npz}\n")
    found = lint_text(text, str(tmp_path / "m.yaml")).diagnostics
    assert [(d.code, d.span.line, d.span.column, d.fix) for d in found] == [
        ("LS432", 6, 25, None)]


SEATBELTS = """\
input: {shape: [12, 2]}
layers:
  - {type: LSTM, units: 8}
  - {type: Dense, units: 1}
compile: {loss: mse}
data:
  kind: csv
  path: seatbelts.csv
  features: [KSI, law]
  targets: [KSI]
  time: month
"""


def test_a_feature_constant_over_the_training_rows(folder):
    """Item 4: the seat-belt law flag is 0 until February 1983, after the training rows."""
    found = lint_text(SEATBELTS, str(folder / "model.yaml")).diagnostics
    assert [(d.code, d.severity.value, d.span.line, d.span.column) for d in found] == [
        ("LS433", "warning", 9, 19)]
    assert "first changes at line 171 (month 1983-02)" in found[0].message
    later = SEATBELTS + "  split: {train: 0.95, validation: 0.05, test: 0}\n"
    assert triples(folder, later) == []  # the training rows hold both values


def test_a_constant_npz_feature(tmp_path):
    x = floats((20, 3, 2), lambda i: 0.0 if i % 2 else i * 0.1)  # feature 1 is always 0
    write_npz(tmp_path / "c.npz", {"x": x, "y": floats((20, 1), lambda i: i * 0.1)})
    text = ("input: {shape: [3, 2]}\nlayers:\n  - {type: LSTM, units: 4}\n"
            "  - {type: Dense, units: 1}\ncompile: {loss: mse}\n"
            "data: {kind: npz, path: c.npz}\n")
    found = lint_text(text, str(tmp_path / "m.yaml")).diagnostics
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("LS433", 6, 25)]
    assert "feature 1 of array x" in found[0].message
    assert "never changes" in found[0].message


@pytest.mark.parametrize("split, loss, expected", [
    ("{shuffle: true}", "sparse_categorical_crossentropy", []),
    ("{stratify: true}", "mse", [("LS431", 6, 17), ("LS434", 10, 11)]),
])
def test_shuffle_and_stratify_on_arrays(folder, split, loss, expected):
    assert triples(folder, vowels(loss=loss, split=split)) == expected


def test_shuffle_on_a_series_is_refused(folder):
    text = SUNSPOTS.format(head="  - {type: Dense, units: 1}\n",
                           extra="  split: {shuffle: true, stratify: true}\n")
    assert triples(folder, text) == [("LS434", 11, 11), ("LS434", 11, 26)]


def test_class_names_that_do_not_fit(folder):
    assert triples(folder, vowels(units=10)) == [("LS435", 9, 9)]
    assert lint_text(vowels(units=10), str(folder / "m.yaml")).diagnostics[0].fix == \
        "set units: 9 on layer 2"


def test_arrays_the_run_does_not_read_never_refuse_the_file(tmp_path):
    """Item 6: `classes` of fixed-width text is read without pickle; an object array the run
    does not use is never a refusal; one it feeds to the model is."""
    arrays = {"x": floats((12, 2, 1), lambda i: i % 5), "y": ints([k % 3 for k in range(12)]),
              "classes": texts(["cat", "dog", "eel"]),
              "notes": npy("|O", (2,), raw=b"\x80\x04N.")}
    write_npz(tmp_path / "a.npz", arrays)
    text = ("input: {shape: [2, 1]}\nlayers:\n  - {type: LSTM, units: 4}\n"
            "  - {type: Dense, units: 3, activation: softmax}\n"
            "compile: {loss: sparse_categorical_crossentropy}\n"
            "data: {kind: npz, path: a.npz, split: {stratify: true}}\n")
    assert triples(tmp_path, text) == []
    assert npz_strings(str(tmp_path / "a.npz"), "classes") == ("cat", "dog", "eel")
    write_npz(tmp_path / "a.npz", dict(arrays, y=npy("|O", (12,), raw=b"\x80\x04N.")))
    assert triples(tmp_path, text) == [("LS411", 6, 25)]


def test_text_arrays_and_fortran_order_are_read_as_numpy_does(tmp_path):
    write_npz(tmp_path / "t.npz", {"b": ("|S3", (2,), ["ab", "xyz"]),
                                   "f": npy("<f8", (2, 3), [0, 3, 1, 4, 2, 5], fortran=True)})
    assert npz_strings(str(tmp_path / "t.npz"), "b") == ("ab", "xyz")
    assert list(npz_numbers(str(tmp_path / "t.npz"), "f").values) == [0, 1, 2, 3, 4, 5]
    assert c_order([0, 3, 1, 4, 2, 5], (2, 3)) == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("weights, expected", [
    ("balanced", []), ("{speaker 9: 2.0}", []), ("{'3': 2.0}", []),
    ("{speaker 10: 2.0}", [("LS436", 11, 24)]),
])
def test_class_weight(folder, weights, expected):
    assert triples(folder, vowels() + f"train: {{class_weight: {weights}}}\n") == expected


def test_class_weight_without_classes(folder):
    text = SUNSPOTS.format(head="  - {type: Dense, units: 1}\n",
                           extra="train: {class_weight: balanced}\n")
    assert triples(folder, text) == [("LS436", 11, 9)]  # at the key
