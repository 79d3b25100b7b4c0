"""[tool.lstmspec] in the nearest pyproject.toml, --select/--ignore, and how they layer."""

from __future__ import annotations

import pytest
from cli_support import lstmspec

from lstmspec.settings import Selection, SettingsError, from_table, parse_selectors

TWO_WARNINGS = """\
input:
  shape: [30, 1]
layers:
  - type: GRU
    units: 8  # lstmspec: disable=LS201
    recurrent_dropout: 0.1
  - type: Dense
    units: 1
"""  # LS290 at 5:35 and LS202 at 6:5


@pytest.mark.parametrize("select, ignore, code, enabled", [
    (("ALL",), (), "LS202", True),
    (("LS1",), (), "LS202", False),
    (("LS2",), ("LS202",), "LS202", False),
    (("LS2",), ("LS202",), "LS201", True),
    (("LS202",), ("LS2",), "LS202", True),  # the more specific selector wins
    (("LS2",), ("LS2",), "LS202", False),  # a tie goes to ignore
    (("ALL",), ("ALL",), "LS101", False),
])
def test_selection_most_specific_wins(select, ignore, code, enabled):
    assert Selection(select, ignore).enabled(code) is enabled


def test_command_line_layers_on_the_file():
    file = Selection(("LS1", "LS2"), ("LS202",))
    assert file.layered((), ("LS201",)) == Selection(("LS1", "LS2"), ("LS202", "LS201"))
    assert file.layered(("LS2",), ()) == Selection(("LS2",), ())


def test_selectors_accept_lists_commas_and_case():
    assert parse_selectors(["ls1, LS202", "ALL"], "x") == ("LS1", "LS202", "ALL")


@pytest.mark.parametrize("bad", [["LSX"], ["LS1234"], ["E501"], [3], "LS1;LS2"])
def test_malformed_selectors_are_errors(bad):
    with pytest.raises(SettingsError):
        parse_selectors(bad, "x")


def test_table_keys_limits_and_budget():
    settings = from_table({"select": ["LS1"], "ignore": "LS202", "max-depth": 5,
                           "max_bytes": 1000, "max-memory": "1GB", "max-params": 10},
                          "pyproject.toml")
    assert settings.selection == Selection(("LS1",), ("LS202",))
    assert settings.limits.max_depth == 5 and settings.limits.max_bytes == 1000
    assert settings.budget.max_memory == 1024**3 and settings.budget.max_params == 10


@pytest.mark.parametrize("table, words", [
    ({"selct": ["LS1"]}, "did you mean `select`"),
    ({"max-depth": 0}, "positive whole number"),
    ({"max-depth": True}, "positive whole number"),
    ({"max-memory": "lots"}, "not a size"),
])
def test_bad_tables_are_errors(table, words):
    with pytest.raises(SettingsError, match=words):
        from_table(table, "pyproject.toml")


def project(tmp_path, toml: str | None):
    if toml is not None:
        (tmp_path / "pyproject.toml").write_text(toml)
    nested = tmp_path / "pkg" / "models"
    nested.mkdir(parents=True)
    (tmp_path / "pkg" / "pyproject.toml").write_text("[tool.black]\nline-length = 99\n")
    (nested / "m.yaml").write_text(TWO_WARNINGS)
    return nested / "m.yaml"


def codes(out: str) -> list[str]:
    return [line.split()[1] for line in out.splitlines()]


def test_nearest_pyproject_with_the_table_applies(capsys, tmp_path):
    path = project(tmp_path, '[tool.lstmspec]\nignore = ["LS290"]\n')
    ran = lstmspec(capsys, "lint", str(path), "--format", "concise")
    assert ran.code == 0 and codes(ran.out) == ["LS202"]


def test_select_on_the_command_line_replaces_the_files(capsys, tmp_path):
    path = project(tmp_path, '[tool.lstmspec]\nselect = ["LS3"]\n')
    assert codes(lstmspec(capsys, "lint", str(path), "--format", "concise").out) == []
    ran = lstmspec(capsys, "lint", str(path), "--format", "concise", "--select", "LS2")
    assert codes(ran.out) == ["LS290", "LS202"]
    ran = lstmspec(capsys, "lint", str(path), "--format", "concise", "--select", "LS202")
    assert codes(ran.out) == ["LS202"]


def test_ignore_on_the_command_line_adds_to_the_files(capsys, tmp_path):
    path = project(tmp_path, '[tool.lstmspec]\nignore = ["LS290"]\n')
    ran = lstmspec(capsys, "lint", str(path), "--format", "concise", "--ignore", "LS202")
    assert codes(ran.out) == []


def test_limits_from_the_table_apply(capsys, tmp_path):
    path = project(tmp_path, "[tool.lstmspec]\nmax-depth = 2\n")
    ran = lstmspec(capsys, "lint", str(path), "--format", "concise")
    assert codes(ran.out) == ["LS005"]


def test_a_broken_table_is_a_usage_error_naming_the_file(capsys, tmp_path):
    path = project(tmp_path, "[tool.lstmspec]\nselcet = 1\n")
    ran = lstmspec(capsys, "lint", str(path))
    assert ran.code == 2 and "pyproject.toml: [tool.lstmspec] has no key `selcet`" in ran.err


def test_invalid_toml_is_a_usage_error(capsys, tmp_path):
    path = project(tmp_path, "[tool.lstmspec\nselect = 1\n")
    ran = lstmspec(capsys, "lint", str(path))
    assert ran.code == 2 and "not valid TOML" in ran.err


def test_no_table_anywhere_means_defaults(capsys, tmp_path):
    path = project(tmp_path, None)
    assert codes(lstmspec(capsys, "lint", str(path), "--format", "concise").out) == \
        ["LS290", "LS202"]


def test_a_malformed_select_option_is_a_usage_error(capsys, tmp_path):
    path = project(tmp_path, None)
    ran = lstmspec(capsys, "lint", str(path), "--select", "E501")
    assert ran.code == 2 and "E501" in ran.err


@pytest.mark.parametrize("toml", [
    '[ tool . "lstmspec" ]\nignore = ["LS290"]\n',
    'tool.lstmspec.ignore = ["LS290"]\n',
    '[tool]\nlstmspec = { ignore = ["LS290"] }\n',
    'tool = { lstmspec = { ignore = ["LS290"] } }\n',
])
def test_every_spelling_of_the_table_is_read(capsys, tmp_path, toml):
    path = project(tmp_path, toml + '[project]\nname = "lstmspec"\n')
    ran = lstmspec(capsys, "lint", str(path), "--format", "concise")
    assert ran.code == 0 and codes(ran.out) == ["LS202"]


def test_a_pyproject_that_only_names_lstmspec_is_not_parsed(capsys, tmp_path):
    # Invalid TOML, but with no [tool.lstmspec] table it is not lstmspec's to read.
    path = project(tmp_path, '[project]\nname = "lstmspec"\ndependencies = ["lstmspec>=0.1"\n')
    ran = lstmspec(capsys, "lint", str(path), "--format", "concise")
    assert ran.code == 0 and codes(ran.out) == ["LS290", "LS202"]
