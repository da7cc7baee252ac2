// ArrayLayout helpers.
#include "verify/case.hpp"

#include <algorithm>

namespace opsynth::verify {

bool ArrayLayout::contiguous() const {
  return !transposed && std::all_of(steps.begin(), steps.end(), [](std::int64_t s) { return s == 1; });
}

const char* alias_view_suffix(AliasView view) {
  switch (view) {
    case AliasView::transposed:
      return ".T";
    case AliasView::reversed:
      return "[::-1]";
    case AliasView::same:
      break;
  }
  return "";
}

Value aliased_value(const Value& target, AliasView view) {
  if (view == AliasView::same || !target.is<NDArrayValue>()) return target;
  const NDArrayValue& a = target.as<NDArrayValue>();
  NDArrayValue out = a;
  const std::size_t rank = a.shape.size(), item = dtype_size(a.dtype);
  std::int64_t count = 1;
  for (auto d : a.shape) count *= d;
  if (rank == 0 || count == 0) {
    if (view == AliasView::transposed) std::reverse(out.shape.begin(), out.shape.end());
    return Value(std::move(out));
  }
  // C strides of the source, in elements; then each destination position's source offset.
  std::vector<std::int64_t> strides(rank, 1);
  for (std::size_t k = rank - 1; k-- > 0;) strides[k] = strides[k + 1] * a.shape[k + 1];
  std::vector<std::int64_t> shape = a.shape, step = strides;
  std::int64_t origin = 0;
  if (view == AliasView::transposed) {
    std::reverse(shape.begin(), shape.end());
    std::reverse(step.begin(), step.end());
  } else {
    origin = (a.shape[0] - 1) * strides[0];
    step[0] = -strides[0];
  }
  out.shape = shape;
  std::vector<std::int64_t> index(rank, 0);
  std::int64_t from = origin;
  for (std::int64_t to = 0; to < count; ++to) {
    std::copy_n(a.data.begin() + from * static_cast<std::int64_t>(item), item,
                out.data.begin() + to * static_cast<std::int64_t>(item));
    for (std::size_t k = rank; k-- > 0;) {
      if (++index[k] < shape[k]) {
        from += step[k];
        break;
      }
      from -= (shape[k] - 1) * step[k];
      index[k] = 0;
    }
  }
  return Value(std::move(out));
}

bool Case::operator==(const Case& o) const {
  if (args != o.args || layouts != o.layouts || aliases != o.aliases) return false;
  for (std::size_t j = 0; j < aliases.size(); ++j)
    if (alias_view(j) != o.alias_view(j)) return false;
  return true;
}

}  // namespace opsynth::verify
