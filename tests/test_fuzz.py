"""Property-based fuzzing of lint (hypothesis, derandomized, ~60 s in all): random YAML, byte
mutations of every example, and structurally valid random configs. lint returns diagnostics and
never raises, the diagnostics are well formed, and the same input gives the same diagnostics.
tools/fuzz_campaign.py runs the same generators for much longer."""

from __future__ import annotations

import pytest
from fuzz_inputs import SEEDS, examples, mutate, random_config, token_soup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmspec.codes import CODES
from lstmspec.lint import analyse
from lstmspec.reporters import render
from lstmspec.source.yaml_source import load_bytes
from lstmspec.summary.table import to_json, to_text



def fuzz(max_examples: int) -> settings:
    return settings(max_examples=max_examples, derandomize=True, deadline=None, database=None,
                    print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check(raw: bytes) -> None:
    first = analyse(load_bytes(raw, "fuzz.yaml"))
    second = analyse(load_bytes(raw, "fuzz.yaml"))
    assert first.diagnostics == second.diagnostics
    breaks = (b"\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
    lines = sum(raw.count(b) for b in breaks) + 1
    for diagnostic in first.diagnostics:
        assert diagnostic.code in CODES
        assert diagnostic.severity is CODES[diagnostic.code].severity
        assert 1 <= diagnostic.span.line <= lines + 1 and diagnostic.span.column >= 1
        assert len(diagnostic.message) < 1000
    render("text", [first])
    render("json", [first])
    if first.ok:
        to_text("fuzz.yaml", None, first.inference, True)
        to_json("fuzz.yaml", first.inference)


@fuzz(1500)
@given(st.text(alphabet=st.sampled_from(list("-:[]{},&*!?|>'\"#%@`~ \t\n\r.0123456789eEabxyz"
                                            "\x00\x1b\x85\u2028\ufeff\u202eé")), max_size=300))
def test_random_yaml_text(text):
    check(text.encode("utf-8", "surrogatepass"))


@fuzz(1500)
@given(st.randoms(use_true_random=False))
def test_yaml_token_soup(rng):
    check(token_soup(rng))


@fuzz(800)
@given(st.binary(max_size=400))
def test_random_bytes(raw):
    check(raw)


EXAMPLES = [(f"seed{i}", raw) for i, raw in enumerate(SEEDS)] + [
    (path.name, path.read_bytes()) for path in examples()]


@pytest.mark.parametrize("name,raw", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_byte_mutations_of_every_example(name, raw):
    @fuzz(max(40, 1500 // len(EXAMPLES)))
    @given(st.randoms(use_true_random=False))
    def mutated(rng):
        check(mutate(rng, raw))

    check(raw)
    mutated()


@fuzz(1200)
@given(st.randoms(use_true_random=False))
def test_structurally_valid_random_configs(rng):
    check(random_config(rng))


def test_random_configs_are_mostly_schema_valid():
    """The structured generator must reach inference and the rules, not stop at the schema."""
    import random

    rng = random.Random(5)
    results = [analyse(load_bytes(random_config(rng), "x.yaml")) for _ in range(200)]
    assert sum(r.model is not None for r in results) > 150
    assert sum(r.inference is not None and r.inference.complete for r in results) > 30


@pytest.mark.subprocess
def test_the_long_campaign_script_runs(tmp_path):
    """tools/fuzz_campaign.py for 3 seconds: it counts its inputs and finds no exception."""
    import subprocess
    import sys

    from fuzz_inputs import ROOT

    out = tmp_path / "found"
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "fuzz_campaign.py"), "--seconds",
                           "3", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert "fuzz campaign: " in proc.stdout and "(crashes: 0)" in proc.stdout, proc.stderr
    assert not list(out.glob("exception-*")) and not list(out.glob("crash-*"))
