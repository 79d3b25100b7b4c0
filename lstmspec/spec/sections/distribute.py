"""`train.distribute:`: which tf.distribute strategy trains the model (none, mirrored,
multi_worker), on which devices, and for multi_worker the cluster lstmspec turns into TF_CONFIG.

The batch size (train.batch_size) stays the GLOBAL batch: each gradient step sees that many
samples in all, split evenly across the replicas. Nothing here imports TensorFlow.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated

from ..base import StrictModel

StrategyName = Literal["none", "mirrored", "multi_worker"]
Device = Annotated[str, Field(pattern=r"^(GPU|CPU):[0-9]{1,3}$")]
# host:port, the host a name, an IPv4 address or a bracketed IPv6 address.
HostPort = Annotated[str, Field(max_length=300,
                                pattern=r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.\-]*):"
                                        r"[0-9]{1,5}$")]
MAX_WORKERS = 4096

# Which keys each strategy takes (the others are errors, so that a misplaced key is not ignored).
STRATEGY_KEYS: dict[str, tuple[str, ...]] = {
    "none": (),
    "mirrored": ("devices",),
    "multi_worker": ("cluster", "communication"),
}
OPTIONAL_KEYS = ("devices", "cluster", "communication")


class ClusterSpec(StrictModel):
    """The machines of a multi-worker job. lstmspec writes TF_CONFIG from it, with the task
    index of this process taken from `lstmspec run --worker-index N` (or the
    LSTMSPEC_WORKER_INDEX environment variable)."""

    workers: Annotated[list[HostPort], Field(min_length=1, max_length=MAX_WORKERS)]
    """`host:port` of every worker, in the same order in every worker's config; worker 0 is
    the chief (it alone writes the run directory). Each port must be free on its host."""

    @field_validator("workers")
    @classmethod
    def _unique_ports(cls, value):
        seen = set()
        for address in value:
            port = int(address.rsplit(":", 1)[1])
            if not 1 <= port <= 65535:
                raise PydanticCustomError("port_range", "port {port} of '{address}' is not a "
                                          "TCP port: use 1 to 65535",
                                          {"port": port, "address": address})
            if address in seen:
                raise PydanticCustomError("duplicate_worker", "'{address}' is listed twice: "
                                          "each worker needs its own host:port",
                                          {"address": address})
            seen.add(address)
        return value


def _name_or_mapping_schema(schema: dict) -> None:
    """In the JSON Schema, `distribute` is a strategy name or a mapping (validation turns a
    name into `{strategy: ...}` first)."""
    ref = {k: schema.pop(k) for k in list(schema) if k in ("$ref", "allOf")}
    schema["anyOf"] = [{"enum": ["none", "mirrored", "multi_worker"]}, ref]
    schema["default"] = "none"


class DistributeSpec(StrictModel):
    """How training is spread over devices and machines (tf.distribute)."""

    strategy: StrategyName = "none"
    """none: one device (the default); mirrored: every local GPU, or `devices`
    (tf.distribute.MirroredStrategy); multi_worker: several machines
    (tf.distribute.MultiWorkerMirroredStrategy), described by `cluster` or by TF_CONFIG."""
    devices: Optional[Annotated[list[Device], Field(min_length=1, max_length=256)]] = None
    """mirrored: the devices, e.g. [GPU:0, GPU:1]; by default every GPU TensorFlow sees. CPU
    devices ([CPU:0, CPU:1]) are logical devices of the one CPU: for tests, not for speed."""
    cluster: Optional[ClusterSpec] = None
    """multi_worker: the workers' `host:port` list; without it, TF_CONFIG must be set on every
    worker when it starts."""
    communication: Literal["auto", "ring", "nccl"] = "auto"
    """multi_worker: how gradients are all-reduced across workers: ring (gRPC), nccl (GPUs),
    or auto (TensorFlow chooses)."""

    @field_validator(*OPTIONAL_KEYS, mode="after")
    @classmethod
    def _taken_by_this_strategy(cls, value, info: ValidationInfo):
        strategy = info.data.get("strategy")
        if value is None:  # `cluster: null` says nothing
            return value
        if strategy in STRATEGY_KEYS and info.field_name not in STRATEGY_KEYS[strategy]:
            takers = [s for s, keys in STRATEGY_KEYS.items() if info.field_name in keys]
            raise PydanticCustomError(
                "strategy_argument", "strategy {strategy} has no `{key}` (only {takers} "
                "does): remove it", {"strategy": strategy, "key": info.field_name,
                                     "takers": " and ".join(takers)})
        return value

    @field_validator("devices")
    @classmethod
    def _one_kind_each_once(cls, value):
        kinds = {device.split(":")[0] for device in value}
        if len(kinds) > 1:
            raise PydanticCustomError("mixed_devices", "devices mixes GPUs and CPUs: list GPUs "
                                      "only (or CPUs only, for a test on a machine without one)",
                                      {})
        if len(set(value)) != len(value):
            twice = next(d for d in value if value.count(d) > 1)
            raise PydanticCustomError("duplicate_device", "{device} is listed twice: list each "
                                      "device once", {"device": twice})
        return value

    @model_validator(mode="before")
    @classmethod
    def _name_or_mapping(cls, value):
        return {"strategy": value} if isinstance(value, str) else value

    @property
    def active(self) -> bool:
        return self.strategy != "none"

    def replicas(self) -> Optional[int]:
        """The number of replicas when the config fixes it, else None (every local GPU, or
        devices per worker that only the machines know)."""
        if self.strategy == "none":
            return 1
        if self.strategy == "mirrored" and self.devices:
            return len(self.devices)
        return None

    def replica_factor(self) -> Optional[tuple[int, tuple]]:
        """A number that surely divides the replica count, with the key that sets it: the
        devices listed, or the workers of the cluster (each holds at least one replica, and
        every worker the same number). None when nothing is known."""
        if self.strategy == "mirrored" and self.devices:
            return len(self.devices), ("devices",)
        if self.strategy == "multi_worker" and self.cluster is not None:
            return len(self.cluster.workers), ("cluster", "workers")
        return None


DISTRIBUTE_FIELD = Field(default_factory=DistributeSpec,
                         json_schema_extra=_name_or_mapping_schema)
