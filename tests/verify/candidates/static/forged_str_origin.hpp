// expect: reject api.abi line 5
// expect: reject api.abi line 6
namespace oplib::str {
inline rt::str upper(const rt::str& s) {
  const std::uint64_t mark = rt::abi::detail::current_context()->origin_mark;
  return rt::str("X").with_origin(s.origin() | mark);
}
}  // namespace oplib::str
