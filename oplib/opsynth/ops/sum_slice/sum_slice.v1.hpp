// op: opsynth.ops.sum_slice
// sig: list[int], int, int -> int
// sig: list[int], None, int -> int
// sig: list[int], int, None -> int
// sig: list[int], None, None -> int
// generic: yes
// tolerance: exact
// domain: {"int_min": -40, "int_max": 40}
// note: ints near the lengths generated, so the bounds land inside, at the ends of and past the lists, negative ones counting from the end; sum(xs[a:b]) with None for an omitted bound, added in place instead of copying the slice; accumulates in 128 bits so only a final result outside int64 raises OverflowError, as builtins.sum does
namespace oplib::opsynth::ops {
template <class A, class B>
  requires((std::same_as<A, int64_t> || std::same_as<A, rt::none>) && (std::same_as<B, int64_t> || std::same_as<B, rt::none>))
inline int64_t sum_slice(const rt::list<int64_t>& xs, A a, B b) {
  auto bound = [](auto v) -> std::optional<int64_t> {
    if constexpr (std::same_as<decltype(v), rt::none>) {
      return std::nullopt;
    } else {
      return v;
    }
  };
  const rt::slice_range r = rt::adjust(rt::slice{bound(a), bound(b), std::nullopt}, xs.len());
  __extension__ typedef __int128 wide;
  wide total = 0;
  const int64_t* p = xs.numbers();
  for (int64_t k = 0; k < r.count; ++k) total += p[r.start + k];
  if (total > static_cast<wide>(INT64_MAX) || total < static_cast<wide>(INT64_MIN)) {
    throw rt::OverflowError("integer overflow: result does not fit in int64");
  }
  return static_cast<int64_t>(total);
}
}  // namespace oplib::opsynth::ops
