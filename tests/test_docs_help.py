"""The documents hold every command's options and exit statuses, and nothing more.

Each command's options table in README.md or docs/*.md is marked by a comment on the line before
it, `<!-- options: lstmspec lint -->`, and lists in its first column, in backticks, exactly the
options of `lstmspec lint --help` (long and short names; `-h`/`--help` once, for every command,
in README.md's table marked `<!-- options: lstmspec -->`).

Each command's exit statuses table, marked `<!-- exit statuses: lstmspec run -->` (several
commands may share one: `lstmspec predict, lstmspec forecast`), lists in its first column the
statuses the command can return beyond those every command can (`<!-- exit statuses: every
command -->`: click's usage errors, Ctrl-C, LS699), as tests/exit_paths.py reads them from the
source: its literal returns, the exception classes it reports (each carries its `status`), and
no status that the code cannot return."""

from __future__ import annotations

import re

import click
import pytest

from cli_support import lstmspec
from doc_blocks import DOCS
from exit_paths import EVERY_COMMAND, command_statuses
from lstmspec.cli import COMMANDS, cli

MARKER = re.compile(r"^<!-- (options|exit statuses): (.+?) -->$")
CODE_SPAN = re.compile(r"`([^`]+)`")
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
STATUS = re.compile(r"\b(\d+)\b")


def marked_tables(kind: str) -> dict:
    """name (`lstmspec lint`, `every command`) -> [(where, first cells of the rows)]."""
    found: dict = {}
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            match = MARKER.match(line.strip())
            if not match or match.group(1) != kind:
                continue
            rows = []
            for row in lines[i + 1:]:
                if not row.startswith("|"):
                    break
                rows.append(re.split(r"(?<!\\)\|", row)[1].strip())
            assert len(rows) > 2, f"{doc.name}:{i + 1}: the marker is not followed by a table"
            for name in match.group(2).split(","):
                found.setdefault(name.strip(), []).append((f"{doc.name}:{i + 1}", rows[2:]))
    return found


def the_table(kind: str, name: str) -> list:
    tables = marked_tables(kind).get(name, [])
    assert len(tables) == 1, f"{kind} of {name}: {len(tables)} marked tables ({tables})"
    return tables[0][1]


def documented_options(cells) -> set:
    return {option for cell in cells for span in CODE_SPAN.findall(cell)
            for option in OPTION.findall(span)}


def documented_statuses(cells) -> set:
    return {int(number) for cell in cells for number in STATUS.findall(cell.split("(")[0])}


def group_context() -> click.Context:
    return click.Context(cli, info_name="lstmspec", **cli.context_settings)


def command(name: str) -> click.Command:
    return cli.get_command(group_context(), name)


def options_of(cmd: click.Command) -> set:
    helps = set(cmd.get_help_option(click.Context(cmd, parent=group_context())).opts)
    return {opt for param in cmd.params if isinstance(param, click.Option)
            for opt in param.opts + param.secondary_opts} - helps


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_options_table_lists_every_option_of_the_help(name):
    options = options_of(command(name))
    tables = marked_tables("options").get(f"lstmspec {name}", [])
    if not options:
        assert tables == [], f"lstmspec {name} has no option but an options table"
        return
    assert documented_options(the_table("options", f"lstmspec {name}")) == options


def test_the_options_every_command_has_are_documented_once():
    group = {opt for param in cli.params if isinstance(param, click.Option)
             for opt in param.opts}
    helps = set(cli.get_help_option(group_context()).opts)
    assert documented_options(the_table("options", "lstmspec")) == group | helps


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_exit_statuses_table_lists_what_the_command_can_return(name):
    reachable = command_statuses(name, *COMMANDS[name])
    listed = documented_statuses(the_table("exit statuses", f"lstmspec {name}"))
    assert sorted(set(reachable) - set(EVERY_COMMAND) - listed) == [], reachable
    assert sorted(listed - set(reachable)) == [], "listed, but no code path returns it"


def test_the_statuses_of_every_command_are_documented_once():
    assert documented_statuses(the_table("exit statuses", "every command")) == \
        set(EVERY_COMMAND)


def test_every_marked_table_names_a_command():
    names = {f"lstmspec {n}" for n in COMMANDS} | {"lstmspec", "every command"}
    for kind in ("options", "exit statuses"):
        assert set(marked_tables(kind)) <= names


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_exits_0(name, capsys):
    ran = lstmspec(capsys, name, "--help")
    assert ran.code == 0 and ran.out.startswith(f"Usage: lstmspec {name} ")


@pytest.mark.parametrize("args, message", [
    (("lint", "--frmat", "json", "x.yaml"),
     "No such option '--frmat'. Did you mean '--format'? (see lstmspec lint --help)"),
    (("lint",), "Missing argument 'PATHS...'. (see lstmspec lint --help)"),
    (("frob",), "No such command 'frob'. (see lstmspec --help)"),
    (("forecast", "runs/x", "--steps", "0"),
     "Invalid value for '--steps': 0 is not in the range 1<=x<=100000. "
     "(see lstmspec forecast --help)"),
])
def test_click_usage_errors_print_the_documented_line(args, message, capsys):
    ran = lstmspec(capsys, *args)
    assert (ran.code, ran.out, ran.err) == (2, "", f"lstmspec: error: {message}\n")
