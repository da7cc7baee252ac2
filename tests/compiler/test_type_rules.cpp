// The result-type table (compiler/type_rules.hpp) against what it must agree with: every signature the
// shipped library declares (each verified against CPython), and CPython's own probe on samples of each
// row, numeric pairs in every order among them.
#include <gtest/gtest.h>

#include <cstdio>

#include <pybind11/embed.h>

#include "compiler/type_rules.hpp"
#include "oplib/library/library.hpp"
#include "paths.hpp"
#include "verify/python/oracle.hpp"
#include "verify/python/probe.hpp"

namespace opsynth::compiler {
namespace {

Type t(const char* text) { return parse_type(text).value(); }

TEST(CompilerTypeRules, every_signature_the_library_declares_agrees_with_the_rules) {
  oplib::Library library(testing::source_dir() + "/oplib");
  auto names = library.qualnames();
  ASSERT_TRUE(names) << names.error().message;
  int checked = 0;
  for (const auto& qualname : *names) {
    auto op = library.load(qualname);
    ASSERT_TRUE(op && *op) << qualname;
    for (const auto& overload : (*op)->overloads) {
      for (const auto& version : overload.versions) {
        if (version.revoked) continue;
        for (const auto& instance : version.instances) {
          auto rule = rule_result(qualname, instance.signature.params);
          if (!rule) continue;
          ++checked;
          EXPECT_EQ(to_string(rule->result), to_string(instance.signature.result))
              << qualname << "(" << to_string(instance.signature) << "): rule '" << rule->rule << "'";
        }
      }
    }
  }
  std::printf("%d of the library's signatures fall under a rule, all agreeing\n", checked);
  EXPECT_GT(checked, 150) << "the table covers too little of the library to mean much";
}

// CPython's probe (the verifier's: ~200 inputs, value-dependent types refused) on each sample, with
// small ints and arrays (a shape argument must not ask for a billion elements).
std::string probed(const std::string& qualname, const std::vector<Type>& params) {
  auto oracle = verify::Oracle::create(qualname, Signature{params, Type{}});
  if (!oracle) return "no oracle: " + oracle.error().message;
  verify::ProbeOptions options;
  options.cases = 100;
  options.domain.int_min = -20;
  options.domain.int_max = 20;
  options.domain.max_array_elements = 64;
  verify::ProbeResult probe = verify::probe_result_type(*oracle, options);
  if (!probe.type) return "probe: " + probe.type.error().message;
  return to_string(*probe.type);
}

TEST(CompilerTypeRules, cpython_confirms_each_rule_on_samples) {
  // opsynth.ops (the subscripts' operators) is the loader package's, as the CLI's session finds it.
  pybind11::module_::import("sys").attr("path").attr("insert")(0, testing::source_dir() + "/compiler/python");
  std::vector<std::pair<std::string, std::vector<Type>>> samples;
  const std::vector<const char*> numbers = {"bool", "int", "float", "float64"};
  for (const char* op : {"operator.add", "operator.sub", "operator.mul", "operator.truediv", "operator.lt", "operator.eq"})
    for (const char* a : numbers)
      for (const char* b : numbers) samples.push_back({op, {t(a), t(b)}});
  for (const char* op : {"operator.floordiv", "operator.mod"})
    for (const char* a : {"int", "float"})
      for (const char* b : {"int", "float"}) samples.push_back({op, {t(a), t(b)}});
  const std::vector<std::pair<std::string, std::vector<const char*>>> more = {
      {"operator.add", {"ndarray[float64,2]", "int"}},
      {"operator.mul", {"ndarray[int64,1]", "float"}},
      {"operator.sub", {"ndarray[int64,2]", "ndarray[int64,1]"}},
      // numpy's promotion over the narrow and unsigned dtypes and complex64 (np.promote_types).
      {"operator.add", {"ndarray[uint8,2]", "ndarray[uint8,2]"}},
      {"operator.add", {"ndarray[uint8,1]", "ndarray[int8,1]"}},
      {"operator.add", {"ndarray[uint64,1]", "ndarray[int64,1]"}},
      {"operator.mul", {"ndarray[uint16,1]", "ndarray[float32,1]"}},
      {"operator.add", {"ndarray[int32,1]", "ndarray[float32,1]"}},
      {"operator.sub", {"ndarray[uint32,1]", "ndarray[complex64,1]"}},
      {"operator.mul", {"ndarray[uint8,2]", "float"}},
      {"operator.truediv", {"ndarray[uint8,1]", "ndarray[uint8,1]"}},
      {"operator.gt", {"ndarray[uint16,2]", "ndarray[int8,2]"}},
      {"numpy.sqrt", {"ndarray[int16,1]"}},
      {"numpy.sum", {"ndarray[uint8,2]"}},
      {"numpy.sum", {"ndarray[int8,1]"}},
      {"numpy.mean", {"ndarray[uint16,1]"}},
      {"numpy.mean", {"ndarray[complex64,1]"}},
      {"numpy.max", {"ndarray[uint8,2]"}},
      {"numpy.uint8", {"float"}},
      {"operator.truediv", {"ndarray[int64,1]", "int"}},
      {"operator.gt", {"ndarray[float64,2]", "float"}},
      {"operator.pow", {"float64", "int"}},
      {"numpy.maximum", {"ndarray[float64,3]", "float"}},
      {"numpy.exp", {"ndarray[int64,2]"}},
      {"numpy.sqrt", {"float"}},
      {"numpy.floor", {"ndarray[int64,1]"}},
      {"numpy.abs", {"ndarray[int64,2]"}},
      {"numpy.isnan", {"ndarray[float64,2]"}},
      {"math.sqrt", {"int"}},
      {"math.exp", {"float64"}},
      {"math.floor", {"float"}},
      {"math.hypot", {"int", "float"}},
      {"numpy.sum", {"ndarray[int64,2]"}},
      {"numpy.sum", {"ndarray[float64,3]", "Literal[1]"}},
      {"numpy.mean", {"ndarray[int64,1]"}},
      {"numpy.max", {"ndarray[float64,2]", "Literal[0]", "None", "Literal[True]"}},
      {"numpy.zeros", {"tuple[int,int,int]"}},
      {"numpy.ones", {"int"}},
      {"numpy.zeros", {"tuple[int,int]", "Literal['int64']"}},
      {"numpy.ones", {"int", "Literal['bool']"}},
      {"numpy.empty", {"tuple[int,int,int]", "Literal['float32']"}},
      {"numpy.zeros_like", {"ndarray[int64,2]"}},
      {"numpy.zeros_like", {"ndarray[float64,1]", "Literal['int32']"}},
      {"numpy.ndarray.astype", {"ndarray[float64,3]", "Literal['int64']"}},
      {"numpy.ndarray.astype", {"ndarray[bool,1]", "Literal['float64']"}},
      {"numpy.float64", {"int"}},
      {"numpy.float64", {"bool"}},
      {"numpy.int64", {"float64"}},
      {"numpy.float32", {"float"}},
      {"numpy.ndarray.shape", {"ndarray[float64,3]"}},
      {"builtins.abs", {"bool"}},
      {"builtins.len", {"list[float]"}},
      {"builtins.repr", {"float64"}},
      {"operator.is_", {"int", "None"}},
      {"opsynth.ops.getindex", {"ndarray[float64,3]", "tuple[int,tuple[None | int,None | int,None | int],None]"}},
      {"opsynth.ops.getindex", {"ndarray[int64,2]", "tuple[Literal['...'],int]"}},
      {"opsynth.ops.getindex", {"ndarray[float64,1]", "tuple[int,Literal['...']]"}},
      // advanced: an int beside arrays, a 2-D mask, arrays apart (their broadcast first), a new axis
      {"opsynth.ops.getindex", {"ndarray[float64,3]", "tuple[int,ndarray[int64,2],tuple[None | int,None | int,None | int]]"}},
      {"opsynth.ops.getindex", {"ndarray[int64,3]", "tuple[ndarray[bool,2],int]"}},
      {"opsynth.ops.getindex", {"ndarray[float64,3]", "tuple[ndarray[int64,1],None,ndarray[int64,2]]"}},
      {"opsynth.ops.getindex", {"ndarray[bool,2]", "tuple[Literal['...'],ndarray[int64,1]]"}},
      {"operator.getitem", {"ndarray[float64,3]", "tuple[int,int]"}},
      {"operator.getitem", {"ndarray[int64,2]", "tuple[int,int]"}},
      {"opsynth.ops.getslice", {"ndarray[float64,2]", "int", "None", "None"}},
      {"numpy.hstack", {"tuple[ndarray[float64,1],ndarray[float64,1]]"}},
      {"numpy.vstack", {"tuple[ndarray[int64,1],ndarray[int64,1]]"}},
      {"numpy.concatenate", {"tuple[ndarray[int64,2],ndarray[int64,2]]", "None"}},
      {"numpy.subtract.outer", {"ndarray[float64,1]", "ndarray[float64,2]"}},
      {"numpy.multiply.outer", {"ndarray[int64,1]", "ndarray[int64,1]"}},
      {"numpy.repeat", {"ndarray[float64,2]", "int"}},
      {"numpy.repeat", {"ndarray[int64,2]", "int", "Literal[1]"}},
      {"numpy.tile", {"ndarray[int64,1]", "tuple[int,int]"}},
      {"numpy.meshgrid", {"ndarray[float64,1]", "ndarray[float64,1]", "ndarray[float64,1]"}},
      {"numpy.histogram", {"ndarray[float64,1]", "int"}},
      {"numpy.identity", {"int", "Literal['int64']"}},
      {"numpy.linalg.cholesky", {"ndarray[float64,2]"}},
  };
  for (const auto& [op, args] : more) {
    std::vector<Type> types;
    for (const char* a : args) types.push_back(t(a));
    samples.push_back({op, types});
  }
  for (const auto& [op, args] : samples) {
    auto rule = rule_result(op, args);
    std::string call = op + "(";
    for (const auto& a : args) call += to_string(a) + ",";
    ASSERT_TRUE(rule) << call << "): no rule covers it";
    EXPECT_EQ(to_string(rule->result), probed(op, args)) << call << "): rule '" << rule->rule << "'";
  }
}

TEST(CompilerTypeRules, no_rule_for_what_depends_on_values_or_is_left_to_cpython) {
  // int ** int is an int or a float by the exponent's sign; int32 arrays promote by the scalar's value.
  EXPECT_FALSE(rule_result("operator.pow", {t("int"), t("int")}));
  EXPECT_FALSE(rule_result("operator.add", {t("ndarray[int32,1]"), t("int")}));
  EXPECT_FALSE(rule_result("operator.add", {t("str"), t("str")}));
  // A dtype must be a Literal the compiler folded: a str known only at run time decides nothing.
  EXPECT_FALSE(rule_result("numpy.zeros", {t("int"), t("str")}));
  EXPECT_FALSE(rule_result("numpy.ndarray.astype", {t("ndarray[float64,1]"), t("Literal['float16']")}));
  // A Python scalar with a narrow array: numpy 1.24 reads it by value (uint8 + 1 is uint8, + 300 uint16;
  // float32 + 1e300 is float64), so no rule answers and CPython's probe refuses.
  EXPECT_FALSE(rule_result("operator.add", {t("ndarray[uint8,1]"), t("int")}));
  EXPECT_FALSE(rule_result("operator.add", {t("ndarray[float32,1]"), t("float")}));
  EXPECT_FALSE(rule_result("operator.add", {t("ndarray[uint64,1]"), t("int")}));
  // np.sqrt of uint8 computes in float16, outside the type language.
  EXPECT_FALSE(rule_result("numpy.sqrt", {t("ndarray[uint8,1]")}));
  // Arrays of two dtypes join in the promoted one, left to CPython; histogram's bins as edges is an array.
  EXPECT_FALSE(rule_result("numpy.hstack", {t("tuple[ndarray[float64,1],ndarray[int64,1]]")}));
  EXPECT_FALSE(rule_result("numpy.histogram", {t("ndarray[float64,1]"), t("ndarray[float64,1]")}));
  // sum() of floats is split by path: the int 0 for an empty list.
  auto split = empty_gives_start("builtins.sum", {t("list[float]")});
  ASSERT_TRUE(split);
  EXPECT_EQ(to_string(split->start), "int");
  EXPECT_FALSE(empty_gives_start("builtins.sum", {t("list[int]")}));
}

}  // namespace
}  // namespace opsynth::compiler
