"""The `lstmspec` command: a click group; each command lives in its own module.

Commands turn options into one call and return an exit code. TensorFlow is imported only by
the runner commands, inside their functions.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from .lint_cmd import lint
from .schema_cmd import schema
from .summary_cmd import summary

COMMANDS = (lint, summary, schema)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lstmspec")
def cli() -> None:
    """Lint, explain, build and run Keras recurrent models described in YAML."""


for command in COMMANDS:
    cli.add_command(command)


def main() -> None:
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    sys.exit(code or 0)
