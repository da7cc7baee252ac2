// op: str.rsplit
// sig: str, None -> list[str]
// tolerance: exact
// domain: {"alphabet": "ab \t\n\u001c\u0085\u00a0\u2028\u3000\u200b\u00e9"}
// note: sep=None is the 0-arg form: splits on runs of CPython whitespace (str.isspace set), drops empty strings
namespace oplib::str {
inline rt::list<rt::str> rsplit(const rt::str& self, rt::none) {
  const std::int64_t maxsplit = -1;
  const std::string_view b = self.utf8();
  std::int64_t maxcount = maxsplit < 0 ? std::numeric_limits<std::int64_t>::max() : maxsplit;
  std::vector<rt::str> parts;
  // prev(k): start of the code point that ends at byte k.
  auto prev = [&](std::size_t k) {
    --k;
    while (k > 0 && rt::utf8::is_continuation(static_cast<unsigned char>(b[k]))) --k;
    return k;
  };
  auto space_before = [&](std::size_t k) { return rt::unicode::is_space(rt::utf8::decode(b.data() + prev(k))); };
  std::size_t i = b.size();
  while (maxcount-- > 0) {
    while (i > 0 && space_before(i)) i = prev(i);
    if (i == 0) break;
    const std::size_t j = i;
    i = prev(i);
    while (i > 0 && !space_before(i)) i = prev(i);
    parts.push_back(rt::str(b.substr(i, j - i)));
  }
  if (i > 0) {
    while (i > 0 && space_before(i)) i = prev(i);
    if (i != 0) parts.push_back(rt::str(b.substr(0, i)));
  }
  rt::list<rt::str> out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out.append(*it);
  return out;
}
}  // namespace oplib::str
