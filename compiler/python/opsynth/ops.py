"""Operators for what Python spells as syntax and the operator module has no function for.

The compiler lowers `x[a:b:c]` to opsynth.ops.getslice(x, a, b, c) and `x[a:b:c] = v` to
opsynth.ops.setslice(x, a, b, c, v), with None for an omitted bound, and an array's other subscripts
(`a[1:-1, i]`, `a[:, None]`, `a[..., 0]`) to getindex(a, parts) and setindex(a, parts, v), so that
indexing is an operator call like every other operation: implementations live in oplib and are verified against these
functions in CPython, which do exactly what the syntax does. A loop over a dict keeps a position, as
CPython's dict iterator does: dict_next(d, pos, size, step) before each step (the iterator's checks, and
where the next item is), then dict_key_at(d, pos) and dict_value_at(d, pos). (Earlier libraries walked a
snapshot of the keys with dict_iteration_check and dict_getitem_hinted.) sum(xs[a:b]) of a list of ints is
sum_slice(xs, a, b); len(s.split()) of a str is split_count(s); sep.join(sorted(s)) of strs is
join_sorted(sep, s).
d.items() and d.values() passed straight to a consuming builtin (sorted, list, sum, max, ...) are
dict_items(d) and dict_values(d), the snapshots those builtins would take.
np.mgrid[...] and np.ogrid[...] are mgrid(parts) and ogrid(parts).
Several np.linalg.norm(x) and np.dot(x, y) of 1-D float64 parameters in one function are computed
together by reduction_lanes, each sum in its own order, side by side in one pass. `lo = a.min()` next
to `hi = a.max()` (either first) is min_max(a, max_first), both from one pass where the order of the
reduction cannot show. d.setdefault(k, []) and d.setdefault(k, {}) are setdefault_list(d, k) and
setdefault_dict(d, k), which make the empty container only when k is missing; d[k].append(x) and
d.setdefault(k, []).append(x) are append_at(d, k, x) and setdefault_append(d, k, x), which append to
the list the dict holds without taking a handle on it first. A loop over a str walks it by UTF-8 byte
offset (lone surrogates as three bytes): str_char_at(s, at) is the character whose bytes start there and
str_after(s, at) the offset of the next one, where s[i] would look for the i-th character's bytes anew.
A loop that appends to a list once per pass (`for v in xs: out.append(f(v))`, a comprehension) first
calls reserve_appends(out, start, stop, step) with the loop's range, or 0, len(xs), 1: room for that many
more items, which Python cannot see.
sorted(xs, key=f, reverse=r), min(xs, key=f) and max(xs, key=f) compute keys = [f(x) for x in list(xs)]
(a lambda's body inlined) and call sorted_by_keys(items, keys, r), min_by_keys or max_by_keys: builtins
compute every key first, in order, and compare only keys, so the functions need not cross as values.
A numpy function whose keyword-only parameters follow *args (np.meshgrid(x, y, indexing='ij')) has a
shim here that takes them first, since an overload passes every argument by position.
"""


def getslice(seq, start, stop, step):
    """seq[start:stop:step]"""
    return seq[start:stop:step]


def setslice(seq, start, stop, step, value):
    """seq[start:stop:step] = value"""
    seq[start:stop:step] = value


def _index(parts):
    """numpy's index from the parts the compiler passes: an int, None (np.newaxis), '...' (the ellipsis),
    a (start, stop, step) tuple for each slice (the type language has no slice or Ellipsis), and an
    int64 or bool array as itself."""
    return tuple(slice(*p) if isinstance(p, tuple) else Ellipsis if isinstance(p, str) else p for p in parts)


def getindex(a, index):
    """a[index] for an index with slices, None or ... (numpy's basic indexing: a view), or with arrays
    among them (numpy's advanced indexing: a copy)"""
    return a[_index(index)]


def setindex(a, index, value):
    """a[index] = value for any such index (the value broadcast into the view, or to the advanced
    indexing result's shape)"""
    a[_index(index)] = value


def dict_items(d):
    """list(d.items()): what sorted(d.items()), max(d.items(), key=...) and the like consume"""
    return list(d.items())


def dict_values(d):
    """list(d.values()): what sum(d.values()), max(d.values()) and the like consume"""
    return list(d.values())


def meshgrid(indexing, sparse, copy, *xi):
    """np.meshgrid(*xi, indexing=indexing, sparse=sparse, copy=copy): the keyword-only parameters first,
    so that an overload can spell them (the compiler lowers np.meshgrid with keywords to this)"""
    import numpy as np

    return np.meshgrid(*xi, indexing=indexing, sparse=sparse, copy=copy)


def mgrid(index):
    """np.mgrid[index] for the slices the compiler passes as (start, stop, step) tuples (one slice alone
    is written np.mgrid[a:b], which numpy treats apart)"""
    import numpy as np

    key = _index(index)
    return np.mgrid[key[0] if len(key) == 1 else key]


def ogrid(index):
    """np.ogrid[index], as mgrid"""
    import numpy as np

    key = _index(index)
    return np.ogrid[key[0] if len(key) == 1 else key]


def dict_getitem_hinted(d, key, hint):
    """d[key]: what a loop over d.items() or d.values() reads at step `hint`; the hint (the step's
    index) is where an implementation may look first, and changes nothing about the result."""
    return d[key]


def sum_slice(x, a, b):
    """sum(x[a:b]) of a list of ints, None for an omitted bound: what the compiler makes of that call, so
    that an implementation may add the items in place instead of copying the slice first."""
    return sum(x[a:b])


def split_count(s):
    """len(s.split()) of a str: what the compiler makes of that call, so that an implementation may count
    the words instead of building the list of them."""
    return len(s.split())


def join_sorted(sep, s):
    """sep.join(sorted(s)) of two strs: what the compiler makes of that call, so that an implementation
    may sort the characters without making a list of one-character strs."""
    return sep.join(sorted(s))


def reduction_lanes(plan, *arrays):
    """The reductions `plan` names, one letter each, over the arrays in turn: 'n' is np.linalg.norm(x)
    of the next array, 'd' is np.dot(x, y) of the next two, or 0.0 when their lengths differ (the
    compiler reads that lane only where they agree, and calls np.dot itself otherwise, which raises).
    A function that needs several such sums (a cosine: two norms and a dot) computes them in one pass
    over its arrays, each in numpy's order, instead of one latency-bound pass per sum."""
    import numpy as np

    out, k = [], 0
    for kind in plan:
        if kind == "n":
            out.append(np.linalg.norm(arrays[k]))
            k += 1
        elif kind == "d":
            x, y = arrays[k], arrays[k + 1]
            out.append(np.dot(x, y) if x.shape == y.shape else np.float64(0.0))
            k += 2
        else:
            raise ValueError(f"unknown lane kind {kind!r}")
    if k != len(arrays):
        raise TypeError(f"plan {plan!r} takes {k} arrays, given {len(arrays)}")
    return tuple(out)


def min_max(a, max_first):
    """(a.min(), a.max()), for a function that asks for both in a row: max_first says which it asks
    first, whose error an empty array raises."""
    if max_first:
        hi = a.max()
        lo = a.min()
    else:
        lo = a.min()
        hi = a.max()
    return lo, hi


def dict_iteration_check(d, size):
    """The check a dict iterator makes before each step: once the dict no longer has the size it had
    when the loop began, the loop raises (the compiler calls this in a dict loop's header)."""
    if len(d) != size:
        raise RuntimeError("dictionary changed size during iteration")


def dict_next(d, pos, size, step):
    """Where a loop over d finds its next item, at or after entry position pos (a negative pos is 0),
    or -1 when the loop ends; `size` is len(d) when the loop began and `step` the items it has taken.
    The checks are CPython's dict iterator's: a changed size raises before anything else, and an item
    found after `size` steps means keys were replaced. The position is an entry's in the dict's table,
    where deleted entries keep theirs until the table is compacted; for a dict without deleted entries
    (as every dict handed over from Python is) it is the item's index in list(d), which this computes."""
    if len(d) != size:
        raise RuntimeError("dictionary changed size during iteration")
    pos = max(pos, 0)
    if pos >= len(d):
        return -1
    if step >= size:
        raise RuntimeError("dictionary keys changed during iteration")
    return pos


def setdefault_list(d, key):
    """d.setdefault(key, []): the list at key, a new empty one stored first if key is missing"""
    return d.setdefault(key, [])


def setdefault_dict(d, key):
    """d.setdefault(key, {}): the dict at key, a new empty one stored first if key is missing"""
    return d.setdefault(key, {})


def append_at(d, key, x):
    """d[key].append(x): KeyError when key is missing"""
    d[key].append(x)


def setdefault_append(d, key, x):
    """d.setdefault(key, []).append(x)"""
    d.setdefault(key, []).append(x)


def reserve_appends(xs, start, stop, step):
    """Room in xs for len(range(start, stop, step)) more items: capacity only, no effect Python can see"""
    return None


def _utf8_width(ch):
    c = ord(ch)
    return 1 if c < 0x80 else 2 if c < 0x800 else 3 if c < 0x10000 else 4


def _code_point_at(s, at):
    """The index in s of the character whose UTF-8 starts at byte offset `at`; IndexError if none does."""
    offset = 0
    for i, ch in enumerate(s):
        if offset == at:
            return i
        if offset > at:
            break
        offset += _utf8_width(ch)
    raise IndexError("string index out of range")


def str_char_at(s, at):
    """The character of s whose UTF-8 encoding starts at byte offset `at` (see the module's note)"""
    return s[_code_point_at(s, at)]


def str_after(s, at):
    """The byte offset just past the character of s that starts at byte offset `at`"""
    return at + _utf8_width(str_char_at(s, at))


def dict_key_at(d, pos):
    """The key at entry position pos (see dict_next): list(d)[pos] for a dict without deleted entries"""
    return list(d)[pos]


def dict_value_at(d, pos):
    """The value at entry position pos (see dict_next): list(d.values())[pos] for a dict without deleted
    entries"""
    return list(d.values())[pos]


def _keyed(items, keys):
    if len(items) != len(keys):
        raise ValueError("keys and items differ in length")
    it = iter(keys)
    return lambda _: next(it)


def sorted_by_keys(items, keys, reverse):
    """sorted(items, key=f, reverse=reverse) given keys == [f(x) for x in items]"""
    return sorted(items, key=_keyed(items, keys), reverse=reverse)


def min_by_keys(items, keys):
    """min(items, key=f) given keys == [f(x) for x in items]"""
    return min(items, key=_keyed(items, keys))


def max_by_keys(items, keys):
    """max(items, key=f) given keys == [f(x) for x in items]"""
    return max(items, key=_keyed(items, keys))
