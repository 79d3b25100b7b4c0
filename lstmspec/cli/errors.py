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

RAISE_BUGS = "LSTMSPEC_RAISE_BUGS"  # "1": the last handler re-raises (tests/conftest.py sets it)


def error_line(path: str, code: str, message: str) -> str:
    """The file the command was given, a code and the message; 1:1 when no place in the file
    is to blame (the data, the environment, the model file as a whole)."""
    return f"{display_path(path)}:1:1: {code} [error] {message}"


def report(path: str, err: Exception) -> int:
    """Print the coded line of `err` (its class's `code`) at `path` on stderr; return its
    class's exit `status`."""
    click.echo(error_line(path, err.code, str(err)), err=True)
    return err.status


def usage_line(err: click.ClickException) -> str:
    """click's own usage errors (an unknown option, a bad value, a missing argument) in the
    line of lstmspec's other usage errors, with where the options are listed."""
    message = err.format_message()
    context = getattr(err, "ctx", None)
    if context is not None:
        message += f" (see {context.command_path} --help)"
    return f"lstmspec: error: {message}"


def bug_line(args: list, err: BaseException) -> str:
    """LS699: an exception no command expected, at the file the command was given. It names
    the exception's type and the last place in lstmspec it passed, never its message (which
    may quote the content of a file)."""
    import traceback

    command = args[0] if args else "lstmspec"
    target = next((a for a in args[1:] if not a.startswith("-")), command)
    frames = [f for f in traceback.extract_tb(err.__traceback__)
              if "lstmspec" in f.filename.replace("\\", "/").split("/")]
    where = ""
    if frames:
        parts = frames[-1].filename.replace("\\", "/").split("/")
        where = f" at {'/'.join(parts[parts.index('lstmspec'):])}:{frames[-1].lineno}"
    return error_line(target, "LS699", f"lstmspec {command} stopped on {type(err).__name__}"
                      f"{where}: this is a bug, please report it (with the command and this "
                      "line)")
