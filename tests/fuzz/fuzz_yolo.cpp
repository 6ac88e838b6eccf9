// SPDX-License-Identifier: MIT
// YOLO label folders. The input is `data.yaml` NUL `labels/a.txt` of a ground-truth folder (without
// a NUL: only the label file, with a fixed data.yaml); a fixed predictions folder is opened with it.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace optconf;
    const auto gt = fuzz::scratch() / "gt";
    const auto pred = fuzz::scratch() / "model";
    static const bool once = [&] {
        fuzz::writeFile(pred / "labels" / "a.txt", "0 0.5 0.5 0.2 0.2 0.9\n1 0.1 0.1 0.05 0.05 0.3\n");
        return true;
    }();
    (void)once;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto nul = input.find('\0');
    fuzz::writeFile(gt / "data.yaml",
                    nul == std::string_view::npos ? "names: [cat, dog]\n" : input.substr(0, nul));
    fuzz::writeFile(gt / "labels" / "a.txt", nul == std::string_view::npos ? input : input.substr(nul + 1));
    const LoadResult r = loadDataset(LoadRequest{{gt, pred}, {}});
    fuzz::checkLoad(r);
    if (r.ok())
        fuzz::evaluateIfPossible(*r.dataset);
    return 0;
}
