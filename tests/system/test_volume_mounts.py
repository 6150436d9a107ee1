"""Read-only volumes (kernel-enforced, recursive, not remountable), --read-only
roots, tmpfs mounts, bind mounts, --mount, driver-backed volumes, and the
parsing errors of -v/--mount/--tmpfs as Docker words them."""
import os
import subprocess


def mounts_in(strata, name):
    return strata.out("exec", name, "cat", "/proc/mounts")


def test_ro_volume_is_enforced_and_cannot_be_remounted(strata, tmp_path):
    # A host directory with a mount inside it: :ro must cover the submount too.
    host = tmp_path / "h"
    (host / "sub").mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(host / "sub")], check=True)
    try:
        strata("run", "-d", "--name", "ro1", "-v", "vol:/data:ro", "-v", f"{host}:/h:ro", "busybox", "sleep", "100")
        p = strata("exec", "ro1", "touch", "/data/x", check=False)
        assert p.returncode == 1 and p.stderr == "touch: /data/x: Read-only file system\n"
        p = strata("exec", "ro1", "touch", "/h/sub/x", check=False)
        assert p.stderr == "touch: /h/sub/x: Read-only file system\n"
        # No CAP_SYS_ADMIN in the container: it cannot make it writable again.
        p = strata("exec", "ro1", "mount", "-o", "remount,rw", "/data", check=False)
        assert p.returncode != 0 and "permission denied" in p.stderr
        p = strata("exec", "ro1", "sh", "-c", "mount -o remount,rw /h/sub; touch /h/sub/x", check=False)
        assert p.returncode != 0
        assert os.listdir(host / "sub") == []
        assert strata.inspect("ro1", "{{range .Mounts}}{{.RW}} {{end}}") == "false false"
        strata("rm", "-f", "ro1")
    finally:
        subprocess.run(["umount", "-l", str(host / "sub")], check=False)


def test_read_only_root_keeps_volumes_and_tmpfs_writable(strata):
    strata("run", "-d", "--name", "rdo", "--read-only", "-v", "wv:/w", "--tmpfs", "/run", "busybox", "sleep", "100")
    p = strata("exec", "rdo", "touch", "/etc/x", check=False)
    assert p.stderr == "touch: /etc/x: Read-only file system\n"
    strata("exec", "rdo", "sh", "-c", "touch /w/ok /run/ok /dev/shm/ok")
    assert strata.out("exec", "rdo", "ls", "/w", "/run", "/dev/shm") == "/dev/shm:\nok\n\n/run:\nok\n\n/w:\nok\n"
    assert strata.out("diff", "rdo") == "A /run\nA /w\n"  # only the mount points, made before the root went read-only


def test_tmpfs_lives_in_memory_only(strata):
    strata("run", "-d", "--name", "tf", "--tmpfs", "/t", "--mount", "type=tmpfs,dst=/m,tmpfs-size=1m,tmpfs-mode=1770",
           "--tmpfs", "/s:size=2m,mode=700,exec", "busybox", "sleep", "100")
    lines = {l.split()[1]: l for l in mounts_in(strata, "tf").splitlines()}
    assert lines["/t"].startswith("tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime")
    assert lines["/m"].startswith("tmpfs /m tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k,mode=1770")
    assert lines["/s"].startswith("tmpfs /s tmpfs rw,nosuid,nodev,relatime,size=2048k,mode=700")
    strata("exec", "tf", "sh", "-c", "echo secret > /t/tmpfs-only-file")
    found = subprocess.run(["find", strata.root, "-name", "tmpfs-only-file"], capture_output=True, text=True).stdout
    assert found == ""
    assert "/t" not in strata.out("diff", "tf").replace("A /t\n", "")
    assert strata.inspect("tf", "{{json .HostConfig.Tmpfs}}") == '{"/t":"","/s":"size=2m,mode=700,exec"}'
    assert strata.inspect("tf", "{{range .Mounts}}{{.Type}} {{.Destination}}{{end}}") == "tmpfs /m"
    strata("restart", "-t", "1", "tf")
    assert strata.out("exec", "tf", "ls", "-A", "/t") == ""  # empty at each start


def test_bind_mounts(strata, tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("host file\n")
    missing = tmp_path / "made" / "by-v"
    out = strata.out("run", "--rm", "-v", f"{f}:/etc/app.conf:ro", "-v", f"{missing}:/m",
                     "--mount", f"type=bind,src={tmp_path},dst=/b", "busybox", "sh", "-c",
                     "cat /etc/app.conf; echo x > /m/y; ls /b")
    assert out.splitlines() == ["host file", "file.txt", "made"]
    assert (missing / "y").read_text() == "x\n"  # -v makes a missing host directory
    p = strata("run", "--rm", "--mount", f"type=bind,src={tmp_path}/nope,dst=/b", "busybox", "true", check=False)
    assert (p.returncode, p.stderr) == (
        125, f'Error: invalid mount config for type "bind": bind source path does not exist: {tmp_path}/nope\n')


def test_local_driver_options(strata, tmp_path):
    strata("volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=1m,uid=1000", "mem")
    assert open(strata.path("volumes", "mem", "opts.json")).read() == \
        '{"MountType":"tmpfs","MountOpts":"size=1m,uid=1000","MountDevice":"tmpfs","Quota":{"Size":0}}'
    strata("run", "-d", "--name", "d1", "-v", "mem:/mem", "busybox", "sleep", "100")
    strata("run", "-d", "--name", "d2", "-v", "mem:/mem", "busybox", "sleep", "100")
    strata("exec", "d1", "sh", "-c", "echo hi > /mem/f")
    assert strata.out("exec", "d2", "cat", "/mem/f") == "hi\n"
    assert "tmpfs" in subprocess.run(["findmnt", "-n", "-o", "FSTYPE", strata.path("volumes", "mem", "_data")],
                                     capture_output=True, text=True).stdout
    assert strata.out("exec", "d1", "stat", "-c", "%u", "/mem") == "1000\n"
    strata("rm", "-f", "d1")  # d2 still holds it: still mounted
    assert strata.out("exec", "d2", "cat", "/mem/f") == "hi\n"
    strata("stop", "-t", "1", "d2")  # the last holder gone: unmounted (the fixture checks no mount is left)
    assert subprocess.run(["findmnt", strata.path("volumes", "mem", "_data")]).returncode == 1
    # A bind of a host directory through the local driver.
    host = tmp_path / "dev"
    host.mkdir()
    strata("volume", "create", "-o", "type=none", "-o", f"device={host}", "-o", "o=bind", "hostdir")
    strata("run", "--rm", "-v", "hostdir:/x", "busybox", "sh", "-c", "echo via-driver > /x/f")
    assert (host / "f").read_text() == "via-driver\n"
    strata("volume", "create", "-o", "type=none", "-o", "device=/nonexistent-dir", "-o", "o=bind", "bad")
    p = strata("run", "--rm", "-v", "bad:/x", "busybox", "true", check=False)
    assert p.returncode == 125
    assert p.stderr.startswith("Error: failed to mount local volume: mount /nonexistent-dir:" +
                               strata.path("volumes", "bad", "_data") + ", flags: 0x1000: no such file or directory")


def test_parsing_errors(strata):
    cases = [
        (["-v", ""], "invalid empty volume spec"),
        (["-v", ":/c"], "invalid spec: :/c: empty section between colons"),
        (["-v", "/c:ro"], "invalid volume specification: '/c:ro'"),
        (["-v", "/h:/c:xx"], "invalid mode: xx"),
        (["-v", "vol:rel"], "invalid volume specification: 'vol:rel': invalid mount config for type \"volume\": "
                            "invalid mount path: 'rel' mount path must be absolute"),
        (["-v", "vol:/"], "invalid volume specification: 'vol:/': invalid mount config for type \"volume\": "
                          "invalid specification: destination can't be '/'"),
        (["-v", "x:/c"], "create x: volume name is too short, names should be at least two alphanumeric characters"),
        (["--mount", "src=vol"], 'invalid argument "src=vol" for "--mount" flag: target is required'),
        (["--mount", "foo=bar,dst=/c"], "invalid argument \"foo=bar,dst=/c\" for \"--mount\" flag: "
                                        "unexpected key 'foo' in 'foo=bar'"),
        (["--mount", "dst=/c,ro"], 'invalid mount config for type "volume": must not set ReadOnly mode when using '
                                   'anonymous volumes'),
        (["--mount", "type=foo,dst=/c"], 'invalid mount config for type "foo": mount type unknown'),
        (["--tmpfs", "t"], "invalid mount path: 't' mount path must be absolute"),
        (["--tmpfs", "/t:foo"], 'invalid tmpfs option ["foo"]'),
    ]
    for args, text in cases:
        p = strata("create", *args, "busybox", check=False)
        assert (p.returncode, p.stderr) == (1, f"Error: {text}\n"), args
    assert strata.out("ps", "-aq") == "" and strata.out("volume", "ls", "-q") == ""
