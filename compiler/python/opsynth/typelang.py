"""The type language of DESIGN §1 as the manifest spells it (core/types.cpp is the reference parser).

parse("dict[str,list[int]]") -> Type(kind="dict", args=(Type("str"), Type("list", (Type("int"),)))).
Kinds: bool int float complex str None list dict tuple ndarray npscalar literal union (`A | B`: args hold
the alternatives, sorted by spelling as core/types.cpp sorts them).
"""

import ast
import math
import re
from typing import NamedTuple, Optional, Tuple

DTYPES = ("bool", "int32", "int64", "float32", "float64", "complex128",  # order of rt/abi.hpp's opsynth_dtype
          "uint8", "int8", "int16", "uint16", "uint32", "uint64", "complex64")
SCALAR_NAMES = {"bool_": "bool", **{name: name for name in DTYPES if name != "bool"}}
INTEGER_DTYPES = ("int32", "int64", "uint8", "int8", "int16", "uint16", "uint32", "uint64")
COMPLEX_DTYPES = ("complex128", "complex64")
PLAIN = ("bool", "int", "float", "complex", "str", "None")


class Type(NamedTuple):
    kind: str
    args: Tuple["Type", ...] = ()
    dtype: Optional[str] = None      # ndarray element / numpy scalar dtype name
    ndim: int = 0
    literal: object = None           # Literal value (bool, int, float or str)
    text: str = ""                   # canonical spelling, for messages

    def __str__(self):
        return self.text


class TypeSyntaxError(ValueError):
    pass


_NUMBER = re.compile(r"-?(?:inf|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")


class _Parser:
    def __init__(self, text):
        self.text, self.pos = text, 0

    def fail(self, message):
        raise TypeSyntaxError(f"{message} at column {self.pos + 1} of {self.text!r}")

    def peek(self):
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, c):
        if self.peek() != c:
            self.fail(f"expected {c!r}")
        self.pos += 1

    def identifier(self):
        self.peek()
        m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(self.text, self.pos)
        if not m:
            self.fail("expected a type")
        self.pos = m.end()
        return m.group()

    def type(self):
        first = self.single_type()
        if self.peek() != "|":
            return first
        alternatives = {first.text: first}
        while self.peek() == "|":
            self.pos += 1
            t = self.single_type()
            alternatives[t.text] = t
        if len(alternatives) == 1:
            return first
        ordered = tuple(alternatives[k] for k in sorted(alternatives))
        return Type("union", ordered, text=" | ".join(t.text for t in ordered))

    def single_type(self):
        start = self.pos
        name = self.identifier()
        if name in PLAIN:
            t = Type(name)
        elif name in SCALAR_NAMES:
            t = Type("npscalar", dtype=SCALAR_NAMES[name])
        elif name == "list":
            self.expect("[")
            elem = self.type()
            self.expect("]")
            t = Type("list", (elem,))
        elif name == "dict":
            self.expect("[")
            key = self.type()
            self.expect(",")
            value = self.type()
            self.expect("]")
            t = Type("dict", (key, value))
        elif name == "tuple":
            self.expect("[")
            args = []
            if self.peek() == "(":
                self.pos += 1
                self.expect(")")
            else:
                args.append(self.type())
                while self.peek() == ",":
                    self.pos += 1
                    args.append(self.type())
            self.expect("]")
            t = Type("tuple", tuple(args))
        elif name == "ndarray":
            self.expect("[")
            dtype = self.identifier()
            if dtype not in DTYPES:
                self.fail(f"unknown dtype {dtype!r}")
            self.expect(",")
            self.peek()
            m = re.compile(r"\d+").match(self.text, self.pos)
            if not m:
                self.fail("expected an integer rank")
            self.pos = m.end()
            self.expect("]")
            t = Type("ndarray", dtype=dtype, ndim=int(m.group()))
        elif name == "Literal":
            self.expect("[")
            value = self.literal()
            self.expect("]")
            t = Type("literal", literal=value)
        else:
            self.pos = start
            self.fail(f"unknown type name {name!r}")
        if t.kind in ("list", "dict") or (t.kind == "tuple" and t.args):
            text = f"{t.kind}[{','.join(a.text for a in t.args)}]"  # canonical, unions inside included
        else:
            text = self.text[start:self.pos].strip().replace(" ", "")
        return t._replace(text=text)

    def literal(self):
        c = self.peek()
        if c in "'\"":
            end = self.pos + 1
            while end < len(self.text) and self.text[end] != c:
                end += 2 if self.text[end] == "\\" else 1
            if end >= len(self.text):
                self.fail("unterminated string")
            value = ast.literal_eval(self.text[self.pos:end + 1])
            self.pos = end + 1
            return value
        m = _NUMBER.match(self.text, self.pos)
        if m:
            self.pos = m.end()
            token = m.group()
            if "inf" in token:
                return -math.inf if token.startswith("-") else math.inf
            return float(token) if any(ch in token for ch in ".eE") else int(token)
        word = self.identifier()
        if word in ("True", "False"):
            return word == "True"
        if word == "nan":
            return math.nan
        if word == "inf":
            return math.inf
        self.fail(f"expected a literal, got {word!r}")


def parse(text):
    p = _Parser(text)
    t = p.type()
    if p.peek():
        p.fail("unexpected text after the type")
    return t


class UntypedValue(ValueError):
    """A value the type language has no spelling for (an empty list, a mix, an unsupported class)."""


_INT64 = (-(2 ** 63), 2 ** 63 - 1)


def type_of_value(v):
    """The type-language spelling of an argument value: 3 -> 'int', np.ones((2, 3)) -> 'ndarray[float64,2]',
    [1.5] -> 'list[float]'. Raises UntypedValue naming what has no type."""
    import numpy as np  # the loader needs numpy anyway; imported here to keep parsing numpy-free

    if v is None:
        return "None"
    if isinstance(v, np.ndarray):
        if v.dtype.name not in DTYPES:
            raise UntypedValue(f"an ndarray of dtype {v.dtype.name} (supported: {', '.join(DTYPES)})")
        return f"ndarray[{v.dtype.name},{v.ndim}]"
    if isinstance(v, np.generic):
        name = "bool_" if isinstance(v, np.bool_) else type(v).__name__
        if name not in SCALAR_NAMES:
            raise UntypedValue(f"a numpy {type(v).__name__} (supported: {', '.join(SCALAR_NAMES)})")
        return name
    for python_type in (bool, int, float, complex, str):  # bool first: it is an int subclass
        if type(v) is python_type:
            if python_type is int and not _INT64[0] <= v <= _INT64[1]:
                raise UntypedValue(f"the int {v} does not fit in int64")
            return python_type.__name__
    if type(v) is tuple:
        return "tuple[" + ",".join(type_of_value(x) for x in v) + "]" if v else "tuple[()]"
    if type(v) is list:
        return f"list[{_one_type(v, 'list')}]"
    if type(v) is dict:
        return f"dict[{_one_type(list(v.keys()), 'dict key')},{_one_type(list(v.values()), 'dict value')}]"
    raise UntypedValue(f"a {type(v).__module__}.{type(v).__qualname__}")


def _one_type(items, what):
    if not items:
        raise UntypedValue(f"an empty {what.split()[0]} does not tell its element type")
    types = {type_of_value(x) for x in items}
    if len(types) > 1:
        raise UntypedValue(f"a {what} mixing {' and '.join(sorted(types))}")
    return types.pop()


def holds_container(t):
    """True if values of t may hold a list or dict (their state comes back in args_after)."""
    return t.kind in ("list", "dict") or any(holds_container(a) for a in t.args)
