"""CPython's list.sort on the lists test_list_sort.cpp writes: python3 list_sort_oracle.py IN OUT.

Each line of IN is `KIND ORDER ITEMS`: KIND f (float), i (int) or s (str); ORDER s for xs.sort(),
r for xs.sort(reverse=True). Floats are their little-endian IEEE bytes in hex, so NaN payloads and
the sign of zero survive; ints are decimal; strs are 'x' + hex of their UTF-8 (surrogatepass).
Each line of OUT is the sorted list's ITEMS, encoded the same way. KIND t sorts floats as f does but
through objects whose __lt__ logs each comparison; its OUT line is the compared pairs' original
positions, in the order CPython asked x < y. KIND e (ORDER: a count k) sorts such objects whose
comparison after the first k raises; its OUT line is the positions of the items as the failed sort
left them.
"""
import struct
import sys


def decode(kind, items):
    if kind == "f":
        return list(struct.unpack("<%dd" % (len(items) // 16), bytes.fromhex(items)))
    if kind == "i":
        return [int(t) for t in items.split()]
    return [bytes.fromhex(t[1:]).decode("utf-8", "surrogatepass") for t in items.split()]


def encode(kind, xs):
    if kind == "f":
        return struct.pack("<%dd" % len(xs), *xs).hex()
    if kind == "i":
        return " ".join(str(x) for x in xs)
    return " ".join("x" + x.encode("utf-8", "surrogatepass").hex() for x in xs)


class Probe:
    """A float that logs each x < y asked of it by the positions of x and y, and raises once the
    budget of comparisons (a one-item list; negative: no limit) is spent."""

    def __init__(self, value, position, log, budget):
        self.value, self.position, self.log, self.budget = value, position, log, budget

    def __lt__(self, other):
        if self.budget[0] == 0:
            raise ValueError("comparison budget spent")
        self.budget[0] -= 1
        self.log += (self.position, other.position)
        return self.value < other.value


def probes(xs, budget):
    log, budget = [], [budget]
    return [Probe(x, i, log, budget) for i, x in enumerate(xs)], log


def traced_comparisons(xs):
    objects, log = probes(xs, -1)
    objects.sort()
    return " ".join(str(i) for i in log)


def positions_after_failed_sort(xs, budget):
    objects, _ = probes(xs, budget)
    try:
        objects.sort()
    except ValueError:
        pass
    return " ".join(str(o.position) for o in objects)


def main(source, target):
    with open(source, encoding="ascii") as lines, open(target, "w", encoding="ascii") as out:
        for line in lines:
            kind, order, items = line.rstrip("\n").split(" ", 2)
            if kind == "t":
                out.write(traced_comparisons(decode("f", items)) + "\n")
                continue
            if kind == "e":
                out.write(positions_after_failed_sort(decode("f", items), int(order)) + "\n")
                continue
            xs = decode(kind, items)
            xs.sort(reverse=order == "r")
            out.write(encode(kind, xs) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
