#!/usr/bin/python3
"""A small Docker volume plugin (legacy v1 protocol) for the system tests.

    volume_plugin.py SOCKET STORAGE LOG [--fail METHOD=MESSAGE]... [--ok-err METHOD=MESSAGE]...
                     [--hang METHOD]...

Serves HTTP over the unix socket SOCKET. Each volume is a directory STORAGE/<name>/data
(the "outside storage"); every call is appended to LOG as one JSON line {"method", "body"}.
--fail answers METHOD with status 500 and {"Err": MESSAGE} (what docker/go-plugins-helpers
does), --ok-err with status 200 and {"Err": MESSAGE}; --hang never answers METHOD.
"""
import json
import os
import socketserver
import sys
import time
from http.server import BaseHTTPRequestHandler

SOCKET, STORAGE, LOG = sys.argv[1:4]
FAIL, OK_ERR, HANG = {}, {}, set()
args = sys.argv[4:]
while args:
    flag, value = args[0], args[1]
    args = args[2:]
    if flag == "--hang":
        HANG.add(value)
    else:
        method, _, msg = value.partition("=")
        (FAIL if flag == "--fail" else OK_ERR)[method] = msg
MOUNTED = {}  # name -> set of mount IDs


def vol_dir(name):
    return os.path.join(STORAGE, name)


def handle(method, body):
    name = body.get("Name", "")
    if method == "Plugin.Activate":
        return {"Implements": ["VolumeDriver"]}
    if method == "VolumeDriver.Capabilities":
        return {"Capabilities": {"Scope": "global"}}
    if method == "VolumeDriver.Create":
        os.makedirs(os.path.join(vol_dir(name), "data"), exist_ok=True)
        with open(os.path.join(vol_dir(name), "opts.json"), "w") as f:
            json.dump(body.get("Opts") or {}, f)
        return {"Err": ""}
    if method == "VolumeDriver.Remove":
        if MOUNTED.get(name):
            return {"Err": "volume %s is mounted" % name}
        for top, dirs, files in os.walk(vol_dir(name), topdown=False):
            for f in files:
                os.unlink(os.path.join(top, f))
            for d in dirs:
                os.rmdir(os.path.join(top, d))
        if os.path.isdir(vol_dir(name)):
            os.rmdir(vol_dir(name))
        return {"Err": ""}
    if not os.path.isdir(vol_dir(name)) and method != "VolumeDriver.List":
        return {"Err": "no such volume %s" % name}
    mountpoint = os.path.join(vol_dir(name), "data")
    if method == "VolumeDriver.Mount":
        MOUNTED.setdefault(name, set()).add(body.get("ID"))
        return {"Mountpoint": mountpoint, "Err": ""}
    if method == "VolumeDriver.Unmount":
        MOUNTED.get(name, set()).discard(body.get("ID"))
        return {"Err": ""}
    if method == "VolumeDriver.Path":
        return {"Mountpoint": mountpoint, "Err": ""}
    if method == "VolumeDriver.Get":
        return {"Volume": {"Name": name, "Mountpoint": mountpoint,
                           "Status": {"storage": "outside", "mounts": len(MOUNTED.get(name, ()))}},
                "Err": ""}
    if method == "VolumeDriver.List":
        names = sorted(os.listdir(STORAGE))
        return {"Volumes": [{"Name": n, "Mountpoint": os.path.join(vol_dir(n), "data")} for n in names],
                "Err": ""}
    return None


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        method = self.path.lstrip("/")
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw.strip() else {}
        with open(LOG, "a") as f:
            f.write(json.dumps({"method": method, "body": body}) + "\n")
        if method in HANG:
            time.sleep(3600)
        status, out = 200, None
        if method in FAIL:
            status, out = 500, {"Err": FAIL[method]}
        elif method in OK_ERR:
            out = {"Err": OK_ERR[method]}
        else:
            out = handle(method, body)
            if out is None:
                status, out = 404, {"Err": "unknown method " + method}
        data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.docker.plugins.v1+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def address_string(self):
        return "unix"

    def log_message(self, *a):
        pass


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if __name__ == "__main__":
    os.makedirs(STORAGE, exist_ok=True)
    if os.path.exists(SOCKET):
        os.unlink(SOCKET)
    with Server(SOCKET, Handler) as srv:
        srv.serve_forever()
