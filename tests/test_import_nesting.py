"""`lstmspec import` of JSON nested deeper than any Keras config: one coded line (LS417),
exit 1, never a RecursionError (50,000 levels: deeper than Python's own recursion limit;
300 levels: parsed, then refused before the converter walks it)."""

from __future__ import annotations

import pytest
from cli_support import lstmspec


@pytest.mark.parametrize("text", ["[" * 50_000 + "]" * 50_000,
                                  '{"a": ' * 300 + "1" + "}" * 300])
def test_deeply_nested_json_is_one_line(capsys, tmp_path, text):
    (tmp_path / "deep.json").write_text(text)
    ran = lstmspec(capsys, "import", "deep.json", cwd=tmp_path)
    assert ran.code == 1 and ran.out == ""
    assert ran.err.splitlines() == [
        "deep.json:1:1: LS417 [error] deep.json nests deeper than 200 levels, which no Keras "
        "model's config does: pass a .keras file or the text of model.to_json()"]
