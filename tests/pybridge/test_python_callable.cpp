// Tests for qualname resolution in embedded CPython: each kind, parameter names and sources, errors.
#include <gtest/gtest.h>
#include <pybind11/embed.h>

#include <string>
#include <vector>

#include "pybridge/python_callable.hpp"

namespace opsynth {
namespace {

using Names = std::vector<std::string>;

PythonCallable resolved(const char* qualname) {
  auto c = resolve_callable(qualname);
  if (!c.ok()) ADD_FAILURE() << qualname << ": " << c.error().describe();
  return c.ok() ? std::move(c).value() : PythonCallable{};
}

TEST(ResolveCallable, module_function_imports_the_longest_module_prefix) {
  auto norm = resolved("numpy.linalg.norm");
  EXPECT_EQ(norm.kind, CallableKind::Function);
  EXPECT_EQ(norm.module, "numpy.linalg");
  EXPECT_EQ(norm.param_names(), (Names{"x", "ord", "axis", "keepdims"}));
  EXPECT_EQ(norm.param_source, ParamSource::Signature);
  EXPECT_TRUE(norm.param_note.empty());
  EXPECT_FALSE(norm.params[0].has_default);
  EXPECT_TRUE(norm.params[1].has_default);
  EXPECT_NE(norm.doc.find("Matrix or vector norm"), std::string::npos);
  // (Not testing::py_eval: its static globals outlive the interpreter and crash the exit.)
  EXPECT_TRUE(norm.object.is(pybind11::module_::import("numpy.linalg").attr("norm")));
}

TEST(ResolveCallable, c_function_with_text_signature_has_positional_only_names) {
  auto sqrt = resolved("math.sqrt");
  EXPECT_EQ(sqrt.kind, CallableKind::Function);
  EXPECT_EQ(sqrt.param_names(), (Names{"x"}));
  EXPECT_EQ(sqrt.params[0].kind, ParamKind::PositionalOnly);
  auto add = resolved("operator.add");
  EXPECT_EQ(add.module, "operator");
  EXPECT_EQ(add.param_names(), (Names{"a", "b"}));
}

TEST(ResolveCallable, methods_by_type_take_the_receiver_first) {
  auto upper = resolved("str.upper");
  EXPECT_EQ(upper.kind, CallableKind::MethodOfType);
  EXPECT_EQ(upper.module, "builtins");
  EXPECT_EQ(upper.param_names(), (Names{"self"}));
  EXPECT_EQ(resolved("list.append").param_names(), (Names{"self", "object"}));
  auto get = resolved("dict.get");
  EXPECT_EQ(get.kind, CallableKind::MethodOfType);
  EXPECT_EQ(get.param_names(), (Names{"self", "key", "default"}));
  EXPECT_TRUE(get.params[2].has_default);
}

TEST(ResolveCallable, numpy_method_without_signature_takes_names_from_its_docstring) {
  auto sum = resolved("numpy.ndarray.sum");
  EXPECT_EQ(sum.kind, CallableKind::MethodOfType);
  EXPECT_EQ(sum.module, "numpy");
  EXPECT_EQ(sum.param_source, ParamSource::Docstring);
  EXPECT_NE(sum.param_note.find("docstring"), std::string::npos);
  EXPECT_EQ(sum.param_names(), (Names{"a", "axis", "dtype", "out", "keepdims", "initial", "where"}));
}

TEST(ResolveCallable, builtin_without_any_signature_says_names_are_unknown) {
  auto max = resolved("builtins.max");
  EXPECT_EQ(max.kind, CallableKind::Function);
  EXPECT_EQ(max.param_source, ParamSource::Unknown);
  EXPECT_TRUE(max.params.empty());
  EXPECT_NE(max.param_note.find("a0, a1"), std::string::npos) << max.param_note;
  EXPECT_EQ(resolved("builtins.len").param_names(), (Names{"obj"}));
}

TEST(ResolveCallable, types_classmethods_and_staticmethods_are_not_methods_of_type) {
  EXPECT_EQ(resolved("builtins.int").kind, CallableKind::Type);
  EXPECT_EQ(resolved("numpy.float64").kind, CallableKind::Type);
  EXPECT_EQ(resolved("dict.fromkeys").kind, CallableKind::Function);
  EXPECT_EQ(resolved("str.maketrans").kind, CallableKind::Function);
}

TEST(ResolveCallable, variadic_parameters_are_reported) {
  EXPECT_TRUE(resolved("builtins.print").variadic());
  EXPECT_FALSE(resolved("math.hypot").param_names().empty());
  EXPECT_TRUE(resolved("math.hypot").variadic());
  EXPECT_FALSE(resolved("numpy.linalg.norm").variadic());
}

struct BadName {
  const char* qualname;
  const char* says;
};

TEST(ResolveCallable, errors_name_the_qualname_and_what_is_wrong) {
  const BadName cases[] = {
      {"nosuchmodule.f", "unknown module 'nosuchmodule'"},
      {"numpy.linalg.nrm", "module 'numpy.linalg' has no attribute 'nrm'"},
      {"math.sqrtt", "module 'math' has no attribute 'sqrtt'"},
      {"str.uper", "type 'str' has no attribute 'uper'"},
      {"numpy.ndarray.summ", "type 'numpy.ndarray' has no attribute 'summ'"},
      {"math.pi", "not callable (it is a float)"},
      {"math.pi.real", "not callable"},
      {"math", "dotted name"},
      {"math..sqrt", "empty name"},
  };
  for (const auto& c : cases) {
    auto r = resolve_callable(c.qualname);
    ASSERT_FALSE(r.ok()) << c.qualname;
    EXPECT_EQ(r.error().input, c.qualname);
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << c.qualname << ": " << r.error().message;
    EXPECT_EQ(r.error().describe().find('\n'), std::string::npos);
  }
}

TEST(ResolveCallable, failed_resolution_leaves_no_python_error_set) {
  ASSERT_FALSE(resolve_callable("numpy.linalg.nrm").ok());
  EXPECT_FALSE(PyErr_Occurred());
  EXPECT_TRUE(resolve_callable("math.sqrt").ok());
}

}  // namespace
}  // namespace opsynth
