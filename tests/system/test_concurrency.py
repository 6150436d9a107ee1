"""Several strata processes at once: the store serialises them safely."""
import subprocess
from concurrent.futures import ThreadPoolExecutor

from conftest import STRATA


def test_parallel_creates_with_one_name_make_exactly_one(strata):
    def create(_):
        return subprocess.run([STRATA, "--root", strata.root, "create", "--name", "same", "busybox"],
                              capture_output=True, text=True)
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(create, range(20)))
    ok = [r for r in results if r.returncode == 0]
    assert len(ok) == 1
    for r in results:
        if r.returncode:
            assert "is already in use by container" in r.stderr
    assert strata.out("ps", "-aq") != "" and len(strata.lines("ps", "-aq")) == 1
    # Nothing half-made by the losers.
    mount_dirs = [d for d in __import__("os").listdir(strata.path("overlay2")) if d not in ("l",)]
    assert len(mount_dirs) == 1 + 2  # the image layer, the winner's layer and its init layer


def test_parallel_runs_all_complete(strata):
    def run(i):
        return subprocess.run([STRATA, "--root", strata.root, "run", "--rm", "busybox", "echo", str(i)],
                              capture_output=True, text=True, timeout=120)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, range(16)))
    assert [r.returncode for r in results] == [0] * 16
    assert sorted(int(r.stdout) for r in results) == list(range(16))
    assert strata.out("ps", "-aq") == ""
