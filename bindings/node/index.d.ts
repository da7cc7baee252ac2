// Types of the opsynth Node package (index.js).

/** The JS form of ndarray[DT,N]: a typed array in C order and its shape. */
export type Dtype = "bool" | "int32" | "int64" | "float32" | "float64" | "complex128"
  | "uint8" | "int8" | "int16" | "uint16" | "uint32" | "uint64" | "complex64";
/** complex128 and complex64 interleave real and imaginary parts. */
export type TypedArrayOf<D extends Dtype> = D extends "bool" | "uint8" ? Uint8Array : D extends "int8" ? Int8Array
  : D extends "int16" ? Int16Array : D extends "uint16" ? Uint16Array : D extends "int32" ? Int32Array
  : D extends "uint32" ? Uint32Array : D extends "int64" ? BigInt64Array : D extends "uint64" ? BigUint64Array
  : D extends "float32" | "complex64" ? Float32Array : Float64Array;

export class NDArray<D extends Dtype = Dtype> {
  constructor(data: TypedArrayOf<D>, shape: number[], dtype: D);
  readonly data: TypedArrayOf<D>;
  readonly shape: number[];
  readonly dtype: D;
  readonly ndim: number;
  readonly size: number;
  /** Nested arrays of numbers (booleans for bool, BigInts for int64 and uint64). */
  toArray(): unknown;
}

/**
 * A value crossing into or out of a compiled function, by its manifest type:
 * bool -> boolean; int -> number (a bigint beyond 2**53); float -> number; complex -> {re, im};
 * str -> string; None -> null; list[T] -> T[] (mutations written back in place); tuple[...] -> array;
 * dict[K,V] -> Map (an object too, for str keys, as an argument); ndarray[DT,N] -> NDArray (a bare typed
 * array for rank 1, as an argument; arrays are passed and returned without a copy).
 */
export type Value = null | boolean | number | bigint | string | { re: number; im: number } | Value[]
  | Map<Value, Value> | { [key: string]: Value } | NDArray | ArrayBufferView;

export interface CompiledFunction {
  (...args: Value[]): any;
  /** "name(x: float, ...) -> float", from the manifest. */
  readonly signature: string;
  readonly params: { name: string; type: string }[];
  readonly result: string | null;
}

export class Library {
  constructor(file: string);
  readonly path: string;
  readonly manifestPath: string;
  readonly abiVersion: number;
  readonly manifest: unknown;
  readonly functions: Record<string, CompiledFunction>;
  /** Each exported function is also a property of the library (typed through `functions`). */
  [name: string]: any;
}

/** Loads fn.so with the fn.manifest.json beside it. */
export function load(file: string): Library;
export const ABI_VERSION: number;
export const ABI_VERSIONS_READ: number[];

/** What a compiled function raised in Python terms: name/pythonClass "ValueError", message Python's. */
export class PythonError extends Error {
  readonly pythonClass: string;
  readonly functionName: string;
}

/** A library that cannot be used: missing file, bad manifest, another ABI version (the message says which). */
export class LoadError extends Error {
  readonly file: string;
}

// ---- the OpenAI-style client ----

export type EmbeddingFunction = (text: string) => NDArray | Float64Array | Float32Array | number[];

export interface OpsynthOptions {
  /** Local models by name. */
  functions?: Record<string, EmbeddingFunction | { embed: EmbeddingFunction; countTokens?: (text: string) => number }>;
  /** Where other models are forwarded (default $OPENAI_BASE_URL, else https://api.openai.com/v1). */
  baseURL?: string;
  /** Bearer token for the endpoint (default $OPENAI_API_KEY). */
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
}

export interface EmbeddingCreateParams {
  model: string;
  input: string | string[];
  encoding_format?: "float" | "base64";
  dimensions?: number;
  [key: string]: unknown;
}

export interface Embedding {
  object: "embedding";
  index: number;
  embedding: number[] | string;
}

export interface CreateEmbeddingResponse {
  object: "list";
  data: Embedding[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

export class Opsynth {
  constructor(options?: OpsynthOptions);
  readonly baseURL: string;
  embeddings: { create(body: EmbeddingCreateParams): Promise<CreateEmbeddingResponse> };
}
export default Opsynth;

/** As the OpenAI SDK's errors: status, error (the endpoint's error object), code, param, type, headers. */
export class APIError extends Error {
  readonly status: number | undefined;
  readonly error: any;
  readonly code: string | null;
  readonly param: string | null;
  readonly type: string | null;
  readonly headers: Record<string, string> | undefined;
}
export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}
export class APIConnectionError extends APIError {}
