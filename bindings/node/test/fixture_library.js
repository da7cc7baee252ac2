// Builds hand-written libraries against runtime/rt/abi_bridge.hpp for the tests: one whose functions
// cover every kind of value, and one that reports another ABI version. No opsynth compile needed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const CXX = process.env.OPSYNTH_CXX || "c++";

// name, params, result, C++ body (in namespace fixture).
const FUNCTIONS = [
  ["hypot_scaled", [["x", "float"], ["y", "float"], ["k", "int"]], "float",
    "double hypot_scaled(double x, double y, std::int64_t k) { return std::hypot(x, y) * double(k); }"],
  ["negate_flag", [["b", "bool"]], "bool", "bool negate_flag(bool b) { return !b; }"],
  ["big", [["n", "int"]], "int", "std::int64_t big(std::int64_t n) { return n * 1000000007; }"],
  ["shout", [["s", "str"]], "str",
    `rt::str shout(const rt::str& s) {
       std::string out(s.utf8());
       for (char& c : out) if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
       return rt::str(out + "!");
     }`],
  ["split_words", [["s", "str"]], "list[str]",
    `rt::list<rt::str> split_words(const rt::str& s) {
       rt::list<rt::str> out;
       std::string_view rest = s.utf8();
       for (std::size_t at; (at = rest.find(' ')) != std::string_view::npos; rest.remove_prefix(at + 1))
         out.append(rt::str(rest.substr(0, at)));
       out.append(rt::str(rest));
       return out;
     }`],
  ["append_twice", [["xs", "list[int]"], ["v", "int"]], "None",
    "rt::none append_twice(const rt::list<std::int64_t>& xs, std::int64_t v) { xs.append(v); xs.append(v); return {}; }"],
  ["count_words", [["words", "list[str]"]], "dict[str,int]",
    `rt::dict<rt::str, std::int64_t> count_words(const rt::list<rt::str>& words) {
       rt::dict<rt::str, std::int64_t> out;
       for (const rt::str& w : words) out.setitem(w, out.get(w, 0) + 1);
       return out;
     }`],
  ["add_key", [["d", "dict[str,int]"], ["k", "str"]], "int",
    "std::int64_t add_key(const rt::dict<rt::str, std::int64_t>& d, const rt::str& k) { d.setitem(k, d.len()); return d.len(); }"],
  ["invert", [["d", "dict[int,float]"]], "dict[float,int]",
    `rt::dict<double, std::int64_t> invert(const rt::dict<std::int64_t, double>& d) {
       rt::dict<double, std::int64_t> out;
       for (const auto& k : d) out.setitem(d.getitem(k), k);
       return out;
     }`],
  ["lookup", [["d", "dict[str,int]"], ["k", "str"]], "int",
    "std::int64_t lookup(const rt::dict<rt::str, std::int64_t>& d, const rt::str& k) { return d.getitem(k); }"],
  ["divmod_pair", [["a", "int"], ["b", "int"]], "tuple[int,int]",
    "std::tuple<std::int64_t, std::int64_t> divmod_pair(std::int64_t a, std::int64_t b) { return {rt::int_floordiv(a, b), rt::int_mod(a, b)}; }"],
  ["pairs", [["t", "tuple[str,list[float]]"]], "list[tuple[str,float]]",
    `rt::list<std::tuple<rt::str, double>> pairs(const std::tuple<rt::str, rt::list<double>>& t) {
       rt::list<std::tuple<rt::str, double>> out;
       for (double v : std::get<1>(t)) out.append({std::get<0>(t), v});
       return out;
     }`],
  ["cumulative", [["xs", "list[float]"]], "list[float]",
    `rt::list<double> cumulative(const rt::list<double>& xs) {
       rt::list<double> out;
       double s = 0;
       for (double v : xs) out.append(s += v);
       return out;
     }`],
  ["flip", [["fs", "list[bool]"]], "list[bool]",
    `rt::list<bool> flip(const rt::list<bool>& fs) {
       rt::list<bool> out;
       for (bool f : fs) out.append(!f);
       return out;
     }`],
  ["scale", [["x", "ndarray[float64,1]"], ["k", "float"]], "None",
    "rt::none scale(const rt::ndarray<double, 1>& x, double k) { rt::ndarray<double, 1> y = x; y.for_each([k](double& v) { v *= k; }); return {}; }"],
  ["ramp", [["n", "int"]], "ndarray[float64,1]",
    `rt::ndarray<double, 1> ramp(std::int64_t n) {
       auto a = rt::ndarray<double, 1>::empty({n});
       for (std::int64_t i = 0; i < n; ++i) a(i) = double(i) / 2;
       return a;
     }`],
  ["grid", [["n", "int"]], "ndarray[float64,2]",
    `rt::ndarray<double, 2> grid(std::int64_t n) {
       auto a = rt::ndarray<double, 2>::empty({n, 3});
       for (std::int64_t i = 0; i < n; ++i) for (std::int64_t j = 0; j < 3; ++j) a(i, j) = double(10 * i + j);
       return a.transpose();
     }`],
  ["first_row", [["x", "ndarray[float64,2]"]], "ndarray[float64,1]",
    "rt::ndarray<double, 1> first_row(const rt::ndarray<double, 2>& x) { return x.getitem(std::int64_t{0}); }"],
  ["count_true", [["m", "ndarray[bool,1]"]], "int",
    "std::int64_t count_true(const rt::ndarray<bool, 1>& m) { std::int64_t n = 0; m.for_each([&n](bool b) { n += b; }); return n; }"],
  ["sum64", [["x", "ndarray[int64,1]"]], "int",
    "std::int64_t sum64(const rt::ndarray<std::int64_t, 1>& x) { std::int64_t s = 0; x.for_each([&s](std::int64_t v) { s += v; }); return s; }"],
  ["checked_sqrt", [["x", "float"]], "float",
    `double checked_sqrt(double x) { if (x < 0) throw rt::ValueError("math domain error"); return std::sqrt(x); }`],
  ["singular", [], "None", `rt::none singular() { throw rt::LinAlgError("Singular matrix"); }`],
  ["conj", [["z", "complex"]], "complex", "std::complex<double> conj(std::complex<double> z) { return std::conj(z); }"],
  ["halve32", [["x", "float64"]], "float32", "rt::float32 halve32(rt::float64 x) { return rt::float32(float(x.value / 2)); }"],
  ["norm_fro", [["x", "ndarray[float64,1]"], ["ord", "Literal['fro']"]], "float64",
    `rt::float64 norm_fro(const rt::ndarray<double, 1>& x, rt::lit<"fro">) {
       double s = 0;
       x.for_each([&s](double v) { s += v * v; });
       return rt::float64(std::sqrt(s));
     }`],
  ["nothing", [["x", "None"]], "None", "rt::none nothing(rt::none) { return {}; }"],
  // numpy's narrow and unsigned dtypes, and complex64: a uint8 image in, a uint8 image out (wrapping as numpy).
  ["invert8", [["img", "ndarray[uint8,2]"], ["k", "uint8"]], "ndarray[uint8,2]",
    `rt::ndarray<std::uint8_t, 2> invert8(const rt::ndarray<std::uint8_t, 2>& img, rt::uint8 k) {
       auto out = rt::ndarray<std::uint8_t, 2>::empty(img.shape());
       std::uint8_t* o = out.data();
       img.for_each([&o, k](std::uint8_t v) { *o++ = std::uint8_t(k.value - v); });
       return out;
     }`],
  ["widen16", [["x", "ndarray[int16,1]"]], "ndarray[uint16,1]",
    `rt::ndarray<std::uint16_t, 1> widen16(const rt::ndarray<std::int16_t, 1>& x) {
       auto out = rt::ndarray<std::uint16_t, 1>::empty(x.shape());
       std::uint16_t* o = out.data();
       x.for_each([&o](std::int16_t v) { *o++ = std::uint16_t(v); });
       return out;
     }`],
  ["top64", [["x", "ndarray[uint64,1]"]], "uint64",
    `rt::uint64 top64(const rt::ndarray<std::uint64_t, 1>& x) {
       std::uint64_t m = 0;
       x.for_each([&m](std::uint64_t v) { m = v > m ? v : m; });
       return rt::uint64(m);
     }`],
  ["conj64", [["z", "ndarray[complex64,1]"]], "ndarray[complex64,1]",
    `rt::ndarray<std::complex<float>, 1> conj64(const rt::ndarray<std::complex<float>, 1>& z) {
       auto out = rt::ndarray<std::complex<float>, 1>::empty(z.shape());
       std::complex<float>* o = out.data();
       z.for_each([&o](std::complex<float> v) { *o++ = std::conj(v); });
       return out;
     }`],
];

function librarySource() {
  const parts = ['#include "rt/prelude.hpp"\n#include "rt/abi_bridge.hpp"\n#include <cmath>\n#include <string>\n#include <tuple>\nnamespace fixture {\n'];
  for (const [, , , body] of FUNCTIONS) parts.push(body + "\n");
  parts.push("}  // namespace fixture\n");
  for (const [name] of FUNCTIONS) {
    parts.push(`extern "C" __attribute__((visibility("default")))
int opsynth_fn_${name}(const opsynth_value* args, std::int64_t nargs, opsynth_value* out, opsynth_value* args_after) {
  return rt::abi::invoke(args, nargs, out, args_after, &fixture::${name});
}
`);
  }
  parts.push("OPSYNTH_ABI_EXPORTS()\n");
  return parts.join("");
}

export function manifestOf(functions) {
  return {
    schema: 1,
    functions: functions.map(([name, params, result]) => ({
      name, symbol: `opsynth_fn_${name}`, params: params.map(([p, type]) => ({ name: p, type })), result,
    })),
  };
}

/** fixture.so (+ manifest), every kind of value. Built once per source text and compiler into a folder
 * under the system temp folder that later runs reuse (test files run in processes of their own). */
export function buildFixtureLibrary() {
  const source = librarySource();
  const key = createHash("sha256").update(CXX).update(source).update(fs.readFileSync(path.join(SOURCE_DIR, "runtime/rt/abi_bridge.hpp"))).digest("hex").slice(0, 16);
  const dir = path.join(os.tmpdir(), `opsynth-node-fixture-${key}`);
  const so = path.join(dir, "fixture.so");
  if (fs.existsSync(so)) return { dir, so };
  const building = fs.mkdtempSync(path.join(os.tmpdir(), "opsynth-node-building-"));
  fs.writeFileSync(path.join(building, "fixture.cpp"), source);
  execFileSync(CXX, ["-std=c++20", "-O1", "-shared", "-fPIC", "-fvisibility=hidden", `-I${path.join(SOURCE_DIR, "runtime")}`,
    path.join(building, "fixture.cpp"), "-o", path.join(building, "fixture.so")]);
  fs.writeFileSync(path.join(building, "fixture.manifest.json"), JSON.stringify(manifestOf(FUNCTIONS)));
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another test process finished first
  }
  return { dir, so };
}

/** A library that says it speaks ABI version `version` (as one built by another opsynth would). */
export function buildOtherAbiLibrary(dir, version) {
  const source = path.join(dir, `abi${version}.c`);
  const so = path.join(dir, `abi${version}.so`);
  fs.writeFileSync(source, `
int opsynth_abi_version(void) { return ${version}; }
void opsynth_release(void* node) { (void)node; }
void opsynth_release_array(void* owner) { (void)owner; }
int opsynth_fn_answer(const void* args, long nargs, void* out, void* after) { (void)args; (void)nargs; (void)out; (void)after; return 0; }
`);
  execFileSync(CXX, ["-x", "c", "-shared", "-fPIC", source, "-o", so]);
  fs.writeFileSync(path.join(dir, `abi${version}.manifest.json`), JSON.stringify(manifestOf([["answer", [], "int"]])));
  return so;
}

/** A shared library that is not an opsynth library (no opsynth_abi_version). */
export function buildForeignLibrary(dir) {
  const source = path.join(dir, "foreign.c");
  const so = path.join(dir, "foreign.so");
  fs.writeFileSync(source, "int answer(void) { return 42; }\n");
  execFileSync(CXX, ["-x", "c", "-shared", "-fPIC", source, "-o", so]);
  fs.writeFileSync(path.join(dir, "foreign.manifest.json"), JSON.stringify(manifestOf([])));
  return so;
}
