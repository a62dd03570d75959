"""Write output files atomically: a temporary file in the same folder, then rename.

A crash or error mid-write never leaves a half-written file behind. A process
killed mid-write (``kill -9``) cannot remove its temporary file; its name holds
the writer's process id, and the next write of the same file removes the
temporary files of writers that are gone.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from kg.errors import Errors, KgError


def _umask() -> int:
    """The process's file mode creation mask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


def _remove_orphans(path: Path) -> None:
    """Remove the temporary files of ``path`` left by writers that were killed."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].partition(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` by way of a temporary file and a rename.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.trig"
    >>> write_atomic(out, "ok")
    >>> out.read_text()
    'ok'
    >>> oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    True
    """
    write_atomic_files({path: text})


def write_atomic_files(files: Mapping[Path, str]) -> None:
    """Write each text (UTF-8) to its path: all to temporary files first, then
    the renames, so that a failed write (a full disk) leaves none of them
    written, not one without the other.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic_files({folder / "graph.trig": "rdf", folder / "graph.html": "page"})
    >>> sorted(p.name for p in folder.iterdir())
    ['graph.html', 'graph.trig']
    """
    written: dict[Path, Path] = {}
    try:
        for path, text in files.items():
            written[path] = _write_temporary(path, text)
        for path, tmp in written.items():
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise KgError(Errors.E014.format(path=path, reason=exc.strerror or exc)) from exc
    finally:
        for tmp in written.values():
            tmp.unlink(missing_ok=True)


def _write_temporary(path: Path, text: str) -> Path:
    """``text`` in a new temporary file beside ``path`` (synced to disk)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_orphans(path)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
        )
    except (FileExistsError, NotADirectoryError) as exc:
        reason = "a file is where its folder should be"
        raise KgError(Errors.E014.format(path=path, reason=reason)) from exc
    except OSError as exc:
        raise KgError(Errors.E014.format(path=path, reason=exc.strerror or exc)) from exc
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # what open() would give, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise KgError(Errors.E014.format(path=path, reason=exc.strerror or exc)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)
