// SPDX-License-Identifier: MIT
// YOLO label folders. The input is `data.yaml` NUL `labels/a.txt` of a ground-truth folder (without
// a NUL: only the label file, with a fixed data.yaml); a fixed predictions folder is opened with it,
// with a second NUL and what follows as that folder's own classes.txt (its classes then mapped by
// name against the ground truth's).
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
    const auto second = nul == std::string_view::npos ? nul : input.find('\0', nul + 1);
    fuzz::writeFile(gt / "data.yaml",
                    nul == std::string_view::npos ? "names: [cat, dog]\n" : input.substr(0, nul));
    fuzz::writeFile(gt / "labels" / "a.txt",
                    nul == std::string_view::npos ? input : input.substr(nul + 1, second - nul - 1));
    std::error_code ec;
    if (second == std::string_view::npos)
        std::filesystem::remove(pred / "classes.txt", ec);
    else
        fuzz::writeFile(pred / "classes.txt", input.substr(second + 1));
    // The labels folders themselves: the data set folders above them are no YOLO input.
    const LoadResult r = loadDataset(LoadRequest{{gt / "labels", pred / "labels"}, {}});
    fuzz::checkLoad(r);
    if (r.ok())
        fuzz::evaluateIfPossible(*r.dataset);
    return 0;
}
