// Loading a compiled library (fn.so + fn.manifest.json) and exposing each exported function as a JS
// function with the manifest's signature (the Node side of compiler/python/opsynth/__init__.py).
import fs from "node:fs";
import path from "node:path";
import { Arena, koffi, NODE_SIZE, OFFSET, KIND } from "./native.js";
import { Call } from "./marshal.js";
import { LoadError } from "./errors.js";
import { parse, TypeSyntaxError } from "./type_language.js";

export const ABI_VERSION = 6;
// A version 1 library never packs lists; version 3 also reads lists of strs packed as views, which this
// host does not send; version 4 returns lists of strs packed as views; version 5 also reads dicts as two
// packed columns, which this host does not send either; version 6 returns new dicts of scalars and strs
// as two packed columns, and may name input strs in its results, but only those a caller sent as
// nameable views, which this host does not send. Each reads as it is.
export const ABI_VERSIONS_READ = [1, 2, 3, 4, 5, 6];
export const MANIFEST_SCHEMA = 1;
const ARENA_BYTES = 16 * 1024; // one per function: a call's arguments up to this size need no allocation

const DEFAULT_KINDS = {
  int: (text) => Number(text),
  float: (text) => Number(text),
  str: (text) => text,
  bool: (text) => text === "True",
  None: () => null,
};

export class Library {
  constructor(file) {
    this.path = path.resolve(file);
    const stem = this.path.endsWith(".so") ? this.path.slice(0, -3) : this.path;
    this.manifestPath = `${stem}.manifest.json`;
    if (!fs.existsSync(this.path)) throw new LoadError(`${this.path}: no such library file`, this.path);
    let manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(this.manifestPath, "utf8"));
    } catch (e) {
      throw new LoadError(`${this.manifestPath}: cannot read the manifest (${e.message})`, this.manifestPath);
    }
    if (typeof manifest !== "object" || manifest === null || manifest.schema !== MANIFEST_SCHEMA) {
      throw new LoadError(`${this.manifestPath}: manifest schema must be ${MANIFEST_SCHEMA}`, this.manifestPath);
    }
    this.manifest = manifest;
    let native;
    try {
      native = koffi.load(this.path);
    } catch (e) {
      throw new LoadError(`${this.path}: cannot load the library (${e.message})`, this.path);
    }
    let version;
    try {
      version = native.func("int opsynth_abi_version()")();
      this.releaseNode = native.func("void opsynth_release(uintptr_t node)");
      this.releaseArray = native.func("void opsynth_release_array(uintptr_t owner)");
    } catch (e) {
      throw new LoadError(`${this.path}: not an opsynth library (${e.message})`, this.path);
    }
    if (!ABI_VERSIONS_READ.includes(version)) {
      throw new LoadError(`${this.path}: ABI version ${version}, this loader reads versions ${ABI_VERSIONS_READ.join(", ")}`, this.path);
    }
    this.abiVersion = version;
    // Result arrays over library memory: freed when the garbage collector drops their buffer.
    this.arrays = new FinalizationRegistry((owner) => this.releaseArray(owner));
    this.functions = {};
    for (const entry of manifest.functions ?? []) {
      const fn = makeFunction(this, native, entry);
      this.functions[fn.name] = fn;
      if (!(fn.name in this)) this[fn.name] = fn;
    }
  }

  release(nodeAddress) {
    this.releaseNode(nodeAddress);
  }

  adoptArray(buffer, owner) {
    this.arrays.register(buffer, owner);
  }
}

function makeFunction(library, native, entry) {
  const where = library.manifestPath;
  const name = entry?.name;
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new LoadError(`${where}: function name ${JSON.stringify(name)} is not an identifier`, where);
  }
  let params;
  let entryPoint;
  try {
    params = entry.params.map((p) => ({ name: p.name, type: parse(p.type), default: p.default }));
  } catch (e) {
    const why = e instanceof TypeSyntaxError ? e.message : `malformed entry (${e.message})`;
    throw new LoadError(`${where}: function '${name}': ${why}`, where);
  }
  try {
    // Node pointers cross as addresses: every node of a call lives in the function's arena (or in
    // buffers the call keeps alive), so koffi has nothing to convert.
    entryPoint = native.func(entry.symbol, "int", ["uintptr_t", "int64_t", "uintptr_t", "uintptr_t"]);
  } catch (e) {
    throw new LoadError(`${library.path}: the library has no symbol '${entry.symbol}' for '${name}' (${e.message})`, library.path);
  }
  // Trailing parameters may be left out when the source gave a default, or a Literal has its only value.
  const defaults = [];
  for (let k = params.length - 1; k >= 0; k--) {
    const p = params[k];
    if (p.default) defaults[k] = DEFAULT_KINDS[p.default.kind](p.default.value);
    else if (p.type.kind === "literal") defaults[k] = literalDefault(p.type.literal);
    else break;
  }
  const required = params.findIndex((_, k) => k in defaults);
  const minimum = required === -1 ? params.length : required;
  const arena = new Arena(ARENA_BYTES);
  const signature = `${name}(${params.map((p) => `${p.name}: ${p.type.text}`).join(", ")}) -> ${entry.result ?? "?"}`;

  const fn = {
    [name](...args) {
      if (args.length > params.length || args.length < minimum) {
        const missing = params.slice(args.length, minimum).map((p) => `'${p.name}'`);
        throw new TypeError(args.length > params.length
          ? `${name}() takes ${params.length} arguments but ${args.length} were given`
          : `${name}() missing required argument${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
      }
      const n = params.length;
      // A getter or Proxy among the arguments may call this function again while its arena is in use.
      const scratch = arena.busy ? new Arena(ARENA_BYTES) : arena;
      scratch.reset();
      scratch.busy = true;
      try {
        const call = new Call(name, library, scratch);
        const [argNodes, argAddress] = call.nodes(n);
        const [after, afterAddress] = call.nodes(n);
        const [out, outAddress] = call.nodes(1);
        for (let k = 0; k < n; k++) {
          const value = k < args.length ? args[k] : defaults[k];
          call.encode(params[k].type, value, argNodes, k * NODE_SIZE, params[k].name);
          after.setInt32(k * NODE_SIZE + OFFSET.kind, KIND.UNSET, true);
        }
        const rc = entryPoint(argAddress, n, outAddress, afterAddress);
        return call.finish(rc, out, outAddress, after, afterAddress, n);
      } finally {
        scratch.busy = false;
      }
    },
  }[name];
  Object.defineProperty(fn, "signature", { value: signature });
  Object.defineProperty(fn, "params", { value: params.map((p) => ({ name: p.name, type: p.type.text })) });
  Object.defineProperty(fn, "result", { value: entry.result ?? null });
  return fn;
}

function literalDefault(lit) {
  if (typeof lit === "boolean" || typeof lit === "string") return lit;
  return lit.int !== undefined ? lit.int : lit.float;
}

/** Loads the compiled library at `file` (a .so) with the manifest beside it. */
export function load(file) {
  return new Library(file);
}

