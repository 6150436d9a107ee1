"""`cp` between containers and the host, with Docker's rules and texts, on running and stopped
containers; tar streams with `-`."""
import io
import os
import tarfile

import subprocess

import pytest
from conftest import STRATA


@pytest.fixture
def host(tmp_path):
    (tmp_path / "f.txt").write_text("hello\n")
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "y").write_text("y\n")
    (tmp_path / "d" / "top").write_text("top\n")
    return tmp_path


def raw(strata, *args, input=b""):
    """strata with bytes in and out (tar streams)."""
    return subprocess.run([STRATA, "--root", strata.root, *args], input=input, capture_output=True, timeout=60)


def fails(strata, *args, **kw):
    p = strata(*args, check=False, **kw)
    assert p.returncode == 1, p
    return p.stderr.strip()


def test_into_and_out_of_a_running_container(strata, host):
    strata("run", "-d", "--name", "cr", "busybox", "sleep", "1000")
    own = host / "own.txt"
    own.write_text("o\n")
    os.chown(own, 1234, 5678)
    os.chmod(own, 0o640)
    strata("cp", str(host / "f.txt"), "cr:/tmp/")
    strata("cp", str(own), "cr:/tmp/renamed")
    assert strata.out("exec", "cr", "cat", "/tmp/f.txt") == "hello\n"
    # Into the container: the tar's ownership and mode are kept (Docker's behaviour).
    assert strata.out("exec", "cr", "stat", "-c", "%u:%g %a", "/tmp/renamed") == "1234:5678 640\n"
    strata("exec", "cr", "sh", "-c", "echo z > /tmp/z; chown 77:88 /tmp/z")
    strata("cp", "cr:/tmp/z", str(host / "z"))
    # Out of it: the file belongs to whoever runs cp.
    st = os.stat(host / "z")
    assert (host / "z").read_text() == "z\n" and (st.st_uid, st.st_gid) == (0, 0)
    # /etc/hostname is the container's own file, not the layer's.
    strata("cp", "cr:/etc/hostname", str(host / "hn"))
    assert (host / "hn").read_text().strip() == strata.inspect("cr", "{{.Id}}")[:12]


def test_stopped_container_is_mounted_only_for_the_copy(strata, host):
    strata("create", "--name", "cs", "busybox", "sleep", "1000")
    merged = strata.inspect("cs", "{{.GraphDriver.Data.MergedDir}}")
    strata("cp", str(host / "d"), "cs:/copied")
    assert not os.path.ismount(merged)
    strata("cp", "cs:/copied/sub/y", str(host / "y-out"))
    assert not os.path.ismount(merged)
    assert (host / "y-out").read_text() == "y\n"
    assert strata.out("diff", "cs").splitlines()[:2] == ["A /copied", "A /copied/sub"]
    # The next start sees what was copied in.
    strata("start", "cs")
    assert strata.out("exec", "cs", "cat", "/copied/top") == "top\n"


def test_docker_directory_rules(strata, host):
    strata("create", "--name", "cd", "busybox")
    strata("cp", str(host / "d"), "cd:/new")            # dir -> missing name: becomes that name
    strata("cp", str(host / "d"), "cd:/tmp")            # dir -> existing dir: copied into it
    strata("cp", str(host / "d") + "/.", "cd:/etc")     # dir/. -> its contents
    strata("cp", str(host / "f.txt"), "cd:/etc/hosts.copy")
    out = host / "out"
    strata("cp", "cd:/new", str(out))
    assert sorted(os.listdir(out)) == ["sub", "top"]
    strata("cp", "cd:/tmp/d", str(host))                # into an existing host dir, named d
    strata("cp", "cd:/etc/.", str(host / "etc-contents"))
    assert os.path.exists(host / "etc-contents" / "top")
    assert os.path.exists(host / "etc-contents" / "hosts.copy")
    assert (host / "d" / "sub" / "y").read_text() == "y\n"


def test_tar_streams(strata, host):
    strata("run", "-d", "--name", "ct", "busybox", "sleep", "1000")
    p = raw(strata, "cp", "ct:/etc/passwd", "-")
    names = tarfile.open(fileobj=io.BytesIO(p.stdout)).getnames()
    assert names == ["passwd"]
    p = raw(strata, "cp", "ct:/etc/.", "-")
    names = tarfile.open(fileobj=io.BytesIO(p.stdout)).getnames()
    assert names[0] == "." and "./passwd" in names
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        ti = tarfile.TarInfo("from-stdin/a")
        ti.size = 3
        t.addfile(ti, io.BytesIO(b"abc"))
    assert raw(strata, "cp", "-", "ct:/tmp", input=buf.getvalue()).returncode == 0
    assert strata.out("exec", "ct", "cat", "/tmp/from-stdin/a") == "abc"
    assert fails(strata, "cp", "-", "ct:/etc/passwd", input="") == \
        'Error: destination "ct:/etc/passwd" must be a directory'
    assert "Error processing tar file" in fails(strata, "cp", "-", "ct:/tmp", input="garbage" * 100)


def test_errors_as_docker_words_them(strata, host):
    strata("create", "--name", "ce", "busybox")
    strata("create", "--read-only", "--name", "cro", "busybox")
    f = str(host / "f.txt")
    assert fails(strata, "cp", f, "ce:/nonexist/") == "Error: no such directory"
    assert fails(strata, "cp", f, "ce:/nonexist/x") == "Error: Could not find the file /nonexist in container ce"
    assert fails(strata, "cp", "ce:/nonexist", str(host)) == "Error: Could not find the file /nonexist in container ce"
    assert fails(strata, "cp", str(host / "d"), "ce:/etc/passwd") == "Error: cannot copy directory"
    assert fails(strata, "cp", f, "nosuch:/tmp") == "Error: No such container: nosuch"
    assert fails(strata, "cp", f, "cro:/tmp/") == "Error: container rootfs is marked read-only"
    assert fails(strata, "cp", "-", "cro:/tmp", input="") == "Error: container rootfs is marked read-only"
    strata("cp", "cro:/etc/passwd", str(host / "ro-out"))  # reading a read-only root is fine
    assert fails(strata, "cp", "ce:/etc/passwd", "/nonexist/x") == \
        'Error: invalid output path: directory "/nonexist" does not exist'
    assert fails(strata, "cp", "ce:/etc", f) == "Error: cannot copy directory"
    assert fails(strata, "cp", "ce:/etc/passwd", str(host / "nodir") + "/") == "Error: no such directory"
    assert fails(strata, "cp", f, str(host / "g")) == "Error: must specify at least one container source"
    assert fails(strata, "cp", "ce:/a", "cro:/b") == "Error: copying between containers is not supported"
    assert fails(strata, "cp", str(host / "nofile"), "ce:/tmp") == \
        f"Error: lstat {host}/nofile: no such file or directory"
    assert strata.out("diff", "cro") == ""
