"""Linting the paths given (or stdin's text) with each file's settings, suppressions and the
command line's options; the files are chosen by settings/discover.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..datafacts.access import UNRESTRICTED
from ..inference.budget import DEFAULT_BUDGET, Budget, with_overrides
from ..lint import LintResult, analyse, lint_file
from ..settings import SettingsError, data_access, one_pass, settings_for
from ..settings.discover import Options, discover, is_config, settings_here, skipped_note
from ..settings.exclude import excluded
from ..source.text_file import display_path
from ..source.yaml_source import load_bytes
from ..suppress import refine

def budget_for(settings, max_params: int | None = None,
               max_memory: int | None = None) -> Budget:
    """The budget of a file: its settings' (if they carry one), then the options."""
    base = getattr(settings, "budget", None) or DEFAULT_BUDGET
    return with_overrides(base, max_params, max_memory)


class CheckOptions(NamedTuple):
    """What the command line adds to every file's settings."""

    select: tuple = ()
    ignore: tuple = ()
    extend_select: tuple = ()
    max_params: int | None = None
    max_memory: int | None = None
    overrides: tuple = ()  # --set
    discovery: Options = Options()  # --config, --isolated, --exclude, --force-exclude...
    read_anywhere: bool = False  # data files wherever they are (run, tune, backtest)


@dataclass
class Checked:
    results: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # one-line exit-2 problems
    notes: list = field(default_factory=list)  # one-line warnings: skipped files, settings

    def note(self, notes) -> None:
        self.notes += [n for n in notes if n not in self.notes]


def lint_one(path: str, options: CheckOptions, checked: Checked, text: str | None = None):
    """Lint one file (or `text` as if it were that file) with its settings; a problem with
    its settings or the file is recorded instead."""
    import os

    try:
        settings = settings_here(os.path.dirname(os.path.abspath(path)), options.discovery)
        checked.note(settings.notes)
        access = UNRESTRICTED if options.read_anywhere else data_access(path, settings)
        budget = budget_for(settings, options.max_params, options.max_memory)
        if text is None:
            result = lint_file(path, settings.limits, budget, options.overrides, access)
        else:
            source = load_bytes(text.encode("utf-8", "surrogatepass"), display_path(path),
                                settings.limits)
            result = analyse(source, budget, options.overrides, access)
    except SettingsError as err:
        checked.problems.append(str(err))
        return None
    except IsADirectoryError:
        checked.problems.append(f"{display_path(path)}: is a directory")
        return None
    except OSError as err:
        checked.problems.append(f"{display_path(path)}: cannot read: {err.strerror or err}")
        return None
    refine(result, settings.selection_for(path).layered(
        options.select, options.ignore, options.extend_select))
    checked.results.append(result)
    return result


def check_paths(paths, options: CheckOptions = CheckOptions()) -> Checked:
    """Lint the configs under `paths` (settings/discover.py decides which files are configs):
    unreadable files and unusable settings become one-line problems (exit 2), the other files
    are still linted. Data files are read only inside each config's project
    (settings.data_access) unless `read_anywhere`."""
    with one_pass():
        found = discover(paths, options.discovery)
        checked = Checked(problems=list(found.problems), notes=list(found.notes))
        for path in found.files:
            lint_one(path, options, checked)
    return checked


def check_text(text: str, path: str | None, options: CheckOptions = CheckOptions()) -> Checked:
    """Lint stdin's text as the file at `path` (`--stdin-filename`; "<stdin>" without one):
    that file's settings, exclusions and data folders, and the one rule for what is a config."""
    import os

    checked = Checked()
    if path is None:
        lint_one("<stdin>", options, checked, text)
        return checked
    try:
        settings = settings_here(os.path.dirname(os.path.abspath(path)), options.discovery)
    except SettingsError as err:
        checked.problems.append(str(err))
        return checked
    if settings.force_exclude and excluded(path, settings):
        return checked
    verdict = is_config(path, text.encode("utf-8", "surrogatepass"))
    if not verdict.config:
        checked.notes.append(skipped_note(path, verdict))
        return checked
    lint_one(path, options, checked, text)
    return checked


def lint_paths(paths, select=(), ignore=(), max_params=None, max_memory=None, overrides=(),
               read_anywhere: bool = False) -> tuple[list, list]:
    """Lint the files given, each as a config whatever it looks like (`summary FILE` and the
    gate of `build`/`run`/`tune` were asked about that file): (results, problems)."""
    options = CheckOptions(select, ignore, (), max_params, max_memory, overrides,
                           read_anywhere=read_anywhere)
    with one_pass():
        found = discover(paths, options.discovery, judge=False)
        checked = Checked(problems=list(found.problems))
        for path in found.files:
            lint_one(path, options, checked)
    return checked.results, checked.problems


def lint_buffer(path: str, text: str, select=(), ignore=()) -> LintResult:
    """Lint `text` as if it were the file at `path` (an editor's unsaved buffer): that file's
    settings, budget and suppressions, and the --select/--ignore given, as lint_paths applies
    them to the file on disk. Raises SettingsError (exit 2 for lint) when its settings cannot
    be used. A lone surrogate (text that no file can hold) is read as LS007, not raised."""
    settings = settings_for(path)
    source = load_bytes(text.encode("utf-8", "surrogatepass"), display_path(path),
                        settings.limits)
    result = analyse(source, budget_for(settings), access=data_access(path, settings))
    refine(result, settings.selection_for(path).layered(select, ignore))
    return result
