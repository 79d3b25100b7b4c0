"""`lint --fix` and `--diff`: fix each linted file with its own settings, and say what was
fixed and what is left."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..settings import SettingsError, data_access
from ..settings.discover import settings_here
from ..source.text_file import UTF8_BOM, display_path


@dataclass
class FixOutcome:
    results: list = field(default_factory=list)  # each file after its fixes (what is left)
    diff: str = ""  # a unified diff of every change
    fixed: list = field(default_factory=list)  # (path, code, message) of each fix made
    problems: list = field(default_factory=list)  # files that could not be written (exit 2)
    texts: dict = field(default_factory=dict)  # path -> fixed text, for stdin

    @property
    def count(self) -> int:
        return len(self.fixed)


def fix_results(results, options, write: bool) -> FixOutcome:
    """Fix each linted file (CheckOptions `options`): write it, or only diff it."""
    from ..fix import fix_text, unified_diff
    from .linting import budget_for

    out = FixOutcome()
    for result in results:
        source = result.source
        if not source.text or not source.ok:
            out.results.append(result)
            continue
        path = source.path
        try:
            settings = settings_here(folder_of(path), options.discovery)
        except SettingsError as err:
            out.problems.append(str(err))
            out.results.append(result)
            continue
        selection = settings.selection_for(path).layered(options.select, options.ignore,
                                                          options.extend_select)
        fixed = fix_text(source.text, path, selection, settings.limits,
                         budget_for(settings, options.max_params, options.max_memory),
                         data_access(path, settings))
        out.fixed += [(path, code, message) for code, message in fixed.fixed]
        out.texts[path] = fixed.text
        if fixed.changed:
            out.diff += unified_diff(path, fixed.original, fixed.text)
            if write and not path.startswith("<"):
                try:
                    write_fixed(path, fixed.text)
                except OSError as err:
                    out.problems.append(f"{display_path(path)}: cannot write the fixes: "
                                        f"{err.strerror or err}")
                    out.results.append(result)
                    continue
        out.results.append(fixed.result)
    return out


def folder_of(path: str) -> str:
    return os.getcwd() if path.startswith("<") else os.path.dirname(os.path.abspath(path))


def write_fixed(path: str, text: str) -> None:
    """Replace a config with its fixed text, keeping a UTF-8 BOM and the file's mode, through
    the runner's atomic writer (a unique temporary file beside it, fsynced, then renamed: an
    interrupted --fix leaves the old file or the new one)."""
    from ..source.atomic import write_bytes  # no TensorFlow: os, tempfile, json

    with open(path, "rb") as handle:
        bom = handle.read(len(UTF8_BOM)) == UTF8_BOM
    write_bytes(path, (UTF8_BOM if bom else b"") + text.encode("utf-8"),
                mode=os.stat(path).st_mode & 0o7777)
