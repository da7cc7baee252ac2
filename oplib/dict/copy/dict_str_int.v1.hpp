// op: dict.copy
// sig: dict[str,int] -> dict[str,int]
// tolerance: exact
// note: a new dict with the same items in the same order
namespace oplib::dict {
inline rt::dict<rt::str, int64_t> copy(const rt::dict<rt::str, int64_t>& D) { return D.copy(); }
}  // namespace oplib::dict
