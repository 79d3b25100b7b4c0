"""What the server answers: each LSP method and the function of lsp/ that answers it."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from .actions import FIX_ALL, code_actions
from ..settings import SETTINGS_FILES
from .completion import completion
from .hover import hover
from .navigation import definition, symbols
from .server import TRIGGERS, Server, analysis_at, answered

WATCHERS = "lstmspec-settings"


def build() -> Server:
    """A server with every feature registered (not started)."""
    ls = Server()
    register_lifecycle(ls)
    register_documents(ls)
    register_requests(ls)
    return ls


def register_lifecycle(ls: Server) -> None:
    @ls.feature(types.INITIALIZE)
    def initialize(ls: Server, params: types.InitializeParams):
        encoding = ls.workspace.position_encoding
        ls.documents.encoding = getattr(encoding, "value", encoding) or "utf-16"

    @ls.feature(types.INITIALIZED)
    def initialized(ls: Server, params):
        loop = asyncio.get_running_loop()
        ls.poller = loop.create_task(ls.poll_settings())
        if watches_files(ls.client_capabilities):
            ls.client_register_capability(types.RegistrationParams([types.Registration(
                WATCHERS, types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                types.DidChangeWatchedFilesRegistrationOptions(
                    [types.FileSystemWatcher(f"**/{name}") for name in SETTINGS_FILES]))]))

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def settings_changed(ls: Server, params: types.DidChangeWatchedFilesParams):
        for uri in ls.documents.forget_settings():
            ls.schedule(uri)

    @ls.feature(types.SHUTDOWN)
    def shutdown(ls: Server, params):
        ls.shut_down = True
        for task in [*ls.pending.values(), ls.poller]:
            if task is not None:
                task.cancel()
        ls.pending.clear()


def register_documents(ls: Server) -> None:
    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Server, params: types.DidOpenTextDocumentParams):
        doc = params.text_document
        ls.documents.open(doc.uri, doc.text, doc.version)
        ls.schedule(doc.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Server, params: types.DidChangeTextDocumentParams):
        doc = params.text_document
        ls.documents.change(doc.uri, doc.version, params.content_changes)
        ls.schedule(doc.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Server, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.documents.close(uri)
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


def watches_files(capabilities: types.ClientCapabilities) -> bool:
    workspace = capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    return bool(watched and watched.dynamic_registration)


def register_requests(ls: Server) -> None:
    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    @answered
    def on_hover(ls: Server, params: types.HoverParams):
        analysis, offset = analysis_at(ls, params)
        return hover(analysis, offset) if analysis else None

    @ls.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=TRIGGERS))
    @answered
    def on_completion(ls: Server, params: types.CompletionParams):
        analysis, offset = analysis_at(ls, params)
        return completion(analysis, offset) if analysis else None

    @ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
    @answered
    def on_code_action(ls: Server, params: types.CodeActionParams):
        analysis = ls.documents.analysis(params.text_document.uri)
        if analysis is None:
            return None
        return code_actions(analysis, params.range, params.context.only) or None

    @ls.feature(types.TEXT_DOCUMENT_DEFINITION)
    @answered
    def on_definition(ls: Server, params: types.DefinitionParams):
        analysis, offset = analysis_at(ls, params)
        return definition(analysis, offset) if analysis else None

    @ls.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @answered
    def on_symbols(ls: Server, params: types.DocumentSymbolParams):
        analysis = ls.documents.analysis(params.text_document.uri)
        return symbols(analysis) if analysis else None


def serve() -> int:
    """Run the server over standard input and output until the client exits; the exit
    status is 0 after a `shutdown` request, 1 otherwise (the protocol's rule)."""
    ls = build()
    ls.start_io()
    return 0 if ls.shut_down else 1
