// op: builtins.format
// sig: int -> str
// note: format(n) with the default spec is str(n): the decimal digits, '-' for negatives
#include <cstdint>
#include <string>

namespace oplib::builtins {
inline rt::str format(std::int64_t value) { return rt::str(std::to_string(value)); }
}  // namespace oplib::builtins
