// op: str.upper
// sig: str -> str
// expect: FAIL
// why: an ASCII fast path through a 256-byte scratch buffer that silently truncates longer text
#include <algorithm>
#include <cstring>
#include <string>
namespace oplib::str {
inline rt::str upper(const rt::str& s) {
  const std::string_view b = s.utf8();
  if (s.is_ascii()) {
    char buf[256];
    const std::size_t n = std::min<std::size_t>(b.size(), sizeof buf);
    std::memcpy(buf, b.data(), n);
    for (std::size_t i = 0; i < n; ++i)
      if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = static_cast<char>(buf[i] - 'a' + 'A');
    return rt::str(std::string(buf, n));
  }
  std::string out;
  char32_t m[3];
  for (std::size_t k = 0; k < b.size(); k += rt::utf8::sequence_length(static_cast<unsigned char>(b[k]))) {
    const int n = rt::unicode::to_upper(rt::utf8::decode(b.data() + k), m);
    for (int i = 0; i < n; ++i) rt::utf8::append(out, m[i]);
  }
  return rt::str(std::move(out));
}
}  // namespace oplib::str
