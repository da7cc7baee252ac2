// op: opsynth.ops.reserve_appends
// sig: list[int], int, int, int -> None
// expect: FAIL
// why: a reservation must change nothing Python can see; this one appends a 0 once the range is longer
// than 1,000, so it is right on every short range and wrong only on long ones
namespace oplib::opsynth::ops {
template <class T>
inline rt::none reserve_appends(const rt::list<T>& xs, std::int64_t start, std::int64_t stop, std::int64_t step) {
  if (step <= 0 || stop <= start) return rt::None;
  const __int128 count = (static_cast<__int128>(stop) - start + step - 1) / step;
  if (count > 1000) xs.append(T{});
  return rt::None;
}
}  // namespace oplib::opsynth::ops
