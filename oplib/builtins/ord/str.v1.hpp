// op: builtins.ord
// sig: str -> int
// tolerance: exact
// note: the code point of a one-character str; any other length is a TypeError with CPython's message
namespace oplib::builtins {
inline int64_t ord(const rt::str& c) {
  const std::string_view b = c.utf8();
  if (b.empty() || rt::utf8::sequence_length(static_cast<unsigned char>(b[0])) != b.size()) {
    throw rt::TypeError("ord() expected a character, but string of length " + std::to_string(c.len()) +
                        " found");
  }
  return static_cast<int64_t>(rt::utf8::decode(b.data()));
}
}  // namespace oplib::builtins
