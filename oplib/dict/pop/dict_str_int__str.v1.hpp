// op: dict.pop
// sig: dict[str,int], str -> int
// tolerance: exact
// domain: {"alphabet": "ab", "max_text_length": 2}
// note: removes the key and returns its value, KeyError when missing; domain: short keys over a tiny alphabet so keys are often present
namespace oplib::dict {
inline int64_t pop(const rt::dict<rt::str, int64_t>& D, const rt::str& k) { return D.pop(k); }
}  // namespace oplib::dict
