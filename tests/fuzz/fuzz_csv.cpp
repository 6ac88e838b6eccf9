// SPDX-License-Identifier: MIT
// CSV: the input is a ground-truth CSV, opened with a fixed predictions CSV and evaluated.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace optconf;
    static const auto pred = [] {
        const auto p = fuzz::scratch() / "model.csv";
        fuzz::writeFile(p,
                        "image,label,x,y,w,h,confidence\na.jpg,cat,10,10,50,50,0.9\nb.jpg,dog,0,0,5,5,0.2\n");
        return p;
    }();
    const auto gt = fuzz::scratch() / "gt.csv";
    fuzz::writeFile(gt, {reinterpret_cast<const char*>(data), size});
    const LoadResult r = loadDataset(LoadRequest{{gt, pred}, {}});
    fuzz::checkLoad(r);
    if (r.ok())
        fuzz::evaluateIfPossible(*r.dataset);
    return 0;
}
