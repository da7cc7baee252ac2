// op: builtins.divmod
// sig: int, int -> tuple[int,int]
// expect: PASS
// why: tuple results; Python floor rules and ZeroDivisionError come from the runtime
namespace oplib::builtins {
inline std::tuple<int64_t, int64_t> divmod(int64_t a, int64_t b) { return rt::int_divmod(a, b); }
}  // namespace oplib::builtins
