#!/usr/bin/env bash
# Side-by-side timings for the README's performance table (issue 6):
#   bench/compare.sh [BUILD_DIR] [ROUNDS]
# BUILD_DIR holds bin/optconf-cli and bin/optconf-bench (default: build-perf, then build/release).
# Every round runs each command once, interleaved, so that a busy machine slows all of them alike;
# the medians and their ratios are printed. Uses hyperfine when installed, else bash's microsecond
# clock for the time and /usr/bin/time for the peak memory.
#
#   python   python3 -c "import json; json.load(open(GT)); json.load(open(PRED))"   (parse only)
#   1x       optconf-cli sweep GT PRED --json /dev/null     20,000 synthetic images, ~560k predictions
#   2x       the same on 40,000 images (O(N log N): expect at most 2.2x the 1x time)
#   wider    optconf-cli sweep --protocol coco --curve on WIDER FACE val (pycocotools: ~24 s)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-}
if [ -z "$build" ]; then
    for b in "$root/build-perf" "$root/build/release" "$root/build"; do
        [ -x "$b/bin/optconf-cli" ] && build=$b && break
    done
fi
rounds=${2:-5}
cli=$build/bin/optconf-cli
bench=$build/bin/optconf-bench
[ -x "$cli" ] && [ -x "$bench" ] || { echo "build optconf-cli and optconf-bench first ($build)" >&2; exit 1; }
data=${OPTCONF_SHARED_DATA:-$root/../shared/data}
wider=$data/widerface-val-yolov7face
tmp=${TMPDIR:-/tmp}

set -- $("$bench" --write-only)
gt1=$1 pred1=$2
set -- $("$bench" --write-only --scale 2)
gt2=$1 pred2=$2
size() { stat -c %s "$@" | awk '{s += $1} END {print s}'; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "1x: $gt1 + $pred1 ($(size "$gt1" "$pred1") bytes)"
echo "2x: $gt2 + $pred2 ($(size "$gt2" "$pred2") bytes)"

py="python3 -c \"import json; json.load(open('$gt1')); json.load(open('$pred1'))\""
one="$cli sweep $gt1 $pred1 --json /dev/null"
two="$cli sweep $gt2 $pred2 --json /dev/null"
wid="$cli sweep $wider/gt_coco.json $wider/dets_coco.json --protocol coco --curve --json /dev/null"

out=$tmp/optconf-compare.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
names="python 1x 2x wider"
command_of() {
    case $1 in
    python) echo "$py" ;;
    1x) echo "$one" ;;
    2x) echo "$two" ;;
    wider) echo "$wid" ;;
    esac
}

if command -v hyperfine > /dev/null 2>&1; then
    hyperfine -N --warmup 1 --runs "$rounds" --export-json "$out/h.json" \
        -n python "$py" -n 1x "$one" -n 2x "$two" -n wider "$wid" > /dev/null
    python3 - "$out/h.json" > "$out/medians" << 'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], r["median"])
EOF
    for n in 1x 2x; do # peak memory, once
        c=$(command_of $n)
        /usr/bin/time -f "%M" -o "$out/$n.rss" sh -c "$c > /dev/null 2>&1"
        echo "$n $(cat "$out/$n.rss")" >> "$out/rss"
    done
else
    : > "$out/times"
    : > "$out/rss"
    for r in $(seq 0 "$rounds"); do
        for n in $names; do
            c=$(command_of $n)
            # Wall time from bash's microsecond clock (/usr/bin/time's %e has 10 ms steps, a
            # twentieth of the 1x run); /usr/bin/time only for the peak RSS.
            start=$EPOCHREALTIME
            /usr/bin/time -f "%M" -o "$out/t" sh -c "$c > /dev/null 2>&1"
            end=$EPOCHREALTIME
            wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
            # round 0 warms the page cache and is not counted
            [ "$r" -gt 0 ] && echo "$n $wall $(cat "$out/t")" >> "$out/times"
        done
    done
    for n in $names; do
        grep "^$n " "$out/times" | awk '{print $2}' | sort -g |
            awk -v n="$n" '{v[NR] = $1} END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print n, m}'
        grep "^$n " "$out/times" | awk -v n="$n" '{if ($3 > m) m = $3} END {print n, m}' >> "$out/rss"
    done > "$out/medians"
fi

median() { awk -v n="$1" '$1 == n {print $2}' "$out/medians"; }
rss() { awk -v n="$1" '$1 == n {print $2}' "$out/rss"; }
in1=$(size "$gt1" "$pred1")
in2=$(size "$gt2" "$pred2")
echo
printf '%-58s %10s\n' "command (median of $rounds)" "seconds"
for n in $names; do printf '%-58s %10.3f\n' "$n" "$(median $n)"; done
echo
awk -v p="$(median python)" -v a="$(median 1x)" -v b="$(median 2x)" -v w="$(median wider)" \
    -v r1="$(rss 1x)" -v r2="$(rss 2x)" -v i1="$in1" -v i2="$in2" 'BEGIN {
    printf "1x end to end / python json.load of the same files: 1/%.1f   (target: 1/10 or better)\n", p / a
    printf "2x / 1x time: %.2fx   (target: at most 2.2x)\n", b / a
    printf "peak RSS 1x: %.1f MiB = %.2fx the input   (target: at most 2x)\n", r1 / 1024, r1 * 1024 / i1
    printf "peak RSS 2x: %.1f MiB = %.2fx the input\n", r2 / 1024, r2 * 1024 / i2
    printf "WIDER FACE --protocol coco --curve: %.3f s = 1/%.0f of pycocotools 24 s   (target: 1/50 or better)\n", w, 24 / w
}'
