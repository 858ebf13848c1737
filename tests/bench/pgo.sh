#!/usr/bin/env bash
# Builds iam-lsp with profile-guided optimisation (PGO), statically linked on Linux with glibc, and
# prints the path of the binary.
#
#   tests/bench/pgo.sh                   builds target/pgo/use/HOST/release/iam-lsp
#   IAM_LSP=$(tests/bench/pgo.sh) tests/bench/compare.sh ../shared/corpus/managed
#
# An instrumented build is trained, then the release build is compiled again with the profile, so
# that LLVM lays out and inlines the code the way the analysis runs it. The training uses only
# policies the benchmarks do not measure: `check` in the three output formats on tests/corpus/
# realworld (policies of every type), templates and access-analyzer, `simulate` on the realworld
# identity policies, and language-server sessions (tests/bench/lsp.py: opens, edits, diagnostics)
# on realworld policies and two large ones made of them. Never tests/corpus/managed*, so the
# managed corpus the benchmarks run on stays unseen.
#
# Needs the rustup component llvm-tools (installed here when missing) for llvm-profdata of the
# toolchain's own LLVM. Both builds are from scratch the first time: about 6 minutes on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
host="$(rustc -vV | sed -n 's/^host: //p')"
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [[ ! -x "$profdata" ]]; then
  echo "installing the rustup component llvm-tools (llvm-profdata)" >&2
  rustup component add llvm-tools >&2
fi

# On Linux with glibc the binary is linked statically: the dynamic loader's work (three libraries
# mapped, their symbols bound, the relocations applied) was a third of the samples of a single-file
# `check`, and the binary calls nothing (name service, `dlopen`) a static glibc cannot serve.
static=""
if [[ "$host" == *-linux-gnu ]]; then
  static="-Ctarget-feature=+crt-static"
fi

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
target="$root/target/pgo"
# `--target` keeps RUSTFLAGS off the build scripts and procedural macros, which are not trained
# (and which a static C runtime cannot link).
build() {
  (cd "$root" && RUSTFLAGS="$1 $static" cargo build --release -q -p iam-lsp --target "$host" --target-dir "$target/$2")
}

echo "building the instrumented binary" >&2
build "-Cprofile-generate=$data/raw" generate
trained="$target/generate/$host/release/iam-lsp"

echo "training" >&2
corpus="$root/tests/corpus"
for format in json human sarif; do
  "$trained" check --format "$format" "$corpus/realworld" "$corpus/templates" "$corpus/access-analyzer" \
    >/dev/null 2>&1 || true
done
for policy in "$corpus"/realworld/identity/*.json; do
  "$trained" simulate --action s3:GetObject --resource arn:aws:s3:::amzn-s3-demo-bucket/key \
    --identity "$policy" >/dev/null 2>&1 || true
done
# Editing a large policy runs paths small ones do not (a long statement re-run whole, many
# statements' summaries): two are made of the realworld policies, all their statements in one
# policy, and all their actions in one statement; the server session edits each.
python3 - "$corpus/realworld" "$data" <<'PY'
import json, pathlib, sys
statements = []
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.json")):
    try:
        found = json.loads(path.read_text()).get("Statement")
    except (ValueError, AttributeError):
        continue
    statements += [s for s in (found if isinstance(found, list) else [found]) if isinstance(s, dict)]
def listed(value):
    return [value] if isinstance(value, str) else value if isinstance(value, list) else []
actions = sorted({a for s in statements for a in listed(s.get("Action")) if isinstance(a, str)})
one = {"Effect": "Allow", "Action": actions, "Resource": "*"}
for name, policy in [("statements", statements), ("actions", [one])]:
    folder = pathlib.Path(sys.argv[2], name)
    folder.mkdir()
    (folder / f"{name}.json").write_text(json.dumps({"Version": "2012-10-17", "Statement": policy}, indent=4))
    for small in sorted(pathlib.Path(sys.argv[1], "identity").glob("*.json"))[:50]:
        (folder / small.name).write_text(small.read_text())
PY
for folder in statements actions; do
  "$trained" check "$data/$folder" >/dev/null 2>&1 || true
  python3 "$root/tests/bench/lsp.py" "$trained" "$data/$folder" 50 >/dev/null
done

"$profdata" merge -o "$data/merged.profdata" "$data/raw"
echo "building with the profile" >&2
build "-Cprofile-use=$data/merged.profdata" use
echo "$target/use/$host/release/iam-lsp"
