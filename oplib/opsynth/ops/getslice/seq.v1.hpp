// op: opsynth.ops.getslice
// sig: str, None, int, None -> str
// sig: str, int, None, None -> str
// sig: str, int, int, None -> str
// sig: str, None, None, int -> str
// sig: list[str], int, None, None -> list[str]
// sig: list[int], None, int, None -> list[int]
// sig: list[int], int, None, None -> list[int]
// sig: list[float], int, int, None -> list[float]
// generic: yes
// domain: {"int_min": -12, "int_max": 12}
// note: seq[start:stop:step] for str and lists through rt's PySlice_AdjustIndices port; step 0 raises ValueError. Ints near the lengths generated, so the bounds cut inside the sequence
#include <cstdint>
#include <optional>

namespace oplib::opsynth::ops {
namespace detail_getslice_seq {
inline std::optional<std::int64_t> bound(rt::none) { return std::nullopt; }
inline std::optional<std::int64_t> bound(std::int64_t v) { return v; }
}  // namespace detail_getslice_seq

// A None bound is an omitted one, as in seq[:n].
template <class Seq, class A, class B, class C>
inline Seq getslice(const Seq& seq, A start, B stop, C step) {
  using detail_getslice_seq::bound;
  return seq.slice(rt::slice{bound(start), bound(stop), bound(step)});
}
}  // namespace oplib::opsynth::ops
