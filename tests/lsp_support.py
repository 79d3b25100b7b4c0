"""Driving `lstmspec lsp` with a real LSP client (pytest-lsp) over standard input and output."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "lstmspec", "lsp"]
WAIT = 30.0  # seconds: a loaded 2-core machine starts the server in about one


def config(**env) -> ClientServerConfig:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return ClientServerConfig(server_command=SERVER, server_env=environment)


async def start(client: LanguageClient, editor: str = "visual_studio_code") -> None:
    """Initialize as `editor` does (its capabilities as pytest-lsp records them)."""
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(client: LanguageClient, params: types.RegistrationParams):
        client.registrations += params.registrations  # what VS Code would start watching

    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities(editor),
        workspace_folders=[types.WorkspaceFolder(ROOT.as_uri(), "lstmspec")]))


async def published(client: LanguageClient, uri: str, version: int | None = None) -> list:
    """The diagnostics the server publishes next for `uri` (at `version`, if given)."""
    async def wait():
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
    return await asyncio.wait_for(wait(), WAIT)


async def opened(client: LanguageClient, uri: str, text: str, version: int = 1) -> list:
    waiting = asyncio.ensure_future(published(client, uri, version))
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)))
    return await waiting


async def replaced(client: LanguageClient, uri: str, text: str, version: int) -> list:
    """Send the whole new text (a full change) and wait for its diagnostics."""
    waiting = asyncio.ensure_future(published(client, uri, version))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))
    return await waiting


def brief(diagnostics) -> list[tuple]:
    """(code, start line, start character, end line, end character, severity), 0-based."""
    return [(d.code, d.range.start.line, d.range.start.character, d.range.end.line,
             d.range.end.character, d.severity.name) for d in diagnostics]


def position_of(text: str, needle: str, after: int = 0) -> types.Position:
    """The LSP position (UTF-16) of the first `needle` in an ASCII-or-BMP text, plus
    `after` characters."""
    offset = text.index(needle) + after
    line = text.count("\n", 0, offset)
    return types.Position(line, offset - (text.rfind("\n", 0, offset) + 1))


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def offset_of(text: str, position: types.Position) -> int:
    """A client's view: LSP lines (broken at \\n, \\r\\n, \\r), UTF-16 columns."""
    import re

    starts = [0] + [m.end() for m in re.finditer("\r\n|\r|\n", text)]
    start = starts[position.line] if position.line < len(starts) else len(text)
    units = 0
    for index, char in enumerate(text[start:]):
        if units >= position.character or char in "\r\n":
            return start + index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def applied(text: str, edits) -> str:
    """`text` after a client applies the TextEdits (last first, as they do not overlap)."""
    spans = sorted(((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text)
                    for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text
