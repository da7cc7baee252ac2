// Python's exception hierarchy as C++ classes of the same names, each carrying its message.
#pragma once

#include <exception>
#include <string>
#include <utility>

namespace rt {

// Root of the hierarchy. python_name() is the qualified Python class name the verifier compares
// ("ZeroDivisionError", "numpy.linalg.LinAlgError"); what() is the message (str(exc) in Python).
class BaseException : public std::exception {
 public:
  BaseException() = default;
  explicit BaseException(std::string message) : message_(std::move(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& message() const noexcept { return message_; }
  virtual const char* python_name() const noexcept { return "BaseException"; }

 private:
  std::string message_;
};

#define RT_PY_EXCEPTION(Name, Base, PyName)                                  \
  class Name : public Base {                                                 \
   public:                                                                   \
    using Base::Base;                                                        \
    const char* python_name() const noexcept override { return PyName; }     \
  };

RT_PY_EXCEPTION(Exception, BaseException, "Exception")
RT_PY_EXCEPTION(ArithmeticError, Exception, "ArithmeticError")
RT_PY_EXCEPTION(ZeroDivisionError, ArithmeticError, "ZeroDivisionError")
RT_PY_EXCEPTION(OverflowError, ArithmeticError, "OverflowError")
RT_PY_EXCEPTION(FloatingPointError, ArithmeticError, "FloatingPointError")
RT_PY_EXCEPTION(LookupError, Exception, "LookupError")
RT_PY_EXCEPTION(IndexError, LookupError, "IndexError")
RT_PY_EXCEPTION(KeyError, LookupError, "KeyError")
RT_PY_EXCEPTION(ValueError, Exception, "ValueError")
RT_PY_EXCEPTION(UnicodeError, ValueError, "UnicodeError")
RT_PY_EXCEPTION(TypeError, Exception, "TypeError")
RT_PY_EXCEPTION(AttributeError, Exception, "AttributeError")
RT_PY_EXCEPTION(NameError, Exception, "NameError")
RT_PY_EXCEPTION(UnboundLocalError, NameError, "UnboundLocalError")
RT_PY_EXCEPTION(AssertionError, Exception, "AssertionError")
RT_PY_EXCEPTION(RuntimeError, Exception, "RuntimeError")
RT_PY_EXCEPTION(NotImplementedError, RuntimeError, "NotImplementedError")
RT_PY_EXCEPTION(RecursionError, RuntimeError, "RecursionError")
RT_PY_EXCEPTION(MemoryError, Exception, "MemoryError")
RT_PY_EXCEPTION(StopIteration, Exception, "StopIteration")
// numpy.linalg.LinAlgError derives from Exception directly (numpy 1.24, the version Debian ships).
RT_PY_EXCEPTION(LinAlgError, Exception, "numpy.linalg.LinAlgError")
// numpy.AxisError derives from ValueError and IndexError; C++ keeps ValueError, its first base.
RT_PY_EXCEPTION(AxisError, ValueError, "numpy.AxisError")

#undef RT_PY_EXCEPTION

// Throws E(message) from a cold, out-of-line function. A `throw` written inline (a std::string built, an
// exception allocated) made small hot functions such as float division or list indexing too large to
// inline: one call per element of the loops that use them.
template <class E>
[[noreturn, gnu::noinline, gnu::cold]] void raise_cold(const char* message) {
  throw E(message);
}

}  // namespace rt
