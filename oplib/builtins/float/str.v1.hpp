// op: builtins.float
// sig: str -> float
// tolerance: exact
// note: rt::float_from_str follows PyFloat_FromString: Unicode digits/spaces, underscores, inf/nan spellings, correctly rounded decimal; domain: random text is almost never a numeral, so half the strings use digits/point/exponent/sign/inf/nan letters
namespace oplib::builtins {
inline double float_(const rt::str& x) { return rt::float_from_str(x.utf8()); }
}  // namespace oplib::builtins
