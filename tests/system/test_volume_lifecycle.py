"""Volumes through the life of containers: data survival, what rm -v and --rm
remove, the in-use refusal, sharing, --volumes-from, image VOLUME and the
copy-on-first-mount rule."""
import os
import signal
import subprocess
import tarfile
import time

from conftest import BUSYBOX_TAR


def volume_names(strata):
    return sorted(strata.out("volume", "ls", "-q").split())


def test_named_volume_survives_containers(strata):
    strata("run", "--name", "ww", "-v", "data:/data", "busybox", "sh", "-c", "echo kept > /data/f")
    strata("rm", "-v", "ww")  # -v never removes a named volume
    assert strata.out("run", "--rm", "-v", "data:/data", "busybox", "cat", "/data/f") == "kept\n"
    assert volume_names(strata) == ["data"]


def test_anonymous_volumes_go_with_rm_v_and_run_rm(strata):
    strata("run", "--name", "a1", "-v", "/anon", "busybox", "true")
    (anon,) = volume_names(strata)
    strata("rm", "a1")  # plain rm keeps it
    assert volume_names(strata) == [anon]
    strata("run", "--name", "a2", "-v", "/anon", "-v", "named:/n", "busybox", "true")
    assert len(volume_names(strata)) == 3
    strata("rm", "-v", "a2")
    assert volume_names(strata) == sorted([anon, "named"])
    strata("run", "--rm", "-v", "/x", "--mount", "type=volume,dst=/y", "busybox", "true")
    assert volume_names(strata) == sorted([anon, "named"])
    strata("run", "-d", "--rm", "--name", "a3", "-v", "/z", "busybox", "sleep", "100")
    assert len(volume_names(strata)) == 3
    strata("rm", "-f", "a3")
    assert volume_names(strata) == sorted([anon, "named"])


def test_volume_in_use_is_refused_and_kept(strata):
    run = strata.out("run", "-d", "--name", "rr", "-v", "busy:/d", "busybox", "sleep", "100").strip()
    stopped = strata.out("create", "--name", "ss", "-v", "busy:/d", "busybox").strip()
    strata("exec", "rr", "sh", "-c", "echo x > /d/f")
    p = strata("volume", "rm", "busy", check=False)
    assert p.returncode == 1
    ids = ", ".join(sorted([run, stopped]))
    assert p.stderr == f"Error: remove busy: volume is in use - [{ids}]\n"
    assert strata("volume", "rm", "-f", "busy", check=False).returncode == 1
    assert os.path.exists(strata.path("volumes", "busy", "_data", "f"))
    strata("rm", "-f", "rr")
    p = strata("volume", "rm", "busy", check=False)
    assert p.stderr == f"Error: remove busy: volume is in use - [{stopped}]\n"
    strata("rm", "ss")
    assert strata.out("volume", "rm", "busy") == "busy\n"
    assert not os.path.exists(strata.path("volumes", "busy"))


def test_two_running_containers_share_writes(strata):
    strata("run", "-d", "--name", "pp", "-v", "shared:/s", "busybox", "sleep", "100")
    strata("run", "-d", "--name", "qq", "-v", "shared:/s", "busybox", "sleep", "100")
    strata("exec", "pp", "sh", "-c", "echo from-p > /s/msg")
    assert strata.out("exec", "qq", "cat", "/s/msg") == "from-p\n"
    strata("exec", "qq", "sh", "-c", "echo from-q >> /s/msg")
    assert strata.out("exec", "pp", "cat", "/s/msg") == "from-p\nfrom-q\n"


def test_volumes_from(strata):
    strata("create", "--name", "src", "-v", "vf:/n", "-v", "/anon", "-v", "/tmp:/b:ro", "--tmpfs", "/t", "busybox")
    strata("run", "-d", "--name", "ro", "--volumes-from", "src:ro", "busybox", "sleep", "100")
    strata("run", "-d", "--name", "rw", "--volumes-from", "src", "busybox", "sleep", "100")
    strata("exec", "rw", "sh", "-c", "echo hi > /n/f; echo a > /anon/g")
    assert strata.out("exec", "ro", "cat", "/n/f", "/anon/g") == "hi\na\n"
    p = strata("exec", "ro", "touch", "/n/x", check=False)
    assert "Read-only file system" in p.stderr
    rows = strata.inspect("ro", "{{range .Mounts}}{{.Destination}} {{.RW}} {{.Mode}};{{end}}")
    assert sorted(rows.strip(";").split(";")) == ["/anon false ", "/b false ", "/n false "]
    assert strata.inspect("ro", "{{json .HostConfig.VolumesFrom}}") == '["src:ro"]'
    assert " /t " not in strata.out("exec", "rw", "cat", "/proc/mounts")  # tmpfs is not shared
    # rm -v of a user keeps the anonymous volume the source still uses.
    strata("rm", "-f", "-v", "rw")
    assert len(volume_names(strata)) == 2
    p = strata("create", "--volumes-from", "src:nocopy", "busybox", check=False)
    assert p.stderr == "Error: invalid mode: nocopy\n"
    p = strata("create", "--volumes-from", "nosuch", "busybox", check=False)
    assert p.stderr == "Error: No such container: nosuch\n"


def make_image(strata, tmp_path, name, extra, volumes):
    """busybox plus `extra` entries [(TarInfo, bytes)], with VOLUME lines."""
    tar = tmp_path / f"{name}.tar"
    with tarfile.open(BUSYBOX_TAR) as src, tarfile.open(tar, "w") as dst:
        for m in src.getmembers():
            dst.addfile(m, src.extractfile(m) if m.isfile() else None)
        for info, data in extra:
            dst.addfile(info, None if data is None else __import__("io").BytesIO(data))
    args = ["import"]
    for v in volumes:
        args += ["-c", f"VOLUME {v}"]
    strata(*args, "-c", 'CMD ["sh"]', str(tar), name)


def entry(name, kind=tarfile.REGTYPE, data=None, mode=0o644, uid=0, gid=0, link=""):
    t = tarfile.TarInfo(name)
    t.type, t.mode, t.uid, t.gid, t.linkname = kind, mode, uid, gid, link
    t.size = len(data) if data is not None else 0
    return (t, data)


def test_image_volume_copy_on_first_mount(strata, tmp_path):
    make_image(strata, tmp_path, "withdata", [
        entry("data", tarfile.DIRTYPE, mode=0o750, uid=1000, gid=1000),
        entry("data/conf", data=b"image-content\n", mode=0o640, uid=1000, gid=1001),
        entry("data/sub", tarfile.DIRTYPE, mode=0o700, uid=7, gid=7),
        entry("data/link", tarfile.SYMTYPE, link="conf"),
    ], ["/data"])
    strata("create", "--name", "c1", "withdata")
    (anon,) = volume_names(strata)
    src = strata.path("volumes", anon, "_data")
    assert open(os.path.join(src, "conf")).read() == "image-content\n"
    st = os.stat(os.path.join(src, "conf"))
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (1000, 1001, 0o640)
    st = os.stat(src)  # _data takes the image directory's owner and mode
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (1000, 1000, 0o750)
    assert os.stat(os.path.join(src, "sub")).st_mode & 0o7777 == 0o700
    assert os.readlink(os.path.join(src, "link")) == "conf"
    # Each container gets its own anonymous volume.
    strata("create", "--name", "c2", "withdata")
    assert len(volume_names(strata)) == 2
    # A named volume is filled once, when empty; never over what it holds.
    strata("run", "--rm", "-v", "named:/data", "withdata", "sh", "-c", "echo mine > /data/conf")
    assert strata.out("run", "--rm", "-v", "named:/data", "withdata", "cat", "/data/conf") == "mine\n"
    # nocopy: the volume stays empty.
    assert strata.out("run", "--rm", "-v", "empty:/data:nocopy", "withdata", "ls", "-A", "/data") == ""
    assert strata.out("run", "--rm", "--mount", "src=empty2,dst=/data,volume-nocopy", "withdata",
                      "ls", "-A", "/data") == ""
    # A bind mount is never filled.
    host = tmp_path / "bind"
    host.mkdir()
    strata("run", "--rm", "-v", f"{host}:/data", "withdata", "true")
    assert os.listdir(host) == []
    # An explicit mount on the image's VOLUME path replaces the anonymous volume.
    strata("create", "--name", "c3", "-v", "over:/data", "withdata")
    assert strata.inspect("c3", "{{len .Mounts}}") == "1"


def test_symlink_at_mount_target_never_reaches_the_host(strata, tmp_path):
    hosts = [tmp_path / "host1", tmp_path / "host2"]
    for h in hosts:
        h.mkdir()
        (h / "secret").write_text("host data\n")
    make_image(strata, tmp_path, "evil", [
        entry("data", tarfile.SYMTYPE, link=str(hosts[0])),                 # absolute, to a host path
        entry("rel", tarfile.SYMTYPE, link="../../../../../../" + str(hosts[1])),  # climbing out
    ], [])
    strata("run", "--name", "ev", "-v", "v1:/data", "-v", "v2:/rel", "evil", "sh", "-c",
           "echo inside > /data/w; echo inside > /rel/w")
    for h in hosts:
        assert sorted(os.listdir(h)) == ["secret"]                     # nothing landed on the host
    assert os.listdir(strata.path("volumes", "v1", "_data")) == ["w"]  # and no host file was copied in
    assert os.listdir(strata.path("volumes", "v2", "_data")) == ["w"]
    # The mount points were made inside the container's layer, where the links lead in its root.
    upper = strata.inspect("ev", "{{.GraphDriver.Data.UpperDir}}")
    for h in hosts:
        assert os.path.isdir(upper + str(h))


def test_volume_survives_a_crash(strata):
    strata("run", "-d", "--name", "kk", "-v", "db:/db", "busybox", "sh", "-c", "echo row > /db/t; sleep 100")
    for _ in range(50):
        if os.path.exists(strata.path("volumes", "db", "_data", "t")):
            break
        time.sleep(0.1)
    shim = int(open(strata.path("run", "containers", strata.inspect("kk", "{{.Id}}"), "shim.pid")).read())
    os.kill(shim, signal.SIGKILL)  # the monitor dies: the next command finds the container gone
    assert strata.inspect("kk", "{{.State.Status}}") == "exited"
    strata("rm", "-v", "kk")
    assert strata.out("run", "--rm", "-v", "db:/db", "busybox", "cat", "/db/t") == "row\n"
