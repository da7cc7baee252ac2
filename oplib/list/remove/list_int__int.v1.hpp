// op: list.remove
// sig: list[int], int -> None
// tolerance: exact
// domain: {"int_min": -3, "int_max": 3}
// note: removes the first equal item, ValueError when absent; domain: small ints so the value is often in the list
namespace oplib::list {
inline rt::none remove(const rt::list<int64_t>& self, int64_t value) {
  self.remove(value);
  return rt::None;
}
}  // namespace oplib::list
