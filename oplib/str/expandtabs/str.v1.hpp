// op: str.expandtabs
// sig: str -> str
// tolerance: exact
// domain: {"alphabet": "ab\t\t\n\r\u00e9\u0085\u2028 "}
// note: tab -> spaces to the next multiple of tabsize (tabs dropped when tabsize <= 0); column resets only at \n and \r like CPython; tabsize bounded in the domain (huge ones are MemoryError in CPython)
namespace oplib::str {
inline rt::str expandtabs(const rt::str& self) {
  const std::int64_t tabsize = 8;
  const std::string_view b = self.utf8();
  if (b.find('\t') == std::string_view::npos) return self;
  std::string out;
  out.reserve(b.size() + 16);
  std::int64_t col = 0;
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    const std::size_t len = rt::utf8::sequence_length(lead);
    if (lead == '\t') {
      if (tabsize > 0) {
        const std::int64_t incr = tabsize - col % tabsize;
        if (incr > std::numeric_limits<std::int64_t>::max() - static_cast<std::int64_t>(out.size()))
          throw rt::OverflowError("result too long");
        try {
          out.append(static_cast<std::size_t>(incr), ' ');
        } catch (const std::exception&) {
          throw rt::MemoryError();
        }
        col += incr;
      }
    } else {
      out.append(b.substr(k, len));
      ++col;
      if (lead == '\n' || lead == '\r') col = 0;
    }
    k += len;
  }
  return rt::str(std::move(out));
}
}  // namespace oplib::str
