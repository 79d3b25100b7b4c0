"""Settings by ruff's conventions: the files (lstmspec.toml, .lstmspec.toml, pyproject.toml),
`extend`, per-file-ignores, --config, --isolated, --extend-select, codes that name nothing;
and the report options --statistics, --quiet, --show-fixes."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import lstmspec

SLOW = ("input: {shape: [10, 2]}\nlayers:\n  - {type: GRU, units: 4, recurrent_dropout: 0.1}\n"
        "  - {type: Dense, units: 1}\n")  # LS202 at 3:27
BIG = "input: {shape: [10, 2]}\nlayers:\n  - {type: LSTM, units: 64}\n"  # 17,152 parameters
BROKEN = "input: {shape: [10, 2]}\nlayers:\n  - {type: GRU, units: 4}\n  - {type: GRU, units: 2}\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def triples(capsys, *args, cwd) -> tuple[int, list]:
    ran = lstmspec(capsys, "lint", "--format", "json", *args, cwd=cwd)
    return ran.code, sorted((d["path"], d["code"], d["line"], d["column"])
                            for d in json.loads(ran.out))


def test_per_file_ignores_hide_their_codes_there_only(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.lstmspec]\nper-file-ignores = '
          '{"models/legacy/*" = ["LS202"], "*.draft.yaml" = ["ALL"]}\n')
    write(tmp_path, "models/new.yaml", SLOW)
    write(tmp_path, "models/legacy/old.yaml", SLOW)
    write(tmp_path, "models/x.draft.yaml", SLOW)
    assert triples(capsys, ".", cwd=tmp_path) == (0, [("models/new.yaml", "LS202", 3, 27)])
    # the command line's --select does not bring them back
    assert triples(capsys, "--select", "LS202", ".", cwd=tmp_path)[1] == [
        ("models/new.yaml", "LS202", 3, 27)]


def test_a_bad_per_file_ignores_is_one_error_not_one_per_file(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.lstmspec]\nper-file-ignores = ["LS202"]\n')
    write(tmp_path, "models/a.yaml", SLOW)
    write(tmp_path, "models/b.yaml", SLOW)
    ran = lstmspec(capsys, "lint", "models", cwd=tmp_path)
    assert ran.code == 2
    assert ran.err == ("lstmspec: error: pyproject.toml: [tool.lstmspec] per-file-ignores: "
                       "expected a table of patterns, such as "
                       '{"models/legacy/*" = ["LS202"]}\n')


def test_a_nested_file_replaces_its_parent_unless_it_extends_it(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", "[tool.lstmspec]\nmax-params = 1000\n")
    write(tmp_path, "team/pyproject.toml", '[tool.lstmspec]\nignore = ["LS290"]\n')
    write(tmp_path, "team/models/big.yaml", BIG)
    assert triples(capsys, "team", cwd=tmp_path) == (0, [])  # replaced: no max-params
    write(tmp_path, "team/pyproject.toml",
          '[tool.lstmspec]\nextend = "../pyproject.toml"\nignore = ["LS290"]\n')
    assert triples(capsys, "team", cwd=tmp_path) == (1, [("team/models/big.yaml", "LS501", 3, 5)])


def test_extend_in_a_circle_is_an_error(tmp_path, capsys):
    write(tmp_path, "lstmspec.toml", 'extend = "a/lstmspec.toml"\n')
    write(tmp_path, "a/lstmspec.toml", 'extend = "../lstmspec.toml"\n')
    write(tmp_path, "m.yaml", SLOW)
    ran = lstmspec(capsys, "lint", "m.yaml", cwd=tmp_path)
    assert ran.code == 2
    assert ran.err == ("lstmspec: error: lstmspec.toml: `extend` goes round in a circle "
                       "(lstmspec.toml -> a/lstmspec.toml -> lstmspec.toml)\n")


def test_lstmspec_toml_comes_before_pyproject(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.lstmspec]\nignore = ["LS202"]\n')
    write(tmp_path, "m.yaml", SLOW)
    assert triples(capsys, "m.yaml", cwd=tmp_path) == (0, [])
    write(tmp_path, "lstmspec.toml", 'select = ["ALL"]\n')
    assert triples(capsys, "m.yaml", cwd=tmp_path)[1] == [("m.yaml", "LS202", 3, 27)]
    write(tmp_path, ".lstmspec.toml", 'ignore = ["LS2"]\n')
    assert triples(capsys, "m.yaml", cwd=tmp_path)[1] == []


def test_config_and_isolated(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.lstmspec]\nignore = ["LS202"]\n')
    write(tmp_path, "ci/strict.toml", 'select = ["ALL"]\nmax-params = 1000\n')
    write(tmp_path, "m.yaml", SLOW)
    write(tmp_path, "big.yaml", BIG)
    assert triples(capsys, "m.yaml", "big.yaml", cwd=tmp_path) == (0, [])
    assert triples(capsys, "--config", "ci/strict.toml", "m.yaml", "big.yaml",
                   cwd=tmp_path) == (1, [("big.yaml", "LS501", 3, 5), ("m.yaml", "LS202", 3, 27)])
    assert triples(capsys, "--isolated", "m.yaml", "big.yaml", cwd=tmp_path) == (
        0, [("m.yaml", "LS202", 3, 27)])
    missing = lstmspec(capsys, "lint", "--config", "nope.toml", "m.yaml", cwd=tmp_path)
    assert missing.code == 2 and "nope.toml: cannot read" in missing.err


def test_extend_select_adds_to_the_settings_select(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.lstmspec]\nselect = ["LS1"]\n')
    write(tmp_path, "m.yaml", SLOW)
    assert triples(capsys, "m.yaml", cwd=tmp_path) == (0, [])
    assert triples(capsys, "--extend-select", "LS202", "m.yaml", cwd=tmp_path)[1] == [
        ("m.yaml", "LS202", 3, 27)]
    write(tmp_path, "pyproject.toml", '[tool.lstmspec]\nselect = ["LS1"]\n'
          'extend-select = ["LS2"]\n')
    assert triples(capsys, "m.yaml", cwd=tmp_path)[1] == [("m.yaml", "LS202", 3, 27)]


def test_codes_that_name_nothing_are_warnings_with_their_place(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.lstmspec]\n'
          'ignore = ["LS202", "LS999"]\nper-file-ignores = {"a/*" = ["LS7"]}\n')
    write(tmp_path, "m.yaml", SLOW)
    ran = lstmspec(capsys, "lint", "--select", "LS998,LS2", "m.yaml", cwd=tmp_path)
    assert ran.code == 0
    assert ran.err.splitlines() == [
        "lstmspec: warning: --select LS998: names no lstmspec code: it selects nothing",
        "lstmspec: warning: pyproject.toml:5:20: `LS999` in ignore names no lstmspec code: it "
        "selects nothing; correct or remove it",
        "lstmspec: warning: pyproject.toml:6:30: `LS7` in per-file-ignores names no lstmspec "
        "code: it selects nothing; correct or remove it"]


def test_statistics(tmp_path, capsys):
    write(tmp_path, "a.yaml", SLOW)
    write(tmp_path, "b.yaml", SLOW)
    write(tmp_path, "c.yaml", BROKEN)
    ran = lstmspec(capsys, "lint", "--statistics", ".", cwd=tmp_path)
    assert ran.code == 1
    assert ran.out == "    2  LS202  cudnn-ineligible\n    1  LS102  [*] needs-sequence\n"
    as_json = lstmspec(capsys, "lint", "--statistics", "--format", "json", ".", cwd=tmp_path)
    assert json.loads(as_json.out)[1] == {"code": "LS102", "name": "needs-sequence",
                                          "count": 1, "fixable": True}


def test_quiet_prints_the_findings_only(tmp_path, capsys):
    write(tmp_path, "m.yaml", SLOW)
    write(tmp_path, "ci.yml", "on: push\n")
    ran = lstmspec(capsys, "lint", "-q", "m.yaml", "ci.yml", cwd=tmp_path)
    assert ran.code == 0 and ran.err == ""
    assert ran.out.startswith("m.yaml:3:27: LS202 ") and "Found" not in ran.out


def test_show_fixes_lists_each_fix(tmp_path, capsys):
    write(tmp_path, "m.yaml", BROKEN)
    ran = lstmspec(capsys, "lint", "--fix", "--show-fixes", "m.yaml", cwd=tmp_path)
    assert ran.code == 0
    assert ran.err.splitlines()[0].startswith("lstmspec: fixed m.yaml: LS102 GRU 'gru_1'")
    assert ran.err.splitlines()[1] == "lstmspec: fixed 1 problem"
