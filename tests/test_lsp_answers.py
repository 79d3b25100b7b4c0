"""Hover, completion, go to definition and the outline, asked of `lstmspec lsp` by a real LSP
client. Each answer is pinned: its facts here (against the spec, the data files and lint's
own inference, the code path the server shares), its wording once, in
tests/golden/lsp_answers.md."""

from __future__ import annotations

import csv
import shutil

import pytest
import pytest_lsp
from cli_support import check_golden
from lsp_support import ROOT, config, doc, opened, position_of, start
from lsprotocol import types
from pytest_lsp import LanguageClient

from lstmspec.lint import lint_file
from lstmspec.overrides.paths import PathError, locate
from lstmspec.spec.layers import LAYER_TYPES, layer_class
from lstmspec.summary.table import RECURRENT_TERMS, explain

pytestmark = [pytest.mark.subprocess, pytest.mark.asyncio(loop_scope="module")]

EXAMPLES = ROOT / "examples"
GRAPH = EXAMPLES / "graphs" / "encoder_decoder_attention.yaml"
TUNE = EXAMPLES / "sunspots_tune.yaml"
RUN = EXAMPLES / "encoder_decoder_run.yaml"
NPZ = EXAMPLES / "graphs" / "encoder_decoder_elnino.yaml"


@pytest_lsp.fixture(config=config(), scope="module")
async def client(lsp_client: LanguageClient):
    await start(lsp_client)
    yield
    await lsp_client.shutdown_session()


def read(path) -> str:
    return path.read_text(encoding="utf-8")


async def hover_text(client, uri: str, text: str, where: types.Position) -> str | None:
    await opened(client, uri, text)
    answer = await client.text_document_hover_async(types.HoverParams(doc(uri), where))
    return answer.contents.value if answer else None


async def completions(client, uri: str, text: str, needle: str, after: int) -> list:
    await opened(client, uri, text)
    answer = await client.text_document_completion_async(
        types.CompletionParams(doc(uri), position_of(text, needle, after)))
    return list(answer.items) if answer else []


@pytest.mark.parametrize("example", [GRAPH, EXAMPLES / "cnn_lstm.yaml", TUNE,
                                     EXAMPLES / "text_classifier.yaml"])
async def test_hover_on_each_layer_says_what_summary_explain_says(client, example):
    text = read(example)
    result = lint_file(str(example))
    for info in result.inference.layers:
        span = result.source.value_spans[("layers", info.index, "type")]
        shown = await hover_text(client, example.as_uri(), text,
                                 types.Position(span.line - 1, span.column))
        assert f"**{info.name}** ({info.type}), layer {info.index}" in shown
        assert f"params: **{info.result.params:,}**" in shown
        assert all(line.strip() in shown for line in explain(info)), info.name
        assert all(term in shown for term in RECURRENT_TERMS) == info.core.RECURRENT


async def test_a_layer_the_model_leaves_out_says_so_in_hover_and_outline(client):
    doc_path = ROOT / "lstmspec" / "ruledocs" / "LS210.md"
    text = doc_path.read_text(encoding="utf-8").split("```yaml expect=LS210@4:5,LS210@5:5\n")[
        1].split("```")[0]  # LS210's failing example: `side` and `side_norm` reach no output
    uri = (doc_path.parent / "LS210-example.yaml").as_uri()
    shown = await hover_text(client, uri, text, position_of(text, "name: side,", 6))
    assert "not in the model: no model output reaches it (LS210)" in shown
    found = await client.text_document_document_symbol_async(types.DocumentSymbolParams(doc(uri)))
    layers = next(s for s in found if s.name == "layers").children
    assert [(s.name, s.detail) for s in layers] == [
        ("side", "Dense -> (None, 20, 4) (not in the model (LS210))"),
        ("side_norm", "LayerNormalization -> (None, 20, 4) (not in the model (LS210))"),
        ("lstm", "LSTM -> (None, 8)")]


HOVERS = [  # (file, text to find, characters into it): the transcript's hover section
    (GRAPH, "{name: enc", 10),  # a layer, by its name
    (GRAPH, "units: 16, return_sequences: true, return_state", 2),  # a key of LSTM
    (GRAPH, "return_state: true", 15),  # a value: its key's meaning
    (GRAPH, "enc.1", 2),  # a reference to a final state
    (GRAPH, "from: future", 8),  # a reference to an input
    (GRAPH, "{type: Dense, units: 1}", 3),  # the wrapped layer's type: the wrapper
    (RUN, "data/elnino.csv", 3),  # the data file: its columns
    (RUN, "loss: mse", 1),  # a key of a runner section
    (TUNE, "layers.rnn.units:", 5),  # a tune.space path: the value it searches
]


async def test_hover_answers(client):
    transcript = []
    for path, needle, after in HOVERS:
        text = read(path)
        shown = await hover_text(client, path.as_uri(), text, position_of(text, needle, after))
        transcript += [f"## hover {path.relative_to(ROOT)} at `{needle}` +{after}", "",
                       shown or "(nothing)", ""]
    check_golden("lsp_answers.md", "\n".join(transcript))


async def test_completion_of_layer_types_at_the_top_and_inside_a_wrapper(client, tmp_path):
    text = "input: {shape: [8, 2]}\nlayers:\n  - type: \n  - type: Bidirectional\n" \
           "    layer: {type: G}\n"
    uri = (tmp_path / "m.yaml").as_uri()
    items = await completions(client, uri, text, "type: \n", 6)
    assert [i.label for i in items] == list(LAYER_TYPES)
    assert items[0].detail == layer_class("LSTM").__doc__.splitlines()[0]
    inner = await completions(client, uri, text, "{type: G}", 8)
    assert [i.label for i in inner] == ["LSTM", "GRU", "SimpleRNN"]
    assert inner[0].text_edit.new_text == "LSTM"
    assert inner[0].text_edit.range == types.Range(types.Position(4, 18), types.Position(4, 19))


async def test_completion_of_a_layers_arguments_with_their_keras_defaults(client, tmp_path):
    text = "input: {shape: [8, 2]}\nlayers:\n  - type: GRU\n    units: 4\n    re\n"
    items = await completions(client, (tmp_path / "m.yaml").as_uri(), text, "    re\n", 6)
    fields = layer_class("GRU").model_fields
    expected = [(info.alias or name) for name, info in fields.items()
                if name not in ("type", "units")]
    assert [i.label for i in items] == expected
    by_label = {i.label: i for i in items}
    assert by_label["reset_after"].detail == "Keras default: true"
    assert by_label["recurrent_activation"].detail == "Keras default: sigmoid"
    assert by_label["return_sequences"].text_edit.new_text == "return_sequences: "
    assert "every timestep" in by_label["return_sequences"].documentation.value


async def test_completion_of_values_the_schema_lists(client, tmp_path):
    text = "input: {shape: [8, 2]}\nlayers:\n  - type: Bidirectional\n    merge_mode: \n" \
           "    layer: {type: LSTM, units: 2, return_sequences: }\n"
    uri = (tmp_path / "m.yaml").as_uri()
    assert [i.label for i in await completions(client, uri, text, "merge_mode: ", 12)] == [
        "concat", "sum", "mul", "ave"]
    assert [i.label for i in await completions(client, uri, text, "return_sequences: }", 18)
            ] == ["true", "false"]


async def test_completion_of_references_in_scope(client, tmp_path):
    text = read(GRAPH).replace("{name: att, type: Attention, from: [dec, enc.0]}",
                               "{name: att, type: Attention, from: [dec, ]}")
    items = await completions(client, (tmp_path / "m.yaml").as_uri(), text, "from: [dec, ]", 12)
    assert [(i.label, i.detail) for i in items] == [
        ("past", "input"), ("future", "input"), ("enc", "layer 0 (LSTM)"),
        ("enc.1", "layer 0 (LSTM): final state 1"), ("enc.2", "layer 0 (LSTM): final state 2"),
        ("dec", "layer 1 (LSTM)")]
    outputs = await completions(client, (tmp_path / "m.yaml").as_uri(), text,
                                "outputs: [time_distributed]", 10)
    assert [i.label for i in outputs][-3:] == ["att", "both", "time_distributed"]


async def test_completion_of_csv_columns_from_the_header(client):
    text = read(RUN).replace("features: [sst]", "features: [s]")
    items = await completions(client, RUN.as_uri(), text, "features: [s]", 12)
    with open(EXAMPLES / "data" / "elnino.csv", newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert [i.label for i in items] == header == ["month", "sst"]


async def test_completion_of_parquet_columns_from_the_footer(client, tmp_path):
    shutil.copy(ROOT / "tests" / "data" / "series" / "daily.parquet", tmp_path)
    text = ("input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 2}\n"
            "  - {type: Dense, units: 1}\ncompile: {optimizer: adam, loss: mse}\n"
            "data:\n  kind: parquet\n  path: daily.parquet\n  time: day\n  features: [lo]\n"
            "  targets: [load]\n")
    items = await completions(client, (tmp_path / "m.yaml").as_uri(), text, "features: [lo]", 13)
    assert [i.label for i in items] == ["day", "load", "level"]  # pyarrow's read_schema


async def test_completion_of_npz_array_names_for_the_inputs(client):
    text = read(NPZ).replace("  future: {shape: [6, 2]}   # the next 6 months x (sin month, "
                             "cos month)\n", "  \n")
    items = await completions(client, NPZ.as_uri(), text, "  \nlayers", 2)
    assert [(i.label, i.detail) for i in items] == [("future", "NPZ array (703, 6, 2) float32")]


async def test_completion_of_tune_space_paths_that_resolve(client, tmp_path):
    text = read(TUNE).replace("    layers.drop.rate:", "    la\n    layers.drop.rate:")
    items = await completions(client, TUNE.as_uri(), text, "    la\n", 6)
    labels = [i.label for i in items]
    assert {"layers.head.units", "layers.rnn.recurrent_dropout", "train.batch_size",
            "compile.optimizer.clipnorm"} <= set(labels)
    assert "layers.rnn.units" not in labels  # already in the space
    data = lint_file(str(TUNE)).source.data
    unresolved = []
    for label in labels:
        try:
            locate(data, label)
        except PathError:
            unresolved.append(label)
    assert unresolved == []


async def test_go_to_definition_of_references(client):
    text = read(GRAPH)
    uri = GRAPH.as_uri()
    await opened(client, uri, text)
    expected = {("enc.1", 2): position_of(text, "name: enc", 6),
                ("from: future", 7): position_of(text, "  future: {", 2),
                ("[time_distributed]", 2): position_of(text, "{type: TimeDistributed", 0)}
    for (needle, after), target in expected.items():
        found = await client.text_document_definition_async(
            types.DefinitionParams(doc(uri), position_of(text, needle, after)))
        assert (found.uri, found.range.start) == (uri, target), needle
    nothing = await client.text_document_definition_async(
        types.DefinitionParams(doc(uri), position_of(text, "units: 16", 1)))
    assert nothing is None


async def test_document_symbols_outline_inputs_layers_outputs(client):
    text = read(GRAPH)
    await opened(client, GRAPH.as_uri(), text)
    found = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(doc(GRAPH.as_uri())))

    def outline(symbols, depth=0):
        out = []
        for s in symbols:
            out.append(("  " * depth + s.name, s.kind.name, s.detail))
            out += outline(s.children or [], depth + 1)
        return out

    assert outline(found) == [
        ("inputs", "Namespace", None),
        ("  past", "Variable", "(None, 24, 3)"), ("  future", "Variable", "(None, 6, 2)"),
        ("layers", "Namespace", None),
        ("  enc", "Object", "LSTM -> [(None, 24, 16), (None, 16), (None, 16)]"),
        ("  dec", "Object", "LSTM -> (None, 6, 16)"),
        ("  att", "Object", "Attention -> (None, 6, 16)"),
        ("  both", "Object", "Concatenate -> (None, 6, 32)"),
        ("  time_distributed", "Object", "TimeDistributed -> (None, 6, 1)"),
        ("outputs", "Namespace", None), ("  time_distributed", "Variable", None)]


async def test_a_data_file_outside_the_project_is_never_read(client, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "secret.csv").write_text("password,token\n1,2\n", encoding="utf-8")
    text = ("input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, units: 2}\n"
            "  - {type: Dense, units: 1}\ncompile: {optimizer: adam, loss: mse}\n"
            "data:\n  kind: csv\n  path: ../secret.csv\n  features: [p]\n  targets: [p]\n")
    uri = (project / "m.yaml").as_uri()
    assert await completions(client, uri, text, "features: [p]", 12) == []
    shown = await hover_text(client, uri, text, position_of(text, "../secret.csv", 3))
    assert shown == "**secret.csv**: not read: it is outside the project (LS012; see " \
        "`data-roots`)"
