// op: operator.pow
// sig: float, int -> float
// tolerance: exact
// note: CPython float_pow path (rt::float_pow, same glibc pow); the int exponent is converted to float first as CPython does
namespace oplib::operator_ {
inline double pow(double a, int64_t b) { return rt::float_pow(a, static_cast<double>(b)); }
}  // namespace oplib::operator_
