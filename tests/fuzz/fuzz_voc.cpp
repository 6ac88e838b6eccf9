// SPDX-License-Identifier: MIT
// Pascal VOC: the input is one annotation XML in a folder of its own.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace optconf;
    const auto folder = fuzz::scratch() / "voc";
    fuzz::writeFile(folder / "a.xml", {reinterpret_cast<const char*>(data), size});
    const LoadResult r = loadDataset(LoadRequest{{folder}, {}});
    fuzz::checkLoad(r);
    return 0;
}
