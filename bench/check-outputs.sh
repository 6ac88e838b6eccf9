#!/bin/sh
# Writes every report the performance work must keep byte-identical into OUTDIR:
#   bench/check-outputs.sh BUILD/bin/optconf-cli OUTDIR
# then `diff -r REFDIR OUTDIR`. Uses the shared real data sets and the bundled example.
set -eu
cli=$1
out=$2
data=${OPTCONF_SHARED_DATA:-$(dirname "$0")/../../shared/data}
mkdir -p "$out"
run() {
    name=$1
    shift
    "$cli" sweep "$@" --json "$out/$name.json" --curve > "$out/$name.txt" 2> "$out/$name.err" || echo "exit $?" >> "$out/$name.err"
    # The bundled example is unpacked into a fresh temporary folder: name it the same every run.
    sed -i 's|/optconf-example-[A-Za-z0-9]*/|/optconf-example-X/|g' "$out/$name.json" "$out/$name.txt" "$out/$name.err"
}
for set in bdd coco wider; do
    case $set in
    bdd) gt=$data/bdd100k-scalabel-202/gt_coco.json pred=$data/bdd100k-scalabel-202/dets_coco.json ;;
    coco) gt=$data/coco-val2014-100/instances_val2014_100.json pred=$data/coco-val2014-100/instances_val2014_fakebbox100_results.json ;;
    wider) gt=$data/widerface-val-yolov7face/gt_coco.json pred=$data/widerface-val-yolov7face/dets_coco.json ;;
    esac
    run "$set-default" "$gt" "$pred"
    run "$set-coco" "$gt" "$pred" --protocol coco
    run "$set-agnostic" "$gt" "$pred" --class-agnostic
    run "$set-coco-agnostic" "$gt" "$pred" --class-agnostic --protocol coco
    run "$set-parity" "$gt" "$pred" --plugin-parity
    run "$set-coco-parity" "$gt" "$pred" --plugin-parity --protocol coco
    run "$set-iou75-maxdets" "$gt" "$pred" --iou 0.75 --max-dets 10 --lower 0.1 --upper 0.9 --steps 33
    run "$set-fbeta" "$gt" "$pred" --objective fbeta:2 --min-precision 0.8 --min-recall 0.5
done
for model in detector_large detector_small; do
    run "example-$model" --example --pred "$model"
    run "example-$model-coco" --example --pred "$model" --protocol coco
    run "example-$model-agnostic-parity" --example --pred "$model" --class-agnostic --plugin-parity
done
if [ -n "${OPTCONF_SYNTHETIC:-}" ]; then
    for model in detector_large detector_small; do
        run "synthetic-$model" "$OPTCONF_SYNTHETIC/ground_truth.json" "$OPTCONF_SYNTHETIC/$model.json"
        run "synthetic-$model-coco" "$OPTCONF_SYNTHETIC/ground_truth.json" "$OPTCONF_SYNTHETIC/$model.json" --protocol coco
        run "synthetic-$model-agnostic" "$OPTCONF_SYNTHETIC/ground_truth.json" "$OPTCONF_SYNTHETIC/$model.json" --class-agnostic --plugin-parity
    done
fi
