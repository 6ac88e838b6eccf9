// SPDX-License-Identifier: MIT
// FiftyOneDataset export folder: the input is samples.json (metadata.json is fixed). Whatever
// loads is evaluated (the first unscored field against the first scored one).
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace optconf;
    const auto folder = fuzz::scratch() / "dataset";
    static const bool once = [&] {
        fuzz::writeFile(folder / "metadata.json", R"({"name": "fuzz", "sample_collection_name": "fuzz"})");
        return true;
    }();
    (void)once;
    fuzz::writeFile(folder / "samples.json", {reinterpret_cast<const char*>(data), size});
    const LoadResult r = loadDataset(LoadRequest{{folder}, {}});
    fuzz::checkLoad(r);
    if (r.ok())
        fuzz::evaluateIfPossible(*r.dataset);
    return 0;
}
