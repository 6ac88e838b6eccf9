// SPDX-License-Identifier: MIT
// COCO ground truth: the input is the whole annotations file.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace optconf;
    const auto file = fuzz::scratch() / "instances.json";
    fuzz::writeFile(file, {reinterpret_cast<const char*>(data), size});
    const LoadResult r = loadDataset(LoadRequest{{file}, {}});
    fuzz::checkLoad(r);
    return 0;
}
