// SPDX-License-Identifier: MIT
// COCO results against a fixed small ground truth: the input is the results list. Whatever loads
// is evaluated under both protocols.
#include "fuzz_common.h"

namespace {

constexpr const char* kGroundTruth = R"({
 "images": [{"id": 1, "file_name": "a.jpg", "width": 640, "height": 480},
            {"id": 2, "file_name": "b.jpg", "width": 640, "height": 480},
            {"id": "c", "file_name": "c.jpg", "width": 100, "height": 100}],
 "annotations": [
  {"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 100, 50], "area": 5000, "iscrowd": 0},
  {"id": 2, "image_id": 1, "category_id": 2, "bbox": [200, 100, 40, 40], "area": 1600, "iscrowd": 0},
  {"id": 3, "image_id": 2, "category_id": 1, "bbox": [0, 0, 640, 480], "area": 307200, "iscrowd": 1},
  {"id": 4, "image_id": 2, "category_id": 1, "bbox": [5, 5, 20, 20], "area": 400, "iscrowd": 0}],
 "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}]
})";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace optconf;
    static const auto gt = [] {
        const auto p = fuzz::scratch() / "gt.json";
        fuzz::writeFile(p, kGroundTruth);
        return p;
    }();
    const auto results = fuzz::scratch() / "model.json";
    fuzz::writeFile(results, {reinterpret_cast<const char*>(data), size});
    const LoadResult r = loadDataset(LoadRequest{{gt, results}, {}});
    fuzz::checkLoad(r);
    if (r.ok())
        fuzz::evaluateIfPossible(*r.dataset);
    return 0;
}
