"""Embedding: integer ids to dense vectors (keras/src/layers/core/embedding.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field
from typing_extensions import Annotated

from ..base import LayerSpec
from ..shapes import Inferred, Shape, fmt
from ..vocab import InitializerName, Units


class EmbeddingSpec(LayerSpec):
    """Turns token ids into dense vectors (keras.layers.Embedding).

    Input shape: (batch, ...) of integer ids in [0, input_dim).
    Output shape: (batch, ..., output_dim).
    """

    KERAS_CLASS: ClassVar[str] = "Embedding"
    TOKEN_IDS: ClassVar[bool] = True
    SIZE_ARGUMENT: ClassVar[str] = "output_dim"

    type: Literal["Embedding"]
    input_dim: Annotated[int, Field(gt=0, le=100_000_000)]
    """Vocabulary size: the largest token id plus one."""
    output_dim: Units
    """Size of each embedding vector."""
    mask_zero: bool = False
    """Treat id 0 as padding and pass a mask to the following layers. Recurrent layers use
    it; Conv1D and Flatten drop it."""
    embeddings_initializer: InitializerName = "uniform"
    """Initializer of the embedding matrix."""

    def infer(self, shape: Shape) -> Inferred:
        return Inferred(shape + (self.output_dim,), trainable=self.input_dim * self.output_dim)

    def makes_mask(self) -> bool:
        return self.mask_zero

    def initialized_matrices(self, features: int) -> dict[str, tuple[int, int]]:
        return {"embeddings_initializer": (self.input_dim, self.output_dim)}

    def formula(self, shape: Shape) -> str:
        return (f"input_dim x output_dim = {self.input_dim} x {self.output_dim} = "
                f"{self.input_dim * self.output_dim:,}")

    def describe(self, shape: Shape, out: Shape) -> str:
        return (f"replaces each token id (0 to {self.input_dim - 1}) by a learned vector of "
                f"{self.output_dim} numbers -> {fmt(out)}")


SPEC = EmbeddingSpec
