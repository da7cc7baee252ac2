// op: builtins.hex
// sig: int -> str
// tolerance: exact
// note: '-' for negatives, then the '0x' prefix and lowercase base-16 digits of the magnitude (exact for -2**63)
namespace oplib::builtins {
inline rt::str hex(int64_t number) {
  uint64_t m = number < 0 ? uint64_t{0} - static_cast<uint64_t>(number) : static_cast<uint64_t>(number);
  char buf[72];
  char* p = buf + sizeof buf;
  do {
    *--p = "0123456789abcdef"[m % 16];
    m /= 16;
  } while (m != 0);
  *--p = 'x';
  *--p = '0';
  if (number < 0) *--p = '-';
  return rt::str(std::string_view(p, static_cast<std::size_t>(buf + sizeof buf - p)));
}
}  // namespace oplib::builtins
