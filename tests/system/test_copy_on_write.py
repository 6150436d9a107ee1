"""Copy-on-write on the real overlay mount, and `diff` by Docker's rules."""
import os
import stat


def upper(strata, name):
    return strata.inspect(name, "{{.GraphDriver.Data.UpperDir}}")


def image_layer(strata, rel):
    lower = strata.inspect("busybox", "{{.GraphDriver.Data.UpperDir}}")
    return os.path.join(lower, rel)


def test_modify_copies_up_and_image_is_unchanged(strata):
    before = open(image_layer(strata, "etc/passwd")).read()
    strata("run", "-d", "-t", "--name", "ca", "busybox")
    strata("run", "-d", "-t", "--name", "cb", "busybox")
    strata("exec", "ca", "sh", "-c", "echo 'x:x:9:9::/:/bin/sh' >> /etc/passwd")
    copied = os.path.join(upper(strata, "ca"), "etc/passwd")
    assert open(copied).read() == before + "x:x:9:9::/:/bin/sh\n"
    assert open(image_layer(strata, "etc/passwd")).read() == before
    assert strata.out("exec", "cb", "cat", "/etc/passwd") == before
    assert strata.out("diff", "ca") == "C /etc\nC /etc/passwd\n"
    assert strata.out("diff", "cb") == ""


def test_delete_leaves_whiteout(strata):
    strata("run", "-d", "-t", "--name", "cd", "busybox")
    strata("exec", "cd", "rm", "/bin/ls")
    wh = os.lstat(os.path.join(upper(strata, "cd"), "bin/ls"))
    assert stat.S_ISCHR(wh.st_mode) and wh.st_rdev == 0
    assert strata.out("diff", "cd") == "C /bin\nD /bin/ls\n"
    assert os.path.lexists(image_layer(strata, "bin/ls"))


def test_new_file_goes_to_writable_layer_only(strata):
    strata("run", "-d", "-t", "--name", "cn", "busybox")
    strata("exec", "cn", "sh", "-c", "echo hi > /tmp/new")
    assert open(os.path.join(upper(strata, "cn"), "tmp/new")).read() == "hi\n"
    assert not os.path.exists(image_layer(strata, "tmp/new"))
    assert strata.out("diff", "cn") == "C /tmp\nA /tmp/new\n"


def test_diff_rules(strata):
    strata("run", "-d", "-t", "--name", "cr", "busybox")
    script = ("mv /bin/cat /bin/cat2; chmod 700 /home; mkdir /d; rmdir /d; "
              "mkdir -p /n/a/b; touch /n/a/b/f; rm -rf /root; mkdir /root; touch /root/new; "
              "echo x > /etc/hosts")
    strata("exec", "cr", "sh", "-c", script)
    # Parents before children, siblings sorted (Docker's order varies per call).
    assert strata.out("diff", "cr").splitlines() == [
        "C /bin", "D /bin/cat", "A /bin/cat2",
        "C /home",
        "A /n", "A /n/a", "A /n/a/b", "A /n/a/b/f",
        "C /root", "A /root/new",
    ]


def test_diff_is_stable_and_works_stopped(strata):
    strata("run", "-d", "-t", "--name", "cs", "busybox")
    strata("exec", "cs", "sh", "-c", "touch /z /a /m; mkdir /q; touch /q/2 /q/1")
    first = strata.out("diff", "cs")
    assert first.splitlines() == ["A /a", "A /m", "A /q", "A /q/1", "A /q/2", "A /z"]
    strata("stop", "-t", "1", "cs")
    assert strata.out("diff", "cs") == first


def test_fresh_container_diff_is_empty(strata):
    strata("create", "--name", "cf", "busybox")
    assert strata.out("diff", "cf") == ""
    strata("start", "cf")
    assert strata.out("diff", "cf") == ""
