// op: builtins.int
// sig: str -> int
// tolerance: exact
// note: PyLong_FromUnicodeObject base 10 (CPython 3.11): more than 4300 digits (sys.get_int_max_str_digits(), underscores not counted, leading zeros counted) raise ValueError once the digits are scanned, before trailing text is checked; Unicode digits and spaces mapped to ASCII, optional sign, underscores only between digits, ASCII whitespace around; values outside int64 raise OverflowError; domain: random text is almost never a numeral, so half the strings use digits/sign/underscore/space (24 chars reach int64 overflow)
namespace oplib::builtins {
inline int64_t int_(const rt::str& a0) {
  const std::string text = rt::detail::to_ascii_number_text(a0.utf8());
  auto fail = [&]() -> int64_t {
    throw rt::ValueError("invalid literal for int() with base 10: " + rt::repr(a0));
  };
  auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n && is_space(text[i])) ++i;
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i >= n || !is_digit(text[i])) return fail();
  uint64_t magnitude = 0;
  bool overflow = false;
  std::size_t digits = 0;
  constexpr uint64_t limit = uint64_t{1} << 63;  // |INT64_MIN|
  while (i < n) {
    char c = text[i];
    if (c == '_') {
      // An underscore must sit between two digits (the previous char was a digit by construction).
      if (i + 1 >= n || !is_digit(text[i + 1])) return fail();
      c = text[++i];
    } else if (!is_digit(c)) {
      break;
    }
    ++digits;
    if (!overflow) {
      const uint64_t d = static_cast<uint64_t>(c - '0');
      if (magnitude > (limit - d) / 10) {
        overflow = true;  // keep scanning: a malformed tail is still a ValueError
      } else {
        magnitude = magnitude * 10 + d;
      }
    }
    ++i;
  }
  constexpr std::size_t max_str_digits = 4300;  // CPython's default int_max_str_digits
  if (digits > max_str_digits)
    throw rt::ValueError("Exceeds the limit (4300 digits) for integer string conversion: value has " +
                         std::to_string(digits) + " digits; use sys.set_int_max_str_digits() to increase the limit");
  while (i < n && is_space(text[i])) ++i;
  if (i != n) return fail();
  if (overflow || (!negative && magnitude == limit)) {
    throw rt::OverflowError("integer overflow: result does not fit in int64");
  }
  return negative ? static_cast<int64_t>(uint64_t{0} - magnitude) : static_cast<int64_t>(magnitude);
}
}  // namespace oplib::builtins
