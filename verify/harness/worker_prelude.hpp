// What every generated worker includes, precompiled once per flavour and flags (verify/compile.cpp):
// the runtime, the Value <-> rt conversions, the harness and the frame loop, and the standard headers
// candidates use most. Force-included before the candidate, so it must not depend on it.
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "core/value_rt.hpp"
#include "rt/prelude.hpp"
#include "verify/harness/invoke.hpp"
#include "verify/worker/worker.hpp"
