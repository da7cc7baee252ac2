namespace oplib::opsynth::ops {
// Room in xs for len(range(start, stop, step)) more items, for a loop about to append that many times:
// capacity only, nothing a Python program can see. A zero step reserves nothing (range() raises where
// the loop evaluates it); 128-bit arithmetic, so no bounds overflow.
template <class T>
inline rt::none reserve_appends(const rt::list<T>& xs, std::int64_t start, std::int64_t stop, std::int64_t step) {
  if (step == 0) return rt::None;
  const __int128 span = step > 0 ? static_cast<__int128>(stop) - start : static_cast<__int128>(start) - stop;
  const __int128 stride = step > 0 ? static_cast<__int128>(step) : -static_cast<__int128>(step);
  if (span > 0) xs.reserve_more(static_cast<std::int64_t>(std::min<__int128>((span + stride - 1) / stride, INT64_MAX)));
  return rt::None;
}
}  // namespace oplib::opsynth::ops
