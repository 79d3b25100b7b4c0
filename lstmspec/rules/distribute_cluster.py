"""LS421: strategy multi_worker without a `cluster` section: TF_CONFIG must then be set on
every worker when it starts.

A warning, not an error: a launcher (a scheduler, a Kubernetes operator) commonly sets
TF_CONFIG itself, and that is a valid way to run. Without one, `lstmspec run` stops with a
message that says what to set.
"""

from __future__ import annotations

from ..diagnostics import Finding

CODE = "LS421"


def check(ctx):
    train = ctx.model.train
    if train is None or train.distribute.strategy != "multi_worker":
        return
    if train.distribute.cluster is not None:
        return
    path = ("train", "distribute", "strategy")  # `distribute: multi_worker` -> its value
    yield Finding(CODE, "strategy multi_worker has no `cluster`, so the TF_CONFIG environment "
                  "variable must describe the workers on every machine when `lstmspec run` "
                  "starts: add `cluster: {workers: [host1:2222, host2:2222]}` and run each "
                  "worker with --worker-index N, or set TF_CONFIG (see docs/distribute.md)", path)

