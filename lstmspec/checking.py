"""What every command does before its own work: lint these paths, each with its own settings
(pyproject.toml), its `# lstmspec: disable=` comments and the --select/--ignore given; fix
them (`lint --fix`, `--diff`); or gate the one config that `build`, `run` or `tune` will use.

Values in, values out: nothing here prints or exits. The click modules under cli/ parse the
options, call one function here and print what it returns. TensorFlow is never imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import FILE_START, Finding, has_errors
from .inference.budget import DEFAULT_BUDGET, Budget, with_overrides
from .lint import LintResult, analyse, lint_file, to_diagnostic
from .datafacts.access import UNRESTRICTED
from .settings import SettingsError, data_access, settings_for
from .source.discovery import expand
from .source.text_file import UTF8_BOM, display_path
from .source.yaml_source import load_bytes
from .suppress import refine


def budget_for(settings, max_params: int | None = None,
               max_memory: int | None = None) -> Budget:
    """The budget of a file: its settings' (if they carry one), then the options."""
    base = getattr(settings, "budget", None) or DEFAULT_BUDGET
    return with_overrides(base, max_params, max_memory)


def lint_paths(paths, select=(), ignore=(), max_params=None, max_memory=None, overrides=(),
               read_anywhere: bool = False) -> tuple[list, list]:
    """Lint every file with its settings, suppressions and the --select/--ignore given;
    returns (results, problems): unreadable files and unusable settings become one-line
    problems (exit 2), the other files are still linted. Data files are read only inside
    each config's project (settings.data_access) unless `read_anywhere` (for the commands
    that read the data themselves)."""
    expanded = expand(paths)
    results, problems = [], list(expanded.problems)
    for path in expanded.files:
        try:
            settings = settings_for(path)
            access = UNRESTRICTED if read_anywhere else data_access(path, settings)
            result = lint_file(path, settings.limits,
                               budget_for(settings, max_params, max_memory), overrides, access)
        except SettingsError as err:
            problems.append(str(err))
            continue
        except IsADirectoryError:
            problems.append(f"{display_path(path)}: is a directory")
            continue
        except OSError as err:
            problems.append(f"{display_path(path)}: cannot read: {err.strerror or err}")
            continue
        refine(result, settings.selection.layered(select, ignore))
        results.append(result)
    return results, problems


def lint_buffer(path: str, text: str, select=(), ignore=()) -> LintResult:
    """Lint `text` as if it were the file at `path` (an editor's unsaved buffer): that file's
    settings, budget and suppressions, and the --select/--ignore given, as lint_paths applies
    them to the file on disk. Raises SettingsError (exit 2 for lint) when its settings cannot
    be used. A lone surrogate (text that no file can hold) is read as LS007, not raised."""
    settings = settings_for(path)
    source = load_bytes(text.encode("utf-8", "surrogatepass"), display_path(path),
                        settings.limits)
    result = analyse(source, budget_for(settings), access=data_access(path, settings))
    refine(result, settings.selection.layered(select, ignore))
    return result


def fix_results(results, select, ignore, write: bool, budget_args=(None, None)
                ) -> tuple[list, str, int, list]:
    """Fix each file (write it, or only diff it). Returns the results after fixing, the diff
    text, the number of fixes, and the files that could not be written (exit-2 problems)."""
    from .fix import fix_text, unified_diff

    fixed_results, diffs, count, problems = [], [], 0, []
    for result in results:
        source = result.source
        if not source.text:
            fixed_results.append(result)
            continue
        settings = settings_for(source.path)
        fixed = fix_text(source.text, source.path, settings.selection.layered(select, ignore),
                         settings.limits, budget_for(settings, *budget_args),
                         data_access(source.path, settings))
        count += len(fixed.fixed)
        if fixed.changed:
            diffs.append(unified_diff(source.path, fixed.original, fixed.text))
            if write:
                try:
                    write_fixed(source.path, fixed.text)
                except OSError as err:
                    problems.append(f"{display_path(source.path)}: cannot write the fixes: "
                                    f"{err.strerror or err}")
                    fixed_results.append(result)
                    continue
        fixed_results.append(fixed.result if write else result)
    return fixed_results, "".join(diffs), count, problems


def write_fixed(path: str, text: str) -> None:
    """Replace a config with its fixed text, keeping a UTF-8 BOM and the file's mode, through
    the runner's atomic writer (a unique temporary file beside it, fsynced, then renamed: an
    interrupted --fix leaves the old file or the new one)."""
    import os

    from .source.atomic import write_bytes  # no TensorFlow: os, tempfile, json

    with open(path, "rb") as handle:
        bom = handle.read(len(UTF8_BOM)) == UTF8_BOM
    write_bytes(path, (UTF8_BOM if bom else b"") + text.encode("utf-8"),
                mode=os.stat(path).st_mode & 0o7777)


@dataclass
class Gate:
    """The verdict on a config a command is about to build, run or tune."""

    result: LintResult | None  # None when the file could not be linted
    problems: list = field(default_factory=list)  # one-line exit-2 problems
    status: int | None = None  # the exit status to stop with; None: the command may go on


def gate(path: str, overrides=()) -> Gate:
    """Lint one config for a command that will use it: exit 2 when it cannot be read, 1 when
    it has errors (after its suppressions), else it may go on. TensorFlow is not imported."""
    results, problems = lint_paths([path], overrides=overrides, read_anywhere=True)
    if problems or not results:
        return Gate(None, problems, 2)
    result = results[0]
    if not result.ok or has_errors(result.diagnostics):
        return Gate(result, [], 1)
    return Gate(result)


def missing_sections(result) -> list:
    """LS401 for each runner section that `run` needs and the config lacks, at the file's
    start (lint accepts such a config: a bare stack is valid, it just cannot be trained)."""
    example = {"compile": "compile: {optimizer: adam, loss: mse}",
               "data": "data: {kind: csv, path: ..., features: [...], targets: [...]} (or kind: "
               "synthetic for a smoke run)"}
    return [to_diagnostic(result.source, Finding(
        "LS401", f"`run` needs a `{name}:` section, which this config does not have: add "
        f"{example[name]}", span=FILE_START, fix=f"add {example[name]}"))
        for name in ("compile", "data") if getattr(result.model, name) is None]
