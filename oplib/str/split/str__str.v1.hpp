// op: str.split
// sig: str, str -> list[str]
// tolerance: exact
// note: str.split(sep): every non-overlapping occurrence of sep, left to right, empty pieces kept; an empty sep raises ValueError("empty separator"). UTF-8 byte matching finds exactly the code-point matches (a lead byte never equals a continuation byte)
#include <string_view>
namespace oplib::str {
inline rt::list<rt::str> split(const rt::str& self, const rt::str& sep) {
  const std::string_view b = self.utf8(), s = sep.utf8();
  if (s.empty()) throw rt::ValueError("empty separator");
  rt::list<rt::str> out;
  std::size_t from = 0;
  for (std::size_t at = b.find(s); at != std::string_view::npos; at = b.find(s, from)) {
    out.append(rt::str(b.substr(from, at - from)));
    from = at + s.size();
  }
  out.append(rt::str(b.substr(from)));
  return out;
}
}  // namespace oplib::str
