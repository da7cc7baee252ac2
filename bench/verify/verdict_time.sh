#!/usr/bin/env bash
# Time to a verdict for math.sqrt with 10,000 acceptance cases, cold (empty compiler cache) and warm,
# with the report's per-stage timings and the case throughput of the case-running stages.
# Usage: bench/verify/verdict_time.sh [BUILD_DIR]   (run from the repository root)
set -euo pipefail
build="${1:-build}"
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
for run in cold warm; do
  start=$(date +%s.%N)
  OPSYNTH_CACHE_DIR="$cache" "$build/opsynth" verify --op math.sqrt --sig 'float -> float' \
    --candidate examples/sqrt.hpp --cases 10000 --report "$cache/$run.json" --quiet >/dev/null
  end=$(date +%s.%N)
  /usr/bin/python3 - "$cache/$run.json" "$run" "$start" "$end" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
wall = float(sys.argv[4]) - float(sys.argv[3])
t = report["timings_seconds"]
cases = sum(p["run"] for p in report["phases"] if p["phase"] != "sanitizer")
running = sum(t.get(k, 0) for k in ("generate", "oracle", "worker", "compare"))
print(f"{sys.argv[2]}: {report['verdict']} in {wall:.2f} s wall; {cases} cases; "
      f"{cases / running:,.0f} cases/s in the case-running stages")
print("  " + ", ".join(f"{k} {v:.3f}s" for k, v in t.items()))
PY
done
