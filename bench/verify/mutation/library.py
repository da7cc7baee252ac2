# The accepted operator versions a mutation run starts from: read from an oplib folder's op.json
# records (oplib/README.md), grouped into families, and selected by name, module or seeded sample.
import json
import random
from dataclasses import dataclass
from pathlib import Path

# numpy ops by what their loops do; everything else in numpy is "numpy other" (creation, shape).
NUMPY_REDUCTIONS_AND_SORTING = {
    "all", "any", "amax", "amin", "argmax", "argmin", "argsort", "cumprod", "cumsum", "dot", "matmul", "max",
    "mean", "min", "prod", "ptp", "sort", "std", "sum", "trace", "var",
}
NUMPY_ELEMENTWISE = {
    "abs", "absolute", "add", "arccos", "arcsin", "arctan", "arctan2", "ceil", "clip", "cos", "cosh", "divide",
    "exp", "exp2", "expm1", "floor", "floor_divide", "fmax", "fmin", "hypot", "isfinite", "isinf", "isnan", "log",
    "log10", "log1p", "log2", "maximum", "minimum", "mod", "multiply", "negative", "power", "remainder", "rint",
    "sign", "sin", "sinh", "sqrt", "square", "subtract", "tan", "tanh", "true_divide", "trunc", "where",
}
FAMILIES = (
    "math", "builtins", "operator", "str", "list", "dict", "numpy elementwise", "numpy reductions and sorting",
    "numpy.linalg", "numpy other", "opsynth.ops",
)


@dataclass
class OverloadVersion:
    """One overload's newest accepted version and the signatures it passed at."""

    qualname: str
    family: str
    overload: str
    version: int
    header: Path  # the .hpp inside the op folder
    generic: bool
    signatures: list
    tolerance: str
    domain: dict


def family_of(qualname):
    module, _, name = qualname.rpartition(".")
    if module == "numpy":
        if name in NUMPY_ELEMENTWISE:
            return "numpy elementwise"
        if name in NUMPY_REDUCTIONS_AND_SORTING:
            return "numpy reductions and sorting"
        return "numpy other"
    if module.startswith("numpy.ndarray"):
        return "numpy other"
    return module


def read_op(op_json):
    """The op's accepted overload versions (the newest of each overload), or [] when none is accepted."""
    record = json.loads(op_json.read_text())
    out = []
    for overload in record["overloads"]:
        accepted = [v for v in overload["versions"] if v["status"] == "accepted"]
        if not accepted:
            continue
        newest = max(accepted, key=lambda v: v["version"])
        # An instance whose latest verification failed is not used by lookups; it is not a baseline either.
        signatures = [i["signature"] for i in newest["instances"] if i["verification"]["verdict"] == "PASS"]
        header = op_json.parent / f"{overload['name']}.v{newest['version']}.hpp"
        if not signatures or not header.exists():
            continue
        out.append(
            OverloadVersion(
                qualname=record["qualname"],
                family=family_of(record["qualname"]),
                overload=overload["name"],
                version=newest["version"],
                header=header,
                generic=bool(overload.get("generic", False)),
                signatures=signatures,
                tolerance=record["tolerance"],
                domain=overload.get("domain", record.get("domain", {})),
            )
        )
    return out


def read_library(oplib):
    """qualname -> its accepted overload versions, for every op folder under `oplib`."""
    ops = {}
    for op_json in sorted(Path(oplib).rglob("op.json")):
        if "cases" in op_json.parts:
            continue
        versions = read_op(op_json)
        if versions:
            ops[versions[0].qualname] = versions
    return ops


def select(ops, names=(), modules=(), families=(), per_family=5, seed=0):
    """Qualnames to mutate, sorted: the named ones, else those of the given modules or families,
    else a seeded sample of `per_family` from every family (all of a family with fewer)."""
    unknown = [n for n in names if n not in ops]
    if unknown:
        raise ValueError("--ops: not in the library: " + ", ".join(unknown))
    if names:
        return sorted(set(names))
    pool = sorted(
        q
        for q in ops
        if (not modules or any(q == m or q.startswith(m + ".") for m in modules))
        and (not families or family_of(q) in families)
    )
    if modules or families:
        return pool
    rng = random.Random(seed)
    chosen = []
    for family in FAMILIES:
        members = [q for q in pool if family_of(q) == family]
        chosen += rng.sample(members, min(per_family, len(members)))
    return sorted(chosen)
