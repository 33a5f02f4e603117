"""Packing a directory into a tar archive and unpacking one, refusing anything but plain files.

Submissions travel as uncompressed tar archives. Both ends check them:

* ``pack`` (student side) gives an early, friendly refusal that lists every symlink, special
  file (FIFO, socket, device) and oversized file it found, so the student can fix them all at once;
* ``unpack`` (service side) is the check that counts, because a student can send any bytes they
  like: only regular files and directories, no absolute paths, no ``..``, no duplicates, bounded
  sizes and counts, and files created with ``O_EXCL | O_NOFOLLOW`` inside a fresh directory.

Why refuse rather than skip: stock nbgrader silently drops large files and follows symlinks on
``collect``, which copies whatever the *instructor* can read (the solution notebook) into the
student's graded copy. A refusal with the reason is what a student can act on.
"""

import fnmatch
import io
import os
import stat
import tarfile
from dataclasses import dataclass


class ArchiveError(Exception):
    """Raised when a directory or an archive holds something a submission may not contain.

    ``problems`` lists one human-readable line per offending path.
    """

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Limits:
    """Size bounds of one archive; the service sends its own to clients in ``hello``."""

    max_bytes: int = 20 * 2**20
    max_file_bytes: int = 10 * 2**20
    max_files: int = 500
    max_depth: int = 16

    def as_dict(self):
        return dict(self.__dict__)


def _mb(n):
    """A size for humans: bytes, KiB or MiB."""
    if n < 1024:
        return f"{n} bytes"
    return f"{n / 1024:.1f} KiB" if n < 2**20 else f"{n / 2**20:.1f} MiB"


def _ignored(name, ignore, include, is_dir):
    if any(fnmatch.fnmatch(name, pat) for pat in ignore):
        return True
    return not is_dir and not any(fnmatch.fnmatch(name, pat) for pat in include)


def _scan(src, rel, ignore, include, limits, problems, entries):
    """Walk ``src/rel`` without following links, sorting entries into plain files and problems."""
    with os.scandir(os.path.join(src, rel)) as it:
        items = sorted(it, key=lambda e: e.name)
    for entry in items:
        path = os.path.normpath(os.path.join(rel, entry.name))
        st = entry.stat(follow_symlinks=False)
        if _ignored(entry.name, ignore, include, stat.S_ISDIR(st.st_mode)):
            continue
        if stat.S_ISLNK(st.st_mode):
            problems.append(f"{path}: is a symbolic link (submissions may contain only plain files; "
                            "replace it with a copy of the file)")
        elif stat.S_ISDIR(st.st_mode):
            if path.count(os.sep) >= limits.max_depth:
                problems.append(f"{path}: is nested more than {limits.max_depth} levels deep")
            else:
                _scan(src, path, ignore, include, limits, problems, entries)
        elif not stat.S_ISREG(st.st_mode):
            problems.append(f"{path}: is a special file (FIFO, socket or device), not a plain file")
        elif st.st_size > limits.max_file_bytes:
            problems.append(f"{path}: is {_mb(st.st_size)}, larger than the limit of "
                            f"{_mb(limits.max_file_bytes)} per file")
        else:
            entries.append((path, st))


def pack(src, limits, ignore=(), include=("*",)):
    """Return ``(tar_bytes, names)`` for the files under ``src``; raise ArchiveError listing problems.

    ``ignore``/``include`` are nbgrader's CourseDirectory globs (matched on each name).
    """
    problems, entries = [], []
    _scan(src, ".", ignore, include, limits, problems, entries)
    total = sum(st.st_size for _, st in entries)
    if len(entries) > limits.max_files:
        problems.append(f"{len(entries)} files, more than the limit of {limits.max_files}")
    if total > limits.max_bytes:
        problems.append(f"{_mb(total)} in total, more than the limit of {_mb(limits.max_bytes)}")
    if problems:
        raise ArchiveError(problems)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel, st in entries:
            # O_NOFOLLOW: a file swapped for a symlink after the scan is refused, not followed.
            try:
                fd = os.open(os.path.join(src, rel), os.O_RDONLY | os.O_NOFOLLOW)
            except OSError as e:
                raise ArchiveError([f"{rel}: could not be read ({e.strerror})"]) from None
            with os.fdopen(fd, "rb") as fh:
                data = fh.read(limits.max_file_bytes + 1)
            if len(data) > limits.max_file_bytes:
                raise ArchiveError([f"{rel}: grew past the per-file limit while being read"])
            info = tarfile.TarInfo(rel)
            info.size, info.mode, info.mtime = len(data), 0o644, int(st.st_mtime)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue(), [rel for rel, _ in entries]


def _check_member_name(name, max_depth):
    if not name or "\\" in name or name.startswith("/") or any(ord(c) < 32 for c in name):
        return "is not an acceptable relative path"
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return "points outside the submission (contains '..' or is empty)"
    if len(parts) > max_depth or any(len(p.encode()) > 255 for p in parts):
        return "is nested too deeply or has a name that is too long"
    return None


def members(data, limits):
    """Return ``[(relpath, bytes_or_None_for_dir)]`` from tar bytes; raise ArchiveError if unsafe."""
    problems, out, seen, total = [], [], set(), 0
    try:
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
        infos = tar.getmembers()
    except (tarfile.TarError, EOFError) as e:
        raise ArchiveError([f"the archive could not be read: {e}"]) from None
    if len(infos) > limits.max_files * 2:
        raise ArchiveError([f"{len(infos)} entries, more than the limit of {limits.max_files}"])
    for info in infos:
        why = _check_member_name(info.name, limits.max_depth)
        rel = "/".join(p for p in info.name.split("/") if p not in ("", "."))
        if why is None and rel in seen:
            why = "appears twice in the archive"
        if why is None and info.issym():
            why = "is a symbolic link (submissions may contain only plain files)"
        elif why is None and info.islnk():
            why = "is a hard link (submissions may contain only plain files)"
        elif why is None and not (info.isreg() or info.isdir()):
            why = "is a special file (FIFO or device), not a plain file"
        elif why is None and info.isreg() and info.size > limits.max_file_bytes:
            why = f"is {_mb(info.size)}, larger than the limit of {_mb(limits.max_file_bytes)} per file"
        if why:
            problems.append(f"{info.name}: {why}")
            continue
        seen.add(rel)
        if info.isdir():
            out.append((rel, None))
        else:
            total += info.size
            out.append((rel, tar.extractfile(info).read()))
    if sum(1 for _, d in out if d is not None) > limits.max_files:
        problems.append(f"more than the limit of {limits.max_files} files")
    if total > limits.max_bytes:
        problems.append(f"{_mb(total)} in total, more than the limit of {_mb(limits.max_bytes)}")
    if problems:
        raise ArchiveError(problems)
    return out


def write_tree(entries, dest, file_mode=0o644, dir_mode=0o755):
    """Create ``dest`` (must not exist) holding ``entries`` from ``members``; never follows links."""
    os.mkdir(dest, 0o700)
    for rel, data in sorted(entries, key=lambda e: e[0]):
        parts = rel.split("/")
        path = dest
        try:
            for part in parts[:-1] if data is not None else parts:
                path = os.path.join(path, part)
                if not os.path.isdir(path):
                    os.mkdir(path, 0o700)
            if data is not None:
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                fd = os.open(os.path.join(dest, rel), flags, 0o600)
        except OSError as e:
            raise ArchiveError([f"{rel}: clashes with another entry ({e.strerror})"]) from None
        if data is not None:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(os.path.join(dest, rel), file_mode)
    for dirpath, dirnames, _ in os.walk(dest):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), dir_mode)
    os.chmod(dest, dir_mode)


def pack_files(files):
    """Return tar bytes for ``{relpath: bytes}`` (used by the service to send releases/feedback)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel in sorted(files):
            info = tarfile.TarInfo(rel)
            info.size, info.mode = len(files[rel]), 0o644
            tar.addfile(info, io.BytesIO(files[rel]))
    return buf.getvalue()
