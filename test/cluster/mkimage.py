#!/usr/bin/env python3
"""Write a one-layer container image as a `docker save` archive, which
`ctr images import` takes: no registry, no base image, no Docker.

  mkimage.py OUT.tar REF --entrypoint JSON [--user U] [--env K=V]... ENTRY...

ENTRY is one of
  SRC:DST[:MODE]   a file copied from SRC to DST (mode octal, default 755)
  @LINK->TARGET    a symlink
  +DIR             an empty directory (mode 1777 if it is tmp)
Timestamps are fixed, so the same inputs give the same image ID."""
import argparse, hashlib, io, json, tarfile

def layer_bytes(entries):
    buf = io.BytesIO()
    dirs = set()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        def add_dir(path, mode=0o755):
            if path and path not in dirs:
                parent = path.rsplit("/", 1)[0] if "/" in path else ""
                add_dir(parent)
                ti = tarfile.TarInfo(path); ti.type = tarfile.DIRTYPE; ti.mode = mode; ti.mtime = 0
                t.addfile(ti); dirs.add(path)
        for e in entries:
            if e.startswith("+"):
                d = e[1:].strip("/"); add_dir(d, 0o1777 if d.endswith("tmp") else 0o755)
            elif e.startswith("@"):
                link, target = e[1:].split("->", 1); link = link.lstrip("/")
                add_dir(link.rsplit("/", 1)[0] if "/" in link else "")
                ti = tarfile.TarInfo(link); ti.type = tarfile.SYMTYPE; ti.linkname = target; ti.mtime = 0
                t.addfile(ti)
            else:
                parts = e.split(":"); src, dst = parts[0], parts[1].lstrip("/")
                mode = int(parts[2], 8) if len(parts) > 2 else 0o755
                add_dir(dst.rsplit("/", 1)[0] if "/" in dst else "")
                data = open(src, "rb").read()
                ti = tarfile.TarInfo(dst); ti.size = len(data); ti.mode = mode; ti.mtime = 0
                t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out"); ap.add_argument("ref")
    ap.add_argument("--entrypoint", required=True, type=json.loads)
    ap.add_argument("--user", default="")
    ap.add_argument("--env", action="append", default=[])
    ap.add_argument("entries", nargs="+")
    a = ap.parse_args()
    layer = layer_bytes(a.entries)
    diff = "sha256:" + hashlib.sha256(layer).hexdigest()
    env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] + a.env
    cfg = {"architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
           "config": {"Entrypoint": a.entrypoint, "User": a.user, "Env": env},
           "rootfs": {"type": "layers", "diff_ids": [diff]},
           "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "test/cluster/mkimage.py"}]}
    cb = json.dumps(cfg, sort_keys=True).encode(); cid = hashlib.sha256(cb).hexdigest()
    manifest = [{"Config": f"{cid}.json", "RepoTags": [a.ref], "Layers": [f"{diff[7:]}/layer.tar"]}]
    with tarfile.open(a.out, "w") as t:
        for name, data in ((f"{diff[7:]}/layer.tar", layer), (f"{cid}.json", cb),
                           ("manifest.json", json.dumps(manifest).encode())):
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = 0
            t.addfile(ti, io.BytesIO(data))
    print(f"{a.ref} sha256:{cid}")

main()
