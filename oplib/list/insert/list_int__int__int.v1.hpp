// op: list.insert
// sig: list[int], int, int -> None
// tolerance: exact
// domain: {"int_min": -10, "int_max": 10}
// note: the index counts negatives from the end and clamps to [0, len]; domain: random int64 indices would always clamp to an end
namespace oplib::list {
inline rt::none insert(const rt::list<int64_t>& self, int64_t index, int64_t object) {
  self.insert(index, object);
  return rt::None;
}
}  // namespace oplib::list
