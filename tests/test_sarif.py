"""SARIF output: valid against the official SARIF 2.1.0 schema (tests/data/), with what GitHub
code scanning needs: rules with short and full descriptions (under 1,024 characters) and help
URIs, repository-relative URIs with forward slashes, and full regions."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest
from cli_support import ROOT, lstmspec

from lstmspec.codes import CODES
from lstmspec.reporters.sarif import rule
from lstmspec.ruledocs import documented, load

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
FMT = ROOT / "tests" / "data" / "fmt"


def validate(log: dict) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture()
def repo(tmp_path):
    """A copy of the format fixtures under a folder name with a space and a non-ASCII letter."""
    root = tmp_path / "my repo"
    shutil.copytree(FMT, root / "cfg é")
    return root


def sarif(capsys, *args, cwd):
    ran = lstmspec(capsys, "lint", *args, "--format", "sarif", cwd=cwd)
    assert ran.code == 1
    return json.loads(ran.out)


def test_the_log_is_valid_sarif_2_1_0(capsys, repo):
    log = sarif(capsys, "cfg é", cwd=repo)
    validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_rules_and_results_carry_what_code_scanning_needs(capsys, repo):
    run = sarif(capsys, "cfg é", cwd=repo)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lstmspec" and driver["version"]
    assert "informationUri" not in driver  # no web address the project does not own
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(set(ids))
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == CODES[result["ruleId"]].severity.value
        where = result["locations"][0]["physicalLocation"]
        assert where["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert where["artifactLocation"]["uri"].startswith("cfg%20%C3%A9/models/")
        assert set(where["region"]) == {"startLine", "startColumn", "endLine", "endColumn"}
    found = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
              r["locations"][0]["physicalLocation"]["region"]["startColumn"])
             for r in run["results"]}
    assert {("LS102", 7, 5), ("LS301", 9, 37), ("LS202", 6, 5)} <= found


def test_repo_root_makes_uris_relative_to_it(capsys, repo):
    run = sarif(capsys, str(repo / "cfg é" / "models" / "stack.yaml"), "--repo-root",
                str(repo / "cfg é"), cwd=repo.parent)["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "models/stack.yaml", "uriBaseId": "%SRCROOT%"}


def test_a_file_outside_the_root_gets_an_absolute_uri(capsys, repo):
    run = sarif(capsys, "models/stack.yaml", "--repo-root", str(repo.parent / "elsewhere"),
                cwd=repo / "cfg é")["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/cfg%20%C3%A9/models/stack.yaml")


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_rule_descriptor_fits_code_scanning(code):
    descriptor = rule(code)
    assert 0 < len(descriptor["fullDescription"]["text"]) < 1024
    assert descriptor["shortDescription"]["text"]
    assert "helpUri" not in descriptor  # the page is in `help`; no domain the project lacks
    assert descriptor["defaultConfiguration"]["level"] == CODES[code].severity.value
    if code in documented():
        assert descriptor["help"]["markdown"] == load(code).body
        text = descriptor["help"]["text"]  # plain text: no Markdown marks
        assert "`" not in text and "```" not in text and "## " not in text
        assert text.startswith("What it catches:\n")
    validate({"version": "2.1.0", "runs": [{"tool": {"driver": {
        "name": "lstmspec", "rules": [descriptor]}}, "results": []}]})


def test_the_schema_check_is_not_vacuous(capsys, repo):
    log = sarif(capsys, "cfg é", cwd=repo)
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(AssertionError, match="level|startLine"):
        validate(log)
