// op: builtins.sorted
// sig: str -> list[str]
// tolerance: exact
// note: sorted(s) on a str: its one-character strings in code-point order (UTF-8 byte order is code-point order); equal characters are indistinguishable, so stability does not matter
namespace oplib::builtins {
inline rt::list<rt::str> sorted(const rt::str& iterable) {
  std::vector<rt::str> chars;
  chars.reserve(static_cast<std::size_t>(iterable.len()));
  for (rt::str ch : iterable) chars.push_back(ch);
  std::sort(chars.begin(), chars.end(), [](const rt::str& a, const rt::str& b) { return a.utf8() < b.utf8(); });
  return rt::list<rt::str>(std::move(chars));
}
}  // namespace oplib::builtins
