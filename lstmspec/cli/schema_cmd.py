"""`lstmspec schema`: print the JSON Schema that schemas/lstmspec.schema.json holds."""

from __future__ import annotations

import sys

import click


@click.command()
def schema() -> int:
    """Print the JSON Schema of the config format (for editors and CI)."""
    from ..validation.json_schema import schema_text

    sys.stdout.write(schema_text())
    return 0
