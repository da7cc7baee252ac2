// op: str.join
// sig: str, list[str] -> str
// tolerance: exact
// domain: {"alphabet": "ab,\u00e9\u03a3 "}
// note: v2: the result written in place (rt::str::build): the size summed from the pieces first, then each piece and separator copied straight into the final storage, a short piece as one 16-byte store; v1 appended to a std::string, then copied it into the str
namespace oplib::str {
inline rt::str join(const rt::str& self, const rt::list<rt::str>& iterable) {
  const std::int64_t count = iterable.len();
  if (count == 0) return rt::str();
  if (count == 1) return iterable.getitem(0);
  std::size_t bytes = self.utf8().size() * static_cast<std::size_t>(count - 1);
  for (const rt::str& item : iterable) bytes += item.utf8().size();
  return rt::str::build(bytes, [&](char* p) {
    bool first = true;
    for (const rt::str& item : iterable) {
      if (!first) p = self.write_at(p);
      first = false;
      p = item.write_at(p);
    }
  });
}
}  // namespace oplib::str
