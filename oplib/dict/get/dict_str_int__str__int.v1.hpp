// op: dict.get
// sig: dict[str,int], str, int -> int
// tolerance: exact
// domain: {"alphabet": "ab", "max_text_length": 2}
// note: the key's value or the default; domain: short keys over a tiny alphabet so looked-up keys are often present
namespace oplib::dict {
inline int64_t get(const rt::dict<rt::str, int64_t>& self, const rt::str& key, int64_t default_) {
  return self.get(key, default_);
}
}  // namespace oplib::dict
