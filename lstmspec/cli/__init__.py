"""The `lstmspec` command: a click group; each command lives in its own module.

Commands turn options into one call and return an exit code. TensorFlow is imported only by
the runner commands, inside their functions.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from .. import __version__
from .startup import skip_pydantic_plugin_discovery

BUG_STATUS = 70  # EX_SOFTWARE (sysexits.h): an internal error, the LS699 line
# click >= 8.2 raises it for a group called without a command (it shows the help)
NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())

# The one registry of commands: name -> (module under cli/, function). A command's module is
# imported only when that command runs (or for --help), so `lint` never pays for `run`.
COMMANDS = {
    "lint": ("lint_cmd", "lint"),
    "summary": ("summary_cmd", "summary"),
    "schema": ("schema_cmd", "schema"),
    "rule": ("rule_cmd", "rule"),
    "import": ("import_cmd", "import_"),
    "build": ("build_cmd", "build"),
    "run": ("run_cmd", "run"),
    "backtest": ("backtest_cmd", "backtest"),
    "predict": ("predict_cmd", "predict"),
    "forecast": ("forecast_cmd", "forecast"),
    "evaluate": ("evaluate_cmd", "evaluate"),
    "export": ("export_cmd", "export"),
    "tune": ("tune_cmd", "tune"),
    "lsp": ("lsp_cmd", "lsp"),
    "serve": ("serve_cmd", "serve"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, name: str):
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")
        return getattr(module, COMMANDS[name][1])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lstmspec")
def cli() -> None:
    """Lint, explain, build and run Keras recurrent models described in YAML."""


def main() -> None:
    skip_pydantic_plugin_discovery()
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 never crashes output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = cli.main(standalone_mode=False, prog_name="lstmspec")
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except NO_ARGS as exc:  # `lstmspec` alone: the help, as click shows it
        exc.show()
        sys.exit(2)
    except click.ClickException as exc:  # click's own usage errors, in lstmspec's line
        from .errors import usage_line

        click.echo(usage_line(exc), err=True)
        sys.exit(2)
    except Exception as err:  # the last handler: a bug is one coded line, never a traceback
        from .errors import RAISE_BUGS, bug_line

        if os.environ.get(RAISE_BUGS) == "1":  # the test suite sets it: a bug fails the test
            raise

        click.echo(bug_line(sys.argv[1:], err), err=True)
        sys.exit(BUG_STATUS)
    sys.exit(code or 0)
