#!/usr/bin/env python3
"""Writes tests/data/bad/: the hostile-input corpus that tst_hostile checks file by file.

Deterministic; run it again after changing it. Files named fuzz-* are crashing inputs found by the
fuzzers (tools/fuzz.sh) and are kept as they were found: this script never touches them.
"""
import json
import os
import random
import shutil

here = os.path.dirname(os.path.abspath(__file__))
bad = os.path.normpath(os.path.join(here, "..", "data", "bad"))
os.makedirs(bad, exist_ok=True)
for name in os.listdir(bad):
    if not name.startswith("fuzz-"):
        p = os.path.join(bad, name)
        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)


def write(name, data):
    path = os.path.join(bad, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


GT = """{
  "images": [
    {"id": 1, "file_name": "a.jpg", "width": 640, "height": 480},
    {"id": 2, "file_name": "b.jpg", "width": 640, "height": 480}
  ],
  "annotations": [
    {"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 100, 50], "area": 5000, "iscrowd": 0},
    {"id": 2, "image_id": 2, "category_id": 2, "bbox": [200, 100, 40, 40], "area": 1600, "iscrowd": 0}
  ],
  "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}]
}
"""
RESULTS = """[
  {"image_id": 1, "category_id": 1, "bbox": [12, 10, 100, 50], "score": 0.9},
  {"image_id": 2, "category_id": 2, "bbox": [200, 100, 40, 40], "score": 0.4}
]
"""
# A valid ground truth the results files are opened with (not itself hostile).
write("_support/gt.json", GT)

# --- any format -------------------------------------------------------------------------------
write("empty.json", "")
write("whitespace-only.json", " \n\t\r\n ")
rng = random.Random(7)
write("binary.bin", bytes(rng.randrange(256) for _ in range(4096)))
write("binary-with-brace.json", b'{"images": ' + bytes(rng.randrange(256) for _ in range(512)))
write("utf16.json", ("\ufeff" + GT).encode("utf-16-le"))
os.makedirs(os.path.join(bad, "empty-folder"), exist_ok=True)
write("empty-folder/.keep", "")

# --- COCO ground truth: truncated at every structural point -----------------------------------
cuts = {
    "after-open-brace": GT.index("{") + 1,
    "inside-key": GT.index('"images"') + 4,
    "after-colon": GT.index(":") + 1,
    "inside-array": GT.index("[") + 1,
    "inside-object": GT.index('"file_name"'),
    "inside-string": GT.index('"a.jpg"') + 3,
    "inside-number": GT.index("640") + 2,
    "after-comma": GT.index("},") + 2,
    "inside-bbox": GT.index("[10, 10") + 5,
    "before-last-brace": GT.rindex("}"),
}
for what, at in cuts.items():
    write(f"coco-gt-truncated-{what}.json", GT[:at])


def gt_with(**changes):
    d = json.loads(GT)
    for k, v in changes.items():
        d[k] = v
    return json.dumps(d, indent=1)


depth = 100_000
write("coco-gt-nested-100k.json",
      '{"images": [], "categories": [], "annotations": ' + "[" * depth + "]" * depth + "}")
write("coco-gt-number-1e400.json", GT.replace("[10, 10, 100, 50]", "[10, 10, 1e400, 50]"))
write("coco-gt-number-1e308.json", GT.replace("[10, 10, 100, 50]", "[10, 10, 1e308, 1e308]"))
write("coco-gt-negative-zero.json", GT.replace("[10, 10, 100, 50]", "[-0, -0.0, 100, 50]")
      .replace('"iscrowd": 0}', '"iscrowd": -0}'))
write("coco-gt-huge-integer-id.json", GT.replace('{"id": 2, "file_name"', '{"id": 99999999999999999999, "file_name"'))
write("coco-gt-huge-integer-1e400-id.json", GT.replace('"image_id": 2', '"image_id": 1e400'))
write("coco-gt-huge-width.json", GT.replace('"width": 640, "height": 480}\n  ]', '"width": 99999999999, "height": 480}\n  ]'))
write("coco-gt-nan-text.json", GT.replace("[10, 10, 100, 50]", "[NaN, 10, 100, 50]"))
write("coco-gt-infinity-text.json", GT.replace("[10, 10, 100, 50]", "[10, 10, Infinity, 50]"))
write("coco-gt-nan-string.json", GT.replace("[10, 10, 100, 50]", '[10, "NaN", 100, 50]'))
write("coco-gt-duplicate-image-id.json", GT.replace('"id": 2, "file_name"', '"id": 1, "file_name"'))
write("coco-gt-duplicate-category-id.json", GT.replace('{"id": 2, "name": "dog"}', '{"id": 1, "name": "dog"}'))
write("coco-gt-negative-size.json", GT.replace("[10, 10, 100, 50]", "[10, 10, -100, 50]"))
write("coco-gt-unknown-category.json", GT.replace('"category_id": 2', '"category_id": 99'))
write("coco-gt-unknown-image-id.json", GT.replace('"image_id": 2', '"image_id": 42'))
write("coco-gt-bom.json", "\ufeff" + GT)
write("coco-gt-crlf.json", GT.replace("\n", "\r\n"))
write("coco-gt-invalid-utf8.json", GT.encode().replace(b'"dog"', b'"d\xffg"'))
write("coco-gt-images-not-array.json", GT.replace('"images": [', '"images": 5, "x": ['))
write("coco-gt-missing-categories.json", GT.replace('"categories"', '"kategories"'))
write("coco-gt-bbox-3-values.json", GT.replace("[10, 10, 100, 50]", "[10, 10, 100]"))
write("coco-gt-bbox-string.json", GT.replace("[10, 10, 100, 50]", '[10, "10", 100, 50]'))
write("coco-gt-no-images.json", '{"images": [], "annotations": [], "categories": []}')
write("coco-gt-image-not-object.json", GT.replace('{"id": 1, "file_name": "a.jpg", "width": 640, "height": 480}', '"a.jpg"'))
write("coco-gt-trailing-garbage.json", GT + "xyz")
write("coco-gt-two-documents.json", GT + GT)
write("coco-gt-root-array-of-images.json", '{"images": [[[[[[]]]]]], "annotations": {}, "categories": []}')
write("coco-gt-string-category-id.json", GT.replace('{"id": 2, "name": "dog"}', '{"id": "two", "name": "dog"}'))

# --- COCO results (opened with _support/gt.json) ----------------------------------------------
for what, at in {"after-open-bracket": 1, "inside-object": RESULTS.index('"bbox"'),
                 "inside-number": RESULTS.index("0.9") + 2, "before-last-bracket": RESULTS.rindex("]")}.items():
    write(f"coco-results-truncated-{what}.json", RESULTS[:at])
write("coco-results-empty.json", "")
write("coco-results-unknown-image.json", RESULTS.replace('"image_id": 2', '"image_id": 3'))
write("coco-results-score-nan-string.json", RESULTS.replace('"score": 0.9', '"score": "NaN"'))
write("coco-results-score-1e400.json", RESULTS.replace('"score": 0.9', '"score": 1e400'))
write("coco-results-score-1e308.json", RESULTS.replace('"score": 0.9', '"score": 1e308'))
write("coco-results-score-negative-zero.json", RESULTS.replace('"score": 0.9', '"score": -0'))
write("coco-results-negative-size.json", RESULTS.replace("[12, 10, 100, 50]", "[12, 10, 100, -50]"))
write("coco-results-unknown-category.json", RESULTS.replace('"category_id": 2', '"category_id": 77'))
write("coco-results-item-not-object.json", '[{"image_id": 1, "category_id": 1}, 5]')
write("coco-results-huge-integer-image-id.json", RESULTS.replace('"image_id": 2', '"image_id": 99999999999999999999'))
write("coco-results-nested-100k.json", '[{"image_id": 1, "category_id": 1, "bbox": ' + "[" * depth + "]" * depth + "}]")
write("coco-results-without-gt.json", RESULTS)
# Broken in its second element (byte 70 or so), then a long valid tail: the error comes from the
# first block that fails, without the rest of the file being read.
write("coco-results-broken-early-long-tail.json",
      '[{"image_id": 1, "category_id": 1, "bbox": [12, 10, 100, 50], "score": 0.9},\n'
      ' {"image_id": 2, "category_id": 2 "bbox": [200, 100, 40, 40], "score": 0.4}'
      + "".join(',\n {"image_id": %d, "category_id": 1, "bbox": [%d, 10, 100, 50], "score": 0.%03d}'
                % (1 + i % 2, i % 500, i % 1000) for i in range(15000)) + "\n]\n")
write("coco-results-crlf-bom.json", "\ufeff" + RESULTS.replace("\n", "\r\n"))

# --- FiftyOneDataset folders -------------------------------------------------------------------
META = '{"name": "hostile", "sample_collection_name": "hostile"}'


def sample(i, gt='[{"label": "cat", "bounding_box": [0.1, 0.1, 0.2, 0.2]}]',
           pred='[{"label": "cat", "bounding_box": [0.1, 0.1, 0.2, 0.2], "confidence": 0.8}]'):
    return ('{"_id": {"$oid": "%024d"}, "filepath": "/data/%d.jpg", '
            '"ground_truth": {"_cls": "Detections", "detections": %s}, '
            '"predictions": {"_cls": "Detections", "detections": %s}}' % (i, i, gt, pred))


def fiftyone(name, samples_text):
    write(f"{name}/metadata.json", META)
    write(f"{name}/samples.json", samples_text)


GOOD_SAMPLES = '{"samples": [' + sample(1) + ", " + sample(2) + "]}"
fiftyone("fiftyone-empty-samples", "")
fiftyone("fiftyone-truncated", GOOD_SAMPLES[: len(GOOD_SAMPLES) // 2])
fiftyone("fiftyone-bad-box", '{"samples": [' + sample(1, gt='[{"label": "cat", "bounding_box": [0.1, 0.1, 0.2]}]') + "]}")
fiftyone("fiftyone-no-detections", '{"samples": [{"_id": "x", "filepath": "/a.jpg"}]}')
fiftyone("fiftyone-duplicate-id", '{"samples": [' + sample(1) + ", " + sample(1) + "]}")
fiftyone("fiftyone-confidence-string", '{"samples": [' + sample(1, pred='[{"label": "cat", "bounding_box": [0.1, 0.1, 0.2, 0.2], "confidence": "high"}]') + "]}")
fiftyone("fiftyone-missing-label", '{"samples": [' + sample(1, gt='[{"bounding_box": [0.1, 0.1, 0.2, 0.2]}]') + "]}")
fiftyone("fiftyone-samples-not-list", '{"samples": {"a": 1}}')
fiftyone("fiftyone-negative-size", '{"samples": [' + sample(1, gt='[{"label": "cat", "bounding_box": [0.1, 0.1, -0.2, 0.2]}]') + "]}")
fiftyone("fiftyone-nested-100k", '{"samples": [' + "[" * depth + "]" * depth + "]}")
fiftyone("fiftyone-bom-crlf", "\ufeff" + GOOD_SAMPLES.replace(", ", ",\r\n"))
print(sum(len(f) for _, _, f in os.walk(bad)), "files in", bad)

# --- other formats (core/io) ---------------------------------------------------------------
write("yolo-bad-lines/data.yaml", "names: [cat, dog]\n")
write("yolo-bad-lines/labels/a.txt", "0 0.5 0.5 0.2 0.2\n1 0.5 0.5 0.2\n")
write("yolo-huge-class/data.yaml", "names: [cat, dog]\n")
write("yolo-huge-class/labels/a.txt", "99999999999999999999 0.5 0.5 0.2 0.2\n")
write("yolo-number-1e400/labels/a.txt", "0 1e400 0.5 0.2 0.2\n")
write("yolo-crlf/data.yaml", "names: [cat, dog]\r\n")
write("yolo-crlf/labels/a.txt", "0 0.5 0.5 0.2 0.2\r\n1 0.1 0.1 0.05 0.05\r\n")
write("csv-huge-claim.csv", "image,label,x,y,w,h\na.jpg,cat,0,0,2147483648e400,99999999999999999999\n")
write("csv-truncated-quote.csv", 'image,label,x,y,w,h\n"a.jpg,cat,0,0,10,10\n')
write("csv-bom-crlf.csv", "\ufeffimage,label,x,y,w,h\r\na.jpg,cat,0,0,10,10\r\n")
write("csv-nan.csv", "image,label,x,y,w,h\na.jpg,cat,NaN,0,10,10\n")
write("voc-truncated/a.xml", "<annotation><filename>a.jpg</filename><object><name>cat</name><bndbox><xmin>1</xmin>")
lol = "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10) for i in range(2, 10))
write("voc-billion-laughs/a.xml", '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol1 "lol">' + lol + ']>\n'
      "<annotation><filename>a.jpg</filename><object><name>&lol9;</name><bndbox><xmin>1</xmin><ymin>1</ymin>"
      "<xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>\n")
write("fiftyone-image-huge-class/labels.json",
      '{"classes": ["cat"], "labels": {"a": [{"label": 99999999999999999999, "bounding_box": [0.1, 0.1, 0.2, 0.2]}]}}')
write("fiftyone-image-truncated/labels.json", '{"classes": ["cat"], "labels": {"a": [{"label": 0, "bounding_')

# --- what users read: labels and values that must not garble a terminal or a message --------------
write("coco-gt-control-chars-in-name.json", GT.replace('"name": "cat"', '"name": "c\\u0000a\\u001b[31mt"'))
write("csv-long-value.csv", "image,label,x,y,w,h\na.jpg,cat," + "9" * 100000 + "x,0,10,10\n")

# --- how inputs are found and told apart (paths typed with a trailing slash: see tst_hostile) -----
write("yolo-broken-yaml-parent/data.yaml", "nc: 2\nnames: [cat, dog\n")
write("yolo-broken-yaml-parent/labels/a.txt", "0 0.5 0.5 0.2 0.2\n")
write("yolo-out-of-range-parent/classes.txt", "cat\ndog\n")
write("yolo-out-of-range-parent/labels/a.txt", "0 0.5 0.5 0.2 0.2\n5 0.5 0.5 0.1 0.1\n")
write("yolo-tracking-7-columns/gt/a.txt", "0 0.5 0.5 0.2 0.2\n")
write("yolo-tracking-7-columns/track/a.txt", "0 0.5 0.5 0.2 0.2 0.9 1\n0 0.1 0.1 0.1 0.1 0.3 2\n")
write("yolo-pred-classes-reordered/data.yaml", "names: [cat, dog]\n")
write("yolo-pred-classes-reordered/labels/a.txt", "0 0.5 0.5 0.2 0.2\n1 0.2 0.2 0.1 0.1\n")
write("yolo-pred-classes-reordered/model/classes.txt", "dog\ncat\n")
write("yolo-pred-classes-reordered/model/labels/a.txt", "1 0.5 0.5 0.2 0.2 0.9\n0 0.2 0.2 0.1 0.1 0.8\n")
write("yolo-pred-unknown-class/data.yaml", "names: [cat, dog]\n")
write("yolo-pred-unknown-class/labels/a.txt", "0 0.5 0.5 0.2 0.2\n")
write("yolo-pred-unknown-class/model/classes.txt", "cat\nzebra\n")
write("yolo-pred-unknown-class/model/labels/a.txt", "0 0.5 0.5 0.2 0.2 0.9\n1 0.2 0.2 0.1 0.1 0.8\n")
write("fiftyone-image-confidence-string/gt/labels.json",
      '{"classes": ["cat"], "labels": {"a": [{"label": 0, "bounding_box": [0.1, 0.1, 0.2, 0.2]}]}}')
write("fiftyone-image-confidence-string/pred/labels.json",
      '{"classes": ["cat"], "labels": {"a": [{"label": 0, "bounding_box": [0.1, 0.1, 0.2, 0.2], "confidence": 0.5}, '
      '{"label": 0, "bounding_box": [0.5, 0.5, 0.2, 0.2], "confidence": "high"}]}}')
write("yolo-yaml-nested-100k/data.yaml", "names: " + "[" * depth + "]" * depth + "\n")
write("yolo-yaml-nested-100k/labels/a.txt", "0 0.5 0.5 0.2 0.2\n")
write("yolo-yaml-tab-indent/data.yaml", "names:\n  0: cat\n\t1: dog\n")
write("yolo-yaml-tab-indent/labels/a.txt", "0 0.5 0.5 0.2 0.2\n")
write("unknown-yolo-root/data.yaml", "names: [cat]\n")
write("unknown-yolo-root/labels/a.txt", "0 0.5 0.5 0.2 0.2\n")
write("unknown-json-object.json", '{"model": "yolov8n", "epochs": 100}\n')
write("unknown-csv-header.csv", "file,x,y,w,h\na.jpg,1,2,3,4\n")
print(sum(len(f) for _, _, f in os.walk(bad)), "files in total")
