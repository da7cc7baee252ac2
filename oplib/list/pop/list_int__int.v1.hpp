// op: list.pop
// sig: list[int], int -> int
// tolerance: exact
// domain: {"int_min": -10, "int_max": 10}
// note: negative indices count from the end, out of range raises IndexError; domain: random int64 indices are almost always out of range
namespace oplib::list {
inline int64_t pop(const rt::list<int64_t>& self, int64_t index) { return self.pop(index); }
}  // namespace oplib::list
