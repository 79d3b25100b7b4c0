"""Which files `lint` checks: one rule for what is a config (`is_config`), used alike for the
files found under a folder, the files named on the command line (pre-commit's) and stdin's
`--stdin-filename`, so that a hook and `lstmspec lint DIR` never disagree.

A YAML file is a config when it says so (named `*.lstm.yaml`, or a modeline naming the
lstmspec schema), or when its top-level keys are a config's: `layers:` beside `input:` or
`inputs:`, or one of the three with no key a config never has (a misspelling of one counts).
A workflow, a compose file, a Kubernetes manifest, an empty file or a serverless.yml with its
own `layers:` is not one, and is skipped (named on the command line: with a note).

Folders are walked without following symbolic links, leaving out hidden folders, the
`exclude`/`extend-exclude` patterns of the settings that apply there (ruff's defaults:
.git, .venv, node_modules...) and what git ignores (`respect-gitignore`, the default). Files
named on the command line are left out by `exclude` only with `force-exclude` (as pre-commit
needs). A path that cannot be linted (missing, unreadable, a broken symlink or a loop, a FIFO
or device, a folder without configs) is one problem line (exit status 2); the other paths are
still linted. Nothing here blocks: FIFOs are never opened.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from typing import NamedTuple

from ..source.text_file import display_path, read_bounded, utf16_without_bom
from ..spec.core import SECTIONS, ModelCore
from ..suggest import closest
from .exclude import excluded
from .gitignore import GitIgnore
from .files import DEFAULT_MODE, Mode, settings_for_dir
from .project import git_work_tree
from .selection import SettingsError

CONFIG_SUFFIXES = (".yaml", ".yml")
NAMED_SUFFIXES = (".lstm.yaml", ".lstm.yml")
CONFIG_KEYS = (*ModelCore.model_fields, *SECTIONS)
ANCHORS = ("layers", "input", "inputs")
HEAD_BYTES = 1_000_000
_MODELINE = re.compile(r"\$schema=\S*lstmspec")
_KEY = re.compile(r"""^(?P<indent>[ ]*)(?:(?P<plain>[A-Za-z_][\w.-]*)|"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')"""
                  r"""[ \t]*:(?:[ \t]|$)""")

_ERRNO_TEXT = {
    errno.ELOOP: "a symbolic link loop",
    errno.ENOTDIR: "no such file or directory (a part of the path is a file)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the file name is too long",
}
NOT_REGULAR = "not a regular file (a FIFO, socket or device): lint reads only files"


class Verdict(NamedTuple):
    config: bool
    why: str  # what made the decision, for the note on a skipped file


def sniffed_text(raw: bytes) -> str:
    """The text to look for keys in: UTF-16/32 decoded (so that such a config is found, and
    reported as not UTF-8), anything else leniently as UTF-8."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec, "replace")
    if utf16_without_bom(raw):
        return raw.decode("utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be", "replace")
    return raw.decode("utf-8-sig", "replace")


def top_level_keys(text: str) -> list[str]:
    """The keys of a block mapping at the top of a YAML text (at the indentation of its first
    key), without parsing it: a broken file still shows what it is meant to be."""
    keys, indent = [], None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "%", "---", "...")):
            continue
        match = _KEY.match(line)
        if indent is None:
            if match is None:
                return []  # a list, a scalar or a flow mapping at the top: not a block mapping
            indent = match.group("indent")
        if match and match.group("indent") == indent:
            keys.append(match.group("plain") or match.group("dq") or match.group("sq"))
    return keys


def is_config(path: str, raw: bytes | None = None) -> Verdict:
    """THE rule for what lint checks (see the module's docstring)."""
    name = os.path.basename(os.fsdecode(path))
    if name.lower().endswith(NAMED_SUFFIXES):
        return Verdict(True, "named *.lstm.yaml")
    if not name.lower().endswith(CONFIG_SUFFIXES):
        return Verdict(False, "not a *.yaml or *.yml file")
    if raw is None:
        try:
            raw = read_bounded(path, HEAD_BYTES)
        except OSError:
            return Verdict(True, "unreadable: lint reports it")
    text = sniffed_text(raw)
    if _MODELINE.search(text):
        return Verdict(True, "its modeline names the lstmspec schema")
    keys = top_level_keys(text)
    anchors = [k for k in keys if k in ANCHORS]
    if not anchors:
        return Verdict(False, no_anchor(text, keys))
    if "layers" in anchors and len(anchors) > 1:
        return Verdict(True, "it has `layers:` and an input")
    foreign = [k for k in keys if k not in CONFIG_KEYS and closest(k, CONFIG_KEYS) is None]
    if foreign:
        shown = ", ".join(f"`{k[:30]}`" for k in foreign[:4])
        return Verdict(False, f"beside `{anchors[0]}:` it has keys no lstmspec config has: "
                       f"{shown}")
    return Verdict(True, "its top-level keys are a config's")


def no_anchor(text: str, keys: list) -> str:
    if keys:
        shown = ", ".join(f"`{k[:30]}`" for k in keys[:4]) + (", ..." if len(keys) > 4 else "")
        return f"no top-level `layers:`, `input:` or `inputs:`; its keys: {shown}"
    if not text.strip() or all(not line.strip() or line.strip().startswith("#")
                               for line in text.splitlines()):
        return "it is empty"
    return "it is not a mapping with `layers:`"


@dataclass
class Found:
    files: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # one-line messages, each an exit-2 problem
    notes: list = field(default_factory=list)  # "note: ..."/"warning: ...": skipped files, git


class Options(NamedTuple):
    """Discovery options of the command line, on top of the settings."""

    mode: Mode = DEFAULT_MODE
    exclude: tuple | None = None  # --exclude: replaces the settings' exclude
    extend_exclude: tuple = ()
    force_exclude: bool | None = None
    respect_gitignore: bool | None = None


def settings_here(directory: str, options: Options):
    """The settings in a folder with the command line's discovery options on top."""
    settings = settings_for_dir(directory, options.mode)
    cwd = os.getcwd()
    exclude = settings.exclude if options.exclude is None else \
        tuple((p, cwd) for p in options.exclude)
    return settings._replace(
        exclude=exclude + tuple((p, cwd) for p in options.extend_exclude),
        force_exclude=settings.force_exclude if options.force_exclude is None
        else options.force_exclude,
        respect_gitignore=settings.respect_gitignore if options.respect_gitignore is None
        else options.respect_gitignore)


def problem(path: str, what: str) -> str:
    return f"{display_path(path)}: {what}"


def os_error_text(path: str, err: OSError) -> str:
    """What an OSError on `path` means, in a few words."""
    if err.errno == errno.ENOENT:
        if os.path.islink(path):
            return "a broken symbolic link (its target does not exist)"
        return "no such file or directory"
    return _ERRNO_TEXT.get(err.errno, f"cannot read it: {err.strerror or err}")


def named(path: str, out: Found, options: Options) -> None:
    """A file named on the command line: linted if it is a config (and not force-excluded)."""
    settings = settings_here(os.path.dirname(os.path.abspath(path)), options)
    if settings.force_exclude and excluded(path, settings):
        return  # as ruff: left out without a word
    verdict = is_config(path)
    if verdict.config:
        out.files.append(path)
    else:
        out.notes.append(skipped_note(path, verdict))


def skipped_note(path: str, verdict: Verdict) -> str:
    return (f"note: {display_path(path)} is not an lstmspec config ({verdict.why}): not "
            "checked; name it *.lstm.yaml to have it checked")


def walk_file(path: str, out: Found) -> bool:
    """A `*.yaml` found in a folder: kept if it is a config; reported if it cannot be read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        out.problems.append(problem(path, os_error_text(path, err)))
        return False
    if stat.S_ISDIR(mode):
        return False  # a directory named like a config: os.walk visits it (unless a symlink)
    if not stat.S_ISREG(mode):
        out.problems.append(problem(path, NOT_REGULAR))
        return False
    return is_config(path).config


def walk(directory: str, out: Found, options: Options) -> None:
    found: list = []
    trees: dict = {}

    def unreadable(err: OSError) -> None:
        where = err.filename if isinstance(err.filename, str) else directory
        out.problems.append(problem(where, f"cannot list this directory: "
                                    f"{os_error_text(where, err)}"))

    for root, dirs, files in os.walk(directory, onerror=unreadable, followlinks=False):
        settings = settings_here(root, options)
        ignore = gitignore_of(root, trees) if settings.respect_gitignore else None

        def left_out(path: str, is_dir: bool) -> bool:
            return excluded(path, settings) or bool(ignore and ignore.ignored_entry(path,
                                                                                    is_dir))

        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not left_out(os.path.join(root, d), True))
        for name in sorted(files):
            path = os.path.normpath(os.path.join(root, name))  # `lint .`: no "./" prefix
            if name.lower().endswith(CONFIG_SUFFIXES) and not left_out(path, False) and \
                    walk_file(path, out):
                found.append(path)
    out.files += found
    if not found:
        out.problems.append(problem(directory, "no lstmspec config (*.yaml, *.yml with "
                                    "`layers:` and an input) found in this directory"))


def gitignore_of(folder: str, trees: dict):
    """The ignore rules of the work tree that holds `folder` (None outside one)."""
    tree = git_work_tree(folder)
    if tree is None:
        return None
    if tree not in trees:
        trees[tree] = GitIgnore(tree)
    return trees[tree]


def discover(paths, options: Options = Options(), judge: bool = True) -> Found:
    """The configs under the PATH arguments of `lint`. `judge=False` takes a file given as a
    config whatever it looks like (`summary FILE`, the gate of `run FILE`: that file was asked
    for); folders are walked either way."""
    out = Found()
    for path in map(os.path.normpath, paths):
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            out.problems.append(problem(path, os_error_text(path, err)))
            continue
        try:
            if stat.S_ISDIR(mode):
                walk(path, out, options)
            elif stat.S_ISREG(mode):
                named(path, out, options) if judge else out.files.append(path)
            else:
                out.problems.append(problem(path, NOT_REGULAR))
        except SettingsError as err:
            out.problems.append(str(err))
    return out
