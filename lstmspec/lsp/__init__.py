"""`lstmspec lsp`: a language server (pygls) that answers from lint's own results: diagnostics,
hover, completion, quick fixes, go to definition and the outline of a config buffer."""
