// ArrayLayout helpers.
#include "verify/case.hpp"

#include <algorithm>

namespace opsynth::verify {

bool ArrayLayout::contiguous() const {
  return !transposed && std::all_of(steps.begin(), steps.end(), [](std::int64_t s) { return s == 1; });
}

}  // namespace opsynth::verify
