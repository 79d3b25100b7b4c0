"""The console blocks of README.md and docs/*.md, read and re-run as a user would type them.

A console block is a fenced block whose language is `console`: `$ command` lines, each followed
by what it prints (standard output and standard error together, in the order printed):

    ```console status="1"
    $ lstmspec lint examples/broken/stacked_lstm.yaml
    examples/broken/stacked_lstm.yaml:15:5: LS102 ...
    ...
    Found 1 error and 0 warnings in 1 file.
    ```

The fence's attributes (after `console`, as `key="value"`; GitHub shows none of them):

- `norun="why"`: the block is not re-run, and says why (a GPU, a second machine, a network);
- `status="N"`: every command exits N (`"0,1"`: the first 0, the second 1); the default is 0;
- `id="NAME"` and `after="NAME"`: the block runs in a copy of the folder that block NAME of the
  same document left (a run, then predict on its directory); without `after`, in a fresh copy
  of the repository's `examples/` (a git work tree, as a checkout is).

In the output, a line `...` stands for any number of lines (none included). Volatile parts (a
run directory's time stamp, timings) are replaced by MASKS, in the document and in the output
alike, before they are compared; everything else must be equal. The figures a training
computes (losses, scores, the epoch early stopping chose) are seeded and deterministic
(train.deterministic), bit-identical from run to run on one machine, but not from one CPU to
another (TensorFlow's kernels sum in the order of the instructions the CPU has): in a block
that trains, or runs after one that did, they are masked too (TRAINED_MASKS), while the lines,
their words and the data's own counts and shapes are still compared.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "README.md",) + tuple(sorted((ROOT / "docs").glob("*.md")))
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
ATTRIBUTE = re.compile(r'([a-z][a-z-]*)="([^"]*)"')
KNOWN_ATTRIBUTES = {"norun", "status", "id", "after"}

# What differs from one run (or machine) to the next, each with why; applied to both sides.
MASKS = (
    # the time a run started, in its default directory's name (runs/<name>-YYYYMMDD-HHMMSS)
    (re.compile(r"(?<=-)\d{8}-\d{6}\b"), "<timestamp>"),
    # Keras's progress line: the time of the epoch and of a step (the losses stay)
    (re.compile(r"^(\s*\d+/\d+) - \d+s - \d+(?:\.\d+)?[mu]?s/step"), r"\1 - <time>/step"),
    # wall time and throughput of training
    (re.compile(r"in [\d.]+ s \([\d,]+ samples/s\)"), "in <time> (<throughput>)"),
)
# What a training computes, in the blocks that train (see above): decimals and percentages,
# and the epochs early stopping chose and training ran.
TRAINED_MASKS = (
    (re.compile(r"(?<![\w.])-?\d+(?:,\d{3})*\.\d+(?:e[+-]?\d+)?%?"), "<figure>"),
    (re.compile(r"\bepoch \d+"), "epoch <n>"),
    (re.compile(r"\b\d+ epoch\(s\)"), "<n> epoch(s)"),
)
# The commands that need the runner's extra (TensorFlow, NumPy; tune: Optuna), and those of
# them that train (seconds to minutes on 2 cores).
RUNNER_COMMANDS = {"build", "run", "predict", "forecast", "evaluate", "export", "tune",
                   "backtest", "serve"}
TRAINING_COMMANDS = {"run", "tune", "backtest"}


@dataclass
class Command:
    line: str  # as written after "$ "
    expected: list = field(default_factory=list)  # the output lines as documented

    def programs(self) -> set:
        """The lstmspec subcommands this command line runs."""
        words = shlex.split(self.line, comments=True)
        return {after for word, after in zip(words, words[1:]) if word == "lstmspec"}


@dataclass
class Block:
    doc: Path
    line: int  # of the opening fence, 1-based
    attributes: dict
    commands: list

    @property
    def name(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"

    @property
    def statuses(self) -> list:
        written = [int(s) for s in self.attributes.get("status", "0").split(",")]
        return written * len(self.commands) if len(written) == 1 else written

    def programs(self) -> set:
        """The lstmspec subcommands this block runs."""
        return set().union(*(c.programs() for c in self.commands))

    def trains(self) -> bool:
        """Whether a command of this block trains to the end (a run that stops on its data
        before TensorFlow starts does not)."""
        return any(c.programs() & TRAINING_COMMANDS and status in (0, 8)
                   for c, status in zip(self.commands, self.statuses))


def fenced_blocks(doc: Path):
    """(line of the opening fence, info string, body lines) of every fenced block of `doc`."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, end = match.group("fence"), i + 1
        while end < len(lines) and not (lines[end].startswith(fence)
                                        and lines[end].strip(fence[0]) == ""):
            end += 1
        yield i + 1, match.group("info").strip(), lines[i + 1:end]
        i = end + 1


def console_blocks(doc: Path) -> list:
    blocks = []
    for line, info, body in fenced_blocks(doc):
        if info.split(" ", 1)[0] != "console":
            continue
        attributes = dict(ATTRIBUTE.findall(info))
        commands = []
        for text in body:
            if text.startswith("$ "):
                commands.append(Command(text[2:]))
            elif commands:
                commands[-1].expected.append(text)
            else:
                raise AssertionError(f"{doc.name}:{line}: a console block starts with `$ `")
        blocks.append(Block(doc, line, attributes, commands))
    return blocks


def all_console_blocks() -> list:
    return [block for doc in DOCS for block in console_blocks(doc)]


def by_id(block: Block) -> Block:
    """The block that `block` runs after (its `after`), in the same document."""
    wanted = block.attributes["after"]
    found = [b for b in console_blocks(block.doc) if b.attributes.get("id") == wanted]
    assert len(found) == 1, f"{block.name}: after={wanted!r} names {len(found)} blocks"
    return found[0]


def chain(block: Block) -> list:
    """The blocks that run before `block` in its folder, then `block` itself."""
    blocks = [block]
    while "after" in blocks[0].attributes:
        blocks.insert(0, by_id(blocks[0]))
    return blocks


def mask(text: str, trained: bool = False) -> str:
    for pattern, replacement in MASKS + (TRAINED_MASKS if trained else ()):
        text = pattern.sub(replacement, text)
    return text.rstrip()


def normal(lines, trained: bool = False) -> list:
    """Masked lines, without trailing blank lines."""
    out = [mask(line, trained) for line in lines]
    while out and out[-1] == "":
        out.pop()
    return out


def matches(expected: list, actual: list, trained: bool = False) -> bool:
    """Whether the actual lines are the expected ones, a `...` line standing for any lines."""
    pattern = "".join(r"(?:[^\n]*\n)*?" if line.strip() == "..." else re.escape(line) + "\n"
                      for line in normal(expected, trained))
    return re.fullmatch(pattern, "".join(line + "\n" for line in normal(actual, trained))) \
        is not None


def difference(expected: list, actual: list, trained: bool = False) -> str:
    return "\n".join(difflib.unified_diff(normal(expected, trained), normal(actual, trained),
                                          "documented", "printed", lineterm=""))


@dataclass
class Ran:
    command: str
    status: int
    output: list


class Workspaces:
    """Runs blocks, each in its own folder: a fresh copy of examples/ (a git work tree), or a
    copy of the folder the block it runs after left. A block's results are kept, so that a
    chain (a run, then predict on its directory) trains once for every block after it, and
    two blocks with the same commands from a fresh folder (the same example in two documents)
    run once; still, each test runs what it needs itself and depends on no other test."""

    def __init__(self, base: Path):
        self.base = base
        self.done: dict = {}
        self.folders = 0
        self.env = self._environment()

    def _environment(self) -> dict:
        shims = self.base / "bin"
        shims.mkdir(parents=True, exist_ok=True)
        shim = shims / "lstmspec"  # the lstmspec of this checkout, on this interpreter
        shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m lstmspec "$@"\n')
        shim.chmod(0o755)
        env = dict(os.environ)
        env.update(PATH=f"{shims}{os.pathsep}{env.get('PATH', '')}",
                   PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT),
                                                            env.get("PYTHONPATH")))),
                   PYTHONUNBUFFERED="1",  # stdout and stderr in the order printed
                   COLUMNS="100", TERM="dumb", TF_CPP_MIN_LOG_LEVEL="3")
        env.pop("LSTMSPEC_WORKER_INDEX", None)
        env.pop("TF_CONFIG", None)
        return env

    def key(self, block: Block) -> tuple:
        before = self.key(by_id(block)) if "after" in block.attributes else ()
        return before + (tuple(c.line for c in block.commands),)

    def run(self, block: Block):
        """(the folder after `block`, what each of its commands printed)."""
        key = self.key(block)
        if key in self.done:
            return self.done[key]
        previous = self.run(by_id(block))[0] if "after" in block.attributes else None
        self.folders += 1
        folder = self.base / f"block{self.folders}"
        if previous is not None:
            shutil.copytree(previous, folder, symlinks=True)
        else:
            folder.mkdir()
            shutil.copytree(ROOT / "examples", folder / "examples")
            (folder / ".git").mkdir()  # a work tree: lint reads the data files of the examples
        ran = []
        for command in block.commands:
            done = subprocess.run(["bash", "-c", command.line], cwd=folder, env=self.env,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=900)
            ran.append(Ran(command.line, done.returncode, done.stdout.splitlines()))
        self.done[key] = folder, ran
        return self.done[key]
