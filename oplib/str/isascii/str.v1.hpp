// op: str.isascii
// sig: str -> bool
// tolerance: exact
// note: all code points < 0x80 (empty -> True); rt::str caches this for long text
namespace oplib::str {
inline bool isascii(const rt::str& self) { return self.is_ascii(); }
}  // namespace oplib::str
