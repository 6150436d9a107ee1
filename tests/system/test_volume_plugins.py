"""Volume plugins (Docker's legacy v1 protocol): a plugin written for Docker keeps the
volumes' data in its own storage, Strata creates, mounts, unmounts and removes them through
it. The plugin here (volume_plugin.py) listens in <run root>/plugins, where Strata looks
first, keeps each volume as a directory of a temp dir and logs every call."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

PLUGIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "volume_plugin.py")


class Plugin:
    def __init__(self, strata, tmp_path, name="tp", args=()):
        self.name = name
        self.storage = str(tmp_path / f"{name}-storage")
        self.log = str(tmp_path / f"{name}.log")
        self.socket = strata.path("run", "plugins", name + ".sock")
        os.makedirs(os.path.dirname(self.socket), exist_ok=True)
        if os.path.exists(self.socket):
            os.unlink(self.socket)  # left by a plugin stopped before: wait for the new one's
        self.proc = subprocess.Popen([sys.executable, PLUGIN, self.socket, self.storage, self.log, *args])
        for _ in range(100):
            if os.path.exists(self.socket):
                break
            time.sleep(0.05)

    def calls(self, method=None):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            out = [json.loads(line) for line in f if line.strip()]
        return [c for c in out if method is None or c["method"] == "VolumeDriver." + method]

    def data(self, volume, *parts):
        return os.path.join(self.storage, volume, "data", *parts)

    def stop(self):
        self.proc.kill()
        self.proc.wait()


@pytest.fixture
def plugin(strata, tmp_path):
    p = Plugin(strata, tmp_path)
    yield p
    strata.cleanup()  # containers first, while the plugin can still hear their Unmounts
    p.stop()


def mount_pairs(plugin, volume):
    mounts = [c["body"]["ID"] for c in plugin.calls("Mount") if c["body"]["Name"] == volume]
    unmounts = [c["body"]["ID"] for c in plugin.calls("Unmount") if c["body"]["Name"] == volume]
    return mounts, unmounts


def test_create_ls_inspect_rm_through_the_plugin(strata, plugin):
    assert strata.out("volume", "create", "--driver", "tp", "--opt", "size=1g", "pv1") == "pv1\n"
    create = plugin.calls("Create")
    assert [c["body"] for c in create] == [{"Name": "pv1", "Opts": {"size": "1g"}}]
    assert os.path.isdir(plugin.data("pv1"))
    assert not os.path.exists(strata.path("volumes", "pv1"))  # the data lives in the plugin's storage
    strata("volume", "create", "lv")
    assert strata.lines("volume", "ls") == ["DRIVER    VOLUME NAME", "local     lv", "tp        pv1"]
    assert strata.lines("volume", "ls", "-q", "--filter", "driver=tp") == ["pv1"]
    assert strata.lines("volume", "ls", "-q", "--filter", "driver=local") == ["lv"]
    info = json.loads(strata.out("volume", "inspect", "pv1"))[0]
    assert info["Driver"] == "tp"
    assert info["Mountpoint"] == plugin.data("pv1")
    assert info["Options"] == {"size": "1g"}
    assert info["Scope"] == "global"  # from the plugin's Capabilities
    assert info["Status"] == {"mounts": 0, "storage": "outside"}
    assert info["CreatedAt"] == "0001-01-01T00:00:00Z"  # the plugin gave none: Docker shows the zero time
    assert strata.out("inspect", "--type", "volume", "-f", "{{.Mountpoint}} {{.Scope}}", "pv1") == \
        plugin.data("pv1") + " global\n"
    # Creating it again returns the volume as it is: no second Create.
    strata("volume", "create", "--driver", "tp", "pv1")
    assert len(plugin.calls("Create")) == 1
    assert strata.out("volume", "rm", "pv1") == "pv1\n"
    assert [c["body"] for c in plugin.calls("Remove")] == [{"Name": "pv1"}]
    assert not os.path.exists(os.path.join(plugin.storage, "pv1"))
    assert strata.lines("volume", "ls", "-q") == ["lv"]


def test_writes_land_in_the_plugins_storage_and_survive_rm(strata, plugin):
    strata("run", "--name", "w1", "-v", "pv:/data", "--volume-driver", "tp", "busybox",
           "sh", "-c", "echo from-v > /data/f")
    assert open(plugin.data("pv", "f")).read() == "from-v\n"
    assert strata.inspect("w1", "{{.HostConfig.VolumeDriver}}") == "tp"
    assert strata.inspect("w1", "{{(index .Mounts 0).Driver}}") == "tp"
    strata("rm", "-v", "w1")  # a named volume stays, and so does its data
    assert open(plugin.data("pv", "f")).read() == "from-v\n"
    # --mount names the driver and its options itself.
    strata("run", "--rm", "--mount", "type=volume,source=pm,target=/p,volume-driver=tp,volume-opt=tier=cold",
           "busybox", "sh", "-c", "echo from-mount > /p/g")
    assert [c["body"] for c in plugin.calls("Create") if c["body"]["Name"] == "pm"] == \
        [{"Name": "pm", "Opts": {"tier": "cold"}}]
    assert open(plugin.data("pm", "g")).read() == "from-mount\n"
    # An existing plugin volume is found by name, its data seen again; read-only is honoured.
    assert strata.out("run", "--rm", "-v", "pv:/data:ro", "busybox", "cat", "/data/f") == "from-v\n"
    p = strata("run", "--rm", "--mount", "type=volume,source=pm,target=/p,readonly", "busybox",
               "sh", "-c", "echo x > /p/g", check=False)
    assert p.returncode != 0 and "Read-only file system" in p.stderr
    assert open(plugin.data("pm", "g")).read() == "from-mount\n"


def test_image_content_is_copied_into_a_new_plugin_volume(strata, plugin):
    # Docker copies the image's content into an empty plugin volume too, through a Mount of its own.
    strata("run", "--rm", "-v", "etc:/etc", "--volume-driver", "tp", "busybox", "true")
    assert os.path.exists(plugin.data("etc", "passwd"))
    mounts, unmounts = mount_pairs(plugin, "etc")
    assert len(mounts) == 2 and sorted(mounts) == sorted(unmounts)  # the copy's, then the run's


def test_mount_and_unmount_pair_with_the_same_id(strata, plugin):
    strata("volume", "create", "-d", "tp", "pair")
    # stop
    strata("run", "-d", "--name", "s1", "-v", "pair:/a", "-v", "pair:/b", "busybox", "sleep", "100")
    mounts, unmounts = mount_pairs(plugin, "pair")
    assert len(mounts) == 2 and len(set(mounts)) == 2 and unmounts == []  # one Mount per mount point
    strata("stop", "-t", "1", "s1")
    mounts, unmounts = mount_pairs(plugin, "pair")
    assert sorted(unmounts) == sorted(mounts)
    strata("rm", "s1")  # already let go at stop: nothing more
    assert len(mount_pairs(plugin, "pair")[1]) == 2
    # run --rm
    strata("run", "--rm", "-v", "pair:/a", "busybox", "true")
    mounts, unmounts = mount_pairs(plugin, "pair")
    assert len(mounts) == 3 and sorted(unmounts) == sorted(mounts)
    # rm -f of a running container
    strata("run", "-d", "--name", "f1", "-v", "pair:/a", "busybox", "sleep", "100")
    strata("rm", "-f", "f1")
    mounts, unmounts = mount_pairs(plugin, "pair")
    assert len(mounts) == 4 and sorted(unmounts) == sorted(mounts)
    # the monitor killed: the next command's reconcile unmounts, once
    strata("run", "-d", "--name", "k1", "-v", "pair:/a", "busybox", "sleep", "100")
    shim = int(open(strata.path("run", "containers", strata.inspect("k1", "{{.Id}}"), "shim.pid")).read())
    os.kill(shim, signal.SIGKILL)
    time.sleep(0.2)
    strata("ps", "-a")
    strata("ps", "-a")
    assert strata.inspect("k1", "{{.State.Status}}") == "exited"
    strata("rm", "k1")
    mounts, unmounts = mount_pairs(plugin, "pair")
    assert len(mounts) == 5 and sorted(unmounts) == sorted(mounts)  # each exactly once


def test_plugin_errors_are_one_line_and_leave_nothing(strata, tmp_path):
    bad = Plugin(strata, tmp_path, "bad", ["--fail", "VolumeDriver.Create=array is full",
                                           "--ok-err", "VolumeDriver.Mount=not attached"])
    try:
        p = strata("volume", "create", "-d", "bad", "v1", check=False)
        assert (p.returncode, p.stderr) == (1, "Error: create v1: VolumeDriver.Create: array is full\n")
        p = strata("run", "--name", "c1", "-v", "v2:/d", "--volume-driver", "bad", "busybox", "true", check=False)
        assert (p.returncode, p.stderr) == (125, "Error: create v2: VolumeDriver.Create: array is full\n")
        assert strata.out("volume", "ls", "-q") == "" and strata.out("ps", "-aq") == ""
    finally:
        bad.stop()
    p = strata("volume", "create", "-d", "nosuch", "v3", check=False)
    assert (p.returncode, p.stderr) == (
        1, 'Error: create v3: error looking up volume plugin nosuch: plugin "nosuch" not found\n')
    p = strata("run", "-v", "v4:/d", "--volume-driver", "nosuch", "busybox", "true", check=False)
    assert (p.returncode, p.stderr.splitlines()) == (
        125, ['Error: create v4: error looking up volume plugin nosuch: plugin "nosuch" not found'])
    p = strata("run", "--mount", "type=volume,target=/d,volume-driver=nosuch", "busybox", "true", check=False)
    assert p.returncode == 125 and "plugin \"nosuch\" not found" in p.stderr
    assert strata.out("volume", "ls", "-q") == "" and strata.out("ps", "-aq") == ""
    # A plugin that died, its socket left behind: one clear line, no hang.
    p = strata("volume", "create", "-d", "bad", "v5", check=False)
    assert p.returncode == 1 and len(p.stderr.splitlines()) == 1
    assert "connect: connection refused" in p.stderr


def test_mount_refused_by_the_plugin_fails_the_start(strata, plugin, tmp_path):
    strata("volume", "create", "-d", "tp", "mv")
    plugin.stop()
    refusing = Plugin(strata, tmp_path, "tp", ["--ok-err", "VolumeDriver.Mount=not attached"])
    plugin.proc = refusing.proc  # the fixture stops this one
    p = strata("run", "--name", "cm", "-v", "mv:/d", "busybox", "true", check=False)
    assert p.returncode == 125 and p.stderr == "Error: error while mounting volume '': not attached\n"
    assert strata.inspect("cm", "{{.State.Status}}") == "created"
    assert refusing.calls("Unmount") == []  # nothing was mounted: nothing to undo
    strata("rm", "cm")


def test_hung_plugin_times_out_with_a_clear_error(strata, tmp_path):
    hung = Plugin(strata, tmp_path, "hung", ["--hang", "VolumeDriver.Create"])
    try:
        env = dict(os.environ, STRATA_PLUGIN_TIMEOUT="2")
        # A hang would raise TimeoutExpired: the bound is the call's timeout, not a timed assertion.
        p = strata("volume", "create", "-d", "hung", "hv", check=False, env=env, timeout=20)
        assert p.returncode == 1
        assert p.stderr.startswith('Error: create hv: Post "http://') and \
            p.stderr.endswith('/VolumeDriver.Create": context deadline exceeded\n')
        assert strata.out("volume", "ls", "-q") == ""
    finally:
        hung.stop()


def test_prune_removes_unused_plugin_volumes_through_the_plugin(strata, plugin):
    strata("run", "--name", "an", "-v", "/anon", "--volume-driver", "tp", "busybox", "true")
    anon = strata.inspect("an", "{{(index .Mounts 0).Name}}")
    assert os.path.isdir(os.path.join(plugin.storage, anon))
    strata("volume", "create", "-d", "tp", "named")
    assert strata.out("volume", "prune", "-f").startswith("Total reclaimed space")  # both in use or named
    assert {c["body"]["Name"] for c in plugin.calls("Remove")} == set()
    strata("rm", "an")
    out = strata.out("volume", "prune", "-f")
    assert anon in out and "named" not in out
    assert [c["body"]["Name"] for c in plugin.calls("Remove")] == [anon]
    strata("volume", "prune", "-f", "--all")
    assert [c["body"]["Name"] for c in plugin.calls("Remove")] == [anon, "named"]
    assert os.listdir(plugin.storage) == []
