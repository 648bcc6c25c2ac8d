"""Run one function over many files: in this process, a process pool, or a Dask cluster.

:func:`map_files` is how ``graphkit extract`` and ``graphkit build`` spread
their per-file work. Whatever the executor, results come back in file order
and only a bounded number of files is in flight (``AHEAD`` per worker), so the
consumer sees the same sequence as a run in one process and memory stays
bounded however many files there are.

Executors:

- ``local``: this process (``jobs=1``) or a pool of ``jobs`` processes.
- ``dask``: a Dask distributed cluster, the one whose scheduler listens at
  ``scheduler`` (``tcp://host:8786``), or, without one, a cluster of ``jobs``
  worker processes started on this machine for the run. The workers read the
  files themselves, at the paths given: they must see the same files at the
  same paths (a shared file system), and have the same graphkit installed.
  Needs the ``cluster`` extra (``pip install graphkit[cluster]``).

Examples
--------
>>> list(map_files(len, ["a", "bb", "ccc"]))
[1, 2, 3]
>>> list(map_files(len, ["a"], executor="spark"))
Traceback (most recent call last):
...
graphkit.errors.ExecutorError: unknown executor 'spark': choose local or dask
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from graphkit.errors import ExecutorError

__all__ = ["AHEAD", "EXECUTORS", "map_files", "worker_peaks"]

#: The executors :func:`map_files` knows.
EXECUTORS = ("local", "dask")
#: Files in flight per worker: enough for a large file at the head to leave
#: the other workers busy, few enough that results waiting for it stay small.
AHEAD = 4

T = TypeVar("T")
R = TypeVar("R")


def map_files(
    work: Callable[[T], R],
    files: Sequence[T],
    *,
    executor: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[R]:
    """``map(work, files)`` on the executor chosen, in file order.

    Parameters
    ----------
    work
        A picklable function of one file (a module-level function or a
        :func:`functools.partial` of one), for the process and Dask executors.
    files
        What ``work`` takes, one item per file.
    executor
        ``local`` or ``dask`` (see the module docstring).
    jobs
        Processes for ``local``; for ``dask`` without a scheduler, the worker
        processes of the cluster started for the run.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``).

    Raises
    ------
    ExecutorError
        An unknown executor, a scheduler given to ``local``, the ``cluster``
        extra missing, or a cluster that cannot be reached or loses its work.
    """
    if executor not in EXECUTORS:
        raise ExecutorError(f"unknown executor {executor!r}: choose {' or '.join(EXECUTORS)}")
    if not files:
        return iter(())
    if executor == "local":
        if scheduler:
            raise ExecutorError("--scheduler needs --executor dask")
        if jobs > 1 and len(files) > 1:
            return _in_processes(work, files, jobs)
        return map(work, files)
    return _on_dask(work, files, jobs, scheduler)


def _in_processes(work: Callable[[T], R], files: Sequence[T], jobs: int) -> Iterator[R]:
    """``map(work, files)`` in ``jobs`` processes, at most ``AHEAD * jobs`` files in flight."""
    from concurrent.futures import Future, ProcessPoolExecutor

    from graphkit.extraction.build import _die_with_parent

    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)
    )
    pending: deque[Future] = deque()
    try:
        for f in files:
            pending.append(pool.submit(work, f))
            if len(pending) >= AHEAD * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise ExecutorError(
            "--executor dask needs the cluster extra: pip install 'graphkit[cluster]'"
        ) from None
    return distributed


def _on_dask(
    work: Callable[[T], R], files: Sequence[T], jobs: int, scheduler: str | None
) -> Iterator[R]:
    """``map(work, files)`` on a Dask cluster, at most ``AHEAD`` files per worker thread in flight."""
    distributed = _dask()
    cluster = None
    try:
        if scheduler:
            client = distributed.Client(scheduler, timeout="20s", set_as_default=False)
        else:
            cluster = distributed.LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                host="127.0.0.1",
            )
            client = distributed.Client(cluster, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        if cluster is not None:
            cluster.close()
        raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e
    pending: deque = deque()
    try:
        slots = max(sum(client.nthreads().values()), 1)
        for f in files:
            pending.append(client.submit(work, f, pure=False))
            if len(pending) >= AHEAD * slots:
                yield _result(pending.popleft(), scheduler)
        while pending:
            yield _result(pending.popleft(), scheduler)
    finally:
        for fut in pending:
            fut.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _result(future: Any, scheduler: str | None) -> Any:
    try:
        return future.result()
    except (OSError, TimeoutError) as e:
        where = scheduler or "the local Dask cluster"
        raise ExecutorError(f"lost the work on {where}: {type(e).__name__}: {e}") from e
    finally:
        future.release()


def worker_peaks(scheduler: str) -> dict[str, int]:
    """Peak resident memory (bytes) of each worker process of a Dask cluster so far.

    For benchmarks: what one worker needed at most for the files it was given.
    """
    distributed = _dask()
    with distributed.Client(scheduler, timeout="20s", set_as_default=False) as client:
        return dict(client.run(_peak_rss))


def _peak_rss() -> int:
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024
