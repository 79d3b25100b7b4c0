"""train.distribute without TensorFlow: the schema of the setting, the LS420-LS422 checks pinned
by (code, line, column) with clean twins, and each process's role in a job (TF_CONFIG)."""

from __future__ import annotations

import json
import os
import re
from unittest import mock

import pytest
from cli_support import lstmspec

from lstmspec.lint import lint_text
from lstmspec.runner.distribute.cluster import ENV_INDEX, plan, role_from_tf_config
from lstmspec.runner.errors import DistributeError
from lstmspec.runner.resolve import config_key, resolved_config
from lstmspec.spec.sections.distribute import DistributeSpec

HEAD = """\
input:
  shape: [10, 2]
layers:
  - type: LSTM
    units: 4
  - type: Dense
    units: 1
compile: {loss: mse}
data: {kind: synthetic, samples: 64}
train:
  batch_size: 32
"""
STATEFUL = """\
input:
  shape: [10, 2]
  batch_size: 32
layers:
  - type: LSTM
    units: 4
    stateful: true
    return_sequences: true
  - type: Bidirectional
    layer: {type: GRU, units: 3, stateful: true}
  - type: Dense
    units: 1
train:
"""


def triples(text: str) -> set:
    result = lint_text(text)
    return {(d.code, d.span.line, d.span.column) for d in result.diagnostics}


@pytest.mark.parametrize("tail", [
    "",
    "  distribute: none\n",
    "  distribute: mirrored\n",
    "  distribute: {strategy: mirrored, devices: [GPU:0, GPU:1]}\n",
    "  distribute: {strategy: mirrored, devices: [CPU:0, CPU:1, CPU:2, CPU:3]}\n",
    "  distribute:\n    strategy: multi_worker\n    communication: ring\n"
    "    cluster: {workers: [a.example.org:2222, '10.0.0.2:2222', '[::1]:2222', b:1]}\n",
])
def test_distribute_settings_lint_clean(tail):
    assert triples(HEAD + tail) == set()


@pytest.mark.parametrize("tail, expected", [
    ("  distribute: mirorred\n", {("LS304", 12, 15)}),
    ("  distribute: {strategy: mirrored, devices: [gpu0]}\n", {("LS304", 12, 46)}),
    ("  distribute: {strategy: mirrored, devices: [GPU:0, GPU:0]}\n", {("LS304", 12, 45)}),
    ("  distribute: {strategy: mirrored, devices: [GPU:0, CPU:1]}\n", {("LS304", 12, 45)}),
    ("  distribute: {strategy: mirrored, devices: []}\n", {("LS304", 12, 45)}),
    ("  distribute: {strategy: mirrored, cluster: {workers: ['a:1']}}\n", {("LS304", 12, 45)}),
    ("  distribute: {strategy: none, devices: [GPU:0]}\n", {("LS304", 12, 41)}),
    ("  distribute: {strategy: multi_worker, cluster: {workers: ['a:1', 'a:1']}}\n",
     {("LS304", 12, 59)}),
    ("  distribute: {strategy: multi_worker, cluster: {workers: ['a:70000']}}\n",
     {("LS304", 12, 59)}),
    ("  distribute: {strategy: multi_worker, cluster: {workers: ['no port']}}\n",
     {("LS304", 12, 60)}),
    ("  distribute: {strategy: multi_worker, cluster: {}}\n", {("LS305", 12, 49)}),
    ("  distribute: {strategy: mirrored, nodes: 2}\n", {("LS301", 12, 36)}),
    ("  distribute: 2\n", {("LS303", 12, 15)}),
])
def test_distribute_schema_errors(tail, expected):
    assert triples(HEAD + tail) == expected


@pytest.mark.parametrize("batch, tail, expected", [
    (30, "  distribute: {strategy: mirrored, devices: [GPU:0, GPU:1, GPU:2, GPU:3]}\n",
     {("LS420", 11, 15)}),
    (32, "  distribute: {strategy: mirrored, devices: [GPU:0, GPU:1, GPU:2]}\n",
     {("LS420", 11, 15)}),
    (33, "  distribute: {strategy: multi_worker, cluster: {workers: [a:1, b:1]}}\n",
     {("LS420", 11, 15)}),
    (33, "  distribute: mirrored\n", set()),  # the replica count is the machine's: unknown
    (33, "  distribute: {strategy: multi_worker, cluster: {workers: [a:1]}}\n", set()),
    (64, "  distribute: {strategy: multi_worker, cluster: {workers: [a:1, b:1]}}\n", set()),
])
def test_batch_that_does_not_split_across_replicas(batch, tail, expected):
    text = HEAD.replace("batch_size: 32", f"batch_size: {batch}") + tail
    assert triples(text) == expected


def test_default_batch_size_is_checked_at_the_replica_count():
    text = HEAD.replace("  batch_size: 32\n", "") + \
        "  distribute:\n    strategy: mirrored\n    devices: [GPU:0, GPU:1, GPU:2]\n"
    assert triples(text) == {("LS420", 13, 14)}


def test_input_batch_size_is_the_global_batch_when_train_has_none():
    text = HEAD.replace("  batch_size: 32\n", "").replace("shape: [10, 2]\n",
                                                          "shape: [10, 2]\n  batch_size: 6\n")
    text += "  distribute: {strategy: mirrored, devices: [GPU:0, GPU:1, GPU:2, GPU:3]}\n"
    assert triples(text) == {("LS420", 3, 15)}


@pytest.mark.parametrize("tail, expected", [
    ("  distribute: multi_worker\n", {("LS421", 12, 15)}),
    ("  distribute:\n    strategy: multi_worker\n", {("LS421", 13, 15)}),
    ("  distribute: {strategy: multi_worker, cluster: {workers: [a:1, b:1]}}\n", set()),
])
def test_multi_worker_without_cluster_warns(tail, expected):
    assert triples(HEAD + tail) == expected


@pytest.mark.parametrize("tail, expected", [
    ("  distribute: mirrored\n", {("LS422", 7, 5), ("LS422", 10, 34)}),
    ("  distribute: {strategy: multi_worker, cluster: {workers: [a:1]}}\n",
     {("LS422", 7, 5), ("LS422", 10, 34)}),
    ("  distribute: {strategy: mirrored, devices: [GPU:0, GPU:1]}\n",
     {("LS422", 7, 5), ("LS422", 10, 34)}),
    ("  distribute: {strategy: mirrored, devices: [GPU:1]}\n", set()),  # one replica
    ("  distribute: none\n", set()),
    ("  epochs: 1\n", set()),
])
def test_stateful_layers_under_a_strategy(tail, expected):
    assert triples(STATEFUL + tail) == expected


def test_replica_counts_known_from_the_config():
    assert DistributeSpec().replicas() == 1
    assert DistributeSpec.model_validate("mirrored").replicas() is None
    spec = DistributeSpec.model_validate({"strategy": "mirrored", "devices": ["GPU:0", "GPU:3"]})
    assert spec.replicas() == 2 and spec.replica_factor() == (2, ("devices",))
    spec = DistributeSpec.model_validate({"strategy": "multi_worker",
                                          "cluster": {"workers": ["a:1", "b:1", "c:1"]}})
    assert spec.replicas() is None and spec.replica_factor() == (3, ("cluster", "workers"))


def cluster_spec(count: int = 3) -> DistributeSpec:
    return DistributeSpec.model_validate({"strategy": "multi_worker", "cluster": {
        "workers": [f"127.0.0.1:{2000 + i}" for i in range(count)]}})


def test_cluster_section_becomes_tf_config():
    environ: dict = {}
    role = plan(cluster_spec(), 2, environ)
    assert (role.chief, role.task, role.index, role.workers) == (False, "worker", 2, 3)
    assert json.loads(environ["TF_CONFIG"]) == {
        "cluster": {"worker": ["127.0.0.1:2000", "127.0.0.1:2001", "127.0.0.1:2002"]},
        "task": {"type": "worker", "index": 2}}
    assert plan(cluster_spec(), 0, {}).chief


def test_worker_index_from_the_environment():
    assert plan(cluster_spec(), None, {"LSTMSPEC_WORKER_INDEX": "1"}).index == 1
    assert plan(cluster_spec(), 0, {"LSTMSPEC_WORKER_INDEX": "1"}).index == 0  # option wins
    environ: dict = {}
    plan(cluster_spec(), 1, environ)  # the same run again in one process: same TF_CONFIG
    assert plan(cluster_spec(), 1, environ).index == 1


@pytest.mark.parametrize("spec, index, environ, words", [
    (cluster_spec(), None, {}, "--worker-index N` with N from 0 to 2"),
    (cluster_spec(), 3, {}, "past the cluster's 3 workers"),
    (cluster_spec(), None, {"LSTMSPEC_WORKER_INDEX": "one"}, "is not a worker index"),
    (cluster_spec(), 0, {"TF_CONFIG": "{}"}, "use one of them"),
    (DistributeSpec.model_validate("mirrored"), 1, {}, "drop it"),
    (DistributeSpec(), None, {"LSTMSPEC_WORKER_INDEX": "0"}, "drop it"),
    (DistributeSpec.model_validate("multi_worker"), 1, {}, "needs train.distribute.cluster"),
    (DistributeSpec.model_validate("multi_worker"), None, {}, "needs the cluster"),
    (DistributeSpec.model_validate("multi_worker"), None, {"TF_CONFIG": "{not json"},
     "not a cluster description"),
    (DistributeSpec.model_validate("multi_worker"), None,
     {"TF_CONFIG": '{"cluster": {"worker": ["a:1"]}, "task": {"type": "worker", "index": 1}}'},
     "not in its cluster"),
    (DistributeSpec.model_validate("multi_worker"), None,
     {"TF_CONFIG": '{"cluster": {"worker": ["a:1"], "evaluator": ["b:1"]}, '
                   '"task": {"type": "evaluator", "index": 0}}'}, "only chief and worker"),
])
def test_role_errors_say_what_to_do(spec, index, environ, words):
    with pytest.raises(DistributeError, match=re.escape(words)):
        plan(spec, index, environ)


def test_tf_config_chief_rule():
    def config(task: str, index: int, chief: bool) -> str:
        cluster = {"worker": ["a:1", "b:1"], **({"chief": ["c:1"]} if chief else {})}
        return json.dumps({"cluster": cluster, "task": {"type": task, "index": index}})

    assert role_from_tf_config(config("worker", 0, chief=False)).chief
    assert not role_from_tf_config(config("worker", 1, chief=False)).chief
    assert not role_from_tf_config(config("worker", 0, chief=True)).chief
    role = role_from_tf_config(config("chief", 0, chief=True))
    assert role.chief and role.workers == 3


def test_the_strategy_is_not_part_of_the_checkpoint_key():
    keys = set()
    for tail in ("", "  distribute: {strategy: mirrored, devices: [GPU:0, GPU:1]}\n",
                 "  distribute: {strategy: multi_worker, cluster: {workers: [a:1, b:1]}}\n"):
        result = lint_text(HEAD + tail)
        keys.add(config_key(resolved_config(result.model, result.inference.layers,
                                            "c.yaml", "run")))
    assert len(keys) == 1


@pytest.mark.tf  # the data is loaded (NumPy) before the role is checked
@pytest.mark.parametrize("tail, args, words", [
    ("", ("--worker-index", "1"), "drop it"),
    ("  distribute: multi_worker\n", (), "needs the cluster"),
    ("  distribute: {strategy: multi_worker, cluster: {workers: [a:1, b:1]}}\n", (),
     "which worker is this?"),
])
def test_run_refuses_a_role_it_cannot_work_out_before_tensorflow(capsys, tmp_path, tail, args,
                                                                  words):
    (tmp_path / "c.yaml").write_text(HEAD + tail)
    environ = {k: v for k, v in os.environ.items() if k not in ("TF_CONFIG", ENV_INDEX)}
    with mock.patch.dict(os.environ, environ, clear=True):
        ran = lstmspec(capsys, "run", "c.yaml", *args, cwd=tmp_path)
    assert ran.code == 1
    assert words in ran.err and "Traceback" not in ran.err
    assert not (tmp_path / "runs").exists()


class FakeConfig:
    """tf.config for a machine with one CPU and `gpus` GPUs (mirrored_devices' view)."""

    def __init__(self, gpus: int):
        self.gpus, self.logical = gpus, 1

    def list_physical_devices(self, kind):
        return ["cpu"] if kind == "CPU" else ["gpu"] * self.gpus

    def list_logical_devices(self, kind):
        return ["cpu"] * self.logical

    def set_logical_device_configuration(self, device, configs):
        self.logical = len(configs)

    @staticmethod
    def LogicalDeviceConfiguration():
        return object()


@pytest.mark.parametrize("gpus, devices, expected", [
    (2, ["GPU:0", "GPU:1"], ["/gpu:0", "/gpu:1"]),
    (0, ["CPU:0", "CPU:1", "CPU:2"], ["/cpu:0", "/cpu:1", "/cpu:2"]),
    (4, None, None),
    (1, ["GPU:0", "GPU:1"], "names GPU:1 but TensorFlow sees 1 GPU device(s) here"),
    (0, ["GPU:0"], "lists GPUs but TensorFlow sees none here"),
])
def test_mirrored_devices_against_the_machine(gpus, devices, expected):
    from types import SimpleNamespace

    from lstmspec.runner.distribute.strategy import mirrored_devices

    tf = SimpleNamespace(config=FakeConfig(gpus))
    if isinstance(expected, str):
        with pytest.raises(DistributeError, match=re.escape(expected)):
            mirrored_devices(tf, devices)
    else:
        assert mirrored_devices(tf, devices) == expected


@pytest.mark.parametrize("version, found, words", [
    ("3.16.0", "339fcf8e258d463f", "verified on Keras 3.15.x; this is Keras 3.16.0: install "
     "the verified Keras (pip install 'keras>=3.15.1,<3.16'"),
    ("3.15.9", "0123456789abcdef", "that this Keras 3.15.9 has changed (fingerprint "
     "0123456789abcdef, verified 339fcf8e258d463f): install the verified Keras"),
    ("3.15.1", None, "(fingerprint missing, verified 339fcf8e258d463f)"),
])
def test_a_keras_the_mend_was_not_verified_on_is_refused(version, found, words):
    from lstmspec.runner.distribute.keras_patch import FINGERPRINT, check

    assert FINGERPRINT == "339fcf8e258d463f"
    with pytest.raises(DistributeError, match=re.escape(words)):
        check(version, found)
    check("3.15.1", FINGERPRINT)  # the verified one passes
