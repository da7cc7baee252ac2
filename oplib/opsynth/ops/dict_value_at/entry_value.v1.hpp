#include <cstdint>

namespace oplib::opsynth::ops {
template <class K, class V>
inline V dict_value_at(const rt::dict<K, V>& d, std::int64_t pos) {
  return d.item_at(pos).second;
}
}  // namespace oplib::opsynth::ops
