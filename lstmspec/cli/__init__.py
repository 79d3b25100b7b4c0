"""The `lstmspec` command: a click group; each command lives in its own module.

Commands turn options into one call and return an exit code. TensorFlow is imported only by
the runner commands, inside their functions.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from .build_cmd import build
from .import_cmd import import_
from .lint_cmd import lint
from .rule_cmd import rule
from .run_cmd import run
from .schema_cmd import schema
from .startup import skip_pydantic_plugin_discovery
from .summary_cmd import summary

COMMANDS = (lint, summary, schema, rule, import_, build, run)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lstmspec")
def cli() -> None:
    """Lint, explain, build and run Keras recurrent models described in YAML."""


for command in COMMANDS:
    cli.add_command(command)


def main() -> None:
    skip_pydantic_plugin_discovery()
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 never crashes output
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    sys.exit(code or 0)
