// op: math.ceil
// sig: float -> int
// tolerance: exact
// note: exact integer; NaN ValueError, inf OverflowError as CPython; |result| >= 2**63 OverflowError (int64 contract)
#include <cmath>
namespace oplib::math {
// CPython 3.11: PyLong_FromDouble(ceil(x)): NaN -> ValueError, +-inf -> OverflowError; a result
// beyond int64 raises OverflowError (the runtime's contract for Python ints).
inline int64_t ceil(double x) { return rt::float_to_int(std::ceil(x)); }
}  // namespace oplib::math
