"""The open buffers: their text kept in step with the client's edits (ranges read in the
agreed position encoding, lines broken as LSP breaks them), and each one's latest analysis,
made again when the text or the settings files it depends on change."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from .. import settings
from .analysis import Analysis, analyse_buffer, uri_path
from .positions import TextIndex


@dataclass
class Buffer:
    uri: str
    text: str
    version: int | None
    analysis: Analysis | None = None  # of this text, once linted
    stamp: object = None  # the settings the analysis was made with (see settings_of)


class Documents:
    def __init__(self):
        self.buffers: dict[str, Buffer] = {}
        self.encoding = "utf-16"

    def open(self, uri: str, text: str, version: int | None) -> None:
        self.buffers[uri] = Buffer(uri, text, version)

    def close(self, uri: str) -> None:
        self.buffers.pop(uri, None)

    def change(self, uri: str, version: int | None, changes) -> None:
        buffer = self.buffers.get(uri)
        if buffer is None:  # a change to a buffer never opened: nothing to apply it to
            return
        text = buffer.text
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                index = TextIndex(text, self.encoding)
                start, end = index.offset(change.range.start), index.offset(change.range.end)
                text = text[:start] + change.text + text[max(start, end):]
            else:
                text = change.text
        self.buffers[uri] = Buffer(uri, text, version)

    def current_stamp(self, uri: str) -> object:
        """The settings that apply to a buffer's file, or the error that stops them: a buffer
        linted under other settings is linted again. The settings cache re-reads a settings
        file (or one it extends) whose stat stamp changed, so equal answers mean equal
        settings."""
        try:
            return settings.settings_for(uri_path(uri))
        except settings.SettingsError as err:
            return str(err)

    def analysis(self, uri: str) -> Analysis | None:
        """The analysis of the buffer's current text under its current settings (linted now
        if need be); None for a buffer that is not open."""
        buffer = self.buffers.get(uri)
        if buffer is None:
            return None
        stamp = self.current_stamp(uri)
        if buffer.analysis is None or buffer.stamp != stamp:
            buffer.analysis = analyse_buffer(uri, buffer.text, buffer.version, self.encoding)
            buffer.stamp = stamp
        return buffer.analysis

    def stale(self) -> list[str]:
        """The buffers whose settings files changed on disk since they were linted."""
        return [uri for uri, buffer in self.buffers.items()
                if buffer.analysis is not None and buffer.stamp != self.current_stamp(uri)]

    def forget_settings(self) -> list[str]:
        """A settings file changed (the client says so): every buffer is linted again."""
        settings.clear_cache()
        for buffer in self.buffers.values():
            buffer.analysis = None
        return list(self.buffers)
