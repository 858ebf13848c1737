#!/usr/bin/env bash
# Times `iam-lsp check --format json` and Parliament 1.6.4 side by side, in the same run, on the
# same policies: wall and CPU time of each (hyperfine, which starts the command itself, without a
# shell, so that nothing but the process is timed), peak resident memory (GNU time), and the ratios.
#
#   tests/bench/compare.sh [DIR]      DIR defaults to tests/corpus/managed; any directory of
#                                     *.json policies works, e.g. ../shared/corpus/managed
# Environment: IAM_LSP=path to a prebuilt binary (default: builds target/release/iam-lsp);
#              READ_JSON=path to the read+parse floor (default: builds the example read_json);
#              RUNS=how many times iam-lsp is timed, median reported (default 5);
#              PARLIAMENT_RUNS=the same for Parliament (default 1: it takes minutes);
#              PAIRED_ROUNDS=rounds of iam-lsp and the floor in turn (default 21, see below).
#
# Parliament is installed from PyPI into a throwaway virtual environment. Files it cannot process
# (it crashes on the SageMakerStudio policies whose condition keys are ArrayOfARN) are found by
# analysing each file once with Parliament's own API, listed, and left out for BOTH tools.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-$root/tests/corpus/managed}"
runs="${RUNS:-5}"
parliament_runs="${PARLIAMENT_RUNS:-1}"
paired_rounds="${PAIRED_ROUNDS:-21}"
[[ -d "$dir" ]] || { echo "no such directory: $dir" >&2; exit 2; }

gnu_time=/usr/bin/time
if ! "$gnu_time" -v true >/dev/null 2>&1; then
  echo "installing GNU time (Debian package 'time')" >&2
  apt-get install -y -qq time >/dev/null
fi
if ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine (Debian package 'hyperfine')" >&2
  apt-get install -y -qq hyperfine >/dev/null
fi

if [[ -z "${IAM_LSP:-}" ]]; then
  (cd "$root" && cargo build --release -q -p iam-lsp)
  IAM_LSP="$root/target/release/iam-lsp"
fi
if [[ -z "${READ_JSON:-}" ]]; then
  (cd "$root" && cargo build --release -q -p iam-lsp --example read_json)
  READ_JSON="$root/target/release/examples/read_json"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "installing Parliament 1.6.4 into a throwaway venv ($work/venv)" >&2
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check parliament==1.6.4 >&2
parliament="$work/venv/bin/parliament"

# Which files can Parliament process? One Python process, Parliament's own entry point per file.
"$work/venv/bin/python" - "$dir" >"$work/excluded.txt" <<'PY'
import pathlib, sys
from parliament import analyze_policy_string
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.json")):
    try:
        analyze_policy_string(path.read_text(), str(path))
    except Exception as e:  # noqa: BLE001 - any crash means Parliament cannot process the file
        print(f"{path.relative_to(sys.argv[1])}\t{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
PY

# The common set: every *.json under DIR but the excluded ones, copied flat-preserving paths.
set_dir="$work/policies"
mkdir -p "$set_dir"
(cd "$dir" && find . -name '*.json' -type f -print0) | while IFS= read -r -d '' f; do
  rel="${f#./}"
  if ! cut -f1 "$work/excluded.txt" | grep -qxF -- "$rel"; then
    mkdir -p "$set_dir/$(dirname "$rel")"
    cp "$dir/$rel" "$set_dir/$rel"
  fi
done
total=$(find "$dir" -name '*.json' -type f | wc -l)
kept=$(find "$set_dir" -name '*.json' -type f | wc -l)
bytes=$(find "$set_dir" -name '*.json' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')

# measure N CMD...: prints "seconds kib cpu-seconds": the median wall time of N runs after one
# warm-up and their mean user + system time (hyperfine -N), then the peak resident memory of one
# more run (GNU time). The exit status is ignored: both tools exit non-zero when they report
# findings. The output of the last run is left in $work/out.json.
measure() {
  local n="$1"; shift
  hyperfine -N -i --warmup 1 --runs "$n" --style none --export-json "$work/timing.json" \
    --output "$work/out.json" -- "$(printf '%q ' "$@")" >/dev/null 2>"$work/hyperfine.err" \
    || { cat "$work/hyperfine.err" >&2; exit 1; }
  "$gnu_time" -f '%M' -o "$work/rss.txt" "$@" >"$work/out.json" 2>"$work/stderr.txt" || true
  python3 - "$work/timing.json" "$(tail -1 "$work/rss.txt")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{r['median']:.4f} {sys.argv[2]} {r['user'] + r['system']:.4f}")
PY
}

# A crash or unreadable output would make the figures meaningless: check one run first.
status=0
"$IAM_LSP" check --format json "$set_dir" >"$work/iam.json" 2>"$work/iam.err" || status=$?
if (( status > 1 )) || ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))["files"]' "$work/iam.json" 2>/dev/null; then
  echo "iam-lsp check failed (exit status $status); not measuring:" >&2
  head -20 "$work/iam.err" >&2
  exit 1
fi

echo "measuring (iam-lsp x$runs, Parliament x$parliament_runs) ..." >&2
read -r iam_s iam_kib iam_cpu < <(measure "$runs" "$IAM_LSP" check --format json "$set_dir")
iam_findings=$(python3 -c 'import json,sys; print(sum(len(f["diagnostics"]) for f in json.load(open(sys.argv[1]))["files"]))' "$work/iam.json")
read -r par_s par_kib par_cpu < <(measure "$parliament_runs" "$parliament" --directory "$set_dir" --include_policy_extension .json --json)
par_findings=$(grep -c . "$work/out.json" || true)   # one JSON finding per line, from the last run
# The floor: reading every file and parsing it with serde_json, in parallel, and nothing else.
read -r floor_s floor_kib floor_cpu < <(measure "$runs" "$READ_JSON" "$set_dir")
# The same ratio with the two in turn: one run of each per round (hyperfine times both; the order
# swaps every round), the median of the rounds' ratios. Run after run of one binary, as above, a
# run finds the catalog pages the last one read still in the last-level cache; in turn, each run of
# iam-lsp starts without them, as a single `iam-lsp check` in CI does. The stricter figure.
iam_cmd="$(printf '%q ' "$IAM_LSP" check --format json "$set_dir")"
floor_cmd="$(printf '%q ' "$READ_JSON" "$set_dir")"
for ((round = 0; round < paired_rounds; round++)); do
  pair=("$iam_cmd" "$floor_cmd")
  (( round % 2 )) && pair=("$floor_cmd" "$iam_cmd")
  hyperfine -N -i --runs 1 --style none --output "$work/out.json" --export-json "$work/pair.json" -- "${pair[@]}" \
    >/dev/null 2>"$work/hyperfine.err" || { cat "$work/hyperfine.err" >&2; exit 1; }
  python3 -c 'import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print(r[sys.argv[2]] / r[sys.argv[3]])' "$work/pair.json" "$iam_cmd" "$floor_cmd" >>"$work/ratios.txt"
done
read -r paired_ratio paired_low paired_high < <(python3 -c 'import statistics, sys
r = [float(line) for line in open(sys.argv[1])]
print(f"{statistics.median(r):.2f} {min(r):.2f} {max(r):.2f}")' "$work/ratios.txt")

# A single-file process: the typical (closest to 2 KB) and the largest policy of the set.
largest=$(find "$set_dir" -name '*.json' -type f -printf '%s %p\n' | awk '$1 > best { best = $1; path = substr($0, length($1) + 2) } END { print path }')
typical=$(find "$set_dir" -name '*.json' -type f -printf '%s %p\n' | awk '{ d = $1 - 2048; if (d < 0) d = -d } NR == 1 || d < best { best = d; path = substr($0, length($1) + 2) } END { print path }')
read -r one_typ_s one_typ_kib one_typ_cpu < <(measure 21 "$IAM_LSP" check --format json "$typical")
read -r one_big_s one_big_kib one_big_cpu < <(measure 21 "$IAM_LSP" check --format json "$largest")
read -r par_typ_s par_typ_kib par_typ_cpu < <(measure 5 "$parliament" --file "$typical" --json)
read -r par_big_s par_big_kib par_big_cpu < <(measure 5 "$parliament" --file "$largest" --json)
# What starting any process costs, measured the same way: part of both tools' single-file times.
read -r start_s _ _ < <(measure 21 true)

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }

echo
echo "Directory: $dir"
echo "Policies:  $kept of $total *.json files ($((bytes / 1024)) KiB); $(wc -l <"$work/excluded.txt") excluded because Parliament cannot process them:"
if [[ -s "$work/excluded.txt" ]]; then sed 's/^/  - /' "$work/excluded.txt"; else echo "  (none)"; fi
echo "Machine:   $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
printf '%-30s %10s %12s %16s %10s\n' "tool" "wall (s)" "CPU (s)" "peak RSS (MiB)" "findings"
printf '%-30s %10.3f %12s %16s %10s\n' "iam-lsp check --format json" "$iam_s" "$iam_cpu" "$(mib "$iam_kib")" "$iam_findings"
printf '%-30s %10.3f %12s %16s %10s\n' "parliament 1.6.4 --json" "$par_s" "$par_cpu" "$(mib "$par_kib")" "$par_findings"
printf '%-30s %10.3f %12s %16s %10s\n' "read + serde_json (floor)" "$floor_s" "$floor_cpu" "$(mib "$floor_kib")" "-"
echo
awk -v a="$par_s" -v b="$iam_s" -v c="$par_kib" -v d="$iam_kib" 'BEGIN {
  printf "Ratio: iam-lsp is %.1fx faster (wall) and uses %.1fx less peak memory than Parliament\n", a / b, c / d }'
awk -v a="$par_cpu" -v b="$iam_cpu" 'BEGIN { if (b > 0) printf "       and %.1fx less CPU time (user + system; the wall ratio depends on how busy the machine is)\n", a / b }'
awk -v a="$iam_s" -v b="$floor_s" 'BEGIN { printf "       and takes %.1fx the time of reading and parsing the files with serde_json\n", a / b }'
echo "       and ${paired_ratio}x with the two run in turn (median of $paired_rounds rounds; from ${paired_low}x to ${paired_high}x)"
echo "(wall: median of $runs iam-lsp and floor run(s) and $parliament_runs Parliament run(s), after one warm-up; CPU: their mean;"
echo " peak RSS: GNU time's maximum resident set size of one more run)"
echo
echo "Single-file process: iam-lsp check (median of 21 runs) against parliament --file (median of 5), each"
echo "time with the $(ms "$start_s") ms that starting any process costs here (/bin/true, measured the same way):"
for which in typ big; do
  file=$typical; [[ $which == big ]] && file=$largest
  i_s=one_${which}_s i_c=one_${which}_cpu i_k=one_${which}_kib p_s=par_${which}_s
  printf '  %-55s %7s ms wall %7s ms CPU %7s MiB; Parliament %7s ms: %.0fx\n' \
    "$(basename "$file") ($(stat -c %s "$file") B)" "$(ms "${!i_s}")" "$(ms "${!i_c}")" "$(mib "${!i_k}")" \
    "$(ms "${!p_s}")" "$(awk -v a="${!p_s}" -v b="${!i_s}" 'BEGIN { print a / b }')"
done
