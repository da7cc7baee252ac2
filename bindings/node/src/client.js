// An OpenAI-style client: `embeddings.create` is served by a compiled function when `model` names one of
// the client's `functions`, and forwarded to an OpenAI-compatible endpoint otherwise, so one call site
// works for local and remote models.
import { APIConnectionError, APIError, BadRequestError, InternalServerError } from "./api_errors.js";
import { NDArray } from "./ndarray.js";
import { PythonError } from "./errors.js";

const DEFAULT_BASE_URL = "https://api.openai.com/v1";

export class Opsynth {
  /**
   * @param {object} [options]
   * @param {Record<string, Function | {embed: Function, countTokens?: Function}>} [options.functions]
   *   local models by name: a function from one text to its vector (a typed array, an NDArray of rank 1
   *   or an array of numbers), or an object with `embed` and `countTokens(text)` for `usage`
   * @param {string} [options.baseURL] the endpoint other models go to (default $OPENAI_BASE_URL, else OpenAI's)
   * @param {string} [options.apiKey] sent as a Bearer token (default $OPENAI_API_KEY)
   * @param {Function} [options.fetch] the fetch to forward with (default globalThis.fetch)
   */
  constructor({ functions = {}, baseURL, apiKey, fetch } = {}) {
    this.functions = {};
    for (const [model, entry] of Object.entries(functions)) {
      const embed = typeof entry === "function" ? entry : entry?.embed;
      if (typeof embed !== "function") throw new TypeError(`Opsynth: functions['${model}'] must be a function or { embed }`);
      this.functions[model] = { embed, countTokens: entry.countTokens ?? countWords };
    }
    this.baseURL = (baseURL ?? process.env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.apiKey = apiKey ?? process.env.OPENAI_API_KEY ?? null;
    this.fetch = fetch ?? globalThis.fetch;
    this.embeddings = { create: (body) => this.createEmbeddings(body) };
  }

  async createEmbeddings(body) {
    const local = this.functions[body?.model];
    if (!local) return this.forward("/embeddings", body);
    return embedLocally(body, local);
  }

  async forward(route, body) {
    const headers = { "content-type": "application/json", accept: "application/json" };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let response;
    try {
      response = await this.fetch(`${this.baseURL}${route}`, { method: "POST", headers, body: JSON.stringify(body) });
    } catch (cause) {
      throw new APIConnectionError({ message: `Connection error. (${this.baseURL}: ${cause?.cause?.code ?? cause?.message})`, cause });
    }
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = parsed?.error ?? parsed ?? (text ? { message: text } : undefined);
      throw APIError.generate(response.status, error, undefined, Object.fromEntries(response.headers));
    }
    if (parsed === undefined) throw new APIError(response.status, { message: `${this.baseURL}${route} answered with no JSON` });
    return parsed;
  }
}

function badRequest(message, param) {
  return new BadRequestError(400, { message, type: "invalid_request_error", param, code: null });
}

function embedLocally(body, { embed, countTokens }) {
  const { model, input, encoding_format: format = "float", dimensions } = body;
  const texts = typeof input === "string" ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === "string")) {
    throw badRequest(`'${model}' takes input as a string or a non-empty array of strings`, "input");
  }
  if (format !== "float" && format !== "base64") throw badRequest(`encoding_format must be 'float' or 'base64'`, "encoding_format");
  const data = [];
  let tokens = 0;
  texts.forEach((text, index) => {
    let vector;
    try {
      vector = vectorOf(embed(text));
    } catch (e) {
      if (e instanceof PythonError || e instanceof TypeError) {
        const error = new InternalServerError(500, { message: `${model}: ${e.name}: ${e.message}`, type: "server_error", param: null, code: null });
        error.cause = e;
        throw error;
      }
      throw e;
    }
    if (dimensions !== undefined && dimensions !== vector.length) {
      throw badRequest(`'${model}' gives ${vector.length}-dimensional embeddings, not ${dimensions}`, "dimensions");
    }
    tokens += countTokens(text);
    data.push({ object: "embedding", index, embedding: format === "base64" ? base64Float32(vector) : Array.from(vector) });
  });
  return { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function vectorOf(result) {
  if (result instanceof NDArray) {
    if (result.ndim !== 1 || !["bool", "float32", "float64", "int32", "uint8", "int8", "int16", "uint16", "uint32"].includes(result.dtype)) {
      throw new TypeError(`an embedding is a rank 1 real array, got ${result.dtype} of shape [${result.shape}]`);
    }
    return result.data;
  }
  if (result instanceof Float64Array || result instanceof Float32Array) return result;
  if (Array.isArray(result) && result.every((x) => typeof x === "number")) return result;
  throw new TypeError("an embedding function returns a Float64Array, a Float32Array, a rank 1 NDArray or an array of numbers");
}

// As OpenAI sends base64 embeddings: little-endian float32.
function base64Float32(vector) {
  return Buffer.from(Float32Array.from(vector).buffer).toString("base64");
}

// `usage` for a model that does not say how it counts: whitespace-separated words.
function countWords(text) {
  return text.split(/\s+/).filter(Boolean).length;
}
