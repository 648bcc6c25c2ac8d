"""The store directory: opening it read-only, the lock beside it, and putting right
what an interrupted build left (see :mod:`graphkit.store.disk`, which builds it).

This module imports neither rdflib nor the build code, so that reading a store
(``graphkit query``) starts light.

Examples
--------
>>> from pathlib import Path
>>> lock_path(Path("/data/kg"))
PosixPath('/data/.kg.lock')
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graphkit.errors import StoreError

__all__ = ["StorePath", "lock_path", "open_store", "store_problem"]

StorePath = str | os.PathLike[str]


def open_store(store: StorePath) -> ox.Store:
    """Open a store read-only (several readers and a read-only server may share it).

    Raises
    ------
    StoreError
        There is no store at ``store`` or Oxigraph cannot open it.
    """
    path = Path(store)
    if not path.exists():
        _recover(path.absolute(), wait=False)
    if not path.is_dir():
        raise StoreError(f"no store at {path}: run `graphkit build` first (or give --store)")
    if not _looks_like_store(path):
        raise StoreError(f"{path} is not an Oxigraph store")
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as e:
        raise store_problem(e, path, "cannot open the store at") from e


#: What RocksDB says of a damaged store (pyoxigraph raises it as a RuntimeError or OSError).
_DAMAGE = ("Corruption", "checksum mismatch", "may be corrupted")


def store_problem(e: BaseException, store: Path, doing: str = "cannot write the store at"
                  ) -> BaseException:
    """A :class:`StoreError` saying in words what went wrong with a store, or ``e`` itself
    when it is not a disk or store problem (a bug, to be seen as one).

    >>> str(store_problem(OSError(28, "No space left on device"), Path("/data/kg")))
    'no space left on the device holding /data/kg: free some space and build again; the store is left as it was'
    >>> str(store_problem(RuntimeError("Corruption: block checksum mismatch"), Path("kg")))
    'the store at kg is damaged (Corruption: block checksum mismatch): rebuild it with `graphkit build --full`'
    >>> store_problem(RuntimeError("a bug"), Path("kg"))
    RuntimeError('a bug')
    """
    import errno

    text = str(e)
    if any(d in text for d in _DAMAGE):
        return StoreError(
            f"the store at {store} is damaged ({text.strip()}): "
            "rebuild it with `graphkit build --full`"
        )
    if not isinstance(e, OSError):
        return e
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = "" if e.errno == errno.ENOSPC else f" ({e.strerror})"
        return StoreError(
            f"no space left on the device holding {store}{why}: free some space and build "
            "again; the store is left as it was"
        )
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        where = e.filename or store
        return StoreError(
            f"{doing} {store}: {where}: {e.strerror}; the store and its lock are written in "
            "the folder that holds it, which must be writable"
        )
    return StoreError(f"{doing} {store}: {e.strerror or text}")


def _looks_like_store(path: Path) -> bool:
    """An Oxigraph (RocksDB) directory: it has ``CURRENT`` and a ``MANIFEST-*``."""
    return (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def _leftovers(target: Path, kind: str) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.{kind}-*"))


def _recover(target: Path, *, wait: bool = True) -> None:
    """Undo a swap cut short between its two renames; remove what interrupted builds left."""
    if not target.parent.is_dir():
        return
    try:
        with _locked(target, wait=wait):
            olds = _leftovers(target, "old")
            if not target.exists() and olds:
                newest = max(olds, key=lambda p: p.stat().st_mtime)
                os.rename(newest, target)
                olds.remove(newest)
            for stale in olds + _leftovers(target, "build"):
                shutil.rmtree(stale, ignore_errors=True)
    except StoreError:
        return  # a build is running: it will do this itself


_held: set[Path] = set()


def lock_path(target: Path) -> Path:
    """The lock file of a store: ``.<name>.lock`` beside it (beside its target for a symlink)."""
    real = _real(target)
    return real.parent / f".{real.name}.lock"


def _real(target: Path) -> Path:
    """The store directory itself: a ``--store`` that is a symlink stands for its target."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(fh: Any) -> int | None:
    """The pid written in a lock file, if any."""
    try:
        fh.seek(0)
        text = fh.read(32).strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _take_over(lock: Path) -> Any:
    """A fresh lock file, locked, renamed over one whose holder has died.

    Processes that inherited the old file (orphaned workers) keep their lock
    on it, but every later build opens the new one.
    """
    import fcntl

    fresh = lock.with_name(f"{lock.name}.{os.getpid()}-{secrets.token_hex(4)}")
    fh = open(fresh, "w+", encoding="utf-8")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        os.rename(fresh, lock)
        if os.stat(lock).st_ino != os.fstat(fh.fileno()).st_ino:  # another took it over first
            raise BlockingIOError
    except BaseException:
        fh.close()
        with contextlib.suppress(OSError):
            fresh.unlink()
        raise
    return fh


@contextlib.contextmanager
def _locked(target: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside the store (re-entrant within one process).

    The lock file holds the pid of the build that holds it. A lock still held
    once that process has died (by workers it left behind) is taken over.
    """
    if target in _held:
        yield
        return
    import fcntl

    lock = lock_path(target)
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fh = open(lock, "a+", encoding="utf-8")
    except OSError as e:
        raise store_problem(e, target, "cannot build the store at") from e
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as e:
            pid = _holder(fh)
            if pid is None or _pid_alive(pid):
                who = f" (pid {pid})" if pid else ""
                raise StoreError(
                    f"another build{who} is writing {target}; try again when it is done"
                ) from e
            fh.close()
            try:
                fh = _take_over(lock)
            except BlockingIOError as e2:
                raise StoreError(
                    f"another build is writing {target}; try again when it is done"
                ) from e2
        else:
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()
        _held.add(target)
        try:
            yield
        finally:
            _held.discard(target)
            fcntl.flock(fh, fcntl.LOCK_UN)
    finally:
        fh.close()
