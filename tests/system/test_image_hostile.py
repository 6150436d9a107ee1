"""Hostile archives given to `load` and `import`: each is refused with one clear error line (or,
where Docker sanitises, sanitised the same way), nothing is written outside the store, and no
half-loaded image or layer is left behind."""
import gzip
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile

import pytest

from conftest import BUSYBOX_TAR, Strata, mounts_under
from image_archives import config, docker_archive, layer, oci_layout, sha, tar_bytes

OUT = f"/var/tmp/strata-hostile-outside-{os.getpid()}"  # what the archives aim at (one per test run)


def xattr_layer(name, kind, key, value):
    def tune(info):
        info.pax_headers = {f"SCHILY.xattr.{key}": value}
        if kind == "dir":
            info.type = tarfile.DIRTYPE
    return tar_bytes([(name, b"", tune)])


def cap(rev, rootid=None):
    v = (b"\x01\x00\x00" + bytes([rev]) + b"\x00\x20\x00\x00" + b"\x00" * 12)
    return v + (rootid.to_bytes(4, "little") if rootid is not None else b"")


def manifest_paths(config_path=None, layers=None):
    def mutate(manifest, files):
        if config_path is not None:
            manifest[0]["Config"] = config_path
        if layers is not None:
            manifest[0]["Layers"] = layers
    return mutate


def with_symlink_escape(manifest, files):
    files["evil"] = (None, ("sym", "../../../../" + OUT.strip("/")))
    manifest[0]["Layers"] = ["evil/layer.tar"]


def truncated(data):
    return data[: len(data) // 2]


def layer_then_dotdot():
    """A whole layer blob (extracted by the scan at once), then a hostile entry: the scan fails
    after it made the layer's directory, which must go too."""
    return tar_bytes([("l/layer.tar", layer({"a": "1"})), ("../evil", b"x")])


def bomb():  # a small gzip that inflates to 400 MB (the store here is a 192 MB tmpfs)
    info = tarfile.TarInfo("zeros")
    info.size = 400 << 20
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz:
        with tarfile.open(fileobj=gz, mode="w|") as t:
            class Zeros(io.RawIOBase):
                left = info.size

                def readable(self):
                    return True

                def readinto(self, b):
                    n = min(len(b), self.left)
                    b[:n] = bytes(n)
                    self.left -= n
                    return n
            t.addfile(info, io.BufferedReader(Zeros(), 1 << 20))
    return raw.getvalue()


def layer_case(entries):
    return lambda: docker_archive([tar_bytes(entries)])[0]


def big_manifest():
    return tar_bytes([("manifest.json", b"[" + b" " * (9 << 20) + b"]")])


# (id, command, archive maker, expected error text (None: accepted, sanitised))
CASES = [
    ("entry-dotdot", "load", lambda: tar_bytes([("../evil", b"x")]), 'invalid archive: entry "../evil" is outside the archive'),
    ("entry-absolute-sanitised", "load",
     lambda: tar_bytes([("/" + n, d) for n, d in tarfile_entries(docker_archive([layer({"ok": "1"})])[0])]), None),
    ("manifest-config-dotdot", "load", lambda: docker_archive([layer({"a": "1"})], mutate=manifest_paths("../../../etc/passwd"))[0],
     'invalid manifest: path "../../../etc/passwd" is outside the archive'),
    ("manifest-layer-absolute", "load", lambda: docker_archive([layer({"a": "1"})], mutate=manifest_paths(layers=["/etc/passwd"]))[0],
     'invalid manifest: path "/etc/passwd" is outside the archive'),
    ("manifest-symlink-escape", "load", lambda: docker_archive([layer({"a": "1"})], mutate=with_symlink_escape)[0],
     "leads outside the archive"),
    ("layer-digest-mismatch", "load",
     lambda: docker_archive([layer({"a": "1"})], cfg=config([sha(b"other")]))[0], "invalid diffID for layer 0"),
    ("config-digest-mismatch", "load",
     lambda: docker_archive([layer({"a": "1"})], old_form=False,
                            mutate=lambda m, f: f.__setitem__(m[0]["Config"], f[m[0]["Config"]] + b" "))[0],
     "does not match its digest"),
    ("oci-blob-digest-mismatch", "load", lambda: oci_tampered(), "does not match its digest"),
    ("layers-count-mismatch", "load", lambda: docker_archive([layer({"a": "1"})], cfg=config([]))[0],
     "invalid manifest, layers length mismatch: expected 1, got 0"),
    ("windows-image", "load", lambda: docker_archive([layer({"a": "1"})], cfg=config([sha(layer({"a": "1"}))]).replace(
        b'"os": "linux"', b'"os": "windows"'))[0], "cannot load windows image on linux"),
    ("truncated-archive", "load", lambda: truncated(docker_archive([open(BUSYBOX_TAR, "rb").read()])[0]), "invalid archive"),
    ("layer-then-dotdot", "load", layer_then_dotdot, 'invalid archive: entry "../evil" is outside the archive'),
    ("not-an-archive", "load", lambda: b"\x00garbage" * 100, "invalid archive"),
    ("metadata-bomb", "load", big_manifest, "manifest.json is larger than"),
    ("layer-dotdot", "load", layer_case([("../../x", b"p")]), '"..\" is not allowed'),
    ("layer-absolute-sanitised", "load", layer_case([("/" + OUT.strip("/") + "/abs", b"p")]), None),
    ("layer-symlink-then-write", "load",
     layer_case([("evil", None, ("sym", OUT)), ("evil/pwned", b"p")]), "path goes through a symlink"),
    ("layer-hardlink-escape", "load", layer_case([("h", None, ("hard", "../../../etc/passwd"))]), '"..\" is not allowed'),
    ("layer-overlay-xattr", "load", lambda: docker_archive([xattr_layer("d", "dir", "trusted.overlay.opaque", "y")])[0],
     "reserved for overlayfs"),
    ("layer-capability-malformed", "load", lambda: docker_archive([xattr_layer("f", "file", "security.capability", "xx")])[0],
     "file capability (security.capability) malformed"),
    ("layer-capability-other-userns", "load",
     lambda: docker_archive([xattr_layer("f", "file", "security.capability", cap(3, 100).decode("latin-1"))])[0],
     "bound to the root of another user namespace"),
    ("layer-truncated-gzip", "load", lambda: docker_archive_raw_layer(gzip.compress(layer({"a": "1" * 100000}))[:-8]),
     "layer tar: truncated or corrupt compressed stream"),
    ("import-dotdot", "import", lambda: tar_bytes([("../../x", b"p")]), '"..\" is not allowed'),
    ("import-symlink-then-write", "import", lambda: tar_bytes([("evil", None, ("sym", OUT)), ("evil/pwned", b"p")]),
     "path goes through a symlink"),
    ("import-hardlink-absolute", "import", lambda: tar_bytes([("h", None, ("hard", "/etc/shadow"))]),
     'hardlink target "etc/shadow" does not exist'),
    ("bomb-load", "load", lambda: docker_archive_raw_layer(bomb()), "expands beyond"),
    ("bomb-import", "import", bomb, "expands beyond"),
]


def tarfile_entries(data):
    with tarfile.open(fileobj=io.BytesIO(data)) as t:
        return [(m.name, t.extractfile(m).read()) for m in t.getmembers() if m.isfile()]


def docker_archive_raw_layer(blob):
    """A Docker archive whose one layer blob is `blob` as is (its diff ID cannot be known)."""
    cfg = config([sha(b"unknown")])
    return tar_bytes([("l/layer.tar", blob), ("c.json", cfg),
                      ("manifest.json", json.dumps([{"Config": "c.json", "RepoTags": ["x:y"],
                                                      "Layers": ["l/layer.tar"]}]).encode())])


def oci_tampered():
    data, _ = oci_layout([layer({"a": "1"})])
    entries = tarfile_entries(data)
    entries = [(n, d + b"\n" if n.startswith("blobs/") and d.startswith(b'{"architecture"') else d) for n, d in entries]
    return tar_bytes(entries)


@pytest.fixture
def small_store():
    """A store on a 192 MB tmpfs, so a bomb meets the space limit quickly."""
    base = tempfile.mkdtemp(prefix="strata-systest-", dir="/var/tmp")
    root = os.path.join(base, "root")
    os.makedirs(root)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192m", "tmpfs", root], check=True)
    s = Strata(root)
    try:
        s("import", "-c", 'CMD ["sh"]', BUSYBOX_TAR, "busybox:latest")
        yield s
    finally:
        s.cleanup()
        for m in sorted(mounts_under(base), key=len, reverse=True):
            subprocess.run(["umount", "-l", m], check=False)
        shutil.rmtree(base, ignore_errors=True)


def state(s):
    overlay = sorted(os.listdir(s.path("overlay2")))
    links = sorted(os.listdir(s.path("overlay2", "l")))
    tmp = sorted(os.listdir(s.path("tmp"))) if os.path.isdir(s.path("tmp")) else []
    return overlay, links, tmp, s.out("images", "-a", "--no-trunc", "--format", "{{.ID}} {{.Repository}}:{{.Tag}}")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_hostile_archive(small_store, tmp_path, case):
    name, command, make, expected = case
    try:
        shutil.rmtree(OUT, ignore_errors=True)
        os.makedirs(OUT)
        archive = tmp_path / "a.tar"
        archive.write_bytes(make())
        before = state(small_store)
        args = ["load", "-i", str(archive)] if command == "load" else ["import", str(archive), "hostile:v1"]
        p = small_store(*args, check=False, timeout=120)
        if expected is None:
            assert p.returncode == 0, p.stderr
        else:
            assert p.returncode == 1, p.stdout
            assert len(p.stderr.splitlines()) == 1 and p.stderr.startswith("Error: "), p.stderr
            assert expected in p.stderr, p.stderr
            assert state(small_store) == before  # nothing half-loaded
        assert os.listdir(OUT) == []  # nothing written outside the store
        assert not os.path.exists("/etc/passwd-x") and not os.path.exists("/pwned")
    finally:
        shutil.rmtree(OUT, ignore_errors=True)
