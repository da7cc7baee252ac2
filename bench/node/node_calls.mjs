// The Node half of bench_node_calls.py: times calls of a compiled library's functions from Node.
//   node node_calls.mjs LIB.so CALLS REPEAT  ->  JSON {name: microseconds per call (best of REPEAT)}
import { NDArray, load } from "../../bindings/node/index.js";

const [so, callsText, repeatText] = process.argv.slice(2);
const calls = Number(callsText);
const repeat = Number(repeatText);
const lib = load(so);

// The same arguments bench_node_calls.py gives Python.
const vocab = new Map([["the", 1], ["cat", 2], ["sat", 3], ["on", 4], ["mat", 5]]);
const table = new NDArray(Float64Array.from({ length: 6 * 8 }, (_, k) => (k % 13) / 8), [6, 8], "float64");
const CALLS = {
  add: [1.5, 2.5],
  tri: [10],
  first_upper: ["Hello"],
  total: [Float64Array.from({ length: 8 }, (_, k) => k)],
  embed: ["The cat sat on the mat", vocab, table],
};

const result = {};
for (const [name, args] of Object.entries(CALLS)) {
  const fn = lib[name];
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < calls; k++) fn(...args);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e3 / calls);
  }
  result[name] = best;
}
console.log(JSON.stringify(result));
