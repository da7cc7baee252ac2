// Value <-> Python objects (pybind11); implemented in python_value.cpp.
