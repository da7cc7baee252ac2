// op: str.isprintable
// sig: str -> bool
// tolerance: exact
// domain: {"alphabet": "a \t\n\u007f\u0085\u00a0\u00ad\u200b\u2028\u3000\ue000\u0378\ufeff\u0301"}
// note: no char in Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs other than ASCII space (CPython's definition); empty -> True
namespace oplib::str {
inline bool isprintable(const rt::str& self) {
  const std::string_view b = self.utf8();
  for (std::size_t k = 0; k < b.size();) {
    const auto lead = static_cast<unsigned char>(b[k]);
    if (lead < 0x80) {
      if (lead < 0x20 || lead == 0x7f) return false;
      ++k;
      continue;
    }
    if (!rt::unicode::is_printable(rt::utf8::decode(b.data() + k))) return false;
    k += rt::utf8::sequence_length(lead);
  }
  return true;
}
}  // namespace oplib::str
