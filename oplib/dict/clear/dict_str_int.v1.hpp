// op: dict.clear
// sig: dict[str,int] -> None
// tolerance: exact
// note: removes every item in place
namespace oplib::dict {
inline rt::none clear(const rt::dict<rt::str, int64_t>& D) {
  D.clear();
  return rt::None;
}
}  // namespace oplib::dict
