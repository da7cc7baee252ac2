// op: list.remove
// sig: list[int], int -> None
// flags: --domain {"int_min":-3,"int_max":3}
// expect: PASS
// why: removes the first equal element, ValueError when there is none
namespace oplib::list {
inline rt::none remove(const rt::list<std::int64_t>& self, std::int64_t value) {
  self.remove(value);
  return rt::none{};
}
}  // namespace oplib::list
