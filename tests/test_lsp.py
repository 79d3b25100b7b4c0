"""`lstmspec lsp` driven by a real LSP client (pytest-lsp, over stdio): diagnostics of the
unsaved buffer as it changes, in the client's position encoding, with the settings and
suppressions lint applies; and a server that never dies of a buffer or a request."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsp_support import (
    ROOT, brief, config, doc, opened, position_of, published, replaced, start,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from lstmspec.settings import SettingsError, clear_cache, settings_for
from lstmspec.validation.config import ALL_KEYS

pytestmark = [pytest.mark.subprocess]

TYPO = (ROOT / "examples" / "broken" / "typo_return_sequence.yaml").read_text(encoding="utf-8")
CLEAN = TYPO.replace("return_sequence:", "return_sequences:")
TOP_LEVEL_KEYS = sorted(ALL_KEYS)
DROPOUT = """\
input: {shape: [30, 1]}
layers:
  - type: LSTM
    units: 8
    recurrent_dropout: 0.2
  - type: Dense
    units: 1
"""


@pytest_lsp.fixture(config=config())
async def client(lsp_client: LanguageClient):
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_the_unsaved_buffer_is_linted_not_the_file(client, tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(CLEAN, encoding="utf-8")  # clean on disk, the typo only in the buffer
    found = await opened(client, path.as_uri(), TYPO)
    assert brief(found) == [("LS301", 9, 4, 9, 19, "Error")]
    diag = found[0]
    assert diag.source == "lstmspec"
    assert diag.message.endswith("\nfix: rename it to return_sequences")
    assert diag.data == {"fix": "rename it to return_sequences"}
    page = Path(diag.code_description.href.removeprefix("file://"))
    assert page == ROOT / "lstmspec" / "ruledocs" / "LS301.md" and page.is_file()


@pytest.mark.asyncio
async def test_each_edit_is_linted_incremental_and_full(client, tmp_path):
    uri = (tmp_path / "model.yaml").as_uri()
    assert brief(await opened(client, uri, TYPO)) == [("LS301", 9, 4, 9, 19, "Error")]
    # an incremental edit: insert the missing `s` (line 9, after `return_sequence`)
    waiting = asyncio.ensure_future(published(client, uri, 2))
    at = position_of(TYPO, "return_sequence:", len("return_sequence"))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        [types.TextDocumentContentChangePartial(range=types.Range(at, at), text="s")]))
    assert brief(await waiting) == []
    # a full replacement that breaks layer 1
    stacked = CLEAN.replace("    return_sequences: true    # should be return_sequences\n", "")
    assert brief(await replaced(client, uri, stacked, 3)) == [("LS102", 9, 4, 10, 13, "Error")]


@pytest.mark.asyncio
async def test_a_burst_of_edits_is_linted_less_often_and_ends_on_the_last(client, tmp_path):
    uri = (tmp_path / "m.yaml").as_uri()
    await opened(client, uri, CLEAN)
    seen = []
    original = client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(ls, params):
        seen.append(params.version)
        return original(params)

    client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = \
        lambda params: record(client, params)
    edits = 30
    waiting = asyncio.ensure_future(published(client, uri, edits + 1))
    for version in range(2, edits + 2):  # every edit at once: the keys of a paste
        text = TYPO if version == edits + 1 else CLEAN.replace("units: 32", f"units: {version}")
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))
    assert brief(await waiting) == [("LS301", 9, 4, 9, 19, "Error")]
    assert len(seen) < edits and seen == sorted(seen) and seen[-1] == edits + 1


@pytest.mark.asyncio
async def test_ranges_are_counted_in_utf16_and_lsp_lines(client, tmp_path):
    # U+2028 in a comment is a line break for libyaml (lint's line 3 is `layers:`) but not
    # for LSP; the emoji is two UTF-16 code units, so the key after it starts one unit later
    # than its code point
    text = ("# a comment\u2028# its second line for YAML, not for LSP\n"
            "input: {shape: [4, 2]}\n"
            "layers:\n"
            '  - {type: Dense, units: 1, activation: relu, name: "\U0001F600", unit: 1}\n')
    found = await opened(client, (tmp_path / "m.yaml").as_uri(), text)
    line = text.split("\n")[3]
    name = line.index('"')
    key = line.index("unit:")
    assert brief(found) == [("LS304", 3, name, 3, name + 4, "Error"),
                            ("LS301", 3, key + 1, 3, key + 5, "Error")]


@pytest_lsp.fixture(config=config())
async def utf8_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf8]))))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_client_that_counts_in_utf8_gets_utf8_columns(utf8_client, tmp_path):
    text = 'input: {shape: [4, 2]}\nlayers:\n  - {type: Dense, name: "\u00e9", unit: 1}\n'
    found = await opened(utf8_client, (tmp_path / "m.yaml").as_uri(), text)
    line = text.split("\n")[2].encode("utf-8")
    assert [d for d in brief(found) if d[0] == "LS301"] == [
        ("LS301", 2, line.index(b"unit:"), 2, line.index(b"unit:") + 4, "Error")]
    assert line.index(b"unit:") == text.split("\n")[2].index("unit:") + 1  # \u00e9: 2 bytes


@pytest.mark.asyncio
async def test_settings_of_the_file_apply_and_reload_when_the_client_says(client, tmp_path):
    settings = tmp_path / "pyproject.toml"
    settings.write_text('[tool.lstmspec]\nignore = ["LS202"]\n', encoding="utf-8")
    uri = (tmp_path / "models" / "m.yaml").as_uri()
    assert brief(await opened(client, uri, DROPOUT)) == []
    settings.write_text("[tool.lstmspec]\nselect = [\"ALL\"]\n", encoding="utf-8")
    waiting = asyncio.ensure_future(published(client, uri))
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(settings.as_uri(), types.FileChangeType.Changed)]))
    assert brief(await waiting) == [("LS202", 4, 4, 4, 21, "Warning")]
    registered = [r.register_options["watchers"] for r in client.registrations
                  if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert [w["globPattern"] for w in registered[0]] == [
        "**/.lstmspec.toml", "**/lstmspec.toml", "**/pyproject.toml"]  # lint's precedence


@pytest.mark.asyncio
async def test_settings_edited_behind_the_clients_back_are_noticed(client, tmp_path):
    settings = tmp_path / "pyproject.toml"
    settings.write_text('[tool.lstmspec]\nignore = ["LS202"]\n', encoding="utf-8")
    uri = (tmp_path / "m.yaml").as_uri()
    assert brief(await opened(client, uri, DROPOUT)) == []
    waiting = asyncio.ensure_future(published(client, uri))
    settings.write_text("[tool.lstmspec]\nmax-depth = 64\n", encoding="utf-8")
    assert brief(await waiting) == [("LS202", 4, 4, 4, 21, "Warning")]


@pytest.mark.asyncio
async def test_unusable_settings_are_said_on_the_buffer_as_lint_says_them(client, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.lstmspec]\nignroe = [\"LS202\"]\n",
                                             encoding="utf-8")
    path = tmp_path / "m.yaml"
    found = await opened(client, path.as_uri(), DROPOUT)
    clear_cache()
    with pytest.raises(SettingsError) as raised:
        settings_for(str(path))
    assert brief(found) == [(None, 0, 0, 0, 0, "Error")]
    assert found[0].message == f"lstmspec cannot lint this file: {raised.value}"


@pytest.mark.asyncio
async def test_suppression_comments_are_honoured(client, tmp_path):
    uri = (tmp_path / "m.yaml").as_uri()
    quiet = DROPOUT.replace("0.2\n", "0.2  # lstmspec: disable=LS202\n")
    assert brief(await opened(client, uri, quiet)) == []
    stale = DROPOUT.replace("units: 8\n", "units: 8  # lstmspec: disable=LS202\n")
    code = stale.split("\n")[3].index("LS202")
    assert brief(await replaced(client, uri, stale, 2)) == [
        ("LS290", 3, code, 3, code + 5, "Warning"), ("LS202", 4, 4, 4, 21, "Warning")]


@pytest.mark.asyncio
async def test_a_closed_buffer_has_its_diagnostics_cleared(client, tmp_path):
    uri = (tmp_path / "m.yaml").as_uri()
    assert len(await opened(client, uri, TYPO)) == 1
    waiting = asyncio.ensure_future(published(client, uri))
    client.text_document_did_close(types.DidCloseTextDocumentParams(doc(uri)))
    assert await waiting == []


BROKEN_BUFFERS = {  # text, its diagnostics, the completion labels at line 0, character 3
    "half-typed YAML": ("input: {shape: [30, 1]}\nlayers:\n  - type: LSTM\n    units: [8\n",
                        [("LS001", 4, 0, 4, 0, "Error")], TOP_LEVEL_KEYS),
    "binary": ("\x00\x01PK\x03\x04 binary", [("LS010", 0, 0, 0, 1, "Error")], []),
    "a lone surrogate": ("input: \ud800\n", [("LS007", 0, 7, 0, 8, "Error")], []),
    "10 MB": ("# " + "x" * 10_000_000 + "\n", [("LS006", 0, 0, 0, 0, "Error")], []),
    "empty": ("", [("LS008", 0, 0, 0, 0, "Error")], TOP_LEVEL_KEYS),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("name", list(BROKEN_BUFFERS))
async def test_a_broken_buffer_gives_a_diagnostic_and_the_server_goes_on(client, tmp_path, name):
    text, expected, labels = BROKEN_BUFFERS[name]
    uri = (tmp_path / "m.yaml").as_uri()
    assert brief(await opened(client, uri, text)) == expected
    where = types.Position(0, 3)
    assert await client.text_document_hover_async(types.HoverParams(doc(uri), where)) is None
    completion = await client.text_document_completion_async(
        types.CompletionParams(doc(uri), where))
    assert sorted(i.label for i in (completion.items if completion else [])) == labels
    assert brief(await replaced(client, uri, CLEAN, 2)) == []


FAULTY = ("import sys, lstmspec.lsp.hover as hover\n"
          "def broken(analysis, place):\n"
          "    raise RuntimeError('injected by the test')\n"
          "hover.describe = broken\n"
          "sys.argv = ['lstmspec', 'lsp']\n"
          "from lstmspec.cli import main\n"
          "main()\n")


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-c", FAULTY], server_env=config().server_env))
async def faulty(lsp_client: LanguageClient):
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_request_that_throws_is_logged_answered_with_an_error_and_survived(faulty,
                                                                                   tmp_path):
    uri = (tmp_path / "m.yaml").as_uri()
    await opened(faulty, uri, CLEAN)
    with pytest.raises(Exception, match="injected by the test"):
        await faulty.text_document_hover_async(
            types.HoverParams(doc(uri), position_of(CLEAN, "units: 64", 1)))
    logged = [m for m in faulty.log_messages if m.type == types.MessageType.Error]
    assert len(logged) == 1 and "hover failed" in logged[0].message
    assert "RuntimeError: injected by the test" in logged[0].message  # with the traceback
    symbols = await faulty.text_document_document_symbol_async(
        types.DocumentSymbolParams(doc(uri)))
    assert [s.name for s in symbols] == ["input", "layers"]


@pytest_lsp.fixture(config=config())
async def ending(lsp_client: LanguageClient):
    await start(lsp_client)
    yield  # the test itself shuts the server down


@pytest.mark.asyncio
async def test_shutdown_and_exit_end_the_process_with_status_0(ending, tmp_path):
    await opened(ending, (tmp_path / "m.yaml").as_uri(), TYPO)
    await ending.shutdown_session()
    assert ending._server.returncode == 0


@pytest.mark.asyncio
async def test_exit_without_shutdown_ends_the_process_with_status_1(ending):
    ending.exit(None)
    assert await asyncio.wait_for(ending._server.wait(), 30) == 1


def test_without_the_lsp_extra_the_command_says_what_to_install():
    blocked = ("import sys\n"
               "sys.modules['pygls'] = None  # as if pygls were not installed\n"
               "sys.argv = ['lstmspec', 'lsp']\n"
               "from lstmspec.cli import main\n"
               "main()\n")
    ran = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True,
                         env=config().server_env, timeout=120)
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == ("lstmspec: error: `lstmspec lsp` needs pygls, which is not installed: "
                          "pip install 'lstmspec[lsp]'\n")
