"""Hostile YAML through the real CLI: each class of input gets a located diagnostic, exit 1, no
traceback, no crash, within 5 s and 300 MB (tests/hostile_support.py measures each run)."""

from __future__ import annotations

import os

import pytest
from hostile_support import VALID, assert_sound, lint, run_cli, write

from lstmspec.source.yaml_source import load_bytes

HEAD = "input: {shape: [10, 2]}\nlayers:\n"


def laughs(levels: int = 9) -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def units(value: str) -> bytes:
    return (HEAD + f"  - {{type: LSTM, units: {value}}}\n").encode()


# name -> (file content, expected (code, line, column) triples). Each is one class of hostile
# input from SECURITY.md; all of them exit 1.
CASES = {
    "billion-laughs": (laughs(), [("LS004", 6, 10)]),
    "nested-flow-50000": (b"a: " + b"[" * 50_000, [("LS005", 1, 1003)]),
    "nested-flow-closed": (b"a: " + b"[" * 50_000 + b"]" * 50_000, [("LS005", 1, 1003)]),
    "nested-block-sequences": (b"a:\n" + b"- " * 50_000 + b"x\n", [("LS005", 2, 127)]),
    "nested-block-mappings": (b"".join(b" " * i + b"k:\n" for i in range(200)) + b" " * 200
                              + b"x\n", [("LS005", 65, 65)]),
    "huge-file": (b"# padding\n" * 200_000, [("LS006", 1, 1)]),
    "huge-scalar": (HEAD.encode() + b"  - {type: LSTM, units: 4, name: " + b"a" * 20_000
                    + b"}\n", [("LS006", 3, 34)]),
    "5000-digit-integer": (units("9" * 5000), [("LS006", 3, 25)]),
    "million-values": (b"a: [" + b"1," * 499_000 + b"1]\n", [("LS006", 1, 199_999)]),
    "many-aliases": (b"x: &a 'abc'\ny: [" + b"*a, " * 240_000 + b"]\n", [("LS006", 2, 399_985)]),
    "long-line": (VALID.encode() + b"# " + b"x" * 900_000 + b"\n", []),
    "too-many-layers": ((HEAD + "  - {type: Dense, units: 1}\n" * 1500).encode(),
                        [("LS006", 1003, 5)]),
    "tag-float-empty": (HEAD.encode() + b"  - {type: LSTM, units: !!float ''}\n",
                        [("LS003", 3, 25)]),
    "tag-python-object": (VALID.encode() + b"name: !!python/object/apply:os.system "
                          b"['touch PWNED']\n", [("LS003", 5, 7)]),
    "tag-local": (units("!custom 4"), [("LS003", 3, 25)]),
    "date-invalid": (units("2024-02-30"), [("LS303", 3, 25)]),
    "binary-int-0b_": (units("0b_"), [("LS303", 3, 25)]),
    "bool-yes": (HEAD.encode() + b"  - {type: LSTM, units: 4, return_sequences: yes}\n"
                 b"  - {type: Dense, units: 1}\n", [("LS303", 3, 46)]),
    "bool-on": (HEAD.encode() + b"  - {type: LSTM, units: 4, use_bias: on}\n",
                [("LS303", 3, 38)]),
    "duplicate-key": ((VALID + "input: {shape: [10, 3]}\n").encode(), [("LS002", 5, 1)]),
    "key-integer": (b"1: x\n", [("LS009", 1, 1)]),
    "key-sequence": (b"[a]: b\n", [("LS009", 1, 1)]),
    "key-mapping": (b"? {a: 1}\n: x\n", [("LS009", 1, 3)]),
    "key-null": (b"null: x\n", [("LS009", 1, 1)]),
    "key-bool": (b"a: 1\ntrue: x\n", [("LS009", 2, 1)]),
    "two-documents": ((VALID + "---\n" + VALID).encode(), [("LS008", 5, 1)]),
    "latin-1": ((VALID + "name: caf").encode() + b"\xe9\n", [("LS007", 5, 10)]),
    "utf-16-bom": (VALID.encode("utf-16"), [("LS007", 1, 1)]),
    "utf-16-no-bom": (VALID.encode("utf-16-le"), [("LS007", 1, 1)]),
    "utf-32": (VALID.encode("utf-32"), [("LS007", 1, 1)]),
    "nul-byte": (VALID.encode() + b"name: a\x00b\n", [("LS010", 5, 8)]),
    "escape-byte": (VALID.encode() + b"name: a\x1b[2Jb\n", [("LS010", 5, 8)]),
    "escape-in-quoted": (VALID.encode() + b'name: "a\\e[2Jb"\n', [("LS010", 5, 7)]),
    "bidi-override": ((VALID + "# \u202e reversed\n").encode(), [("LS010", 5, 3)]),
    "empty": (b"", [("LS008", 1, 1)]),
    "only-comment": (b"# nothing here\n", [("LS008", 1, 1)]),
    "top-level-list": (b"- a\n- b\n", [("LS008", 1, 1)]),
    "top-level-scalar": (b"hello\n", [("LS008", 1, 1)]),
    "alias-recursive": (b"a: &a [1, *a]\n", [("LS004", 1, 11)]),
    "alias-undefined": (units("*nope"), [("LS004", 3, 25)]),
    "units-inf": (units(".inf"), [("LS303", 3, 25)]),
    "units-nan": (units(".nan"), [("LS303", 3, 25)]),
    "units-1e999": (units("1e999"), [("LS303", 3, 25)]),
    "units-huge-int": (units("9" * 90), [("LS304", 3, 25)]),
    "units-string": (units('"64"'), [("LS303", 3, 25)]),
    "units-float": (units("64.5"), [("LS303", 3, 25)]),
    "units-bool": (units("true"), [("LS303", 3, 25)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.subprocess
def test_hostile_input_is_located(tmp_path, name):
    """Named *.lstm.yaml, the file is a config whatever it holds (settings/discover.py)."""
    content, expected = CASES[name]
    path = write(tmp_path, "config.lstm.yaml", content)
    run = lint(path, cwd=str(tmp_path))
    assert run.triples == expected
    assert run.returncode == (1 if expected else 0)
    for diagnostic in run.diagnostics:
        assert len(diagnostic["message"]) < 400  # never the input echoed back
    assert not os.path.exists(tmp_path / "PWNED")


# The hostile inputs that do not look like a config: as `config.yaml`, lint skips them with a
# note (a hook and `lint DIR` agree), reading at most HEAD_BYTES of them without parsing.
NOT_CONFIGS = ["alias-recursive", "billion-laughs", "empty", "huge-file", "key-bool",
               "key-integer", "key-mapping", "key-null", "key-sequence", "many-aliases",
               "million-values", "nested-block-mappings", "nested-block-sequences",
               "nested-flow-50000", "nested-flow-closed", "only-comment", "top-level-list",
               "top-level-scalar"]


@pytest.mark.subprocess
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_named_yaml_is_checked_or_skipped_with_a_note(tmp_path, name):
    content, expected = CASES[name]
    path = write(tmp_path, "config.yaml", content)
    run = lint(path, cwd=str(tmp_path))
    if name in NOT_CONFIGS:
        assert (run.returncode, run.triples) == (0, [])
        assert run.stderr.startswith("lstmspec: note: ") and "not an lstmspec config" in \
            run.stderr and len(run.stderr) < 400
    else:
        assert run.triples == expected


def test_yaml_12_scalars():
    """`1e-3` is a float, `0755` the decimal 755, dates and yes/on stay text (YAML 1.2)."""
    text = (b"a: 1e-3\nb: 0755\nc: 2024-01-01\nd: yes\ne: on\nf: 0o17\ng: 0x1F\nh: 12:30\n"
            b"i: .inf\nj: ~\nk: True\nl: 1_000\n")
    data = load_bytes(text, "x.yaml").data
    assert data == {"a": 0.001, "b": 755, "c": "2024-01-01", "d": "yes", "e": "on", "f": 15,
                    "g": 31, "h": "12:30", "i": float("inf"), "j": None, "k": True,
                    "l": "1_000"}
    assert isinstance(data["a"], float)


def test_learning_rate_1e_3_is_a_float():
    text = (VALID + "compile: {optimizer: {name: adam, learning_rate: 1e-3}, loss: mse}\n")
    source = load_bytes(text.encode(), "x.yaml")
    assert source.data["compile"]["optimizer"]["learning_rate"] == 0.001


@pytest.mark.subprocess
def test_valid_values_read_as_yaml_12_lint_clean(tmp_path):
    """0755 units and a dropout of 1e-3 are valid numbers, not errors."""
    text = HEAD + "  - {type: LSTM, units: 0755, dropout: 1e-3}\n  - {type: Dense, units: 1}\n"
    run = lint(write(tmp_path, "ok.yaml", text))
    assert (run.returncode, run.triples) == (0, [])


@pytest.mark.subprocess
def test_thousands_of_wrong_keys_are_capped(tmp_path):
    """49,000 unknown keys: validation stops after 500 problems and says so (LS011); the output
    stays small and the run fast."""
    text = VALID + "".join(f"k{i}: 1\n" for i in range(49_000))
    run = lint(write(tmp_path, "keys.yaml", text))
    assert run.returncode == 1
    assert ("LS301", 5, 1) in run.triples and len(run.triples) <= 501
    assert ("LS011", 3, 5) in run.triples  # the layers are not checked after that
    assert len(run.stdout) < 300_000


@pytest.mark.subprocess
def test_too_many_layer_errors_are_capped(tmp_path):
    layer = "  - {type: Dense, units: x, activation: nope, use_bias: 3, bogus: 1}\n"
    run = lint(write(tmp_path, "bad.yaml", HEAD + layer * 1000))
    codes = [t[0] for t in run.triples]
    assert run.returncode == 1 and len(codes) == 501
    assert ("LS011", 128, 5) in run.triples


@pytest.mark.subprocess
def test_text_report_never_prints_a_control_character(tmp_path):
    """The text report quotes the source line of each finding: escaped, so that an `ESC` in a
    file cannot drive the terminal of whoever reads the CI log."""
    content, _ = CASES["escape-byte"]
    run = run_cli("lint", write(tmp_path, "esc.yaml", content))
    assert_sound(run)
    assert run.returncode == 1 and "\x1b" not in run.stdout + run.stderr
    assert "name: a\\x1b[2Jb" in run.stdout


@pytest.mark.parametrize("line,option,expected", [
    ('name: "a\\u202eb"  # lstmspec: disable=LS010', (), ("LS010", 5, 7)),
    ("name: !!python/object/apply:os.system ['x']  # lstmspec: disable=ALL", (),
     ("LS003", 5, 7)),
    ('name: "a\\u202eb"', ("--ignore", "LS0"), ("LS010", 5, 7)),
    ('name: "a\\u202eb"', ("--select", "LS1"), ("LS010", 5, 7)),
])
@pytest.mark.subprocess
def test_a_file_cannot_silence_its_own_reading_error(tmp_path, line, option, expected):
    """A file that could not be read as a config was not checked at all: its LS0xx error is
    shown whatever suppression comment or --ignore/--select says."""
    run = lint(write(tmp_path, "quiet.yaml", VALID + line + "\n"), *option)
    assert run.returncode == 1 and run.triples == [expected]
