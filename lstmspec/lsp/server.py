"""The server: pygls wiring, the re-lint schedule, and the rule that it never dies of a request.

Each request handler answers from the analysis of the buffer's current text (documents.py);
one that raises is logged to the client (window/logMessage, with the traceback) and answered
with an error, and the server goes on. Diagnostics are published after each edit: at once
when the buffer has been quiet for QUIET seconds, otherwise when QUIET has passed since the
last lint; an edit that arrives meanwhile cancels the waiting lint, so that a burst of edits
is linted once. A lint that has started finishes (milliseconds for a config) before the next
message is read.
"""

from __future__ import annotations

import asyncio
import functools
import traceback

from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcInternalError
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .. import __version__
from .convert import diagnostics_of, problem_diagnostic
from .documents import Documents

QUIET = 0.05  # seconds between two lints of one buffer while its edits keep coming
SETTINGS_POLL = 2.0  # seconds between checks of the settings files of the open buffers
TRIGGERS = [":", " ", ".", "-", "[", ","]


class Protocol(LanguageServerProtocol):
    """pygls's protocol, except that the open buffers are kept by Documents (lines broken as
    LSP breaks them, not as str.splitlines does), not by pygls's workspace as well."""

    def _user(self, method: str, params):
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params):
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params):
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params):
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)


class Server(LanguageServer):
    def __init__(self):
        super().__init__("lstmspec", __version__, protocol_cls=Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.documents = Documents()
        self.pending: dict[str, asyncio.Task] = {}
        self.last_lint: dict[str, float] = {}
        self.poller: asyncio.Task | None = None
        self.shut_down = False  # the client asked for `shutdown` before `exit`

    def log(self, message: str, kind=types.MessageType.Error) -> None:
        self.window_log_message(types.LogMessageParams(kind, message))

    def report_server_error(self, error: Exception, source) -> None:
        """pygls's own failures (a message it cannot read, say): logged, never a pop-up. A
        failed request is answered with its error (and logged by `answered`)."""
        if source is FeatureRequestError:
            return
        try:
            self.log(f"lstmspec lsp: {type(error).__name__}: {error}")
        except Exception:  # the client is gone: nothing to tell
            pass

    def schedule(self, uri: str) -> None:
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()
        wait = max(0.0, self.last_lint.get(uri, float("-inf")) + QUIET - loop.time())
        self.pending[uri] = loop.create_task(self.lint_later(uri, wait))

    async def lint_later(self, uri: str, wait: float) -> None:
        await asyncio.sleep(wait)
        self.pending.pop(uri, None)
        self.last_lint[uri] = asyncio.get_running_loop().time()
        self.publish(uri)

    def publish(self, uri: str) -> None:
        try:
            analysis = self.documents.analysis(uri)
            if analysis is None:
                return
            found, version = diagnostics_of(analysis), analysis.version
        except Exception as err:  # a bug in lstmspec: say so on the buffer, never "clean"
            self.log(f"lstmspec lsp: linting {uri} failed:\n{traceback.format_exc()}")
            found = [problem_diagnostic(f"lstmspec could not check this text ({type(err).__name__}"
                                        f": {err}): please report it; the server log has the "
                                        "details")]
            buffer = self.documents.buffers.get(uri)
            version = buffer.version if buffer else None
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version))

    async def poll_settings(self) -> None:
        """Settings files edited outside the editor (or by a client that does not watch files)
        are noticed within SETTINGS_POLL seconds, and the buffers they govern re-linted."""
        while True:
            await asyncio.sleep(SETTINGS_POLL)
            try:
                for uri in self.documents.stale():
                    self.schedule(uri)
            except Exception:
                self.log(f"lstmspec lsp: checking the settings failed:\n{traceback.format_exc()}")


def answered(handler):
    """A request handler whose failure is logged to the client and answered with an error."""
    @functools.wraps(handler)
    def guarded(ls: Server, params):
        try:
            return handler(ls, params)
        except Exception as err:
            ls.log(f"lstmspec lsp: {handler.__name__} failed:\n{traceback.format_exc()}")
            raise JsonRpcInternalError(f"lstmspec lsp: {handler.__name__} failed: "
                                       f"{type(err).__name__}: {err}") from None
    return guarded


def analysis_at(ls: Server, params):
    """The analysis of the buffer and the character offset of the request's position."""
    analysis = ls.documents.analysis(params.text_document.uri)
    if analysis is None:
        return None, 0
    return analysis, analysis.index.offset(params.position)
