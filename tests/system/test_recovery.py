"""A change cut short (kill -9) leaves its intent mark; the next command
collects what no record points to, and keeps everything that is in use."""
import os
import signal
import subprocess
import time

from conftest import BUSYBOX_TAR, STRATA


def test_leftovers_of_a_cut_short_change_are_collected(strata):
    cid = strata.out("create", "--name", "keep", "busybox").strip()
    strata("volume", "create", "vol1", check=False)
    mount_id = strata.inspect("keep", "{{.GraphDriver.Data.UpperDir}}").split("/")[-2]
    # What a create killed between its disk steps and its commit leaves.
    orphan = strata.path("overlay2", "f" * 64)
    os.makedirs(orphan + "/diff")
    os.makedirs(orphan + "-init/diff")
    os.makedirs(strata.path("containers", "e" * 64))
    open(strata.path("intents", "create-0123456789abcdef"), "w").close()

    strata("ps", "-a")
    assert not os.path.exists(orphan) and not os.path.exists(orphan + "-init")
    assert not os.path.exists(strata.path("containers", "e" * 64))
    assert [f for f in os.listdir(strata.path("intents")) if f != ".lock"] == []
    # Everything in use is still there and works.
    assert os.path.isdir(strata.path("overlay2", mount_id, "diff"))
    assert os.path.isdir(strata.path("containers", cid))
    assert strata.out("start", "keep") == "keep\n"


def test_no_collection_without_a_mark(strata):
    stray = strata.path("overlay2", "a" * 64)
    os.makedirs(stray + "/diff")
    strata("ps", "-a")
    assert os.path.isdir(stray)  # no change was cut short: nothing is scanned


def test_import_killed_midway_leaves_nothing(strata, tmp_path):
    big = tmp_path / "big.tar"
    data = tmp_path / "data"
    data.mkdir()
    for i in range(64):
        with open(data / f"f{i}", "wb") as f:
            f.write(os.urandom(1 << 20))
    subprocess.run(["tar", "-C", str(data), "-cf", str(big), "."], check=True)
    before = sorted(os.listdir(strata.path("overlay2")))
    p = subprocess.Popen([STRATA, "--root", strata.root, "import", str(big), "big:latest"])
    time.sleep(0.15)
    p.send_signal(signal.SIGKILL)
    p.wait()
    strata("images")
    assert sorted(os.listdir(strata.path("overlay2"))) == before or strata.out("images", "-q", "big") != ""
    assert [f for f in os.listdir(strata.path("intents")) if f != ".lock"] == []
    # The same import then works.
    strata("import", str(big), "big:latest")
    assert strata.out("images", "-q", "big:latest") != ""


def test_layer_files_emptied_by_a_power_cut_are_rewritten_before_start(strata):
    # create does not fsync the layers' link/lower files (the records are the truth): after a
    # power cut they may be empty (Docker's "too many levels of symbolic links", moby#42964).
    strata("create", "--name", "pc", "busybox", "sh", "-c", "ls /etc/hostname /.dockerenv && echo ok")
    mount_id = strata.inspect("pc", "{{.GraphDriver.Data.UpperDir}}").split("/")[-2]
    layer = strata.path("overlay2", mount_id)
    before = {f: open(f).read() for f in (layer + "/lower", layer + "-init/link", layer + "-init/lower")}
    for f in before:
        open(f, "w").close()
    assert strata.out("start", "-a", "pc") == "/.dockerenv\n/etc/hostname\nok\n"
    assert {f: open(f).read() for f in before} == before
