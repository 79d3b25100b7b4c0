"""Every console block of README.md and docs/*.md is re-run against the real command, and what
it prints must be what the document shows (tests/doc_blocks.py: the block format, the masks of
what is volatile, `...` for lines left out). The blocks that only lint run in the fast lane; a
block whose commands need the runner is marked tf, and slow when it trains.

A block that cannot be re-run says why (`norun="..."` on its fence) and is reported as skipped
with that reason. A changed output means a changed document: update the block (the failure
shows the difference, masked, and what was printed)."""

from __future__ import annotations

import re

import pytest

from doc_blocks import (DOCS, KNOWN_ATTRIBUTES, ROOT, RUNNER_COMMANDS, Workspaces,
                        all_console_blocks, by_id, chain, console_blocks, difference,
                        fenced_blocks, matches)

pytestmark = pytest.mark.subprocess

# A diagnostic line as lstmspec prints it: path:line:column: LSnnn
DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: LS\d{3} ")


def marks(block) -> list:
    """tf when a command of the block (or of a block it runs after) needs the runner; slow when
    one of them trains."""
    blocks = chain(block)
    found = [pytest.mark.tf] if set().union(*(b.programs() for b in blocks)) & RUNNER_COMMANDS \
        else []
    return found + ([pytest.mark.slow] if any(b.trains() for b in blocks) else [])


BLOCKS = [pytest.param(b, id=b.name, marks=marks(b)) for b in all_console_blocks()]


@pytest.fixture(scope="session")
def workspaces(tmp_path_factory):
    return Workspaces(tmp_path_factory.mktemp("docs"))


@pytest.mark.parametrize("block", BLOCKS)
def test_the_block_prints_what_the_document_shows(block, workspaces):
    if "norun" in block.attributes:
        pytest.skip(f"{block.name}: {block.attributes['norun']}")
    _, ran = workspaces.run(block)
    trained = any(b.trains() for b in chain(block))  # its figures differ from CPU to CPU
    for command, did, status in zip(block.commands, ran, block.statuses):
        assert matches(command.expected, did.output, trained), (
            f"{block.name}: `{command.line}` printed otherwise (masked):\n"
            f"{difference(command.expected, did.output, trained)}\n\nprinted:\n"
            + "\n".join(did.output))
        assert did.status == status, f"{block.name}: `{command.line}` exited {did.status}"


# docs/rules.md is generated from lstmspec/ruledocs, whose examples tests/test_rules_docs.py
# runs (a code that no config causes shows the line a test's transcript pins).
WRITTEN = [doc for doc in DOCS if doc.name != "rules.md"]


@pytest.mark.parametrize("doc", WRITTEN, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_block_of_commands_is_a_console_block(doc):
    """A block of `$ command` lines, or one that shows lstmspec's diagnostics, is a console
    block (re-run here), or says why not; otherwise it could go stale unseen."""
    loose = [f"{doc.name}:{line}" for line, info, body in fenced_blocks(doc)
             if info.split(" ", 1)[0] in ("", "text", "bash", "shell", "sh")
             and any(t.startswith("$ ") or DIAGNOSTIC.match(t) for t in body)
             and "norun=" not in info]
    assert loose == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_the_block_attributes_are_known_and_resolve(doc):
    blocks = console_blocks(doc)
    ids = [b.attributes["id"] for b in blocks if "id" in b.attributes]
    assert len(ids) == len(set(ids))
    for block in blocks:
        assert set(block.attributes) <= KNOWN_ATTRIBUTES, block.name
        assert block.commands, f"{block.name}: no `$ command` line"
        assert len(block.statuses) == len(block.commands), block.name
        assert block.attributes.get("norun", "x").strip(), f"{block.name}: norun without why"
        if "after" in block.attributes:
            assert "norun" not in by_id(block).attributes, block.name


def test_a_documented_output_that_differs_fails():
    """The comparison itself: a changed figure fails, a masked time and `...` do not."""
    printed = ["Data: 3 samples", "Epoch 1/2", "12/12 - 4s - 325ms/step - loss: 0.9563",
               "Trained 2 epoch(s) in 9.0 s (534 samples/s) on CPU"]
    assert matches(["Data: 3 samples", "...",
                    "12/12 - 1s - 20ms/step - loss: 0.9563",
                    "Trained 2 epoch(s) in 1.0 s (5 samples/s) on CPU"], printed)
    assert not matches(["Data: 3 samples", "...", "12/12 - 1s - 20ms/step - loss: 0.9564",
                        "..."], printed)
    assert not matches(["Data: 3 samples"], printed)
    assert matches(["..."], printed) and not matches(["Data: 4 samples", "..."], printed)


def test_a_training_block_compares_its_lines_and_counts_not_its_figures():
    """In a block that trains, what the CPU's arithmetic decides is masked; the data's counts,
    the words and the lines are not."""
    documented = ["Test (47 samples): loss 0.2266, mae 0.3786",
                  "Early stopping: stopped after epoch 21; the model keeps the weights of "
                  "epoch 15, the best (val_loss 0.6937)", "coverage 93.6% of 1,572 values"]
    printed = ["Test (47 samples): loss 0.2301, mae 0.3712",
               "Early stopping: stopped after epoch 19; the model keeps the weights of "
               "epoch 14, the best (val_loss 0.7010)", "coverage 91.2% of 1,572 values"]
    assert matches(documented, printed, trained=True)
    assert not matches(documented, printed)
    assert not matches(documented, [printed[0].replace("47", "48"), *printed[1:]], trained=True)
    assert not matches(documented, [printed[0].replace("mae", "mse"), *printed[1:]],
                       trained=True)
    assert not matches(documented, printed[:2], trained=True)
