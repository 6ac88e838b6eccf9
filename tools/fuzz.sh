#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan, and runs each for SECONDS
# (default 60), seeded from the test fixtures and the hostile corpus. Prints each target's
# executions and findings, then the totals; exits 1 when anything was found.
#   tools/fuzz.sh [SECONDS]            build dir: $OPTCONF_FUZZ_BUILD (default build-fuzz)
# Findings (crash-*, timeout-*, oom-*, leak-*) are kept in BUILD/findings/TARGET/; copy a fixed
# one to tests/data/bad/fuzz-* so the hostile-input test keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build="${OPTCONF_FUZZ_BUILD:-build-fuzz}"
jobs="${OPTCONF_FUZZ_JOBS:-2}"

cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DOPTCONF_FUZZ=ON -DOPTCONF_BUILD_GUI=OFF -DOPTCONF_BUILD_TESTS=OFF -DOPTCONF_BUILD_BENCH=OFF >/dev/null
targets=()
for f in tests/fuzz/fuzz_*.cpp; do
    t="$(basename "$f" .cpp)"
    [ -f "$f" ] && targets+=("$t")
done
ninja -C "$build" -j "$jobs" "${targets[@]}"

# Seeds: which fixture files each target starts from (all small files; the corpus grows in BUILD).
seed() { # target, then find(1) predicates over tests/data and resources/example
    local target="$1"; shift
    local dir="$build/corpus/$target"
    mkdir -p "$dir"
    find tests/data resources/example tests/fuzz/seeds -type f -size -256k "$@" 2>/dev/null |
        while read -r f; do cp -f "$f" "$dir/$(echo "$f" | tr '/' '_')"; done
}
seed fuzz_coco_gt -name '*.json'
seed fuzz_coco_results -name '*.json'
seed fuzz_fiftyone \( -name 'samples.json' -o -path '*fiftyone*' -name '*.json' \)
seed fuzz_cli_args -path '*seeds/cli/*'
seed fuzz_yolo -path '*seeds/yolo/*'
seed fuzz_voc -name '*.xml'
seed fuzz_csv -name '*.csv'
seed fuzz_fiftyone_image -name 'labels.json'

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
total_execs=0
total_findings=0
summary=""
for t in "${targets[@]}"; do
    findings="$build/findings/$t"
    mkdir -p "$findings"
    before=$(find "$findings" -type f ! -name 'slow-unit-*' | wc -l)
    log="$build/findings/$t.log"
    # -close_fd_mask=1: the targets' own stdout (help text) is noise; crashes go to stderr.
    "$build/fuzz/$t" "$build/corpus/$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
        -max_len=16384 -print_final_stats=1 -close_fd_mask=1 -artifact_prefix="$findings/" \
        >"$log" 2>&1 || true
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    execs=${execs:-0}
    after=$(find "$findings" -type f ! -name 'slow-unit-*' | wc -l)
    new=$((after - before))
    total_execs=$((total_execs + execs))
    total_findings=$((total_findings + new))
    line=$(printf '%-22s %10d executions  %d findings  (corpus %d files)' "$t" "$execs" "$new" \
        "$(find "$build/corpus/$t" -type f | wc -l)")
    echo "$line"
    summary+="$line"$'\n'
    if [ "$new" -gt 0 ]; then
        ls -t "$findings" | head -5 | sed "s|^|    $findings/|"
        grep -m3 -E 'ERROR: |runtime error|invariant violated' "$log" | sed 's/^/    /' || true
    fi
done
echo "total: $total_execs executions, $total_findings findings, ${seconds}s per target"
[ "$total_findings" -eq 0 ]
