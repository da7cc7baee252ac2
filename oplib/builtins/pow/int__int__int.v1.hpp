// op: builtins.pow
// sig: int, int, int -> int
// tolerance: exact
// note: CPython's long_pow with a modulus: negative modulus flips the result's sign range, negative exponent uses the modular inverse (ValueError if none), mod 0 is ValueError
namespace oplib::builtins {
inline int64_t pow(int64_t base, int64_t exp, int64_t mod) {
  __extension__ typedef __int128 wide;
  __extension__ typedef unsigned __int128 uwide;
  if (mod == 0) throw rt::ValueError("pow() 3rd argument cannot be 0");
  const bool negative_output = mod < 0;
  // |mod| as unsigned: exact also for INT64_MIN.
  const uint64_t m = negative_output ? uint64_t{0} - static_cast<uint64_t>(mod) : static_cast<uint64_t>(mod);
  if (m == 1) return 0;
  // base mod m in [0, m).
  auto reduce = [m](int64_t a) -> uint64_t {
    wide r = static_cast<wide>(a) % static_cast<wide>(m);
    if (r < 0) r += m;
    return static_cast<uint64_t>(r);
  };
  uint64_t b = reduce(base);
  // |exp| as unsigned.
  uint64_t e = exp < 0 ? uint64_t{0} - static_cast<uint64_t>(exp) : static_cast<uint64_t>(exp);
  if (exp < 0) {
    // Modular inverse of b mod m by the extended Euclidean algorithm on 128-bit signed values.
    wide old_r = b, r = m, old_s = 1, s = 0;
    while (r != 0) {
      const wide q = old_r / r;
      wide t = old_r - q * r;
      old_r = r;
      r = t;
      t = old_s - q * s;
      old_s = s;
      s = t;
    }
    if (old_r != 1) throw rt::ValueError("base is not invertible for the given modulus");
    old_s %= static_cast<wide>(m);
    if (old_s < 0) old_s += m;
    b = static_cast<uint64_t>(old_s);
  }
  uint64_t result = 1 % m;
  while (e != 0) {
    if (e & 1) result = static_cast<uint64_t>(static_cast<uwide>(result) * b % m);
    e >>= 1;
    if (e != 0) b = static_cast<uint64_t>(static_cast<uwide>(b) * b % m);
  }
  if (negative_output && result != 0) {
    // result - m lies in (-m, 0), which fits int64 since m <= 2**63.
    return static_cast<int64_t>(static_cast<wide>(result) - static_cast<wide>(m));
  }
  return static_cast<int64_t>(result);
}
}  // namespace oplib::builtins
