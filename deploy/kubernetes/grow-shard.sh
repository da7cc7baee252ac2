#!/bin/sh
# One pod of the nightly Indexed Job (opsynth-grow-cronjob.yaml): grow's shard JOB_COMPLETION_INDEX of
# SHARDS into a delta on the shared volume; the pod of index 0 then waits for the other shards'
# deltas (until MERGE_DEADLINE seconds have passed), merges what is there into the library, and runs
# grow once more without a model to recompile, verify, reverify and report on the merged library.
# Environment: JOB_COMPLETION_INDEX (set by Kubernetes), SHARDS, NIGHT (one folder per night),
# SHARED (the volume: oplib/, cache/, deltas/, grow/), CORPUS, OPSYNTH (the executable), MAX_TOKENS,
# MAX_WALL, MERGE_DEADLINE, REVERIFY (operators per night), OPLIB_SEED (the library of the first night), and the endpoint's OPENAI_BASE_URL, OPENAI_API_KEY, OPSYNTH_MODEL.
set -eu
: "${JOB_COMPLETION_INDEX:?set by an Indexed Job}" "${SHARDS:?}" "${NIGHT:?}" "${SHARED:?}" "${CORPUS:?}"
OPSYNTH="${OPSYNTH:-/opt/opsynth/build/opsynth}"
MAX_TOKENS="${MAX_TOKENS:-100000}"
MAX_WALL="${MAX_WALL:-3600}"
MERGE_DEADLINE="${MERGE_DEADLINE:-7200}"
REVERIFY="${REVERIFY:-8}"
export OPSYNTH_CACHE_DIR="$SHARED/cache"
deltas="$SHARED/deltas/$NIGHT"
mkdir -p "$deltas" "$SHARED/grow"
# The first night seeds the volume's library from the image: copied aside, then renamed into place,
# so pods starting together never see half a library (the rename fails for all but one).
if [ ! -d "$SHARED/oplib" ]; then
  seed="$SHARED/oplib.seed-$JOB_COMPLETION_INDEX-$$"
  cp -r "${OPLIB_SEED:-/opt/opsynth/oplib}" "$seed"
  mv -T "$seed" "$SHARED/oplib" 2>/dev/null || rm -rf "$seed"
fi

# Exit 1 (an overload refused) is a result the report carries; 2 and 4 stop the pod, 3 keeps what was
# accepted (the delta is written) and is reported by the merge.
status=0
"$OPSYNTH" grow "$CORPUS" --oplib "$SHARED/oplib" --shard "$JOB_COMPLETION_INDEX/$SHARDS" \
  --delta "$deltas/shard-$JOB_COMPLETION_INDEX" --workdir "$deltas/work-$JOB_COMPLETION_INDEX" \
  --max-tokens-total "$MAX_TOKENS" --max-wall "$MAX_WALL" --jobs 2 || status=$?
case "$status" in 0|1|3) ;; *) exit "$status" ;; esac
[ "$JOB_COMPLETION_INDEX" = 0 ] || exit 0

# The merge step, in pod 0: every shard's delta.json is written last, so its presence means done.
waited=0
while [ "$(ls "$deltas"/shard-*/delta.json 2>/dev/null | wc -l)" -lt "$SHARDS" ] && [ "$waited" -lt "$MERGE_DEADLINE" ]; do
  sleep 30
  waited=$((waited + 30))
done
set -- "$deltas"/shard-*/
[ -e "$1" ] || { echo "grow-shard: no delta to merge in $deltas" >&2; exit 4; }
merged=0
"$OPSYNTH" ops merge "$@" --oplib "$SHARED/oplib" --report "$deltas/merge.json" || merged=$?
[ "$merged" -le 1 ] || exit "$merged"
final=0
"$OPSYNTH" grow "$CORPUS" --oplib "$SHARED/oplib" --workdir "$SHARED/grow" --max-tokens-total 0 --jobs 2 --reverify "$REVERIFY" || final=$?
[ "$final" -le 1 ] || exit "$final"
exit 0
