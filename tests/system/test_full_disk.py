"""Full disk: the store on a small filesystem made by the test (a 64 MiB
tmpfs; overlayfs takes its upper layers there). Import, commit, create,
volume create and writes in containers fail with one clear line saying
`no space left on device` (Docker's wording) and leave nothing half-made;
once space is freed everything works and nothing is corrupt."""
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import BUSYBOX_TAR, Strata, mounts_under

SIZE_MB = 64
NOSPACE = "no space left on device"


@pytest.fixture
def small():
    base = tempfile.mkdtemp(prefix="strata-systest-full-", dir="/var/tmp")
    fsdir = os.path.join(base, "fs")
    os.mkdir(fsdir)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE_MB}m", "tmpfs", fsdir], check=True)
    s = Strata(os.path.join(fsdir, "root"))
    s.base, s.fs = base, fsdir
    try:
        s("import", "-c", 'CMD ["sh"]', BUSYBOX_TAR, "busybox:latest")
        yield s
        s.cleanup()
        assert [m for m in mounts_under(base) if m != fsdir] == [], "mounts left behind"
    finally:
        s.cleanup()
        for m in sorted(mounts_under(base), key=len, reverse=True):
            subprocess.run(["umount", "-l", m], check=False)
        shutil.rmtree(base, ignore_errors=True)


def state_of_store(s):
    """What a failed operation must leave as it was."""
    return {
        "overlay2": sorted(os.listdir(s.path("overlay2"))),
        "links": sorted(os.listdir(s.path("overlay2", "l"))),
        "tmp": sorted(os.listdir(s.path("tmp"))),
        "images": s.out("images", "-a", "--no-trunc", "-q"),
        "containers": s.out("ps", "-a", "--no-trunc", "-q"),
        "volumes": s.out("volume", "ls", "-q"),
        "intents": [f for f in os.listdir(s.path("intents")) if f != ".lock"],
    }


def assert_one_clear_line(p):
    assert p.returncode != 0
    lines = p.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and NOSPACE in lines[0], p.stderr


def fill(s, leave_kb=0):
    """Takes every free block of the small filesystem (but leave_kb)."""
    st = os.statvfs(s.fs)
    free = st.f_bavail * st.f_frsize - leave_kb * 1024
    filler = os.path.join(s.fs, "filler")
    with open(filler, "wb") as f:
        try:
            f.write(b"\0" * max(free, 0))
        except OSError:
            pass
    return filler


def test_import_of_a_too_big_tar(small, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for i in range(SIZE_MB // 8 + 2):
        (data / f"f{i}").write_bytes(os.urandom(8 << 20))
    big = tmp_path / "big.tar"
    subprocess.run(["tar", "-C", str(data), "-cf", str(big), "."], check=True)
    before = state_of_store(small)
    p = small("import", str(big), "big:latest", check=False)
    assert_one_clear_line(p)
    assert state_of_store(small) == before
    # A smaller one fits afterwards, and the old image still runs.
    for f in list(data.iterdir())[2:]:
        f.unlink()
    subprocess.run(["tar", "-C", str(data), "-cf", str(big), "."], check=True)
    small("import", "-c", 'CMD ["sh"]', str(big), "big:latest")
    assert small.out("run", "--rm", "busybox", "echo", "ok") == "ok\n"


def test_commit_of_a_container_with_too_much_data(small):
    small("create", "--name", "early", "busybox", "sh", "-c", "echo early > /early; cat /early")
    assert small.out("start", "-a", "early") == "early\n"
    # 36 MiB fits once (in the container's layer), not twice (the image's copy of it).
    small("run", "--name", "fat", "busybox", "dd", "if=/dev/urandom", "of=/fat", "bs=1M", "count=36")
    before = state_of_store(small)
    p = small("commit", "fat", "fat:img", check=False)
    assert_one_clear_line(p)
    assert state_of_store(small) == before
    assert small.out("diff", "fat") == "A /fat\n"
    # Freed: the commit works, everything else does too.
    small("rm", "fat")
    small("run", "--name", "fat2", "busybox", "dd", "if=/dev/urandom", "of=/fat", "bs=1M", "count=12")
    small("commit", "fat2", "fat:img")
    assert small.out("run", "--rm", "fat:img", "ls", "-l", "/fat").split()[4] == str(12 << 20)
    assert small.out("start", "-a", "early") == "early\n"
    assert sorted(small.lines("diff", "early")) == ["A /early"]


def test_writes_in_containers_fail_cleanly_and_recover(small):
    small("volume", "create", "data")
    small("run", "--rm", "-v", "data:/d", "busybox", "sh", "-c", "echo keep > /d/keep")
    # In the container's layer.
    p = small("run", "--name", "writer", "busybox", "sh", "-c",
              "dd if=/dev/zero of=/big bs=1M count=100; echo rc=$?", check=False)
    assert "No space left on device" in p.stderr and "rc=1" in p.stdout
    small("rm", "writer")
    # In a volume.
    p = small("run", "--name", "wv", "-v", "data:/d", "busybox", "sh", "-c",
              "dd if=/dev/zero of=/d/big bs=1M count=100; echo rc=$?", check=False)
    assert "No space left on device" in p.stderr and "rc=1" in p.stdout
    os.unlink(small.path("volumes", "data", "_data", "big"))  # the user frees space
    small("rm", "wv")
    assert small.out("run", "--rm", "-v", "data:/d", "busybox", "cat", "/d/keep") == "keep\n"
    assert small.out("run", "--rm", "busybox", "echo", "ok") == "ok\n"


def test_engine_operations_on_a_full_disk(small):
    small("create", "--name", "old", "busybox", "sh", "-c", "echo hi > /f; cat /f")
    small("volume", "create", "vold")
    filler = fill(small)
    before = state_of_store(small)
    for args in (["create", "busybox"], ["run", "--rm", "busybox", "true"], ["volume", "create", "v2"],
                 ["run", "-v", "v3:/x", "busybox", "true"], ["tag", "busybox", "other:tag"]):
        p = small(*args, check=False)
        if args[0] == "tag" and p.returncode == 0:
            small("rmi", "other:tag")  # a tag is a row: SQLite may still find a free page
            continue
        assert_one_clear_line(p)
        assert state_of_store(small) == before, args
    os.unlink(filler)
    # Space again: everything works, nothing is corrupt.
    assert small.out("start", "-a", "old") == "hi\n"
    assert small.lines("diff", "old") == ["A /f"]
    assert small.out("run", "--rm", "-v", "vold:/x", "busybox", "echo", "ok") == "ok\n"
    small("volume", "create", "v2")
    assert sorted(small.lines("volume", "ls", "-q")) == ["v2", "vold"]
    check = subprocess.run(["sqlite3", small.path("strata.db"), "PRAGMA integrity_check"],
                           capture_output=True, text=True)
    assert check.stdout.strip() == "ok", check.stderr
