// op: opsynth.ops.str_after
// sig: str, int -> int
// tolerance: exact
// domain: {"int_min": -2, "int_max": 24, "alphabet": "ab \u00e9\u00df\u20ac\u4e2d\ud83d\ude00\udc80"}
// note: a loop over a str walks it by UTF-8 byte offset: the offset just past the code point starting at byte `at`, IndexError where none starts (see str_char_at); same domain as str_char_at
namespace oplib::opsynth::ops {
inline int64_t str_after(const rt::str& s, int64_t at) { return s.byte_after(at); }
}  // namespace oplib::opsynth::ops
