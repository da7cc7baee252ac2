// op: str.join
// sig: str, list[str] -> str
// tolerance: exact
// domain: {"alphabet": "ab,\u00e9\u03a3 "}
// note: concatenation with self between items; sizes precomputed so the result is built in one allocation
namespace oplib::str {
inline rt::str join(const rt::str& self, const rt::list<rt::str>& iterable) {
  const std::int64_t count = iterable.len();
  if (count == 0) return rt::str();
  if (count == 1) return iterable.getitem(0);
  const std::string_view sep = self.utf8();
  std::size_t total = sep.size() * static_cast<std::size_t>(count - 1);
  for (const rt::str& item : iterable) total += item.utf8().size();
  std::string out;
  out.reserve(total);
  bool first = true;
  for (const rt::str& item : iterable) {
    if (!first) out.append(sep);
    first = false;
    out.append(item.utf8());
  }
  return rt::str(std::move(out));
}
}  // namespace oplib::str
