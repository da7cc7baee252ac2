"""Operators for what Python spells as syntax and the operator module has no function for.

The compiler lowers `x[a:b:c]` to opsynth.ops.getslice(x, a, b, c) and `x[a:b:c] = v` to
opsynth.ops.setslice(x, a, b, c, v), with None for an omitted bound, so that slicing is an operator
call like every other operation: implementations live in oplib and are verified against these
functions in CPython, which do exactly what the syntax does.
"""


def getslice(seq, start, stop, step):
    """seq[start:stop:step]"""
    return seq[start:stop:step]


def setslice(seq, start, stop, step, value):
    """seq[start:stop:step] = value"""
    seq[start:stop:step] = value
