"""This process's place in a tf.distribute job, worked out without TensorFlow: the strategy,
and for multi_worker its task and whether it is the chief, from the config's `cluster`
section and --worker-index (lstmspec then writes TF_CONFIG) or from TF_CONFIG itself."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from ..errors import DistributeError

ENV_INDEX = "LSTMSPEC_WORKER_INDEX"


@dataclass(frozen=True)
class Role:
    """What this process is in the job: the strategy, and for multi_worker its task."""

    strategy: str = "none"
    chief: bool = True
    task: str = "worker"
    index: int = 0
    workers: int = 1  # the tasks that train (workers, plus a chief task if there is one)
    tf_config: str | None = None  # what TF_CONFIG is set to (multi_worker)

    def describe(self) -> str:
        if self.strategy != "multi_worker":
            return self.strategy
        who = "the chief" if self.chief else "not the chief"
        return f"multi_worker, {self.task} {self.index} of {self.workers} ({who})"


def worker_index(option: int | None, environ=os.environ) -> int | None:
    """--worker-index, else LSTMSPEC_WORKER_INDEX, else None."""
    if option is not None:
        return option
    text = environ.get(ENV_INDEX, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise DistributeError(f"{ENV_INDEX}={text[:40]!r} is not a worker index: set it to 0, "
                              "1, ... (this machine's place in train.distribute.cluster.workers)")
    return int(text)


def plan(spec, option: int | None = None, environ=os.environ) -> Role:
    """This process's role, from the config's `distribute` and --worker-index or TF_CONFIG.
    For a `cluster` section it writes TF_CONFIG into `environ`. Imports no TensorFlow."""
    index = worker_index(option, environ)
    if spec.strategy != "multi_worker":
        if index is not None:
            raise DistributeError("--worker-index (or LSTMSPEC_WORKER_INDEX) is for "
                                  "train.distribute.strategy multi_worker with a cluster; this "
                                  f"config's strategy is {spec.strategy}: drop it")
        return Role(spec.strategy)
    if spec.cluster is not None:
        return plan_cluster(spec.cluster.workers, index, environ)
    if index is not None:
        raise DistributeError("--worker-index needs train.distribute.cluster (the workers' "
                              "host:port list); without one, TF_CONFIG names this worker's task")
    return role_from_tf_config(environ.get("TF_CONFIG"))


def plan_cluster(workers: list, index: int | None, environ) -> Role:
    count = len(workers)
    if index is None:
        raise DistributeError(f"which worker is this? The cluster has {count} workers: run "
                              f"`lstmspec run CONFIG --worker-index N` with N from 0 to "
                              f"{count - 1} (0 on {workers[0]}), or set {ENV_INDEX}")
    if index >= count:
        raise DistributeError(f"--worker-index {index} is past the cluster's {count} workers: "
                              f"use 0 to {count - 1}")
    tf_config = json.dumps({"cluster": {"worker": list(workers)},
                            "task": {"type": "worker", "index": index}})
    if environ.get("TF_CONFIG", tf_config) != tf_config:
        raise DistributeError("TF_CONFIG is set in the environment and the config has "
                              "train.distribute.cluster: use one of them (unset TF_CONFIG, or "
                              "remove the cluster section)")
    environ["TF_CONFIG"] = tf_config
    return Role("multi_worker", index == 0, "worker", index, count, tf_config)


def role_from_tf_config(text: str | None) -> Role:
    """The role TF_CONFIG gives: the chief is the `chief` task, else worker 0 (TensorFlow's
    rule for MultiWorkerMirroredStrategy)."""
    hint = ("set TF_CONFIG on every worker, e.g. {\"cluster\": {\"worker\": [\"host1:2222\", "
            "\"host2:2222\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}, or add "
            "train.distribute.cluster and use --worker-index")
    if not text:
        raise DistributeError(f"strategy multi_worker needs the cluster: {hint}")
    try:
        config = json.loads(text)
        cluster, task = config["cluster"], config["task"]
        kind, index = task["type"], int(task["index"])
        jobs = {name: list(cluster[name]) for name in ("chief", "worker") if name in cluster}
    except (ValueError, TypeError, KeyError) as err:
        raise DistributeError(f"TF_CONFIG is not a cluster description ({type(err).__name__}: "
                              f"{str(err)[:80]}): {hint}") from None
    if kind not in jobs or not 0 <= index < len(jobs[kind]):
        raise DistributeError(f"TF_CONFIG's task {kind} {index} is not in its cluster (jobs: "
                              f"{', '.join(f'{k} x{len(v)}' for k, v in jobs.items()) or 'none'}"
                              "): only chief and worker tasks train; fix task.type/index")
    chief = kind == "chief" or ("chief" not in jobs and index == 0)
    tasks = sum(len(v) for v in jobs.values())
    return Role("multi_worker", chief, kind, index, tasks, text)
