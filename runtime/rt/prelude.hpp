// The runtime prelude: everything a candidate or generated code may use from rt, in one include.
#pragma once

#include "exceptions.hpp"
#include "none.hpp"
#include "lit.hpp"
#include "int.hpp"
#include "float.hpp"
#include "scalar.hpp"
#include "slice.hpp"
#include "str.hpp"
#include "unicode.hpp"
#include "list.hpp"
#include "dict.hpp"
#include "tuple.hpp"
#include "ndarray.hpp"
#include "basic_index.hpp"
#include "array_number.hpp"
#include "broadcast_assign.hpp"
