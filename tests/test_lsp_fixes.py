"""Code actions of `lstmspec lsp`, driven by a real LSP client: each quick fix is `lint --fix`'s
own edit on its diagnostic, and a user who applies them one at a time (the buffer re-linted
after each) ends with exactly the text `lint --fix` writes, as does the fix-all action; over
every fixable example, the fix fixtures and a generated matrix of fixable mistakes."""

from __future__ import annotations

import random

import pytest
import pytest_lsp
from lsp_support import ROOT, applied, brief, config, doc, opened, replaced, start
from lsprotocol import types
from pytest_lsp import LanguageClient

from lstmspec.fix import FIXABLE, fix_text
from lstmspec.lint import lint_text

pytestmark = [pytest.mark.subprocess, pytest.mark.asyncio(loop_scope="module")]

TYPO = ROOT / "examples" / "broken" / "typo_return_sequence.yaml"


@pytest_lsp.fixture(config=config(), scope="module")
async def client(lsp_client: LanguageClient):
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def actions_at(client, uri: str, diag, only=None) -> list:
    found = await client.text_document_code_action_async(types.CodeActionParams(
        doc(uri), diag.range, types.CodeActionContext([diag], only=only)))
    return list(found or [])


async def test_a_quick_fix_is_the_edit_of_lint_fix_on_its_diagnostic(client):
    text = TYPO.read_text(encoding="utf-8")
    uri = TYPO.as_uri()
    found = await opened(client, uri, text)
    assert brief(found) == [("LS301", 9, 4, 9, 19, "Error")]
    quick, everything = await actions_at(client, uri, found[0])
    assert (quick.title, quick.kind, quick.is_preferred) == (
        "LS301: rename it to return_sequences", "quickfix", True)
    assert quick.diagnostics[0].range == found[0].range
    assert quick.edit.changes == {uri: (types.TextEdit(found[0].range, "return_sequences"),)}
    assert (everything.title, everything.kind) == (
        "lstmspec: fix all (1 fix, as lint --fix)", "source.fixAll.lstmspec")
    assert applied(text, everything.edit.changes[uri]) == fix_text(text, str(TYPO)).text
    only_all = await actions_at(client, uri, found[0], only=["source.fixAll"])
    assert [a.kind for a in only_all] == ["source.fixAll.lstmspec"]
    only_quick = await actions_at(client, uri, found[0], only=["quickfix"])
    assert [a.kind for a in only_quick] == ["quickfix"]


async def fix_one_at_a_time(client, uri: str, text: str) -> tuple[str, int]:
    """Apply the first quick fix offered on any diagnostic, as a user would, until none is;
    returns the text and the number of fixes."""
    found = await opened(client, uri, text)
    for count in range(30):
        for diag in found:
            quick = [a for a in await actions_at(client, uri, diag) if a.kind == "quickfix"]
            if quick:
                text = applied(text, quick[0].edit.changes[uri])
                found = await replaced(client, uri, text, count + 2)
                break
        else:
            return text, count
    raise AssertionError("the quick fixes did not converge")


def fixable_files() -> list:
    """The fix fixtures, and every example with a code that --fix may fix (some of them have
    no safe fix: no quick fix may be offered there either)."""
    found = sorted((ROOT / "tests" / "data" / "fix").glob("*.yaml"))
    for path in sorted((ROOT / "examples").rglob("*.y*ml")):
        codes = {d.code for d in lint_text(path.read_text(encoding="utf-8"), str(path)).diagnostics}
        if codes & set(FIXABLE):
            found.append(path)
    return found


@pytest.mark.parametrize("path", fixable_files(), ids=lambda p: p.name)
async def test_quick_fixes_one_at_a_time_end_where_lint_fix_ends(client, path):
    text = path.read_text(encoding="utf-8")
    expected = fix_text(text, str(path))
    result, count = await fix_one_at_a_time(client, path.as_uri(), text)
    assert result == expected.text
    assert (count >= 1) == bool(expected.fixed)  # no quick fix where --fix has none


LAYERS = [  # (block form, flow form) of a layer with each kind of fixable mistake
    ("  - type: LSTM\n    units: 8\n", "  - {type: LSTM, units: 8}\n"),  # LS102 if followed
    ("  - type: Lstm\n    units: 6\n    return_sequences: true\n",
     "  - {type: 'Lstm', units: 6, return_sequences: true}\n"),  # LS302
    ("  - type: GRU\n    unit: 5  # width\n    return_sequences: true\n",
     "  - {type: GRU, unit: 5, return_sequences: true}\n"),  # LS301 rename
    ("  - type: SimpleRNN\n    units: 4\n    go_backwards: no\n    return_sequences: yes\n",
     "  - {type: SimpleRNN, units: 4, go_backwards: off, return_sequences: on}\n"),  # LS303
    ("  - type: Bidirectional\n    units: 3\n    layer:\n      type: LSTM\n      units: 3\n"
     "      return_sequences: true\n", None),  # LS301: moved under layer:
]
TAIL = ("  - type: Dense\n    units: 1\n", "  - {type: Dense, units: 1}\n")


def generated(seed: int) -> str:
    rng = random.Random(seed)
    chosen = rng.sample(range(len(LAYERS)), rng.randint(2, 4))
    newline = rng.choice(["\n", "\n", "\r\n"])
    head = rng.choice(["input: {shape: [12, 3]}\nlayers:\n",
                       "# a model\nname: m  # its name\ninput:\n  shape: [12, 3]\nlayers:\n"])
    body = "".join(rng.choice([f for f in LAYERS[i] if f]) for i in chosen)
    text = head + body + rng.choice(TAIL)
    return text.replace("\n", newline)


@pytest.mark.parametrize("seed", range(16))
async def test_generated_mistakes_quick_fixed_one_at_a_time_equal_lint_fix(client, tmp_path,
                                                                          seed):
    text = generated(seed)
    expected = fix_text(text, "m.yaml")
    uri = (tmp_path / "m.yaml").as_uri()
    result, count = await fix_one_at_a_time(client, uri, text)
    assert result == expected.text
    assert count >= len(expected.fixed) > 0
    found = await opened(client, (tmp_path / "all.yaml").as_uri(), text)
    everything = [a for d in found for a in await actions_at(client, (tmp_path / "all.yaml")
                                                             .as_uri(), d)
                  if a.kind == "source.fixAll.lstmspec"]
    assert applied(text, everything[0].edit.changes[(tmp_path / "all.yaml").as_uri()]) == \
        expected.text


async def test_a_buffer_with_a_byte_order_mark_is_fixed_at_the_right_place(client, tmp_path):
    text = "\ufeff" + TYPO.read_text(encoding="utf-8")
    result, count = await fix_one_at_a_time(client, (tmp_path / "m.yaml").as_uri(), text)
    assert (result, count) == ("\ufeff" + fix_text(text[1:], "m.yaml").text, 1)
