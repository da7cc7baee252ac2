// op: list.count
// sig: list[int], int -> int
// tolerance: exact
// domain: {"int_min": -3, "int_max": 3}
// note: number of equal items; domain: small ints so the value occurs, often more than once
namespace oplib::list {
inline int64_t count(const rt::list<int64_t>& self, int64_t value) { return self.count(value); }
}  // namespace oplib::list
