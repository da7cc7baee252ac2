// op: math.floor
// sig: float -> int
// tolerance: exact
// note: exact integer; NaN ValueError, inf OverflowError as CPython; |result| >= 2**63 OverflowError (int64 contract)
#include <cmath>
namespace oplib::math {
// CPython 3.11: PyLong_FromDouble(floor(x)): NaN -> ValueError, +-inf -> OverflowError; a result
// beyond int64 raises OverflowError (the runtime's contract for Python ints).
inline int64_t floor(double x) { return rt::float_to_int(std::floor(x)); }
}  // namespace oplib::math
