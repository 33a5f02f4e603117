"""Unit tests of packing and unpacking submissions: plain files only, bounded sizes."""

import io
import os
import stat
import tarfile

import pytest

from autograder.exchange.archive import ArchiveError, Limits, members, pack, pack_files, write_tree

pytestmark = pytest.mark.timeout(120)

SMALL = Limits(max_bytes=1000, max_file_bytes=400, max_files=5)


def _tar(*entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, kind, data, link in entries:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, link
            info.size = len(data) if kind == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return buf.getvalue()


def test_pack_then_unpack_round_trip(tmp_path):
    src = tmp_path / "ps1"
    (src / "data").mkdir(parents=True)
    (src / "ps1.ipynb").write_text("{}")
    (src / "data" / "x.csv").write_text("1,2")
    (src / ".ipynb_checkpoints").mkdir()
    (src / ".ipynb_checkpoints" / "ps1-checkpoint.ipynb").write_text("{}")
    data, names = pack(str(src), SMALL, ignore=[".ipynb_checkpoints"])
    assert names == ["data/x.csv", "ps1.ipynb"]
    entries = members(data, SMALL)
    write_tree(entries, str(tmp_path / "out"), file_mode=0o600, dir_mode=0o700)
    assert (tmp_path / "out" / "data" / "x.csv").read_text() == "1,2"
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "ps1.ipynb").st_mode) == 0o600


def test_pack_lists_every_problem_at_once(tmp_path):
    src = tmp_path / "ps1"
    src.mkdir()
    (src / "ok.ipynb").write_text("{}")
    (src / "link.ipynb").symlink_to("/etc/passwd")
    (src / "dirlink").symlink_to(str(tmp_path))
    os.mkfifo(src / "pipe")
    (src / "big.bin").write_bytes(b"x" * 500)
    with pytest.raises(ArchiveError) as err:
        pack(str(src), SMALL)
    text = "\n".join(err.value.problems)
    assert "link.ipynb: is a symbolic link" in text and "dirlink: is a symbolic link" in text
    assert "pipe: is a special file" in text
    assert "big.bin: is 500 bytes, larger than the limit of 400 bytes per file" in text
    assert len(err.value.problems) == 4


def test_pack_bounds_total_size_and_count(tmp_path):
    src = tmp_path / "ps1"
    src.mkdir()
    for i in range(6):
        (src / f"f{i}").write_bytes(b"x" * 300)
    with pytest.raises(ArchiveError) as err:
        pack(str(src), SMALL)
    assert any("6 files, more than the limit of 5" in p for p in err.value.problems)
    assert any("in total, more than the limit" in p for p in err.value.problems)


@pytest.mark.parametrize("entries, message", [
    ([("x.ipynb", tarfile.SYMTYPE, b"", "/etc/shadow")], "symbolic link"),
    ([("a", tarfile.REGTYPE, b"1", ""), ("b", tarfile.LNKTYPE, b"", "a")], "hard link"),
    ([("dev", tarfile.CHRTYPE, b"", "")], "special file"),
    ([("fifo", tarfile.FIFOTYPE, b"", "")], "special file"),
    ([("../escape", tarfile.REGTYPE, b"1", "")], "outside the submission"),
    ([("/etc/cron.d/x", tarfile.REGTYPE, b"1", "")], "not an acceptable relative path"),
    ([("a\\b", tarfile.REGTYPE, b"1", "")], "not an acceptable relative path"),
    ([("a", tarfile.REGTYPE, b"1", ""), ("./a", tarfile.REGTYPE, b"2", "")], "appears twice"),
    ([("big", tarfile.REGTYPE, b"x" * 401, "")], "larger than the limit"),
    ([(f"f{i}", tarfile.REGTYPE, b"x" * 300, "") for i in range(4)], "in total, more than the limit"),
])
def test_unpack_refuses_unsafe_members(entries, message):
    with pytest.raises(ArchiveError, match=message):
        members(_tar(*entries), SMALL)


def test_unpack_refuses_garbage():
    with pytest.raises(ArchiveError, match="could not be read"):
        members(b"not a tar file" * 100, SMALL)


def test_write_tree_refuses_a_file_where_a_directory_must_go(tmp_path):
    entries = members(_tar(("a", tarfile.REGTYPE, b"1", ""), ("a/b", tarfile.REGTYPE, b"2", "")), SMALL)
    with pytest.raises(ArchiveError, match="clashes"):
        write_tree(entries, str(tmp_path / "out"))


def test_pack_files_is_readable_by_members():
    data = pack_files({"2024-01-01 10:00:00.000000 UTC/ps1.html": b"<html/>"})
    assert members(data, SMALL) == [("2024-01-01 10:00:00.000000 UTC/ps1.html", b"<html/>")]
