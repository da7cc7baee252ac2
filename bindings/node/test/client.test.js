// The OpenAI-style client: local models served by a compiled function, others forwarded to an
// OpenAI-compatible endpoint (here a fixture server on 127.0.0.1 that this test starts).
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import {
  APIConnectionError, APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, Opsynth, load,
} from "../index.js";
import { buildFixtureLibrary } from "./fixture_library.js";

let lib;
let server;
let baseURL;
const requests = [];

// The fixture endpoint: knows one model, checks the key, answers as OpenAI's /v1/embeddings does.
function answer(req, res) {
  let text = "";
  req.on("data", (chunk) => (text += chunk));
  req.on("end", () => {
    const body = JSON.parse(text);
    requests.push({ url: req.url, method: req.method, authorization: req.headers.authorization, body });
    const reply = (status, payload) => {
      res.writeHead(status, { "content-type": "application/json", "x-request-id": "req_fixture" });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== "Bearer sk-fixture") {
      return reply(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
    }
    if (body.model !== "remote-small") {
      return reply(404, { error: { message: `The model \`${body.model}\` does not exist`, type: "invalid_request_error", param: null, code: "model_not_found" } });
    }
    const inputs = typeof body.input === "string" ? [body.input] : body.input;
    reply(200, {
      object: "list",
      data: inputs.map((s, index) => ({ object: "embedding", index, embedding: [s.length, index] })),
      model: body.model,
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  });
}

before(async () => {
  lib = load(buildFixtureLibrary().so);
  server = http.createServer(answer);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${server.address().port}/v1`;
});
after(() => server.close());

function client(options = {}) {
  // ramp(n) is a compiled function: the "embedding" of a text is [0, 0.5, 1, ...] of its length.
  return new Opsynth({ functions: { "ramp-local": (text) => lib.ramp(text.length) }, baseURL, apiKey: "sk-fixture", ...options });
}

describe("a local model", () => {
  test("answers in OpenAI's response shape from the compiled function", async () => {
    const before = requests.length;
    const response = await client().embeddings.create({ model: "ramp-local", input: ["abc", "hello"] });
    assert.deepEqual(response, {
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [0, 0.5, 1] },
        { object: "embedding", index: 1, embedding: [0, 0.5, 1, 1.5, 2] },
      ],
      model: "ramp-local",
      usage: { prompt_tokens: 2, total_tokens: 2 },
    });
    assert.equal(requests.length, before, "a local model sends nothing");
  });
  test("a single string, base64 and a token counter", async () => {
    const c = new Opsynth({ functions: { r: { embed: (text) => lib.ramp(text.length), countTokens: (text) => text.length } } });
    const response = await c.embeddings.create({ model: "r", input: "abcd", encoding_format: "base64" });
    const vector = new Float32Array(Uint8Array.from(Buffer.from(response.data[0].embedding, "base64")).buffer);
    assert.deepEqual([...vector], [0, 0.5, 1, 1.5]);
    assert.deepEqual(response.usage, { prompt_tokens: 4, total_tokens: 4 });
  });
  test("bad input is a BadRequestError as OpenAI words it", async () => {
    await assert.rejects(client().embeddings.create({ model: "ramp-local", input: [1, 2] }),
      (e) => e instanceof BadRequestError && e.status === 400 && e.param === "input" && e.type === "invalid_request_error");
    await assert.rejects(client().embeddings.create({ model: "ramp-local", input: "ab", dimensions: 3 }),
      (e) => e instanceof BadRequestError && e.message === "400 'ramp-local' gives 2-dimensional embeddings, not 3");
  });
  test("a Python exception in the function is a 500 carrying it", async () => {
    const c = new Opsynth({ functions: { bad: () => lib.checked_sqrt(-1) } });
    await assert.rejects(c.embeddings.create({ model: "bad", input: "x" }),
      (e) => e instanceof InternalServerError && e.status === 500 && e.cause.name === "ValueError"
        && e.message === "500 bad: ValueError: math domain error");
  });
});

describe("a model the client does not have", () => {
  test("is forwarded to the endpoint with the key, and its answer returned", async () => {
    const response = await client().embeddings.create({ model: "remote-small", input: ["ab", "abc"] });
    assert.deepEqual(response.data.map((d) => d.embedding), [[2, 0], [3, 1]]);
    assert.deepEqual(response.usage, { prompt_tokens: 2, total_tokens: 2 });
    const sent = requests.at(-1);
    assert.equal(sent.url, "/v1/embeddings");
    assert.equal(sent.method, "POST");
    assert.equal(sent.authorization, "Bearer sk-fixture");
    assert.deepEqual(sent.body, { model: "remote-small", input: ["ab", "abc"] });
  });
  test("takes the endpoint and key from OPENAI_BASE_URL and OPENAI_API_KEY", async () => {
    const saved = { url: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };
    process.env.OPENAI_BASE_URL = `${baseURL}/`;
    process.env.OPENAI_API_KEY = "sk-fixture";
    try {
      const response = await new Opsynth().embeddings.create({ model: "remote-small", input: "abcd" });
      assert.deepEqual(response.data[0].embedding, [4, 0]);
    } finally {
      for (const [name, value] of [["OPENAI_BASE_URL", saved.url], ["OPENAI_API_KEY", saved.key]]) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
  test("an unknown model is the SDK's NotFoundError with the endpoint's message", async () => {
    await assert.rejects(client().embeddings.create({ model: "nowhere", input: "x" }), (e) => {
      assert.ok(e instanceof NotFoundError && e instanceof APIError);
      assert.equal(e.status, 404);
      assert.equal(e.message, "404 The model `nowhere` does not exist");
      assert.equal(e.code, "model_not_found");
      assert.equal(e.type, "invalid_request_error");
      assert.equal(e.error.message, "The model `nowhere` does not exist");
      assert.equal(e.headers["x-request-id"], "req_fixture");
      return true;
    });
  });
  test("a wrong key is an AuthenticationError", async () => {
    await assert.rejects(client({ apiKey: "sk-wrong" }).embeddings.create({ model: "remote-small", input: "x" }),
      (e) => e instanceof AuthenticationError && e.status === 401 && e.code === "invalid_api_key");
  });
  test("an endpoint nobody listens on is an APIConnectionError", async () => {
    const closed = http.createServer();
    await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = closed.address().port;
    await new Promise((resolve) => closed.close(resolve));
    await assert.rejects(client({ baseURL: `http://127.0.0.1:${port}/v1` }).embeddings.create({ model: "remote-small", input: "x" }),
      (e) => e instanceof APIConnectionError && e.status === undefined && e.message.startsWith("Connection error."));
  });
});
