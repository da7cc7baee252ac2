"""opsynth.load end to end: compiles a hand-written library against rt/abi_bridge.hpp, writes its manifest,
and calls it through the ctypes loader (compiler/python/opsynth).

Usage: test_loader.py SOURCE_DIR CXX [unittest args...]   (registered as the ctest test abi_loader)
"""

import collections
import gc
import inspect
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest
import weakref

import numpy as np

SOURCE_DIR, CXX = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(SOURCE_DIR, "compiler", "python"))
import opsynth  # noqa: E402

# Each function: (name, params, result, C++ body). The wrapper is what the compiler generates.
FUNCTIONS = [
    ("hypot_scaled", [("x", "float"), ("y", "float"), ("k", "int")], "float",
     "double hypot_scaled(double x, double y, std::int64_t k) { return std::hypot(x, y) * static_cast<double>(k); }"),
    ("upper", [("s", "str")], "str",
     """rt::str upper(const rt::str& s) {
          std::string out(s.utf8());
          for (char& c : out) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
          return rt::str(std::move(out));
        }"""),
    ("append_twice", [("lst", "list[int]"), ("v", "int")], "None",
     "rt::none append_twice(const rt::list<std::int64_t>& lst, std::int64_t v) { lst.append(v); lst.append(v); return {}; }"),
    ("count_words", [("words", "list[str]")], "dict[str,int]",
     """rt::dict<rt::str, std::int64_t> count_words(const rt::list<rt::str>& words) {
          rt::dict<rt::str, std::int64_t> out;
          for (const rt::str& w : words) out.setitem(w, out.get(w, 0) + 1);
          return out;
        }"""),
    ("scale", [("x", "ndarray[float64,1]"), ("k", "float")], "None",
     "rt::none scale(const rt::ndarray<double, 1>& x, double k) { rt::ndarray<double, 1> y = x; y.for_each([k](double& v) { v *= k; }); return {}; }"),
    ("squares", [("n", "int")], "ndarray[float64,2]",
     """rt::ndarray<double, 2> squares(std::int64_t n) {
          auto a = rt::ndarray<double, 2>::empty({n, 3});
          for (std::int64_t i = 0; i < n; ++i) for (std::int64_t j = 0; j < 3; ++j) a(i, j) = double(i * i + j);
          return a.transpose();  // strided: column-major view of a fresh buffer
        }"""),
    ("first_row", [("x", "ndarray[float64,2]")], "ndarray[float64,1]",
     "rt::ndarray<double, 1> first_row(const rt::ndarray<double, 2>& x) { return x.getitem(std::int64_t{0}); }"),
    ("same", [("x", "ndarray[float64,1]")], "ndarray[float64,1]",
     "rt::ndarray<double, 1> same(const rt::ndarray<double, 1>& x) { return x; }"),
    ("zero", [("x", "ndarray[float64,1]")], "None",
     "rt::none zero(const rt::ndarray<double, 1>& x) { rt::ndarray<double, 1> y = x; y.fill(0.0); return {}; }"),
    ("shift", [("dst", "ndarray[float64,1]"), ("src", "ndarray[float64,1]")], "None",
     "rt::none shift(const rt::ndarray<double, 1>& dst, const rt::ndarray<double, 1>& src) { rt::ndarray<double, 1> d = dst; d.assign(src); return {}; }"),
    ("count_true", [("m", "ndarray[bool,1]")], "int",
     "std::int64_t count_true(const rt::ndarray<bool, 1>& m) { std::int64_t n = 0; m.for_each([&n](bool b) { n += b; }); return n; }"),
    ("checked_sqrt", [("x", "float")], "float",
     "double checked_sqrt(double x) { if (x < 0) throw rt::ValueError(\"math domain error\"); return std::sqrt(x); }"),
    ("singular", [], "None",
     "rt::none singular() { throw rt::LinAlgError(\"Singular matrix\"); }"),
    ("lookup", [("d", "dict[str,int]"), ("k", "str")], "int",
     "std::int64_t lookup(const rt::dict<rt::str, std::int64_t>& d, const rt::str& k) { return d.getitem(k); }"),
    ("strange", [], "None",
     "rt::none strange() { throw StrangeError(\"from elsewhere\"); }"),
    ("append_then_raise", [("lst", "list[int]")], "None",
     "rt::none append_then_raise(const rt::list<std::int64_t>& lst) { lst.append(7); throw rt::IndexError(\"after append\"); }"),
    ("divmod_pair", [("a", "int"), ("b", "int")], "tuple[int,int]",
     "std::tuple<std::int64_t, std::int64_t> divmod_pair(std::int64_t a, std::int64_t b) { return {rt::int_floordiv(a, b), rt::int_mod(a, b)}; }"),
    ("grow", [("lst", "list[int]")], "list[int]",
     "rt::list<std::int64_t> grow(const rt::list<std::int64_t>& lst) { lst.append(lst.len()); return lst; }"),
    ("alias_len", [("a", "list[int]"), ("b", "list[int]")], "int",
     "std::int64_t alias_len(const rt::list<std::int64_t>& a, const rt::list<std::int64_t>& b) { a.append(0); return b.len(); }"),
    ("nest", [("d", "dict[str,list[int]]")], "None",
     "rt::none nest(const rt::dict<rt::str, rt::list<std::int64_t>>& d) { d.getitem(\"a\").append(1); d.setitem(\"new\", rt::list<std::int64_t>{}); return {}; }"),
    ("conj", [("z", "complex")], "complex",
     "std::complex<double> conj(std::complex<double> z) { return std::conj(z); }"),
    ("invert8", [("img", "ndarray[uint8,2]"), ("k", "uint8")], "ndarray[uint8,2]",
     """rt::ndarray<std::uint8_t, 2> invert8(const rt::ndarray<std::uint8_t, 2>& img, rt::uint8 k) {
          auto out = rt::ndarray<std::uint8_t, 2>::empty(img.shape());
          std::uint8_t* o = out.data();
          img.for_each([&o, k](std::uint8_t v) { *o++ = std::uint8_t(k.value - v); });
          return out;
        }"""),
    ("narrow", [("x", "ndarray[int16,1]"), ("y", "ndarray[int8,1]"), ("z", "ndarray[uint32,1]")], "tuple[uint16,int8,uint32]",
     """std::tuple<rt::uint16, rt::int8, rt::uint32> narrow(const rt::ndarray<std::int16_t, 1>& x, const rt::ndarray<std::int8_t, 1>& y,
                                                             const rt::ndarray<std::uint32_t, 1>& z) {
          return {rt::uint16(std::uint16_t(x(0))), rt::int8(y(0)), rt::uint32(z(0))};
        }"""),
    ("top64", [("x", "ndarray[uint64,1]")], "uint64",
     "rt::uint64 top64(const rt::ndarray<std::uint64_t, 1>& x) { std::uint64_t m = 0; x.for_each([&m](std::uint64_t v) { m = v > m ? v : m; }); return rt::uint64(m); }"),
    ("rot64", [("z", "complex64")], "ndarray[complex64,1]",
     """rt::ndarray<std::complex<float>, 1> rot64(rt::complex64 z) {
          auto out = rt::ndarray<std::complex<float>, 1>::empty({2});
          out(0) = z.value;
          out(1) = std::complex<float>(-z.value.imag(), z.value.real());
          return out;
        }"""),
    ("halve32", [("x", "float64")], "float32",
     "rt::float32 halve32(rt::float64 x) { return rt::float32(static_cast<float>(x.value / 2)); }"),
    ("fro", [("x", "ndarray[float64,1]"), ("ord", "Literal['fro']")], "float64",
     "rt::float64 fro(const rt::ndarray<double, 1>& x, rt::lit<\"fro\">) { double s = 0; x.for_each([&s](double v) { s += v * v; }); return rt::float64(std::sqrt(s)); }"),
    ("pairs", [("t", "tuple[str,list[float]]")], "list[tuple[str,float]]",
     """rt::list<std::tuple<rt::str, double>> pairs(const std::tuple<rt::str, rt::list<double>>& t) {
          rt::list<std::tuple<rt::str, double>> out;
          for (double v : std::get<1>(t)) out.append({std::get<0>(t), v});
          std::get<1>(t).append(-1.0);
          return out;
        }"""),
    ("cumulative", [("xs", "list[float]")], "list[float]",
     """rt::list<double> cumulative(const rt::list<double>& xs) {
          rt::list<double> out;
          double s = 0;
          for (double v : xs) out.append(s += v);
          return out;
        }"""),
    ("clamped", [("xs", "list[float]"), ("lo", "float"), ("hi", "float")], "list[float]",
     """rt::list<double> clamped(const rt::list<double>& xs, double lo, double hi) {
          rt::list<double> out;
          for (double v : xs) out.append(v < lo ? lo : v > hi ? hi : -(-v));
          return out;
        }"""),
    ("flip", [("fs", "list[bool]")], "list[bool]",
     """rt::list<bool> flip(const rt::list<bool>& fs) {
          rt::list<bool> out;
          for (bool f : fs) out.append(!f);
          return out;
        }"""),
    ("set_first", [("xs", "list[int]"), ("v", "int")], "int",
     "std::int64_t set_first(const rt::list<std::int64_t>& xs, std::int64_t v) { xs.setitem(0, v); return xs.len(); }"),
    # Containers for the compiled call path against the ctypes path (CompiledCallPathTest).
    ("tally", [("d", "dict[str,int]"), ("words", "list[str]")], "dict[str,int]",
     """rt::dict<rt::str, std::int64_t> tally(const rt::dict<rt::str, std::int64_t>& d, const rt::list<rt::str>& words) {
          for (const rt::str& w : words) d.setitem(w, d.get(w, 0) + 1);
          if (d.contains("drop")) d.delitem("drop");
          return d;
        }"""),
    ("relabel", [("names", "dict[int,str]"), ("weights", "dict[str,float]")], "dict[str,float]",
     """rt::dict<rt::str, double> relabel(const rt::dict<std::int64_t, rt::str>& names, const rt::dict<rt::str, double>& weights) {
          rt::dict<rt::str, double> out;  // dicts of scalars and strs arrive as columns (ABI version 5)
          names.for_each_item([&](std::int64_t k, const rt::str& name) { out.setitem(name, weights.get(name, double(k))); });
          if (weights.contains("w")) weights.setitem("w", -0.0);
          return out;
        }"""),
    ("rows", [("m", "list[list[int]]")], "list[int]",
     """rt::list<std::int64_t> rows(const rt::list<rt::list<std::int64_t>>& m) {
          rt::list<std::int64_t> flat;
          for (const auto& row : m) for (std::int64_t v : row) flat.append(v);
          if (m.len() > 0) m.getitem(0).append(-1);
          m.append(rt::list<std::int64_t>{m.len()});
          return flat;
        }"""),
    ("spread", [("xs", "list[int]"), ("k", "int")], "list[list[int]]",
     """rt::list<rt::list<std::int64_t>> spread(const rt::list<std::int64_t>& xs, std::int64_t k) {
          rt::list<rt::list<std::int64_t>> out;
          for (std::int64_t i = 0; i < k; ++i) out.append(xs.copy());
          return out;
        }"""),
    ("group", [("d", "dict[str,list[float]]")], "dict[str,float]",
     """rt::dict<rt::str, double> group(const rt::dict<rt::str, rt::list<double>>& d) {
          rt::dict<rt::str, double> out;
          for (const auto& [k, vs] : d.items()) { double s = 0; for (double v : vs) s += v; out.setitem(k, s); }
          if (d.contains("x")) d.getitem("x").append(0.5);
          return out;
        }"""),
    ("record", [("t", "tuple[str,list[str],dict[str,bool]]")], "tuple[list[str],int]",
     """std::tuple<rt::list<rt::str>, std::int64_t> record(const std::tuple<rt::str, rt::list<rt::str>, rt::dict<rt::str, bool>>& t) {
          std::get<1>(t).append(std::get<0>(t));
          std::get<2>(t).setitem(std::get<0>(t), true);
          return {std::get<1>(t).copy(), std::get<2>(t).len()};
        }"""),
    ("echo_strs", [("ws", "list[str]")], "list[str]",
     """rt::list<rt::str> echo_strs(const rt::list<rt::str>& ws) {
          rt::list<rt::str> out;
          for (const rt::str& w : ws) { out.append(w); out.append(w + rt::str("\\u00e9 and a tail past fifteen bytes")); }
          if (ws.len() > 0) ws.setitem(0, rt::str("first"));
          return out;
        }"""),
    ("arrange_strs", [("ws", "list[str]"), ("how", "int")], "list[str]",
     """rt::list<rt::str> arrange_strs(const rt::list<rt::str>& ws, std::int64_t how) {
          rt::list<rt::str> out;  // how: 0 a filter, 1 reversed, 2 every other one grouped, 3 new text
          const std::int64_t n = ws.len();
          for (std::int64_t k = 0; k < n; ++k) {
            const rt::str w = ws.getitem(how == 1 ? n - 1 - k : how == 2 ? (2 * k) % n + (2 * k >= n && n % 2 == 0) : k);
            if (how == 0 && w.len() % 3 == 0) continue;
            out.append(how == 3 ? w + rt::str("!") : w);
          }
          return out;
        }"""),
    ("by_length", [("ws", "list[str]"), ("names", "dict[int,str]")], "tuple[dict[int,list[str]],dict[str,int],str]",
     """std::tuple<rt::dict<std::int64_t, rt::list<rt::str>>, rt::dict<rt::str, std::int64_t>, rt::str>
        by_length(const rt::list<rt::str>& ws, const rt::dict<std::int64_t, rt::str>& names) {
          rt::dict<std::int64_t, rt::list<rt::str>> groups;  // the words grouped by length, in no order of theirs
          for (const rt::str& w : ws) {
            if (!groups.contains(w.len())) groups.setitem(w.len(), rt::list<rt::str>{});
            groups.getitem(w.len()).append(w);
          }
          rt::dict<rt::str, std::int64_t> ids;  // a dict's values, as keys
          names.for_each_item([&](std::int64_t k, const rt::str& name) { ids.setitem(name, k); });
          rt::str last = ws.len() > 0 ? ws.getitem(-1) : rt::str("none");
          if (ws.len() > 1) last += ws.getitem(0);  // a changed text is a new str
          return {groups, ids, last};
        }"""),
    ("first_of_last_call", [("ws", "list[str]")], "str",
     """rt::str first_of_last_call(const rt::list<rt::str>& ws) {
          static rt::str kept("none");  // outlives its call: sent as bytes, never as a name
          rt::str before = kept;
          if (ws.len() > 0) kept = ws.getitem(0);
          return before;
        }"""),
    ("misnamed", [("ws", "list[str]")], "str",
     """rt::str misnamed(const rt::list<rt::str>&) {  // a library's slip: a name that is no input of the call
          return rt::str("x").with_origin(0x1000 | rt::abi::detail::current_context()->origin_mark);
        }"""),
    ("pick", [("xs", "list[int]"), ("k", "int")], "int",
     "std::int64_t pick(const rt::list<std::int64_t>& xs, std::int64_t k) { return xs.getitem(k); }"),
    ("padded", [("x", "float"), ("k", "float", {"kind": "float", "value": "2.5"}),
                ("tag", "str", {"kind": "str", "value": "ab"})], "float",
     "double padded(double x, double k, const rt::str& tag) { return x * k + static_cast<double>(tag.len()); }"),
    ("extend_other", [("a", "list[float]"), ("b", "list[float]")], "int",
     "std::int64_t extend_other(const rt::list<double>& a, const rt::list<double>& b) { a.append(0.25); b.insert(0, 1.5); return a.len() + b.len(); }"),
]

PRELUDE = """#include "rt/prelude.hpp"
#include "rt/abi_bridge.hpp"
#include <cmath>
#include <string>
#include <tuple>
namespace opsynth_user {
class StrangeError : public rt::Exception {
 public:
  using rt::Exception::Exception;
  const char* python_name() const noexcept override { return "no_such_module.StrangeError"; }
};
"""


def library_source():
    parts = [PRELUDE]
    parts += [body + "\n" for _, _, _, body in FUNCTIONS]
    parts.append("}  // namespace opsynth_user\n")
    for name, _, _, _ in FUNCTIONS:
        parts.append(f"""extern "C" __attribute__((visibility("default")))
int opsynth_fn_{name}(const opsynth_value* args, std::int64_t nargs, opsynth_value* out, opsynth_value* args_after) {{
  return rt::abi::invoke(args, nargs, out, args_after, &opsynth_user::{name});
}}
""")
    parts.append("OPSYNTH_ABI_EXPORTS()\n")
    return "".join(parts)


def manifest(functions):
    return {"schema": 1, "functions": [
        {"name": name, "symbol": f"opsynth_fn_{name}",
         "params": [{"name": p[0], "type": p[1], **({"default": p[2]} if len(p) > 2 else {})} for p in params],
         "result": result} for name, params, result, _ in functions]}


def _paths(v, path, known):
    """Every list and dict inside v by its place, for _shape."""
    if isinstance(v, (list, dict)):
        known.setdefault(id(v), path)
    if isinstance(v, (list, tuple)):
        for k, x in enumerate(v):
            _paths(x, f"{path}[{k}]", known)
    elif isinstance(v, dict):
        for k, x in v.items():
            _paths(x, f"{path}[{k!r}]", known)


def _shape(v, known):
    """v's value with each element's type, and for each list and dict which of the caller's containers
    (by its place before the call) it is, if any."""
    if isinstance(v, list):
        return ("list", known.get(id(v)), [_shape(x, known) for x in v])
    if isinstance(v, dict):
        return (type(v).__name__, known.get(id(v)), [(_shape(k, known), _shape(x, known)) for k, x in v.items()])
    if isinstance(v, tuple):
        return ("tuple", [_shape(x, known) for x in v])
    return (type(v).__name__, repr(v))


class CompiledLibrary(unittest.TestCase):
    """Builds the hand-written library once per test class that uses it."""
    tmp = None
    so = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="opsynth_abi_")
        src = os.path.join(cls.tmp.name, "lib.cpp")
        cls.so = os.path.join(cls.tmp.name, "lib.so")
        with open(src, "w") as f:
            f.write(library_source())
        extra = os.environ.get("OPSYNTH_TEST_CXXFLAGS", "").split()  # e.g. -fsanitize=address for a manual run
        subprocess.run([CXX, "-std=c++20", "-O1", "-shared", "-fPIC", "-fvisibility=hidden", *extra,
                        "-I" + os.path.join(SOURCE_DIR, "runtime"), src, "-o", cls.so], check=True)
        with open(os.path.join(cls.tmp.name, "lib.manifest.json"), "w") as f:
            json.dump(manifest(FUNCTIONS), f)
        # A second manifest naming one function of the same code: the single-function call form.
        os.symlink(cls.so, os.path.join(cls.tmp.name, "one.so"))
        with open(os.path.join(cls.tmp.name, "one.manifest.json"), "w") as f:
            json.dump(manifest([fn for fn in FUNCTIONS if fn[0] == "upper"]), f)
        cls.lib = opsynth.load(cls.so)

    @classmethod
    def tearDownClass(cls):
        cls.lib = None
        gc.collect()
        cls.tmp.cleanup()


class LoaderTest(CompiledLibrary):
    # --- the library itself ----------------------------------------------------------------------------

    def test_library_does_not_need_libpython(self):
        dynamic = subprocess.run(["readelf", "-d", self.so], check=True, capture_output=True, text=True).stdout
        needed = [line for line in dynamic.splitlines() if "(NEEDED)" in line]
        self.assertTrue(needed)
        self.assertFalse([line for line in needed if "python" in line.lower()], needed)

    def test_library_exports_only_the_abi(self):
        symbols = subprocess.run(["nm", "-D", "--defined-only", self.so], check=True, capture_output=True,
                                 text=True).stdout.split()
        exported = {s for s in symbols if s.startswith("opsynth_")}
        self.assertEqual(exported, {f"opsynth_fn_{name}" for name, *_ in FUNCTIONS}
                         | {"opsynth_release", "opsynth_release_array", "opsynth_abi_version"})

    def test_single_function_library_is_callable(self):
        one = opsynth.load(os.path.join(self.tmp.name, "one.so"))
        self.assertEqual(one("abc"), "ABC")
        with self.assertRaisesRegex(TypeError, "call one by name"):
            self.lib("abc")

    def test_missing_manifest_is_a_load_error(self):
        with self.assertRaises(opsynth.LoadError):
            opsynth.load(os.path.join(self.tmp.name, "absent.so"))

    # --- scalars, binding ------------------------------------------------------------------------------

    def test_scalar_math_and_keyword_binding(self):
        self.assertEqual(self.lib.hypot_scaled(3.0, 4.0, 2), 10.0)
        self.assertEqual(self.lib.hypot_scaled(3, y=4, k=3), 15.0)  # float parameters take ints
        self.assertIsInstance(self.lib.hypot_scaled(3, 4, 1), float)

    def test_binding_errors_are_pythons(self):
        with self.assertRaisesRegex(TypeError, r"hypot_scaled\(\) missing 1 required positional argument: 'k'"):
            self.lib.hypot_scaled(1.0, 2.0)
        with self.assertRaisesRegex(TypeError, r"hypot_scaled\(\) got an unexpected keyword argument 'z'"):
            self.lib.hypot_scaled(1.0, 2.0, 3, z=1)
        with self.assertRaisesRegex(TypeError, r"takes 3 positional arguments but 4 were given"):
            self.lib.hypot_scaled(1.0, 2.0, 3, 4)

    def test_wrong_type_names_the_parameter(self):
        with self.assertRaisesRegex(TypeError, r"argument 'k': expected int, got float"):
            self.lib.hypot_scaled(1.0, 2.0, 3.5)
        with self.assertRaisesRegex(TypeError, r"argument 'y': expected float, got str"):
            self.lib.hypot_scaled(1.0, "2", 3)
        with self.assertRaisesRegex(TypeError, r"argument 'words' at \[1\]: expected str, got int"):
            self.lib.count_words(["a", 1])

    def test_int_out_of_range_is_overflow(self):
        with self.assertRaisesRegex(OverflowError, "too large to convert to C int64"):
            self.lib.hypot_scaled(1.0, 1.0, 2**63)

    def test_str_roundtrip_keeps_non_ascii(self):
        self.assertEqual(self.lib.upper("héllo wörld ✓"), "HéLLO WöRLD ✓")
        self.assertEqual(self.lib.upper(""), "")
        self.assertEqual(self.lib.upper("a\0b"), "A\0B")

    def test_complex_and_numpy_scalars(self):
        self.assertEqual(self.lib.conj(1 + 2j), 1 - 2j)
        r = self.lib.halve32(np.float64(3.0))
        self.assertIs(type(r), np.float32)
        self.assertEqual(r, np.float32(1.5))
        with self.assertRaisesRegex(TypeError, "expected float64, got float"):
            self.lib.halve32(3.0)

    def test_literal_parameter(self):
        x = np.array([3.0, 4.0])
        self.assertIs(type(self.lib.fro(x, "fro")), np.float64)
        self.assertEqual(self.lib.fro(x, "fro"), 5.0)
        self.assertEqual(self.lib.fro(x), 5.0)  # a trailing Literal may be left out
        with self.assertRaisesRegex(TypeError, r"expected Literal\['fro'\], got 'nuc'"):
            self.lib.fro(x, "nuc")

    def test_tuple_result(self):
        self.assertEqual(self.lib.divmod_pair(-7, 2), (-4, 1))

    # --- lists and dicts ------------------------------------------------------------------------------

    def test_list_mutation_is_written_back_in_place(self):
        lst = [1, 2]
        alias = lst
        self.assertIsNone(self.lib.append_twice(lst, 5))
        self.assertIs(alias, lst)
        self.assertEqual(lst, [1, 2, 5, 5])

    def test_returned_argument_is_the_same_object(self):
        lst = [4]
        out = self.lib.grow(lst)
        self.assertIs(out, lst)
        self.assertEqual(lst, [4, 1])

    def test_aliased_arguments_stay_aliased(self):
        lst = [1, 2]
        self.assertEqual(self.lib.alias_len(lst, lst), 3)  # Python: b is a, so b sees the append
        self.assertEqual(lst, [1, 2, 0])

    def test_nested_list_is_mutated_in_place(self):
        inner = [0]
        d = {"a": inner}
        self.lib.nest(d)
        self.assertIs(d["a"], inner)
        self.assertEqual(d, {"a": [0, 1], "new": []})
        self.assertEqual(list(d), ["a", "new"])

    def test_mutation_before_a_raise_is_kept(self):
        lst = [1]
        with self.assertRaisesRegex(IndexError, "after append"):
            self.lib.append_then_raise(lst)
        self.assertEqual(lst, [1, 7])

    def test_dict_result_keeps_insertion_order(self):
        self.assertEqual(list(self.lib.count_words(["b", "a", "b"]).items()), [("b", 2), ("a", 1)])

    def test_list_in_tuple_argument_is_written_back(self):
        vals = [1.5, 2.5]
        self.assertEqual(self.lib.pairs(("k", vals)), [("k", 1.5), ("k", 2.5)])
        self.assertEqual(vals, [1.5, 2.5, -1.0])

    def test_unchanged_list_keeps_its_elements(self):
        vals = [1, 2]  # ints in a list[float]: the library sees 1.0, 2.0 but leaves them alone
        self.lib.pairs(("k", vals))
        self.assertEqual([type(v) for v in vals], [int, int, float])

    # --- long lists of scalars travel packed (rt/abi.hpp), strings a column at a time --------------------

    def test_long_float_list_crosses_packed_with_every_corner(self):
        xs = [0.5, -0.0, float("inf"), 1e308, 3, True] + [float(k) / 7 for k in range(100)]
        expected, s = [], 0.0
        for v in xs:
            s += v
            expected.append(s)
        got = self.lib.cumulative(xs)
        self.assertEqual([repr(v) for v in got], [repr(v) for v in expected])
        self.assertEqual([type(v) for v in xs[:6]], [float, float, float, float, int, bool])  # left alone
        nan = self.lib.cumulative([float("nan")] + [1.0] * 20)
        self.assertTrue(all(v != v for v in nan))

    def test_long_list_with_unusual_items_takes_the_item_path(self):
        big = [2 ** 60 + 1] + [0.0] * 20  # an int that float() must round
        self.assertEqual(self.lib.cumulative(big)[0], float(2 ** 60 + 1))
        self.assertEqual(self.lib.cumulative([np.float64(0.25)] * 20)[-1], 5.0)
        with self.assertRaises(OverflowError):
            self.lib.set_first([2 ** 63] + [0] * 20, 1)
        with self.assertRaisesRegex(TypeError, r"argument 'xs' at \[20\]: expected float, got str"):
            self.lib.cumulative([1.0] * 20 + ["x"])

    def test_long_float_result_reuses_the_input_objects_it_keeps_as_cpython_would(self):
        clamp = lambda xs: [-2.0 if v < -2.0 else 2.0 if v > 2.0 else v for v in xs]  # noqa: E731
        # Values that repeat (and clamped ones equal to kept ones ahead): the values are Python's.
        xs = [float(k % 13) - 6.0 for k in range(300)] + [float("nan")] * 40 + [0.0, -0.0] * 50
        got = self.lib.clamped(xs, -2.0, 2.0)
        self.assertEqual([repr(v) for v in got], [repr(v) for v in clamp(xs)])  # -0.0 stays -0.0
        self.assertTrue(all(type(v) is float for v in got))
        # Distinct values: every kept one is the very input object, as in CPython's list.
        xs = [(k - 150) / 37 for k in range(300)]
        got = self.lib.clamped(xs, -2.0, 2.0)
        self.assertEqual(got, clamp(xs))
        kept = [k for k, v in enumerate(xs) if -2.0 <= v <= 2.0]
        self.assertTrue(all(got[k] is xs[k] for k in kept))
        sums = self.lib.cumulative([1.0] * 300)  # new values: nothing to reuse, all correct
        self.assertEqual(sums, [float(k + 1) for k in range(300)])

    def test_equal_ints_of_a_result_share_one_object_across_its_lists_as_cpython_would(self):
        xs = [10 ** 6 + k % 50 for k in range(40)]  # past CPython's small-int cache, 50 values
        got = self.lib.spread(xs, 30)
        self.assertEqual(got, [xs] * 30)
        self.assertTrue(all(type(v) is int for row in got for v in row))
        # 1,200 ints of 50 values: the first 256 are made as they come, the rest share those.
        self.assertLess(len({id(v) for row in got for v in row}), 300)
        del got
        distinct = list(range(-10 ** 12, -10 ** 12 + 700))  # nothing to share: all correct
        self.assertEqual(self.lib.spread(distinct, 3), [distinct] * 3)
        self.assertEqual(self.lib.spread([2 ** 63 - 1, -2 ** 63, 0, 256, 257, -5, -6] * 60, 2),
                         [[2 ** 63 - 1, -2 ** 63, 0, 256, 257, -5, -6] * 60] * 2)

    def test_long_bool_list(self):
        flags = [k % 3 == 0 for k in range(50)]
        self.assertEqual(self.lib.flip(flags), [not f for f in flags])

    def test_long_list_mutation_is_written_back_and_an_untouched_one_kept(self):
        xs = list(range(40))
        alias = xs
        self.assertEqual(self.lib.set_first(xs, -5), 40)
        self.assertIs(alias, xs)
        self.assertEqual(xs, [-5] + list(range(1, 40)))
        same = [True] + [7] * 30  # setting xs[0] = 1 leaves it equal: the caller's True stays
        self.lib.set_first(same, 1)
        self.assertIs(same[0], True)

    def test_long_str_list(self):
        words = ["b", "a", "straße", "", "\u6771"] * 10
        self.assertEqual(self.lib.count_words(words), {"b": 10, "a": 10, "straße": 10, "": 10, "\u6771": 10})

    def test_str_results_are_the_input_strs_they_keep_as_cpython_would(self):
        # Distinct words (some non-ASCII, empty, or past the 15 inline bytes), and equal words from other
        # objects: every result equals CPython's; where the result keeps an input word, it is (nearly
        # always) that very object, as CPython's own function gives it.
        words = [str(k) + "".join(chr(97 + (k * 7 + j) % 26) for j in range(k % 19)) + ("é" if k % 5 == 0 else "")
                 for k in range(3000)] + [""]
        words += ["".join(["re", "peat"]) for _ in range(50)]
        arrange = {0: lambda ws: [w for w in ws if len(w) % 3 != 0], 1: lambda ws: ws[::-1],
                   2: lambda ws: [ws[(2 * k) % len(ws) + (2 * k >= len(ws) and len(ws) % 2 == 0)]
                                  for k in range(len(ws))],
                   3: lambda ws: [w + "!" for w in ws]}
        for how, expected in arrange.items():
            got = self.lib.arrange_strs(words, how)
            self.assertEqual(got, expected(words), how)
            self.assertTrue(all(type(w) is str for w in got))
            if how in (0, 1):  # kept in order, forwards or backwards: the input objects after a few
                same = sum(any(g is w for w in (expected(words)[k],)) for k, g in enumerate(got))
                self.assertGreater(same, 0.9 * len(got), how)
        self.assertEqual(self.lib.arrange_strs([], 1), [])
        self.assertEqual(self.lib.arrange_strs(["\u6771", ""] * 100, 1), ["", "\u6771"] * 100)
        # Repeated words (4,000 objects, each in about 8 places, in no order): a filter keeps them in order,
        # and each kept word is its one object, although equal text sits in many places of the input.
        vocab = ["w%d%s" % (k, "é" * (k % 4)) for k in range(4000)]
        pick = random.Random(5)
        text = [vocab[pick.randrange(4000)] for _ in range(30000)]
        got = self.lib.arrange_strs(text, 0)
        self.assertEqual(got, [w for w in text if len(w) % 3 != 0])
        ids = {id(w) for w in vocab}
        self.assertGreater(sum(id(g) in ids for g in got), 0.9 * len(got))

    # --- arrays ---------------------------------------------------------------------------------------

    def test_array_argument_is_zero_copy(self):
        x = np.arange(6.0)
        self.lib.scale(x, 2.0)
        np.testing.assert_array_equal(x, np.arange(6.0) * 2)
        y = np.arange(10.0)
        self.lib.scale(y[::3], -1.0)  # strided view: writes reach the parent
        np.testing.assert_array_equal(y, [0, 1, 2, -3, 4, 5, -6, 7, 8, -9])
        r = np.arange(4.0)
        self.lib.scale(r[::-1], 10.0)  # negative stride
        np.testing.assert_array_equal(r, [0, 10, 20, 30])

    def test_array_type_is_checked(self):
        with self.assertRaisesRegex(TypeError, r"argument 'x': expected ndarray\[float64,1\], got ndarray\[float32,1\]"):
            self.lib.scale(np.zeros(3, np.float32), 1.0)
        with self.assertRaisesRegex(TypeError, r"got ndarray\[float64,2\]"):
            self.lib.scale(np.zeros((1, 3)), 1.0)
        with self.assertRaisesRegex(TypeError, r"got ndarray\[>f8,1\]"):
            self.lib.scale(np.zeros(3, ">f8"), 1.0)
        with self.assertRaisesRegex(TypeError, "got list"):
            self.lib.scale([1.0], 1.0)

    def test_misaligned_array_is_refused(self):
        raw = bytearray(8 * 4 + 1)
        x = np.frombuffer(raw, dtype=np.float64, offset=1, count=4)
        self.assertFalse(x.flags.aligned)
        with self.assertRaisesRegex(TypeError, "not aligned"):
            self.lib.scale(x, 2.0)

    def test_read_only_array_cannot_be_written(self):
        x = np.broadcast_to(np.ones(1), (4,))
        with self.assertRaisesRegex(ValueError, "assignment destination is read-only"):
            self.lib.zero(x)
        y = np.ones(3)
        y.flags.writeable = False
        with self.assertRaisesRegex(ValueError, "read-only"):
            self.lib.zero(y)

    def test_overlapping_arguments_are_one_buffer(self):
        x = np.arange(6.0)
        self.lib.shift(x[1:], x[:-1])  # numpy's x[1:] = x[:-1] copies first because they overlap
        np.testing.assert_array_equal(x, [0, 0, 1, 2, 3, 4])

    def test_narrow_unsigned_and_complex64_arrays_and_scalars(self):
        img = np.array([[0, 1, 200], [255, 10, 20]], dtype=np.uint8)
        out = self.lib.invert8(img, np.uint8(255))
        self.assertIs(type(out), np.ndarray)
        self.assertEqual(out.dtype, np.uint8)
        np.testing.assert_array_equal(out, 255 - img)
        np.testing.assert_array_equal(self.lib.invert8(img.T, np.uint8(0)), np.uint8(0) - img.T)  # wraps as numpy
        with self.assertRaisesRegex(TypeError, r"argument 'img': expected ndarray\[uint8,2\], got ndarray\[int8,2\]"):
            self.lib.invert8(img.astype(np.int8), np.uint8(1))
        r = self.lib.narrow(np.array([-1], np.int16), np.array([-128], np.int8), np.array([2**32 - 1], np.uint32))
        self.assertEqual([type(v) for v in r], [np.uint16, np.int8, np.uint32])
        self.assertEqual(r, (np.uint16(65535), np.int8(-128), np.uint32(2**32 - 1)))
        top = self.lib.top64(np.array([3, 2**64 - 1, 2**63], dtype=np.uint64))
        self.assertIs(type(top), np.uint64)
        self.assertEqual(int(top), 2**64 - 1)
        z = self.lib.rot64(np.complex64(1.5 - 0.25j))
        self.assertEqual(z.dtype, np.complex64)
        np.testing.assert_array_equal(z, np.array([1.5 - 0.25j, 0.25 + 1.5j], dtype=np.complex64))

    def test_bool_array(self):
        self.assertEqual(self.lib.count_true(np.array([True, False, True])), 2)

    def test_result_array_is_library_memory_zero_copy(self):
        a = self.lib.squares(4)
        self.assertEqual(a.shape, (3, 4))
        self.assertEqual(a.strides, (8, 24))  # the transpose crosses as is, not copied to C order
        np.testing.assert_array_equal(a, [[i * i + j for i in range(4)] for j in range(3)])
        self.assertEqual(type(a.base).__name__, "_LibraryMemory")
        self.assertTrue(a.flags.writeable)
        address = a.ctypes.data
        for _ in range(3):
            gc.collect()
        junk = [np.ones(1000) for _ in range(100)]
        del junk
        self.assertEqual(a.ctypes.data, address)
        np.testing.assert_array_equal(a[2], [i * i + 2 for i in range(4)])

    def test_result_array_outlives_the_library_object(self):
        lib = opsynth.load(self.so)
        a = lib.squares(3)
        view = a[1:]
        del lib, a
        gc.collect()
        np.testing.assert_array_equal(view, [[i * i + j for i in range(3)] for j in (1, 2)])

    def test_result_array_memory_is_freed(self):
        freed = []
        a = self.lib.squares(10)
        weakref.finalize(a.base, freed.append, True)
        del a
        gc.collect()
        self.assertEqual(freed, [True])

        def rss():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

        self.lib.squares(100_000)
        before = rss()
        for _ in range(60):
            self.lib.squares(100_000)  # 2.4 MB each
        self.assertLess(rss() - before, 40 << 20)

    def test_result_view_of_an_argument_keeps_it_alive(self):
        x = np.arange(6.0).reshape(2, 3)
        row = self.lib.first_row(x)
        self.assertTrue(np.shares_memory(row, x))
        row[0] = 42.0
        self.assertEqual(x[0, 0], 42.0)
        fresh = self.lib.squares(2)
        self.assertFalse(np.shares_memory(fresh, x))
        del x
        gc.collect()
        np.testing.assert_array_equal(row, [42.0, 1.0, 2.0])

    def test_returned_argument_array_is_the_argument(self):
        x = np.arange(3.0)
        self.assertIs(self.lib.same(x), x)
        self.assertIs(self.lib.same(x[::2]).base, x)

    def test_empty_arrays(self):
        self.lib.scale(np.zeros(0), 2.0)
        e = self.lib.squares(0)
        self.assertEqual(e.shape, (3, 0))

    # --- exceptions -----------------------------------------------------------------------------------

    def test_exceptions_cross_with_class_and_message(self):
        with self.assertRaisesRegex(ValueError, "^math domain error$"):
            self.lib.checked_sqrt(-1.0)
        self.assertEqual(self.lib.checked_sqrt(4), 2.0)
        with self.assertRaisesRegex(np.linalg.LinAlgError, "^Singular matrix$"):
            self.lib.singular()

    def test_key_error_reads_like_pythons(self):
        with self.assertRaises(KeyError) as caught:
            self.lib.lookup({"a": 1}, "b")
        self.assertEqual(str(caught.exception), str(KeyError("b")))
        self.assertEqual(caught.exception.args, ("b",))

    def test_unknown_exception_class_is_runtime_error(self):
        with self.assertRaisesRegex(RuntimeError, "no_such_module.StrangeError: from elsewhere"):
            self.lib.strange()


class CompiledCallPathTest(CompiledLibrary):
    """The loader's compiled call path (opsynth/_fastcall.cpp) against its ctypes path, call by call:
    the same results, the same exceptions with the same messages, the same in-place writes."""

    def test_the_built_extension_serves_the_scalar_functions(self):
        from opsynth import _fastcall_loader
        self.assertIsNotNone(_fastcall_loader._EXTENSION, "build the opsynth_fastcall target")
        for name in ("hypot_scaled", "upper", "scale", "shift", "count_true", "checked_sqrt", "singular",
                     "squares", "first_row", "same", "divmod_pair"):
            self.assertEqual(type(getattr(self.lib, name)).__name__, "Entry", name)
        for name in ("append_twice", "grow", "count_words", "nest", "pairs", "tally", "rows", "group", "record"):
            self.assertEqual(type(getattr(self.lib, name)).__name__, "Entry", name)
        for name in ("conj", "halve32", "fro"):  # complex, numpy scalar and Literal parameters
            self.assertIsInstance(getattr(self.lib, name), opsynth.Function, name)
        self.assertEqual(str(inspect.signature(self.lib.upper)), "(s: 'str') -> 'str'")
        self.assertEqual(repr(self.lib.upper), repr(self.lib.upper.__wrapped__))

    def same(self, name, *args, **kwargs):
        fast, slow = getattr(self.lib, name), getattr(self.lib, name).__wrapped__
        outcomes = []
        for fn in (fast, slow):
            try:
                outcomes.append(("value", fn(*args, **kwargs)))
            except Exception as e:  # noqa: BLE001 - every exception is compared
                outcomes.append(("raised", type(e), str(e), e.args))
        a, b = outcomes
        if a[0] == "value" and b[0] == "value":
            self.assertIs(type(a[1]), type(b[1]), (name, args))
            self.assertEqual(repr(a[1]), repr(b[1]), (name, args))
        else:
            self.assertEqual(a, b, (name, args))

    def test_keywords_and_defaults_take_the_compiled_path(self):
        self.assertEqual(type(self.lib.padded).__name__, "Entry")
        for args, kwargs in [((1.0,), {}), ((1.0, 4.0), {}), ((1.0,), {"tag": "xyz"}), ((), {"tag": "", "x": 2.0}),
                             ((1.0, 2.0, "q"), {}), ((1.0,), {"k": 3})]:
            self.assertTrue(self.taken("padded", *args, **kwargs), (args, kwargs))
            self.same("padded", *args, **kwargs)
        self.assertEqual(self.lib.padded(1.0), 4.5)
        self.assertEqual(self.lib.padded(2.0, tag="xyz"), 8.0)
        # what Python refuses goes to the ctypes path, which raises Python's own binding errors
        for args, kwargs in [((), {}), ((1.0,), {"z": 1}), ((1.0, 2.0), {"k": 1.0}), ((1.0, 2.0, "a", 4), {}),
                             ((1.0,), {"tag": 3})]:
            self.assertFalse(self.taken("padded", *args, **kwargs), (args, kwargs))
            self.same("padded", *args, **kwargs)

    def test_scalars_and_strs_convert_as_the_ctypes_path_does(self):
        big = 1 << 80
        for args in [(3.0, 4.0, 2), (3, 4, 1), (True, 2.5, False), (-0.0, 0.0, 1), (float("nan"), 1.0, 1),
                     (float("inf"), 1.0, -1), (np.float64(2.0), 1.0, 3), (np.float32(2.0), 1.0, 3), (1.0, 2.0, np.int64(3)),
                     (1.0, 2.0, big), (big, 1.0, 1), (10.0 ** 308, 10.0 ** 308, 2), ("3", 4.0, 2), (3.0, 4.0, 2.0),
                     (3.0, 4.0), (3.0, 4.0, 2, 5), (None, 1.0, 1)]:
            self.same("hypot_scaled", *args)
        self.same("hypot_scaled", 3.0, y=4.0, k=2)
        for s in ["", "abc", "h\u00e9llo w\u00f6rld", "\U0001f600 x", "a\x00b", "\ud800 lone", b"bytes", 5]:
            self.same("upper", s)
        for x in [4.0, -1.0, 0.0, -0.0, float("nan"), 2]:
            self.same("checked_sqrt", x)
        self.same("singular")
        self.same("strange")

    def test_arrays_are_views_both_ways(self):
        for make in [lambda: np.arange(5.0), lambda: np.arange(10.0)[::3], lambda: np.arange(6.0)[::-1],
                     lambda: np.zeros(0), lambda: np.arange(5, dtype=np.int64), lambda: np.arange(6.0).reshape(2, 3),
                     lambda: np.arange(4.0).astype(">f8"), lambda: [1.0, 2.0]]:
            x, y = make(), make()
            fast_error = slow_error = None
            try:
                self.lib.scale(x, 2.0)
            except TypeError as e:
                fast_error = str(e)
            try:
                self.lib.scale.__wrapped__(y, 2.0)
            except TypeError as e:
                slow_error = str(e)
            self.assertEqual(fast_error, slow_error)
            if fast_error is None:
                np.testing.assert_array_equal(x, y)  # the in-place write reached the caller's array
        readonly = np.arange(3.0)
        readonly.flags.writeable = False
        self.same("scale", readonly, 2.0)
        a = np.arange(6.0)
        b = np.arange(6.0)
        self.lib.shift(a, a)  # one array twice: aliased, as in Python
        self.lib.shift.__wrapped__(b, b)
        np.testing.assert_array_equal(a, b)
        self.same("count_true", np.array([True, False, True]))
        self.same("count_true", np.array([1, 0, 1]))


    def test_array_results_are_the_ctypes_paths_arrays(self):
        def layout(a):
            return (type(a), a.dtype.str, a.shape, a.strides, a.flags.writeable, a.flags.c_contiguous, a.tolist())

        for n in (0, 1, 4):
            fast, slow = self.lib.squares(n), self.lib.squares.__wrapped__(n)
            self.assertEqual(layout(fast), layout(slow))
            self.assertEqual(type(fast.base).__name__, "_LibraryMemory")
            self.assertIsNone(fast.base.keep)
        x = np.arange(6.0).reshape(2, 3)
        for fn in (self.lib.first_row, self.lib.first_row.__wrapped__):
            row = fn(x)
            self.assertTrue(np.shares_memory(row, x))
            self.assertIs(row.base.keep, x)
        readonly = np.arange(6.0).reshape(2, 3)
        readonly.flags.writeable = False
        self.assertEqual(layout(self.lib.first_row(readonly)), layout(self.lib.first_row.__wrapped__(readonly)))
        for make in (lambda: np.arange(3.0), lambda: np.arange(9.0)[::-2], lambda: np.zeros(0)):
            x = make()
            self.assertIs(self.lib.same(x), x)
            self.assertIs(self.lib.same.__wrapped__(x), x)
        self.same("first_row", np.zeros((0, 3)))
        for a, b in ((7, 2), (-7, 2), (7, 0), (1 << 70, 3)):
            self.same("divmod_pair", a, b)
        self.same("first_row", [[1.0]])

    # --- lists, dicts and tuples --------------------------------------------------------------------------

    def taken(self, name, *args, **kwargs):
        """Whether the compiled path converts this call itself rather than handing it to its fallback."""
        from opsynth import _fastcall_loader
        handed = []
        fn = getattr(self.lib, name).__wrapped__
        entry = _fastcall_loader.fast_entry(fn._library, fn, fallback=lambda *a, **k: handed.append(a))
        entry(*args, **kwargs)
        return not handed

    def same_writes(self, name, make):
        """Calls the compiled path and the ctypes path each on fresh arguments from make(): the outcome
        (value or exception), the arguments afterwards (values, element types) and which containers are
        still the caller's own objects, at each place, must be the same."""
        seen = []
        for fn in (getattr(self.lib, name), getattr(self.lib, name).__wrapped__):
            args = make()
            known = {}
            _paths(args, "args", known)
            try:
                outcome = ("value", _shape(fn(*args), known))
            except Exception as e:  # noqa: BLE001 - every exception is compared
                outcome = ("raised", type(e), str(e), e.args)
            seen.append((outcome, _shape(args, known)))
        self.assertEqual(seen[0], seen[1], (name, make()))
        return seen[0]

    def test_containers_convert_and_write_back_as_the_ctypes_path_does(self):
        lo, hi = -(1 << 63), (1 << 63) - 1
        cases = [
            ("tally", lambda: ({}, [])),
            ("tally", lambda: ({"a": 1, "drop": 2, "z": 0}, ["a", "b", "a", "stra\u00dfe", "\u6771", "\U0001f600", ""])),
            ("tally", lambda: ({"x": True, "y": 3}, ["x"])),         # bool in a dict[str,int]
            ("tally", lambda: ({"y": True}, ["x"])),                  # an untouched True stays True
            ("tally", lambda: ({"a": 1}, ["a", "\ud800"])),           # a lone surrogate
            ("tally", lambda: ({"a": hi}, ["b"])),
            ("tally", lambda: ({"a": hi + 1}, ["b"])),                # beyond int64: OverflowError
            ("tally", lambda: ({1: 1}, ["a"])),                       # wrong key type: TypeError
            ("tally", lambda: (collections.OrderedDict(a=1), ["a"])),  # a dict subclass
            ("tally", lambda: ({"a": 1}, ("a",))),
            ("relabel", lambda: ({}, {})),
            ("relabel", lambda: ({3: "a", -1: "\u00e9", 7: "", 1 << 40: "\U0001f600"},
                                 {"a": float("nan"), "\u00e9": -0.0, "z": 2, "q": True})),  # ints and bools as floats
            ("relabel", lambda: ({1: "w", 2: "x"}, {"w": 1.5, "x": 1e308})),   # written back: w is -0.0
            ("relabel", lambda: ({k: f"n{k}" for k in range(3000)}, {f"n{k}": k / 7 for k in range(0, 3000, 3)})),
            ("relabel", lambda: ({1: "a"}, {"a": np.float64(0.5)})),          # a float subclass inside: ctypes
            ("relabel", lambda: ({1: "\ud800"}, {})),                         # a lone surrogate
            ("relabel", lambda: ({1 << 63: "a"}, {})),                          # a key beyond int64
            ("relabel", lambda: ({1: "a"}, {"a": 2 ** 1030})),                 # too large for a float
            ("relabel", lambda: ({1.0: "a"}, {})),                              # a float key in a dict[int,str]
            ("rows", lambda: ([],)),
            ("rows", lambda: ([[]],)),
            ("rows", lambda: ([[hi, lo], [0, True, False]],)),
            # a long int result: repeated values past the small-int cache share one object, in a list that
            # repeats enough, then a stretch of distinct values
            ("rows", lambda: ([[1000, -1000, 1 << 40, hi, lo, 257, -6] * 100, list(range(300, 2000))],)),
            ("rows", lambda: ([list(range(-3000, 3000, 7)), [5000] * 300],)),
            ("rows", lambda: ([[lo - 1]],)),
            ("rows", lambda: ([[1.0]],)),
            ("rows", lambda: ([(1, 2)],)),
            ("rows", lambda: ([[np.int64(3)]],)),
            ("rows", lambda: ([[1, 2]] * 3,)),                        # one inner list three times
            ("rows", lambda: ([list(range(40)), [7] * 20],)),
            ("group", lambda: ({},)),
            ("group", lambda: ({"x": [1.0, 2, True], "y": []},)),
            ("group", lambda: ({"y": [float("nan"), -0.0, 1e308, float("inf")], "x": [3]},)),
            ("group", lambda: ({"x": [2 ** 1030]},)),                 # int too large for a float
            ("group", lambda: ({"x": [2 ** 60 + 1]},)),               # rounded as float() does
            ("group", lambda: ({"x": [np.float64(0.5)]},)),
            ("record", lambda: (("k", ["a"], {"a": False}),)),
            ("record", lambda: (("", [], {}),)),
            ("record", lambda: (("\u00e9", ["\u6771"], {"k": True, "\u00e9": False}),)),
            ("record", lambda: (("k", ["a"]),)),                       # a tuple of the wrong length
            ("record", lambda: (["k", ["a"], {}],)),
            ("echo_strs", lambda: ([],)),
            ("echo_strs", lambda: (["a", "\ud800", "", "\u6771" * 20, "\U0001f600"],)),  # result lists of strs: packed views
            ("echo_strs", lambda: (["x"] * 40,)),
            ("pick", lambda: ([1, 2, 3], 1)),
            ("pick", lambda: ([1, 2, 3], 5)),                          # IndexError from the library
            ("pick", lambda: ([], 0)),
            ("pick", lambda: ([hi, lo], -1)),
            ("append_then_raise", lambda: ([1],)),
            ("extend_other", lambda: ([1.0], [2])),
            ("extend_other", lambda: (lambda xs: (xs, xs))([1.0, 2.0])),  # one list twice
            ("set_first", lambda: ([True, 7], 1)),                     # bool in a list[int]
            # ints either side of one and two 30-bit digits, read without a call up to two digits
            ("set_first", lambda: ([(1 << 30) - 1, 1 << 30, -(1 << 30), -(1 << 30) + 1, (1 << 60) - 1, 1 << 60,
                                    -(1 << 60), -(1 << 60) + 1, 1 << 62, -(1 << 62), lo, hi, 0, -1, False], 5)),
            ("set_first", lambda: ([True] + [7] * 30, 1)),
            ("set_first", lambda: ([1, 2], True)),
            ("set_first", lambda: ([hi + 1, 2], 1)),
            ("grow", lambda: ([4],)),
            ("grow", lambda: ([],)),
            ("alias_len", lambda: (lambda xs: (xs, xs))([1, 2])),
            ("nest", lambda: ({"a": [0], "b": [5, 6]},)),
            ("nest", lambda: ({"b": []},)),                          # KeyError: the insert is not reached
            ("pairs", lambda: (("k", [1, 2]),)),
            ("count_words", lambda: (["b", "a", "b"] * 10,)),
            ("count_words", lambda: ((lambda w: [w, w, "x", w])("".join(["stra", "\u00dfe"])),)),  # one object, repeated
            ("count_words", lambda: (["a", StrSubclass("a")],)),          # a str subclass: the ctypes path
            ("cumulative", lambda: ([0.5, -0.0, float("inf"), 3, True] * 5,)),
            ("flip", lambda: ([True, False] * 9,)),
            ("flip", lambda: ([1, 0],)),
            ("lookup", lambda: ({"a": 1}, "b")),
        ]
        for name, make in cases:
            self.same_writes(name, make)

    def test_a_result_list_of_strs_comes_back_whole_on_both_paths(self):
        words = ["a", "\ud800", "", "\u6771" * 20, "\U0001f600", "long enough to leave the inline bytes"]
        tail = "\u00e9 and a tail past fifteen bytes"
        expected = [x for w in words for x in (w, w + tail)]
        for fn in (self.lib.echo_strs, self.lib.echo_strs.__wrapped__):
            ws = list(words)
            self.assertEqual(fn(ws), expected, fn)
            self.assertEqual(ws, ["first"] + words[1:], fn)

    def test_in_place_writes_keep_the_callers_objects(self):
        inner, other = [0], [5]
        m = [inner, other, inner]
        self.lib.rows(m)
        self.assertIs(m[0], inner)
        self.assertIs(m[2], inner)
        self.assertIs(m[1], other)
        self.assertEqual(m, [[0, -1], [5], [0, -1], [3]])
        d = {"drop": 1, "k": 2}
        self.assertIs(self.lib.tally(d, ["k"]), d)
        self.assertEqual(d, {"k": 3})
        key = "".join(["ke", "y"])  # a str object of its own, not an interned one
        d = {key: 1, "z": 2}
        self.lib.tally(d, ["b"])
        self.assertIs(next(iter(d)), key)  # the caller's key object stays
        d = {"drop": 0, key: 1}  # the keys no longer in the same places: each is looked up, and stays
        self.lib.tally(d, ["b"])
        self.assertEqual(d, {"key": 1, "b": 1})
        self.assertIs(next(iter(d)), key)
        vals, d = ["a"], {}
        self.assertEqual(self.lib.record(("z", vals, d)), (["a", "z"], 1))
        self.assertEqual((vals, d), (["a", "z"], {"z": True}))
        xs = [1.0, 2.0]
        self.assertEqual(self.lib.extend_other(xs, xs), 8)  # Python: b is a, so both writes land in one list
        self.assertEqual(xs, [1.5, 1.0, 2.0, 0.25])
        lst = [1]
        self.lib.append_twice(lst=lst, v=2)  # keywords: the ctypes path, with the same write-back
        self.assertEqual(lst, [1, 2, 2])

    def test_results_are_the_callers_own_strs_in_any_order(self):
        # ABI 6: a result str that is an input's text, unchanged, comes back as that input object (named,
        # not copied), whatever order the results take the inputs in: grouped, as keys, alone.
        pick = random.Random(11)
        words = ["%d%s" % (k, "".join(pick.choice("ab\u00e9\u6771") for _ in range(pick.randrange(0, 24))))
                 for k in range(5000)]
        names = {k: "n%d%s" % (k, "\u00df" * (k % 3)) for k in range(300)}
        groups, ids, last = self.lib.by_length(words, names)
        expected = {}
        for w in words:
            expected.setdefault(len(w), []).append(w)
        self.assertEqual(groups, expected)
        for n, group in groups.items():
            self.assertTrue(all(g is e for g, e in zip(group, expected[n])), n)
        self.assertEqual(ids, {v: k for k, v in names.items()})
        self.assertTrue(all(a is b for a, b in zip(ids, names.values())))
        self.assertEqual(last, words[-1] + words[0])
        only = ["".join(["on", "ly"])]  # an object of its own, not an interned constant
        _, _, alone = self.lib.by_length(only, {})
        self.assertIs(alone, only[0])
        # The ctypes path sends plain views and gets bytes: equal results, new objects.
        self.assertEqual(self.lib.by_length.__wrapped__(words, names), (groups, ids, last))

    def test_a_str_that_outlived_its_call_comes_back_as_its_text(self):
        # Its origin names the last call's first word; this call's list lies in the same place.
        self.assertEqual(self.lib.first_of_last_call(["alpha", "beta"]), "none")
        self.assertEqual(self.lib.first_of_last_call(["gamma", "delta"]), "alpha")
        self.assertEqual(self.lib.first_of_last_call([]), "gamma")

    def test_a_name_that_is_no_input_is_an_error_not_a_stray_read(self):
        with self.assertRaisesRegex(RuntimeError, "not one of the call's inputs"):
            self.lib.misnamed(["a", "b"])
        with self.assertRaisesRegex(RuntimeError, "not one of the call's inputs"):
            self.lib.misnamed([])

    def test_a_library_before_abi_3_gets_its_lists_of_strs_as_item_nodes(self):
        from opsynth import _fastcall_loader

        class AbiTwo:  # the library as a loader sees one built before lists of strs crossed as views
            def __init__(self, cdll):
                self._cdll = cdll

            def __getattr__(self, name):
                if name != "opsynth_abi_version":
                    return getattr(self._cdll, name)
                version = lambda: 2  # noqa: E731
                version.restype = None
                return version

        fn = self.lib.count_words.__wrapped__
        handed = []
        entry = _fastcall_loader.fast_entry(AbiTwo(fn._library), fn, fallback=lambda *a: handed.append(a))
        words = ["b", "\u00e9t\u00e9", "b", ""] * 30
        self.assertEqual(entry(words), {"b": 60, "\u00e9t\u00e9": 30, "": 30})
        self.assertEqual(handed, [])

    def test_the_compiled_path_takes_containers_and_hands_on_what_it_cannot_convert(self):
        self.assertTrue(self.taken("tally", {"a": 1}, ["a", "h\u00e9llo"]))
        self.assertTrue(self.taken("rows", [[1, True], [], [(1 << 63) - 1]]))
        self.assertTrue(self.taken("group", {"x": [1, 2.5, True]}))
        self.assertTrue(self.taken("record", ("k", [], {})))
        self.assertTrue(self.taken("count_words", ["a"] * 100))
        self.assertTrue(self.taken("grow", []))
        self.assertTrue(self.taken("count_words", ["\u00e9t\u00e9", "", "\U0001f600"] * 20))
        for name, args in [("tally", ({"a": 1}, ["\ud800"])), ("count_words", (["a", StrSubclass("b")],)), ("tally", (collections.OrderedDict(), [])),
                           ("tally", ({"a": 1 << 63}, [])), ("rows", ([[np.int64(1)]],)), ("rows", ([(1,)],)),
                           ("group", ({"x": [np.float64(1.0)]},)), ("flip", ([1],)), ("record", (("k", []),)),
                           ("set_first", ([-(1 << 63) - 1], 0))]:
            self.assertFalse(self.taken(name, *args), (name, args))


class StrSubclass(str):
    """A str the compiled call path leaves to the ctypes path (only exact strs cross as views)."""


class TypeLanguageTest(unittest.TestCase):
    """The loader's parser spells types as core/types.cpp does (the manifest is written by the C++ side)."""

    def test_unions_are_sorted_and_deduplicated(self):
        from opsynth import typelang
        t = typelang.parse("float64 | float | float64")
        self.assertEqual((t.kind, str(t)), ("union", "float | float64"))
        self.assertEqual([a.kind for a in t.args], ["float", "npscalar"])
        self.assertEqual(str(typelang.parse("list[ int | None ]")), "list[None | int]")
        self.assertEqual(str(typelang.parse("int | int")), "int")
        with self.assertRaises(typelang.TypeSyntaxError):
            typelang.parse("int |")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)
