// op: opsynth.ops.dict_iteration_check
// sig: dict[str,int], int -> None
// sig: dict[str,float], int -> None
// sig: dict[str,list[str]], int -> None
// sig: dict[int,list[str]], int -> None
// generic: yes
// tolerance: exact
// domain: {"int_min": -1, "int_max": 6, "max_container_length": 6}
// note: RuntimeError once the dict's size differs from the size it had when the loop began (CPython's dict iterator check); ints near the lengths generated, so both outcomes are tested
#include <cstdint>

namespace oplib::opsynth::ops {
template <class D>
  requires(requires(const D& d) { d.len(); d.keys(); })
inline rt::none dict_iteration_check(const D& d, std::int64_t size) {
  if (d.len() != size) throw rt::RuntimeError("dictionary changed size during iteration");
  return {};
}
}  // namespace oplib::opsynth::ops
