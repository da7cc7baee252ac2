#include <cstdint>

namespace oplib::opsynth::ops {
template <class K, class V>
inline std::int64_t dict_next(const rt::dict<K, V>& d, std::int64_t pos, std::int64_t size, std::int64_t step) {
  if (d.len() != size) throw rt::RuntimeError("dictionary changed size during iteration");
  const std::int64_t at = d.live_from(pos);
  if (at >= 0 && step >= size) throw rt::RuntimeError("dictionary keys changed during iteration");
  return at;
}
}  // namespace oplib::opsynth::ops
