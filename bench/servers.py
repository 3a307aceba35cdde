"""The servers bench/size.py times (gunicorn with the bench settings, Datasette) and the HTTP client it times them with.

Each server is a child process on a free port of 127.0.0.1, started by a context manager that stops it on the way
out, whatever happens in between. The client opens a connection per request, as gunicorn's synchronous workers close
it after each response anyway, and reads the whole body: the time is what a reader on the same machine waits for.
"""

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A request still running after gunicorn's own timeout (30 s) has been killed; the client gives up a little later.
CLIENT_TIMEOUT = 35


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    """(status, body bytes, seconds) of one GET; status 0 and the exception's name as body when it failed."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        status, body = 0, type(error).__name__.encode()
    finally:
        connection.close()
    return status, body, time.perf_counter() - start


def rss_kb(pid):
    """The resident memory of process `pid` in KB (VmRSS in /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"No VmRSS for process {pid}")


def _wait_until_up(process, port, path, log):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server on port {port} exited with {process.returncode}; see {log}")
        if get(port, path)[0] == 200:
            return
        time.sleep(0.5)
    raise RuntimeError(f"The server on port {port} did not answer {path} within 120 s; see {log}")


@contextlib.contextmanager
def _serving(command, env, port, ready_path, log):
    with open(log, "ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_up(process, port, ready_path, log)
        yield port
    finally:
        # TERM to the process group: the server and its workers (gunicorn finishes their current request first).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def gunicorn(database_url, cache_directory, log, *, workers, page_cache_seconds=None):
    """Serve Pacta with the bench settings and gunicorn.conf.py on a free port; yields the port."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "CACHE_URL": f"file://{cache_directory}",
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    env.pop("PAGE_CACHE_SECONDS", None)
    if page_cache_seconds is not None:
        env["PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    return _serving(command, env, port, "/__bench__/bare/", log)


def datasette(executable, sqlite_file, log):
    """Serve `sqlite_file` read-only with Datasette on a free port; yields the port."""
    port = free_port()
    command = [
        str(executable),
        "serve",
        "--immutable",
        str(sqlite_file),
        "-p",
        str(port),
        "--setting",
        "default_facet_size",
        "10",
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "sql_time_limit_ms",
        "20000",
    ]
    return _serving(command, dict(os.environ), port, "/-/versions.json", log)


def worker_memory(port, collect=False):
    """What /__bench__/memory/ says about the worker that answers: pid, RSS, gc statistics (and a full collection)."""
    status, body, _seconds = get(port, "/__bench__/memory/" + ("?collect=1" if collect else ""))
    if status != 200:
        raise RuntimeError(f"/__bench__/memory/ answered {status}")
    return json.loads(body)
