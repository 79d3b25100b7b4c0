"""`--overwrite` that loses nothing: the old run's files are moved aside into `<run>/.replaced`
(renames in one folder, no copies), and removed only once the new run has written its first
checkpoint. A new run that fails before that (an error, Ctrl-C, SIGTERM) puts the old run back
at once; one that is killed outright leaves `.replaced`, and the next run in that folder puts
it back before it does anything else.

The put-back can itself be killed at any step, and is then finished by the next run, never
begun again: it first removes what the new run wrote (nothing of the old run is in the folder
yet), then renames `.replaced` to `.replaced.restoring`, a marker written before any file
moves back; from then on files only move back into the folder, and nothing there is ever
removed, so no file the put-back restored can be lost. Every step is a fault point
(LSTMSPEC_FAULT=putback@N, faults.py) that the tests kill at."""

from __future__ import annotations

import itertools
import os
import shutil

from ...source.atomic import fsync_dir
from ...source.faults import fault

ASIDE = ".replaced"
PARTIAL = ".replaced.partial"
RESTORING = ".replaced.restoring"


def pending(folder: str) -> bool:
    return any(os.path.exists(os.path.join(folder, name)) for name in (ASIDE, PARTIAL, RESTORING))


def move_aside(folder: str, names) -> None:
    """Move the run's own files and folders (`names`; the rest is never touched) aside."""
    partial = os.path.join(folder, PARTIAL)
    os.makedirs(partial, exist_ok=True)
    for name in names:
        if os.path.lexists(os.path.join(folder, name)):
            os.rename(os.path.join(folder, name), os.path.join(partial, name))
    fsync_dir(partial)
    os.rename(partial, os.path.join(folder, ASIDE))
    fsync_dir(folder)


def put_back(folder: str, names) -> bool:
    """Remove what the new run wrote (of `names`) and move the old run's files back; True
    when there was an old run to put back. Safe to repeat after a kill at any step (the module
    docstring). A `.replaced.partial` means the move aside was cut short: the new run had not
    written anything yet, and the files not yet moved are where they were."""
    aside, partial = os.path.join(folder, ASIDE), os.path.join(folder, PARTIAL)
    restoring = os.path.join(folder, RESTORING)
    if not any(os.path.isdir(p) for p in (aside, partial, restoring)):
        return False
    step = itertools.count(1)
    if os.path.isdir(aside):
        for name in names:
            if os.path.lexists(os.path.join(folder, name)):
                remove(os.path.join(folder, name))
                fault("putback", next(step))
        fsync_dir(folder)
        os.rename(aside, restoring)  # the marker: from here on, files only come back
        fsync_dir(folder)
        fault("putback", next(step))
    for source in (restoring, partial):
        if os.path.isdir(source):
            for name in sorted(os.listdir(source)):
                os.replace(os.path.join(source, name), os.path.join(folder, name))
                fault("putback", next(step))
            fsync_dir(folder)
            os.rmdir(source)
            fault("putback", next(step))
    fsync_dir(folder)
    return True


def drop(folder: str) -> None:
    """The new run has a checkpoint: the old run's files go for good."""
    for name in (ASIDE, PARTIAL):
        shutil.rmtree(os.path.join(folder, name), ignore_errors=True)


def remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)
