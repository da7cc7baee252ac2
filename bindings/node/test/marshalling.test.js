// Every kind of value across the C ABI, against a hand-written library (fixture_library.js).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { NDArray, PythonError, load } from "../index.js";
import { buildFixtureLibrary } from "./fixture_library.js";

let lib;
before(() => {
  lib = load(buildFixtureLibrary().so);
});

describe("scalars", () => {
  test("numbers, ints and booleans", () => {
    assert.equal(lib.hypot_scaled(3, 4, 2), 10);
    assert.equal(lib.hypot_scaled(3, 4, 2n), 10);
    assert.equal(lib.negate_flag(true), false);
    assert.equal(lib.big(3), 3000000021);
  });
  test("an int beyond 2**53 comes back as a BigInt", () => {
    assert.equal(lib.big(2 ** 33), 2n ** 33n * 1000000007n);
  });
  test("strings are UTF-8 both ways", () => {
    assert.equal(lib.shout("héllo wörld"), "HéLLO WöRLD!");
    assert.equal(lib.shout(""), "!");
  });
  test("a list of strs comes back whole (packed as views since ABI version 4)", () => {
    const long = "a-word-well-past-the-fifteen-inline-bytes";
    assert.deepEqual(lib.split_words(`héllo  ${long} 東京`), ["héllo", "", long, "東京"]);
    assert.deepEqual(lib.split_words(""), [""]);
  });
  test("complex, numpy scalars, Literal and None", () => {
    assert.deepEqual(lib.conj({ re: 1, im: 2 }), { re: 1, im: -2 });
    assert.equal(lib.halve32(3), 1.5);
    assert.equal(lib.norm_fro(new Float64Array([3, 4])), 5);
    assert.equal(lib.norm_fro(new Float64Array([3, 4]), "fro"), 5); // the Literal may be given or left out
    assert.equal(lib.nothing(null), null);
  });
});

describe("containers", () => {
  test("a list argument is mutated in place", () => {
    const xs = [1, 2];
    assert.equal(lib.append_twice(xs, 7), null);
    assert.deepEqual(xs, [1, 2, 7, 7]);
  });
  test("a list the function left alone is not written to", () => {
    const frozen = Object.freeze([1.5, 2.5]); // inside a tuple: the library reports its state after the call
    assert.deepEqual(lib.pairs(["k", frozen]), [["k", 1.5], ["k", 2.5]]);
    const counts = Object.freeze({ a: 1 });
    assert.equal(lib.lookup(counts, "a"), 1);
  });
  test("lists of floats, bools and tuples come back as arrays", () => {
    assert.deepEqual(lib.cumulative([1, 2, 3.5]), [1, 3, 6.5]);
    assert.deepEqual(lib.flip([true, false, false]), [false, true, true]);
    assert.deepEqual(lib.pairs(["k", [1.5, 2.5]]), [["k", 1.5], ["k", 2.5]]);
    assert.deepEqual(lib.divmod_pair(-7, 2), [-4, 1]);
  });
  test("long lists and strings, beyond the function's scratch arena, keep their values", () => {
    const xs = Array.from({ length: 5000 }, (_, k) => k * 0.5); // 40 kB packed
    const sums = lib.cumulative(xs);
    assert.equal(sums.length, 5000);
    assert.equal(sums[4999], (4999 * 5000) / 4);
    const words = Array.from({ length: 3000 }, (_, k) => `w${k % 7}`); // 3000 nodes of 96 bytes
    assert.deepEqual([...lib.count_words(words)].map(([w, n]) => n), [429, 429, 429, 429, 428, 428, 428]);
    assert.equal(lib.shout("a".repeat(40000)), "A".repeat(40000) + "!");
  });
  test("dicts: results are Maps in insertion order, arguments objects or Maps, mutated in place", () => {
    const counts = lib.count_words(["b", "a", "b"]);
    assert.ok(counts instanceof Map);
    assert.deepEqual([...counts], [["b", 2], ["a", 1]]);
    const d = { x: 1 };
    assert.equal(lib.add_key(d, "y"), 2);
    assert.deepEqual(d, { x: 1, y: 1 });
    const m = new Map([["x", 1]]);
    lib.add_key(m, "z");
    assert.deepEqual([...m], [["x", 1], ["z", 1]]);
    assert.deepEqual([...lib.invert(new Map([[1, 2.5], [2, 3.5]]))], [[2.5, 1], [3.5, 2]]);
  });
});

describe("arrays", () => {
  test("a typed array argument is passed without a copy: in-place writes reach the caller", () => {
    const x = new Float64Array([1, 2, 3]);
    lib.scale(x, 2);
    assert.deepEqual([...x], [2, 4, 6]);
    const tail = new Float64Array([1, 2, 3, 4]).subarray(2); // a view at an offset
    lib.scale(tail, 10);
    assert.deepEqual([...tail], [30, 40]);
  });
  test("bool, int64 arrays and NDArrays with a shape", () => {
    assert.equal(lib.count_true(new Uint8Array([1, 0, 1, 1])), 3);
    assert.equal(lib.sum64(new BigInt64Array([1n, 2n, 2n ** 40n])), 3 + 2 ** 40);
    const m = new NDArray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3], "float64");
    assert.deepEqual([...lib.first_row(m).data], [1, 2, 3]);
  });
  test("a result array viewing an argument shares its memory", () => {
    const m = new NDArray(new Float64Array([1, 2, 3, 4]), [2, 2], "float64");
    const row = lib.first_row(m);
    row.data[1] = 99;
    assert.equal(m.data[1], 99);
  });
  test("a fresh result array has its shape and dtype; a strided one arrives in C order", () => {
    const r = lib.ramp(5);
    assert.ok(r instanceof NDArray);
    assert.deepEqual(r.shape, [5]);
    assert.equal(r.dtype, "float64");
    assert.deepEqual([...r.data], [0, 0.5, 1, 1.5, 2]);
    const g = lib.grid(2); // the transpose of a 2x3 array
    assert.deepEqual(g.shape, [3, 2]);
    assert.deepEqual(g.toArray(), [[0, 10], [1, 11], [2, 12]]);
    assert.deepEqual(lib.ramp(0).shape, [0]);
  });
  test("result arrays outlive many calls and garbage collections", () => {
    const kept = Array.from({ length: 50 }, (_, k) => lib.ramp(k + 1));
    for (let k = 0; k < 2000; k++) lib.ramp(64);
    globalThis.gc?.();
    kept.forEach((r, k) => assert.equal(r.data[k], k / 2));
  });
});

describe("reentrancy", () => {
  test("a getter among the arguments may call the same function while its arguments are being written", () => {
    const values = [1.5];
    Object.defineProperty(values, 1, { enumerable: true, get: () => lib.pairs(["zz", [9, 8, 7]]).length });
    assert.deepEqual(lib.pairs(["k", values]), [["k", 1.5], ["k", 3]]);
  });
});

describe("Python exceptions", () => {
  test("become PythonErrors with the class name and message", () => {
    assert.throws(() => lib.checked_sqrt(-1), (e) => e instanceof PythonError && e.name === "ValueError"
      && e.pythonClass === "ValueError" && e.message === "math domain error" && String(e) === "ValueError: math domain error");
    assert.throws(() => lib.singular(), { name: "numpy.linalg.LinAlgError", message: "Singular matrix" });
    assert.throws(() => lib.lookup({ a: 1 }, "b"), { name: "KeyError", message: "'b'" });
  });
});

describe("numpy's narrow, unsigned and complex64 dtypes", () => {
  test("a Uint8Array goes in as ndarray[uint8] and a uint8 array comes back, wrapping as numpy", () => {
    const img = new NDArray(new Uint8Array([0, 1, 200, 255, 10, 20]), [2, 3], "uint8");
    const out = lib.invert8(img, 255);
    assert.ok(out instanceof NDArray);
    assert.equal(out.dtype, "uint8");
    assert.ok(out.data instanceof Uint8Array);
    assert.deepEqual(out.shape, [2, 3]);
    assert.deepEqual(Array.from(out.data), [255, 254, 55, 0, 245, 235]);
    assert.deepEqual(Array.from(lib.invert8(img, 0).data), [0, 255, 56, 1, 246, 236]); // 0 - 200 wraps to 56
    assert.throws(() => lib.invert8(img, 256), TypeError); // a numpy uint8 holds 0..255
  });
  test("Int16Array in, Uint16Array out; BigUint64Array and a uint64 scalar beyond int64", () => {
    const out = lib.widen16(new Int16Array([-1, 2, -32768]));
    assert.equal(out.dtype, "uint16");
    assert.ok(out.data instanceof Uint16Array);
    assert.deepEqual(Array.from(out.data), [65535, 2, 32768]);
    assert.equal(lib.top64(new BigUint64Array([3n, 2n ** 64n - 1n, 7n])), 2n ** 64n - 1n);
  });
  test("complex64 travels as interleaved Float32Array parts", () => {
    const z = new NDArray(new Float32Array([1, 2, -0.5, 0.25]), [2], "complex64");
    const out = lib.conj64(z);
    assert.equal(out.dtype, "complex64");
    assert.ok(out.data instanceof Float32Array);
    assert.deepEqual(Array.from(out.data), [1, -2, -0.5, -0.25]);
  });
});
