"""The SHA-256 of the files a run directory answers from, recorded when they are written and
checked when they are read (Git's habit: a file is trusted because its digest was recorded).

run.json holds `sha256: {config.yaml, preparation.json, model.keras}`; exports.json holds, for
each export, the digest of the export itself (a folder's: of its files, by relative path)
and of the model.keras it was made from. Reading in 1 MiB blocks: a 50 MB model costs about
a tenth of a second (bench/bench_verify.py)."""

from __future__ import annotations

import hashlib
import os

KEY = "sha256"  # run.json: file name -> hex digest
VERIFIED = ("config.yaml", "preparation.json", "model.keras")
BLOCK = 1 << 20


def of_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def of_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def of_tree(folder: str) -> str:
    """A folder's digest: each file's relative path and digest, in path order."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            digest.update(f"{relative}\0{of_file(path)}\n".encode("utf-8"))
    return digest.hexdigest()


def of_path(path: str) -> str:
    return of_tree(path) if os.path.isdir(path) else of_file(path)
