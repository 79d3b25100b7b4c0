"""One buffer linted the CLI's way: lint's entry point on the unsaved text, with the settings
of the file it will be saved as, reloaded when a settings file changes on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote, urlparse

from ..checking import budget_for, lint_buffer
from ..settings import Settings, SettingsError, data_access, settings_for
from .positions import TextIndex

UNTITLED = "untitled.yaml"  # a buffer with no file yet: linted as a file in the working folder


def uri_path(uri: str) -> str:
    """The file a `file:` URI names; other schemes (an unsaved buffer) get a name in the
    working folder, whose settings then apply."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return os.path.abspath(UNTITLED)
    path = unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"
    return path


@dataclass
class Analysis:
    """A buffer's text at one version and what lint says of it."""

    uri: str
    path: str
    text: str
    version: int | None
    encoding: str
    result: object = None  # LintResult; None when the settings cannot be used
    problem: str | None = None  # why the buffer was not linted (its settings), as lint says
    settings: Settings | None = None  # the file's, as lint read them for this analysis

    @cached_property
    def index(self) -> TextIndex:
        return TextIndex(self.text, self.encoding)

    @property
    def source(self):
        return self.result.source if self.result is not None else None

    @property
    def access(self):
        """Where lint may read this config's data files (its project's folders)."""
        return data_access(self.path, self.settings)

    def fix_arguments(self) -> tuple:
        """(selection, limits, budget, data access) that `lint --fix` applies to this file."""
        settings = self.settings
        return settings.selection, settings.limits, budget_for(settings), self.access


def analyse_buffer(uri: str, text: str, version: int | None, encoding: str) -> Analysis:
    path = uri_path(uri)
    analysis = Analysis(uri, path, text, version, encoding)
    body = text[1:] if text.startswith("\ufeff") else text
    try:
        analysis.settings = settings_for(path)
        analysis.result = lint_buffer(path, body)
    except SettingsError as err:
        analysis.problem = str(err)
    return analysis
