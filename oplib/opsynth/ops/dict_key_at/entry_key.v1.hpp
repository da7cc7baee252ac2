#include <cstdint>

namespace oplib::opsynth::ops {
template <class K, class V>
inline K dict_key_at(const rt::dict<K, V>& d, std::int64_t pos) {
  return d.item_at(pos).first;
}
}  // namespace oplib::opsynth::ops
