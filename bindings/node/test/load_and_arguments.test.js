// What goes wrong before a call: a missing or foreign library, another ABI version, bad JS arguments.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ABI_VERSIONS_READ, LoadError, load } from "../index.js";
import { buildFixtureLibrary, buildForeignLibrary, buildOtherAbiLibrary } from "./fixture_library.js";

let lib;
let scratch;
before(() => {
  lib = load(buildFixtureLibrary().so);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "opsynth-node-load-"));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("loading", () => {
  test("a missing library file is a LoadError naming the file", () => {
    const missing = path.join(scratch, "absent.so");
    assert.throws(() => load(missing), (e) => e instanceof LoadError && e.file === missing && e.message.includes(missing));
  });
  test("a missing manifest is a LoadError naming the manifest", () => {
    const so = path.join(scratch, "bare.so");
    fs.copyFileSync(buildFixtureLibrary().so, so);
    assert.throws(() => load(so), (e) => e instanceof LoadError && e.message.includes(path.join(scratch, "bare.manifest.json")));
  });
  test("a library built with another ABI version names the file and both versions", () => {
    const so = buildOtherAbiLibrary(scratch, 7);
    assert.throws(() => load(so), (e) => e instanceof LoadError && e.file === so
      && e.message === `${so}: ABI version 7, this loader reads versions ${ABI_VERSIONS_READ.join(", ")}`);
  });
  test("a shared library that is not opsynth's is refused", () => {
    const so = buildForeignLibrary(scratch);
    assert.throws(() => load(so), (e) => e instanceof LoadError && e.message.startsWith(`${so}: not an opsynth library`));
  });
  test("each function carries its manifest signature", () => {
    assert.equal(lib.hypot_scaled.signature, "hypot_scaled(x: float, y: float, k: int) -> float");
    assert.equal(lib.hypot_scaled.name, "hypot_scaled");
  });
});

describe("bad arguments are TypeErrors naming the parameter, thrown before the call", () => {
  const cases = [
    ["a string for a float", () => lib.hypot_scaled("3", 4, 1), "hypot_scaled() argument 'x': expected float, got string"],
    ["a fraction for an int", () => lib.hypot_scaled(3, 4, 1.5), "hypot_scaled() argument 'k': expected int, got number 1.5"],
    ["an int beyond int64", () => lib.big(2n ** 63n), "big() argument 'n': expected int, got bigint (outside int64)"],
    ["a whole number beyond int64", () => lib.big(1e19), "big() argument 'n': expected int, got number 10000000000000000000 (outside int64)"],
    ["a number for a bool", () => lib.negate_flag(1), "negate_flag() argument 'b': expected bool, got number 1"],
    ["a number for a str", () => lib.shout(5), "shout() argument 's': expected str, got number 5"],
    ["a bad list element", () => lib.append_twice([1, "2"], 3), "append_twice() argument 'xs' at [1]: expected int, got string"],
    ["an object for a list", () => lib.cumulative({}), "cumulative() argument 'xs': expected list[float], got Object"],
    ["a tuple of the wrong length", () => lib.pairs(["k"]), "pairs() argument 't': expected tuple[str,list[float]], got Array(1)"],
    ["an object for a dict with int keys", () => lib.invert({ 1: 2 }), "invert() argument 'd': expected dict[int,float], got Object"],
    ["a wrong dict value", () => lib.lookup({ a: "1" }, "a"), `lookup() argument 'd' at ["a"]: expected int, got string`],
    ["a plain array for an ndarray", () => lib.scale([1, 2], 2), "scale() argument 'x': expected ndarray[float64,1], got Array(2)"],
    ["a typed array of another dtype", () => lib.scale(new Float32Array(2), 2), "scale() argument 'x': expected ndarray[float64,1], got Float32Array"],
    ["a rank 1 array for rank 2", () => lib.first_row(new Float64Array(4)), "first_row() argument 'x': expected ndarray[float64,2], got Float64Array"],
    ["another Literal value", () => lib.norm_fro(new Float64Array(2), "nuc"), "norm_fro() argument 'ord': expected Literal['fro'], got string"],
  ];
  for (const [what, call, message] of cases) {
    test(what, () => assert.throws(call, (e) => e instanceof TypeError && e.message.startsWith(message)));
  }
  test("too few or too many arguments", () => {
    assert.throws(() => lib.hypot_scaled(1, 2), { name: "TypeError", message: "hypot_scaled() missing required argument 'k'" });
    assert.throws(() => lib.shout("a", "b"), { name: "TypeError", message: "shout() takes 1 arguments but 2 were given" });
  });
  test("a list whose element is wrong is left as it was", () => {
    const xs = [1, "2"];
    assert.throws(() => lib.append_twice(xs, 3), TypeError);
    assert.deepEqual(xs, [1, "2"]);
  });
});
