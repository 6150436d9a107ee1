"""`cp` and symlinks planted in the container (the CVE-2018-15664 class): every container path is
resolved inside the container's root, so a link to "/", to "../../..", or to a host path can
never make cp read or write a host file. Hostile tars given to `cp -` are refused."""
import io
import os
import tarfile

import pytest


@pytest.fixture
def box(strata, tmp_path):
    """A running container with links to /, up and out, and host paths it must never reach."""
    hostside = tmp_path / "hostside"
    hostside.mkdir()
    secret = tmp_path / "secret"
    secret.write_text("host secret\n")
    strata("run", "-d", "--name", "cl", "busybox", "sleep", "1000")
    strata("exec", "cl", "sh", "-c",
           f"ln -s / /toroot; ln -s ../../../../../.. /up; ln -s {hostside} /hostlink; "
           f"ln -s {secret} /secretlink; mkdir -p /d; ln -s ../../../../.. /d/up")
    (tmp_path / "f.txt").write_text("payload\n")
    return tmp_path, hostside, secret


def test_writes_through_links_stay_in_the_container(strata, box):
    tmp, hostside, _ = box
    f = str(tmp / "f.txt")
    # The link's target does not exist inside the container: nothing is written anywhere.
    p = strata("cp", f, "cl:/hostlink/", check=False)
    assert p.returncode == 1
    p = strata("cp", f, f"cl:/toroot{hostside}/x", check=False)
    assert p.returncode == 1 and "Could not find the file" in p.stderr
    assert os.listdir(hostside) == []
    # Once it exists inside the container, the file lands there, never on the host.
    strata("exec", "cl", "mkdir", "-p", str(hostside))
    strata("cp", f, "cl:/hostlink/")
    strata("cp", f, "cl:/up/tmp/through-up")
    strata("cp", f, "cl:/d/up/tmp/through-d-up")
    assert os.listdir(hostside) == []
    assert strata.out("exec", "cl", "cat", f"{hostside}/f.txt") == "payload\n"
    assert strata.out("exec", "cl", "cat", "/tmp/through-up", "/tmp/through-d-up") == "payload\n" * 2


def test_reads_through_links_stay_in_the_container(strata, box):
    tmp, _, secret = box
    out = tmp / "out"
    out.mkdir()
    p = strata("cp", f"cl:/up{secret}", str(out / "a"), check=False)
    assert p.returncode == 1 and "Could not find the file" in p.stderr
    p = strata("cp", f"cl:/toroot{secret}", str(out / "b"), check=False)
    assert p.returncode == 1
    # Without -L the link itself is copied; with -L it is followed inside the container only.
    strata("cp", "cl:/secretlink", str(out / "c"))
    assert os.readlink(out / "c") == str(secret)
    p = strata("cp", "-L", "cl:/secretlink", str(out / "d"), check=False)
    assert p.returncode == 1 and "Could not find the file" in p.stderr
    strata("cp", "-L", "cl:/up/etc/hostname", str(out / "e"))
    assert (out / "e").read_text().strip() == strata.inspect("cl", "{{.Id}}")[:12]
    assert sorted(os.listdir(out)) == ["c", "e"]


def tar_of(*members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, kind, arg in members:
            ti = tarfile.TarInfo(name)
            if kind == "file":
                ti.size = len(arg)
                t.addfile(ti, io.BytesIO(arg))
                continue
            ti.type = {"sym": tarfile.SYMTYPE, "hard": tarfile.LNKTYPE}[kind]
            ti.linkname = arg
            t.addfile(ti)
    return buf.getvalue()


@pytest.mark.parametrize("members,error", [
    ([("../../../../../../../x", "file", b"x")], 'is outside of "/tmp"'),
    ([("evil", "sym", "/"), ("evil/etc/x", "file", b"x")], 'goes through symlink "evil"'),
    ([("up", "sym", "../../../../../.."), ("up/x", "file", b"x")], 'invalid symlink'),
    ([("hl", "hard", "../../../../etc/passwd")], "invalid hardlink"),
])
def test_hostile_tar_streams_are_refused(strata, box, members, error):
    tmp, hostside, _ = box
    members = [(n.replace("HOST", str(hostside)), k, a) for n, k, a in members]
    from test_cp import raw
    p = raw(strata, "cp", "-", "cl:/tmp", input=tar_of(*members))
    assert p.returncode == 1
    msg = p.stderr.decode().strip()
    assert error in msg and len(msg.splitlines()) == 1, msg
    assert os.listdir(hostside) == []
    assert not os.path.exists("/x") and not os.path.exists("/etc/x")
