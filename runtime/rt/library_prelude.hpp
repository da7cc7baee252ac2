// What every library `opsynth compile` generates includes: precompiled once per flags (verify/compile.cpp)
// and force-included before the generated code, which therefore must not depend on anything before it.
// Parsing these headers was half of the compiler's time on a small function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <tuple>
#include <variant>

#include "rt/abi_bridge.hpp"
#include "rt/prelude.hpp"
