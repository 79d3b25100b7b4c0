"""`lstmspec lsp`: the language server for editors, over standard input and output."""

from __future__ import annotations

import click

# What the server imports that the `lsp` extra brings (pygls and what it is built on).
EXTRA = {"pygls", "lsprotocol", "cattrs", "attrs"}


@click.command()
@click.option("--stdio", is_flag=True, help="Talk LSP over standard input and output (the "
              "only transport, and the default; accepted because editors pass it).")
def lsp(stdio) -> int:
    """Run the language server: diagnostics, hover, completion and fixes as you type."""
    try:
        from ..lsp.features import serve
    except ImportError as err:
        package = (err.name or "").split(".")[0]
        if package not in EXTRA:
            raise
        click.echo(f"lstmspec: error: `lstmspec lsp` needs {package}, which is not "
                   "installed: pip install 'lstmspec[lsp]'", err=True)
        return 2
    return serve()
