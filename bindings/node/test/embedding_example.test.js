// The example end to end: corpus/embedding.py compiled by opsynth, called from Node through
// client.embeddings.create, and its vectors equal to the Python function's. Needs the opsynth command
// ($OPSYNTH_BIN, which ctest sets) and Debian's Python with numpy; compiles on a copy of oplib/.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { SOURCE_DIR } from "./fixture_library.js";

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../examples/embedding_pipeline.mjs");
const opsynth = process.env.OPSYNTH_BIN;

test("the compiled embedding pipeline gives Python's vectors through embeddings.create", { skip: !opsynth && "OPSYNTH_BIN is not set (ctest sets it)" }, () => {
  const oplib = fs.mkdtempSync(path.join(os.tmpdir(), "opsynth-node-oplib-"));
  try {
    fs.cpSync(path.join(SOURCE_DIR, "oplib"), oplib, { recursive: true }); // compiling records verifications
    const output = execFileSync(process.execPath, [EXAMPLE, "--json"], { env: { ...process.env, OPSYNTH_OPLIB: oplib }, encoding: "utf8" });
    const result = JSON.parse(output.trim().split("\n").at(-1));
    assert.equal(result.node.length, 4);
    assert.equal(result.python.length, 4);
    for (const vector of result.node) {
      assert.equal(vector.length, 8);
      assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-12, "embed returns unit vectors");
    }
    assert.equal(result.same, true, "Node's vectors differ from Python's");
    assert.ok(result.usage.prompt_tokens > 0);
  } finally {
    fs.rmSync(oplib, { recursive: true, force: true });
  }
});
