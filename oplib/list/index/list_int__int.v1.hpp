// op: list.index
// sig: list[int], int -> int
// tolerance: exact
// domain: {"int_min": -3, "int_max": 3}
// note: position of the first equal item, ValueError when absent; domain: small ints so the value is often in the list
namespace oplib::list {
inline int64_t index(const rt::list<int64_t>& self, int64_t value) { return self.index(value); }
}  // namespace oplib::list
