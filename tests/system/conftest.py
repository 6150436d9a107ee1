"""System tests: drive the real `strata` binary as root, each test on its own
throwaway --root, so tests run in parallel with each other and with a user's
real store. Every test ends by checking that no mount is left under its root,
and cleans up mounts even when it fails."""
import os
import shutil
import subprocess
import tempfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("STRATA_BUILD", os.path.join(REPO, "build"))
STRATA = os.path.join(BUILD, "strata")
BUSYBOX_TAR = os.path.join(BUILD, "busybox-rootfs.tar")


def mounts_under(path):
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            mnt = line.split()[4].replace("\\040", " ")
            if mnt == path or mnt.startswith(path + "/"):
                found.append(mnt)
    return found


class Strata:
    def __init__(self, root):
        self.root = root

    def __call__(self, *args, check=True, input=None, timeout=60, env=None):
        """Runs `strata --root ROOT args…`; returns CompletedProcess (text)."""
        cmd = [STRATA, "--root", self.root, *args]
        p = subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=timeout,
                           env=env)
        if check and p.returncode != 0:
            raise AssertionError(f"{' '.join(args)} -> {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}")
        return p

    def out(self, *args, **kw):
        return self(*args, **kw).stdout

    def lines(self, *args, **kw):
        return self(*args, **kw).stdout.splitlines()

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def inspect(self, ref, fmt):
        return self.out("inspect", "-f", fmt, ref).strip()

    def cleanup(self):
        p = self("ps", "-aq", "--no-trunc", check=False)
        ids = p.stdout.split()
        if ids:
            self("rm", "-f", *ids, check=False, timeout=120)


@pytest.fixture
def strata():
    base = tempfile.mkdtemp(prefix="strata-systest-", dir="/var/tmp")
    root = os.path.join(base, "root")
    s = Strata(root)
    s("import", "-c", 'CMD ["sh"]', BUSYBOX_TAR, "busybox:latest")
    try:
        yield s
        s.cleanup()
        leaked = mounts_under(base)
        assert leaked == [], f"mounts left behind: {leaked}"
    finally:
        s.cleanup()
        for m in sorted(mounts_under(base), key=len, reverse=True):
            subprocess.run(["umount", "-l", m], check=False)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def bare_strata():
    """A store with no image in it."""
    base = tempfile.mkdtemp(prefix="strata-systest-", dir="/var/tmp")
    s = Strata(os.path.join(base, "root"))
    try:
        yield s
    finally:
        s.cleanup()
        for m in sorted(mounts_under(base), key=len, reverse=True):
            subprocess.run(["umount", "-l", m], check=False)
        shutil.rmtree(base, ignore_errors=True)
