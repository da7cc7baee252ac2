// op: str.replace
// sig: str, str, str -> str
// tolerance: exact
// domain: {"alphabet": "aab\u00e9\u03a3 ", "max_text_length": 8}
// note: non-overlapping left-to-right replacement (count < 0: all); empty old inserts new before every code point and at the end, up to count times
namespace oplib::str {
inline rt::str replace(const rt::str& self, const rt::str& old, const rt::str& new_) {
  std::int64_t count = -1;
  const std::string_view b = self.utf8(), o = old.utf8(), w = new_.utf8();
  const std::uint64_t limit = count < 0 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(count);
  if (limit == 0) return self;
  std::string out;
  if (o.empty()) {
    out.reserve(b.size() + w.size() * std::min<std::uint64_t>(limit, b.size() + 1));
    std::uint64_t done = 0;
    std::size_t k = 0;
    while (true) {
      if (done < limit) {
        out.append(w);
        ++done;
      }
      if (k >= b.size()) break;
      const std::size_t len = rt::utf8::sequence_length(static_cast<unsigned char>(b[k]));
      out.append(b.substr(k, len));
      k += len;
    }
    return rt::str(std::move(out));
  }
  std::size_t pos = b.find(o);
  if (pos == std::string_view::npos) return self;
  std::size_t i = 0;
  std::uint64_t done = 0;
  while (pos != std::string_view::npos && done < limit) {
    out.append(b.substr(i, pos - i));
    out.append(w);
    i = pos + o.size();
    ++done;
    pos = b.find(o, i);
  }
  out.append(b.substr(i));
  return rt::str(std::move(out));
}
}  // namespace oplib::str
