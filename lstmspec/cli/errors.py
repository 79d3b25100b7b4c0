"""One line for an error that a command (not lint) finds, in the concise format of lint's
diagnostics: `path:1:1: LS417 [error] message`. Every such error has a code in codes.py,
documented like lint's (`lstmspec rule LS417`), so that nothing a command prints is a
message without a code. Usage errors (exit status 2: a bad option, an unreadable path) are
not about the config and keep their `lstmspec: error:` line.

An exception a command reports carries its `code` and exit `status` as class attributes
(runner/errors.py, tune's TuneError, the importer's ImportProblem): `report` is the one place
that turns one into its line and status."""

from __future__ import annotations

import click

from ..source.text_file import display_path


def error_line(path: str, code: str, message: str) -> str:
    """The file the command was given, a code and the message; 1:1 when no place in the file
    is to blame (the data, the environment, the model file as a whole)."""
    return f"{display_path(path)}:1:1: {code} [error] {message}"


def report(path: str, err: Exception) -> int:
    """Print the coded line of `err` (its class's `code`) at `path` on stderr; return its
    class's exit `status`."""
    click.echo(error_line(path, err.code, str(err)), err=True)
    return err.status
