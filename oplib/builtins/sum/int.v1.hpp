// op: builtins.sum
// sig: list[int] -> int
// sig: list[int], int -> int
// generic: yes
// tolerance: exact
// note: optional int start; accumulates in 128 bits so only a final result outside int64 raises OverflowError (Python ints are unbounded)
namespace oplib::builtins {
template <class... Start>
  requires(sizeof...(Start) <= 1 && (std::same_as<Start, int64_t> && ...))
inline int64_t sum(const rt::list<int64_t>& iterable, Start... start) {
  __extension__ typedef __int128 wide;
  wide total = (static_cast<wide>(start) + ... + 0);
  for (const int64_t x : iterable) total += x;
  if (total > static_cast<wide>(INT64_MAX) || total < static_cast<wide>(INT64_MIN)) {
    throw rt::OverflowError("integer overflow: result does not fit in int64");
  }
  return static_cast<int64_t>(total);
}
}  // namespace oplib::builtins
