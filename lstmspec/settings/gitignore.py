"""What git ignores in a work tree, by its own rules: every `.gitignore` from the work tree's
root down to a path's folder, and `.git/info/exclude`; a deeper file overrides a shallower
one, a later pattern an earlier one (`!` re-includes), and nothing under an ignored folder
comes back. Patterns are matched by `pathspec` (gitwildmatch), imported only when a walk
meets a `.gitignore`. The user's global excludes file is not read."""

from __future__ import annotations

import os

MAX_IGNORE_BYTES = 1_000_000


def _lines(path: str) -> list[str]:
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_IGNORE_BYTES).decode("utf-8", "replace").splitlines()
    except OSError:  # missing, a folder, unreadable: no rules
        return []


class GitIgnore:
    """The ignore rules of one work tree, read once per folder as a walk meets them."""

    def __init__(self, tree: str):
        self.tree = os.path.realpath(tree)
        self.specs: dict = {}

    def spec(self, folder: str):
        """The compiled rules of one folder's .gitignore (and, at the root, info/exclude)."""
        if folder not in self.specs:
            lines = _lines(os.path.join(self.tree, folder, ".gitignore"))
            if folder == "":
                lines = _lines(os.path.join(self.tree, ".git", "info", "exclude")) + lines
            rules = [line for line in lines if line.strip() and not line.startswith("#")]
            if rules:
                import pathspec  # a light, pure-Python dependency, paid only here

                self.specs[folder] = pathspec.GitIgnoreSpec.from_lines(rules)
            else:
                self.specs[folder] = None
        return self.specs[folder]

    def _verdict(self, parts: list, is_dir: bool) -> bool:
        """The decision of the deepest .gitignore that has a pattern for the path."""
        for depth in range(len(parts) - 1, -1, -1):
            spec = self.spec("/".join(parts[:depth]))
            if spec is None:
                continue
            below = "/".join(parts[depth:]) + ("/" if is_dir else "")
            include = spec.check_file(below).include
            if include is not None:
                return include
        return False

    def parts(self, path: str) -> list | None:
        relative = os.path.relpath(os.path.realpath(path), self.tree)
        if relative == os.curdir or relative.startswith(os.pardir):
            return None
        return relative.replace(os.sep, "/").split("/")

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        """Whether git ignores `path` (a file, or a folder with is_dir), or a folder above it."""
        parts = self.parts(path)
        if not parts:
            return False
        return any(self._verdict(parts[:end], True) for end in range(1, len(parts))) or \
            self._verdict(parts, is_dir)

    def ignored_entry(self, path: str, is_dir: bool) -> bool:
        """The same for an entry of a folder a walk reached (its folders are not ignored)."""
        parts = self.parts(path)
        return bool(parts) and self._verdict(parts, is_dir)
