// op: operator.rshift
// sig: int, int -> int
// tolerance: exact
// note: arithmetic shift = floor division by 2**n; negative count raises ValueError; huge counts give 0 or -1
namespace oplib::operator_ {
inline int64_t rshift(int64_t a, int64_t b) { return rt::int_rshift(a, b); }
}  // namespace oplib::operator_
