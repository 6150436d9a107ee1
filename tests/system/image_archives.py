"""Test helpers: Docker archives and OCI layouts built by hand (for load's formats and for the
hostile-archive table), and reading what save wrote."""
import gzip
import hashlib
import io
import json
import tarfile


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def tar_bytes(entries, fmt=tarfile.PAX_FORMAT):
    """entries: (name, bytes) for files, (name, None, "dir"|("sym", target)|("hard", target)), or
    TarInfo-tuning callables (name, data, fn)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for e in entries:
            name, data = e[0], e[1]
            kind = e[2] if len(e) > 2 else None
            info = tarfile.TarInfo(name)
            info.mtime = 1700000000
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                t.addfile(info)
            elif isinstance(kind, tuple) and kind[0] == "sym":
                info.type, info.linkname = tarfile.SYMTYPE, kind[1]
                t.addfile(info)
            elif isinstance(kind, tuple) and kind[0] == "hard":
                info.type, info.linkname = tarfile.LNKTYPE, kind[1]
                t.addfile(info)
            else:
                if callable(kind):
                    kind(info)
                info.size = len(data)
                info.mode = info.mode or 0o644
                t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def layer(files):
    """A layer tar of {path: content}."""
    return tar_bytes([(p, c if isinstance(c, bytes) else c.encode()) for p, c in files.items()])


def config(diff_ids, history=None, **cfg):
    c = {"architecture": "amd64", "config": {"Cmd": ["sh"], **cfg}, "created": "2024-01-01T00:00:00Z",
         "history": history if history is not None else [{"created": "2024-01-01T00:00:00Z"} for _ in diff_ids],
         "os": "linux", "rootfs": {"type": "layers", "diff_ids": diff_ids}}
    return json.dumps(c).encode()


def docker_archive(layers_, tags=("hand:v1",), old_form=True, cfg=None, mutate=None):
    """A Docker archive of layer tars (bottom first). old_form: Docker <= 24 (<id>/layer.tar,
    <config>.json); else Docker 25+ (blobs/sha256/...)."""
    diff_ids = [sha(l) for l in layers_]
    cfg = cfg if cfg is not None else config(diff_ids)
    files = {}
    paths = []
    for i, l in enumerate(layers_):
        p = f"{hashlib.sha256(str(i).encode() + l).hexdigest()}/layer.tar" if old_form else f"blobs/sha256/{sha(l)[7:]}"
        files[p] = l
        paths.append(p)
    cfg_path = f"{sha(cfg)[7:]}.json" if old_form else f"blobs/sha256/{sha(cfg)[7:]}"
    files[cfg_path] = cfg
    manifest = [{"Config": cfg_path, "RepoTags": list(tags) or None, "Layers": paths}]
    if mutate:
        mutate(manifest, files)
    files["manifest.json"] = json.dumps(manifest).encode()
    return tar_bytes([(k, *v) if isinstance(v, tuple) else (k, v) for k, v in files.items()]), sha(cfg)


def oci_layout(layers_, tag="hand:v2", compress=None, cfg=None):
    """An OCI image layout (no manifest.json) with layers stored plain or gzip'ed."""
    diff_ids = [sha(l) for l in layers_]
    cfg = cfg if cfg is not None else config(diff_ids)
    blobs = {sha(cfg): cfg}
    descs = []
    for l in layers_:
        data = gzip.compress(l, mtime=0) if compress == "gzip" else l
        mt = "application/vnd.oci.image.layer.v1.tar" + ("+gzip" if compress == "gzip" else "")
        blobs[sha(data)] = data
        descs.append({"mediaType": mt, "digest": sha(data), "size": len(data)})
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(cfg),
                                      "size": len(cfg)}, "layers": descs}).encode()
    blobs[sha(manifest)] = manifest
    index = {"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(manifest), "size": len(manifest),
         "annotations": {"org.opencontainers.image.ref.name": tag}}]}
    entries = [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", json.dumps(index).encode())]
    entries += [(f"blobs/sha256/{d[7:]}", b) for d, b in blobs.items()]
    return tar_bytes(entries), sha(cfg)
