// op: builtins.chr
// sig: int -> str
// tolerance: exact
// note: values outside C int raise OverflowError (the argument converts to int first), other values outside range(0x110000) ValueError; surrogates are kept as lone code points
#include <climits>
namespace oplib::builtins {
inline rt::str chr(int64_t i) {
  if (i > INT_MAX || i < INT_MIN) throw rt::OverflowError("Python int too large to convert to C int");
  if (i < 0 || i > 0x10FFFF) throw rt::ValueError("chr() arg not in range(0x110000)");
  return rt::str::from_code_point(static_cast<char32_t>(i));
}
}  // namespace oplib::builtins
