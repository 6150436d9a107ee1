"""`cp` through a container's volumes and bind mounts, running or stopped, as Docker does:
into them even on a read-only rootfs, never into a read-only one."""
import os


def test_cp_through_volumes_and_binds(strata, tmp_path):
    bind = tmp_path / "bind"
    bind.mkdir()
    (tmp_path / "f.txt").write_text("payload\n")
    f = str(tmp_path / "f.txt")
    strata("volume", "create", "data")
    strata("run", "-d", "--name", "cv", "--read-only", "-v", "data:/data", "-v", f"{bind}:/bind",
           "-v", "rov:/ro:ro", "busybox", "sleep", "1000")
    strata("cp", f, "cv:/data/")
    strata("cp", f, "cv:/bind/in-bind")
    assert strata.out("exec", "cv", "cat", "/data/f.txt", "/bind/in-bind") == "payload\n" * 2
    assert (bind / "in-bind").read_text() == "payload\n"
    vol = strata.out("volume", "inspect", "-f", "{{.Mountpoint}}", "data").strip()
    assert open(os.path.join(vol, "f.txt")).read() == "payload\n"
    p = strata("cp", f, "cv:/ro/", check=False)
    assert (p.returncode, p.stderr.strip()) == (1, "Error: mounted volume is marked read-only")
    p = strata("cp", f, "cv:/tmp/", check=False)
    assert (p.returncode, p.stderr.strip()) == (1, "Error: container rootfs is marked read-only")
    strata("exec", "cv", "sh", "-c", "echo from-vol > /data/made")
    strata("cp", "cv:/data/made", str(tmp_path / "out"))
    assert (tmp_path / "out").read_text() == "from-vol\n"

    # Stopped: the volumes are still where the container sees them.
    strata("stop", "-t", "0", "cv")
    (tmp_path / "g.txt").write_text("while stopped\n")
    strata("cp", str(tmp_path / "g.txt"), "cv:/data/")
    assert open(os.path.join(vol, "g.txt")).read() == "while stopped\n"
    strata("cp", "cv:/data/made", str(tmp_path / "out2"))
    assert (tmp_path / "out2").read_text() == "from-vol\n"
    # The rootfs only has the mount points start made: the files went into the volume, not under it.
    assert strata.out("diff", "cv").split() == ["A", "/bind", "A", "/data", "A", "/ro"]
