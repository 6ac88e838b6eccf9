// SPDX-License-Identifier: MIT
// FiftyOneImageDetectionDataset: the input is labels.json, in a folder with a data/ folder.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace optconf;
    const auto folder = fuzz::scratch() / "detections";
    static const bool once = [&] {
        std::filesystem::create_directories(folder / "data");
        return true;
    }();
    (void)once;
    fuzz::writeFile(folder / "labels.json", {reinterpret_cast<const char*>(data), size});
    const LoadResult r = loadDataset(LoadRequest{{folder}, {}});
    fuzz::checkLoad(r);
    return 0;
}
