// op: dict.setdefault
// sig: dict[str,int], str, int -> int
// tolerance: exact
// domain: {"alphabet": "ab", "max_text_length": 2}
// note: returns the existing value, else inserts the default at the end and returns it; domain: short keys over a tiny alphabet so keys are often present
namespace oplib::dict {
inline int64_t setdefault(const rt::dict<rt::str, int64_t>& self, const rt::str& key, int64_t default_) {
  return self.setdefault(key, default_);
}
}  // namespace oplib::dict
