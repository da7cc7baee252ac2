// The corpus embedding pipeline (corpus/embedding.py: tokenize -> vocabulary lookup -> mean pool -> L2
// normalise) compiled by opsynth, served from Node through the OpenAI-style client, and checked against
// the Python function itself, bit for bit.
//
//   node examples/embedding_pipeline.mjs [--json]
//
// Uses $OPSYNTH_BIN (else `opsynth` on PATH) to compile, on $OPSYNTH_OPLIB when set, and $OPSYNTH_PYTHON
// (else /usr/bin/python3, which has numpy) to run the original. Exit status 0 when the vectors are equal.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NDArray, Opsynth, load } from "../index.js";

const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const PIPELINE = path.join(SOURCE_DIR, "corpus", "embedding.py");
const OPSYNTH = process.env.OPSYNTH_BIN || "opsynth";
const PYTHON = process.env.OPSYNTH_PYTHON || "/usr/bin/python3";
const DIM = 8;

const DOCUMENTS = [
  "The cat sat on the mat.",
  "A dog chased the cat around the garden!",
  "Compiled functions need no Python at run time; the dog agrees.",
  "Ünïcode wörds are casefolded too: ÜNÏCODE, straße, STRASSE.",
];
const QUERIES = ["the cat and the dog", "Garden mat", "straße unicode", "nothing known here"];

// Exactly representable values, so that JS and numpy hold the same table bit for bit.
function tableRows(rows) {
  return Array.from({ length: rows * DIM }, (_, k) => (((Math.floor(k / DIM) * 31 + (k % DIM) * 17) % 97) - 48) / 16);
}

function compile(work) {
  const so = path.join(work, "embedding.so");
  execFileSync(OPSYNTH, ["compile", PIPELINE, "-o", so, "--quiet"], { stdio: ["ignore", "inherit", "inherit"] });
  return so;
}

// The original Python functions on the same vocabulary and table: their vectors as hex of the float64 bits.
function pythonVectors(vocab, table, rows) {
  const script = `
import json, sys
import numpy as np
sys.path.insert(0, ${JSON.stringify(path.dirname(PIPELINE))})
import embedding
args = json.load(sys.stdin)
table = np.array(args["table"], dtype=np.float64).reshape(args["rows"], ${DIM})
print(json.dumps([embedding.embed(q, args["vocab"], table).tobytes().hex() for q in args["queries"]]))
`;
  const input = JSON.stringify({ vocab: Object.fromEntries(vocab), table, rows, queries: QUERIES });
  return JSON.parse(execFileSync(PYTHON, ["-c", script], { input, encoding: "utf8" }));
}

export async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "opsynth-embedding-"));
  try {
    const lib = load(compile(work));
    const vocab = lib.build_vocab(DOCUMENTS, 1); // a Map, ids in order of first sight
    const rows = vocab.size + 1; // row 0: unknown tokens
    const table = new NDArray(Float64Array.from(tableRows(rows)), [rows, DIM], "float64");

    const client = new Opsynth({
      functions: {
        "opsynth-bow-8": { embed: (text) => lib.embed(text, vocab, table), countTokens: (text) => lib.tokenize(text).length },
      },
    });
    const response = await client.embeddings.create({ model: "opsynth-bow-8", input: QUERIES });

    const fromNode = response.data.map((d) => Buffer.from(Float64Array.from(d.embedding).buffer).toString("hex"));
    const fromPython = pythonVectors(vocab, [...table.data], rows);
    const same = fromNode.every((hex, k) => hex === fromPython[k]);
    if (process.argv.includes("--json")) {
      console.log(JSON.stringify({ same, usage: response.usage, node: response.data.map((d) => d.embedding), python: fromPython }));
    } else {
      console.log(`vocabulary: ${vocab.size} tokens; ${response.data.length} embeddings of ${DIM} from ${response.model}, usage ${JSON.stringify(response.usage)}`);
      response.data.forEach((d, k) => console.log(`${JSON.stringify(QUERIES[k]).padEnd(24)} ${d.embedding.map((x) => x.toFixed(4)).join(" ")}`));
      console.log(same ? "Node and Python give the same vectors, bit for bit" : "Node and Python vectors DIFFER");
    }
    return same;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = (await main()) ? 0 : 1;
}
