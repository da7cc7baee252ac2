// op: dict.popitem
// sig: dict[str,int] -> tuple[str,int]
// tolerance: exact
// note: removes and returns the last inserted item (LIFO); empty dict raises KeyError
namespace oplib::dict {
inline std::tuple<rt::str, int64_t> popitem(const rt::dict<rt::str, int64_t>& self) { return self.popitem(); }
}  // namespace oplib::dict
