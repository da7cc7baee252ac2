// rt exception classes (runtime/rt/exceptions.hpp) against CPython's classes: names and hierarchy.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "python_env.hpp"
#include "rt/exceptions.hpp"

namespace {

namespace py = pybind11;
using opsynth::testing::py_eval;

// One rt exception class: a sample object and a test "is this object an instance of the class".
struct ExceptionClass {
  std::shared_ptr<const rt::BaseException> sample;
  std::function<bool(const rt::BaseException*)> is_instance;
};

template <class E>
ExceptionClass exception_class() {
  return {std::make_shared<E>("message"),
          [](const rt::BaseException* e) { return dynamic_cast<const E*>(e) != nullptr; }};
}

std::vector<ExceptionClass> all_exception_classes() {
  return {
      exception_class<rt::BaseException>(),    exception_class<rt::Exception>(),
      exception_class<rt::ArithmeticError>(),  exception_class<rt::ZeroDivisionError>(),
      exception_class<rt::OverflowError>(),    exception_class<rt::FloatingPointError>(),
      exception_class<rt::LookupError>(),      exception_class<rt::IndexError>(),
      exception_class<rt::KeyError>(),         exception_class<rt::ValueError>(),
      exception_class<rt::UnicodeError>(),     exception_class<rt::TypeError>(),
      exception_class<rt::AttributeError>(),   exception_class<rt::AssertionError>(),
      exception_class<rt::RuntimeError>(),     exception_class<rt::NotImplementedError>(),
      exception_class<rt::RecursionError>(),   exception_class<rt::MemoryError>(),
      exception_class<rt::StopIteration>(),    exception_class<rt::LinAlgError>(),
      exception_class<rt::AxisError>(),
  };
}

// python_name() is a builtin name or a dotted path from an imported module; both evaluate to the class.
py::object python_class(const rt::BaseException& e) { return py_eval(e.python_name()); }

}  // namespace

TEST(Exceptions, python_name_is_the_qualified_name_of_the_cpython_class) {
  for (const auto& cls : all_exception_classes()) {
    const std::string name = cls.sample->python_name();
    const py::object py_class = python_class(*cls.sample);
    const std::string module = py::str(py_class.attr("__module__"));
    const std::string qualname = py::str(py_class.attr("__qualname__"));
    EXPECT_EQ(name, module == "builtins" ? qualname : module + "." + qualname);
    EXPECT_TRUE(py_eval("issubclass(c, BaseException)", py::dict(py::arg("c") = py_class)).cast<bool>()) << name;
  }
}

TEST(Exceptions, cpp_base_classes_match_python_issubclass_for_every_pair) {
  // The one pair C++ cannot mirror with single inheritance: numpy.AxisError is also an IndexError.
  const auto known_deviation = [](const std::string& sub, const std::string& base) {
    return sub == "numpy.AxisError" && (base == "IndexError" || base == "LookupError");
  };
  const auto classes = all_exception_classes();
  for (const auto& sub : classes) {
    for (const auto& base : classes) {
      const std::string sub_name = sub.sample->python_name();
      const std::string base_name = base.sample->python_name();
      py::dict d(py::arg("a") = python_class(*sub.sample), py::arg("b") = python_class(*base.sample));
      const bool python_says = py_eval("issubclass(a, b)", d).cast<bool>();
      const bool cpp_says = base.is_instance(sub.sample.get());
      if (known_deviation(sub_name, base_name)) {
        EXPECT_TRUE(python_says && !cpp_says) << sub_name << " / " << base_name << ": deviation changed";
      } else {
        EXPECT_EQ(cpp_says, python_says) << "issubclass(" << sub_name << ", " << base_name << ")";
      }
    }
  }
}

TEST(Exceptions, what_carries_the_message_python_str_would_show) {
  const rt::ZeroDivisionError error("division by zero");
  EXPECT_STREQ(error.what(), "division by zero");
  EXPECT_EQ(error.message(), py::str(py_eval("ZeroDivisionError('division by zero')")).cast<std::string>());
  try {
    throw rt::KeyError("k");
  } catch (const rt::LookupError& e) {
    EXPECT_STREQ(e.python_name(), "KeyError");
  }
}
