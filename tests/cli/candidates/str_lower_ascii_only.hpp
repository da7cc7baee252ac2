// op: str.lower
// sig: str -> str
// expect: FAIL edge
// why: ASCII-only lowering: wrong for any cased non-ASCII letter
#include <string>
namespace oplib::str {
inline rt::str lower(const rt::str& s) {
  std::string out(s.utf8());
  for (char& c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return rt::str(out);
}
}  // namespace oplib::str
