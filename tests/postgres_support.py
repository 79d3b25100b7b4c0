"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a server on
127.0.0.1 at a free port (trust authentication, no other listener), stopped and removed at the
end even when the test fails. PostgreSQL refuses to run as root: under root (CI) the server runs
as the `postgres` user that Debian's package creates. Where the server is not installed or does
not start, the test is skipped with the reason (.ci/run installs Debian's `postgresql`)."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

import pytest

INSTALL_HINT = "Debian's postgresql package (.ci/run installs it with apt-get)"


def server_programs() -> str:
    """The folder of initdb and pg_ctl (the newest version installed), or skip."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        pytest.skip(f"PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/pg_ctl "
                    f"({INSTALL_HINT})")
    return os.path.dirname(found[-1])


def as_server_user() -> list:
    """The command prefix that runs a program as the server's user: nothing, or runuser to
    `postgres` for root (the server refuses to run as root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no postgres user to run the server "
                    f"({INSTALL_HINT})")
    if shutil.which("runuser") is None:
        pytest.skip("running as root and runuser is missing: the server cannot run as postgres")
    return ["runuser", "-u", "postgres", "--"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def cluster():
    """Yields a database URL (postgresql://postgres@127.0.0.1:PORT/postgres)."""
    programs, prefix = server_programs(), as_server_user()
    folder = tempfile.mkdtemp(prefix="lstmspec-pg-")  # not under pytest's 0700 root folders
    data, log = os.path.join(folder, "data"), os.path.join(folder, "server.log")
    if prefix:
        os.chown(folder, pwd.getpwnam("postgres").pw_uid, -1)
    port = free_port()
    started = False
    try:
        made = subprocess.run([*prefix, f"{programs}/initdb", "-D", data, "-A", "trust", "-U",
                               "postgres", "--no-sync", "-E", "UTF8"], capture_output=True,
                              text=True, timeout=180)
        if made.returncode != 0:
            pytest.skip(f"initdb failed: {(made.stderr or made.stdout).strip()[-300:]}")
        options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"
        start = subprocess.run([*prefix, f"{programs}/pg_ctl", "-D", data, "-o", options, "-l",
                                log, "-w", "-t", "120", "start"], capture_output=True,
                               text=True, timeout=180)
        started = start.returncode == 0
        if not started:
            reason = start.stderr
            with contextlib.suppress(OSError):
                reason = open(log, encoding="utf-8", errors="replace").read()[-300:]
            pytest.skip(f"the PostgreSQL server did not start: {reason.strip()}")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run([*prefix, f"{programs}/pg_ctl", "-D", data, "-m", "immediate", "-w",
                            "stop"], capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)
