"""The language server process never imports TensorFlow, Keras, NumPy or pyarrow: through a
whole session (every feature, on a config with runner sections, a CSV and an NPZ file), the
modules it has loaded when it exits are recorded and checked."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsp_support import ROOT, config, doc, opened, position_of, start
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = [pytest.mark.subprocess]

FORBIDDEN = ("tensorflow", "keras", "tf_keras", "tensorboard", "jax", "torch", "numpy",
             "pyarrow", "optuna", "matplotlib", "onnxruntime")
RECORDING = ("import atexit, sys\n"
             "where = sys.argv[1]\n"
             "def record():\n"
             "    with open(where, 'w') as out:\n"
             "        out.write('\\n'.join(sorted(sys.modules)))\n"
             "atexit.register(record)\n"
             "sys.argv = ['lstmspec', 'lsp']\n"
             "from lstmspec.cli import main\n"
             "main()\n")


# where the server writes the names of its modules when it exits (one file per test process)
RECORDED = Path(tempfile.gettempdir()) / f"lstmspec-lsp-modules-{os.getpid()}.txt"


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-c", RECORDING, str(RECORDED)],
    server_env=config().server_env))
async def client(lsp_client: LanguageClient):
    RECORDED.unlink(missing_ok=True)
    await start(lsp_client)
    yield


@pytest.mark.asyncio
async def test_a_whole_session_imports_no_heavy_library(client):
    for example in (ROOT / "examples" / "graphs" / "encoder_decoder_elnino.yaml",
                    ROOT / "examples" / "encoder_decoder_run.yaml"):
        text = example.read_text(encoding="utf-8")
        uri = example.as_uri()
        found = await opened(client, uri, text)
        where = position_of(text, "path:", 8)
        await client.text_document_hover_async(types.HoverParams(doc(uri), where))
        await client.text_document_completion_async(types.CompletionParams(doc(uri), where))
        await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
        for diag in found:
            await client.text_document_code_action_async(types.CodeActionParams(
                doc(uri), diag.range, types.CodeActionContext([diag])))
    await client.shutdown_session()
    assert client._server.returncode == 0
    modules = RECORDED.read_text(encoding="utf-8").split("\n")
    RECORDED.unlink()
    assert "lstmspec.lsp.server" in modules and "lstmspec.datafacts.files" in modules
    assert sorted(m for m in modules if m.split(".")[0] in FORBIDDEN) == []
