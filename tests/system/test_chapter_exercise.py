"""The chapter's first exercise, replayed with strata in place of docker, and
compared with the output the chapter shows."""
import os
import subprocess


def find_files(root, name):
    p = subprocess.run(["find", os.path.join(root, "overlay2") + "/", "-type", "f"], capture_output=True, text=True)
    return [l for l in p.stdout.splitlines() if name in l]


def test_first_exercise(strata):
    cid = strata.out("run", "--detach", "--name", "test", "--tty", "busybox").strip()
    assert len(cid) == 64
    strata("exec", "test", "touch", "hello-world.txt")
    assert strata.out("diff", "test") == "A /hello-world.txt\n"

    mount_id = strata.inspect("test", "{{.GraphDriver.Data.UpperDir}}").split("/")[-2]
    found = sorted(find_files(strata.root, "hello-world.txt"))
    base = os.path.join(strata.root, "overlay2", mount_id)
    assert found == [base + "/diff/hello-world.txt", base + "/merged/hello-world.txt"]

    assert strata.out("stop", "-t", "1", "test") == "test\n"
    assert strata.out("diff", "test") == "A /hello-world.txt\n"
    assert find_files(strata.root, "hello-world.txt") == [base + "/diff/hello-world.txt"]

    assert strata.out("rm", "test") == "test\n"
    p = strata("diff", "test", check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == "Error: No such container: test"
    assert find_files(strata.root, "hello-world.txt") == []
