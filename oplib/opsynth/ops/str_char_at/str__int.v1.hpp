// op: opsynth.ops.str_char_at
// sig: str, int -> str
// tolerance: exact
// domain: {"int_min": -2, "int_max": 24, "alphabet": "ab \u00e9\u00df\u20ac\u4e2d\ud83d\ude00\udc80"}
// note: a loop over a str walks it by UTF-8 byte offset: the code point starting at byte `at` as a one-character str, IndexError where none starts (outside the text or inside a code point's bytes); ints around the byte lengths generated and an alphabet of 1- to 4-byte code points and a lone surrogate, so that starts, middles and ends are all met
namespace oplib::opsynth::ops {
inline rt::str str_char_at(const rt::str& s, int64_t at) { return s.char_at_byte(at); }
}  // namespace oplib::opsynth::ops
