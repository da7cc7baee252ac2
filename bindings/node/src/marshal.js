// JS values across the C ABI of runtime/rt/abi.hpp (the Node side of what compiler/python/opsynth/abi.py
// does for Python; keep the three in step).
//
// One Call per call of a compiled function: encode() writes argument nodes into JS buffers by the
// parameter types (throwing a TypeError that names the parameter before anything is called), decode()
// turns library nodes back into JS values, and finish() writes list and dict mutations back into the
// caller's arrays, objects and Maps, releases the library's nodes and throws what the library raised.
//
// Arrays cross without a copy: an argument typed array is passed by address (in-place writes reach the
// caller), and a C-ordered result array is a typed array over the library's memory, freed when the
// garbage collector drops it, or over the argument's own buffer when it is a view of an argument.
import { KIND, NODE_SIZE, OFFSET, addressOf, cString, libraryBytes, libraryNodes } from "./native.js";
import { DTYPES } from "./type_language.js";
import { ITEM_SIZE, NDArray, TYPED_ARRAYS, isComplex, typedArrayFits } from "./ndarray.js";
import { PythonError } from "./errors.js";

const DTYPE_CODE = Object.fromEntries(DTYPES.map((name, code) => [name, code]));
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const utf8 = new TextDecoder("utf-8");
const STR_VIEW = 64; // a packed list's dtype for strs (rt/abi.hpp)
const DICT_COLUMNS = 1; // a DICT node's ndim when its items are two packed columns, keys then values (rt/abi.hpp)

/** What a JS value is, for messages. */
export function describe(v) {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof NDArray) return `NDArray(${v.dtype}, [${v.shape}])`;
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (Array.isArray(v)) return `Array(${v.length})`;
  if (v instanceof Map) return "Map";
  if (typeof v === "number") return `number ${v}`;
  if (typeof v === "object") return v.constructor?.name ?? "object";
  return typeof v;
}

function readAddress(view, at) {
  return Number(view.getBigUint64(at, true));
}

/** v as an int64 BigInt, or null when it is not an integer or lies outside int64. */
function int64Value(v) {
  let big;
  if (typeof v === "bigint") big = v;
  else if (typeof v === "number" && Number.isInteger(v)) big = BigInt(v);
  else return null;
  return big >= INT64_MIN && big <= INT64_MAX ? big : null;
}

// The integer dtypes of numpy scalars and their ranges.
const INT_RANGE = Object.fromEntries(
  [["int8", 8, true], ["int16", 16, true], ["int32", 32, true], ["int64", 64, true],
   ["uint8", 8, false], ["uint16", 16, false], ["uint32", 32, false], ["uint64", 64, false]].map(
    ([name, bits, signed]) => [name, signed ? [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n] : [0n, 2n ** BigInt(bits) - 1n]]),
);

function jsInt(big) {
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function isPlainObject(v) {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function literalMatches(lit, v) {
  if (typeof lit === "boolean") return v === lit;
  if (typeof lit === "string") return v === lit;
  if (lit.int !== undefined) return int64Value(v) === lit.int;
  if (typeof v === "bigint") return Number(v) === lit.float;
  return typeof v === "number" && (v === lit.float || (Number.isNaN(v) && Number.isNaN(lit.float)));
}

export class Call {
  constructor(functionName, library, arena) {
    this.functionName = functionName;
    this.library = library;
    this.arena = arena; // reset by the caller; separate buffers once it is full
    this.keep = []; // buffers the nodes point into, alive until the call returns
    this.objects = []; // input arrays, objects, Maps and typed arrays by id - 1
    this.ids = new Map();
    this.updated = new Set();
  }

  // --- JS -> nodes -----------------------------------------------------------------------------------

  /** n zeroed bytes: [bytes (a Buffer or typed array view), address]. */
  scratch(n) {
    const at = this.arena.take(n);
    if (at >= 0) return [this.arena.bytes.subarray(at, at + n), this.arena.address + at];
    const buffer = Buffer.alloc(n);
    this.keep.push(buffer);
    return [buffer, addressOf(buffer)];
  }

  /** n zeroed nodes: [DataView, address]. */
  nodes(n) {
    const [bytes, address] = this.scratch(Math.max(n, 1) * NODE_SIZE);
    return [new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), address];
  }

  /** A typed array's values copied into scratch memory: its address. */
  column(values) {
    const [bytes, address] = this.scratch(values.byteLength);
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return address;
  }

  fail(t, v, param, path, extra = "") {
    const where = `argument '${param}'` + (path ? ` at ${path}` : "");
    throw new TypeError(`${this.functionName}() ${where}: expected ${t.text}, got ${describe(v)}${extra}`);
  }

  identify(v) {
    if (!this.ids.has(v)) {
      this.objects.push(v);
      this.ids.set(v, this.objects.length);
    }
    return this.ids.get(v);
  }

  encode(t, v, node, at, param, path = "") {
    switch (t.kind) {
      case "None":
        if (v !== null && v !== undefined) this.fail(t, v, param, path);
        node.setInt32(at + OFFSET.kind, KIND.NONE, true);
        return;
      case "bool":
        if (typeof v !== "boolean") this.fail(t, v, param, path);
        node.setInt32(at + OFFSET.kind, KIND.BOOL, true);
        node.setBigInt64(at + OFFSET.i, v ? 1n : 0n, true);
        return;
      case "int": {
        const i = int64Value(v);
        if (i === null) this.fail(t, v, param, path, typeof v === "bigint" || Number.isInteger(v) ? " (outside int64)" : "");
        node.setInt32(at + OFFSET.kind, KIND.INT, true);
        node.setBigInt64(at + OFFSET.i, i, true);
        return;
      }
      case "float":
        if (typeof v !== "number" && typeof v !== "bigint") this.fail(t, v, param, path);
        node.setInt32(at + OFFSET.kind, KIND.FLOAT, true);
        node.setFloat64(at + OFFSET.f0, Number(v), true);
        return;
      case "complex": {
        const c = typeof v === "number" ? { re: v, im: 0 } : v;
        if (typeof c?.re !== "number" || typeof c?.im !== "number") this.fail(t, v, param, path, " (a number or { re, im })");
        node.setInt32(at + OFFSET.kind, KIND.COMPLEX, true);
        node.setFloat64(at + OFFSET.f0, c.re, true);
        node.setFloat64(at + OFFSET.f1, c.im, true);
        return;
      }
      case "str":
        if (typeof v !== "string") this.fail(t, v, param, path);
        this.encodeString(v, node, at);
        return;
      case "list":
        return this.encodeList(t, v, node, at, param, path);
      case "dict":
        return this.encodeDict(t, v, node, at, param, path);
      case "tuple": {
        if (!Array.isArray(v) || v.length !== t.args.length) {
          this.fail(t, v, param, path, Array.isArray(v) ? ` (a tuple of ${t.args.length} is an array of ${t.args.length})` : "");
        }
        const [items, address] = this.nodes(v.length);
        t.args.forEach((elem, k) => this.encode(elem, v[k], items, k * NODE_SIZE, param, `${path}[${k}]`));
        node.setInt32(at + OFFSET.kind, KIND.TUPLE, true);
        node.setBigInt64(at + OFFSET.len, BigInt(v.length), true);
        node.setBigUint64(at + OFFSET.items, BigInt(address), true);
        return;
      }
      case "ndarray":
        return this.encodeArray(t, v, node, at, param, path);
      case "npscalar":
        return this.encodeScalar(t, v, node, at, param, path);
      case "literal": {
        const lit = t.literal;
        if (!literalMatches(lit, v)) {
          throw new TypeError(`${this.functionName}() argument '${param}'${path ? ` at ${path}` : ""}: expected ${t.text}, got ${describe(v)}`);
        }
        // The literal itself crosses, as the Python loader sends it.
        if (typeof lit === "boolean") return this.encode({ kind: "bool" }, lit, node, at, param, path);
        if (typeof lit === "string") return this.encodeString(lit, node, at);
        if (lit.int !== undefined) return this.encode({ kind: "int" }, lit.int, node, at, param, path);
        return this.encode({ kind: "float" }, lit.float, node, at, param, path);
      }
      default:
        throw new TypeError(`${this.functionName}() argument '${param}': parameters of type ${t.text} cannot be passed from JS`);
    }
  }

  encodeString(s, node, at) {
    const length = Buffer.byteLength(s, "utf8");
    const [bytes, address] = this.scratch(length);
    bytes.write(s, 0, length, "utf8");
    node.setInt32(at + OFFSET.kind, KIND.STR, true);
    node.setBigUint64(at + OFFSET.str, BigInt(address), true);
    node.setBigInt64(at + OFFSET.len, BigInt(length), true);
  }

  encodeList(t, v, node, at, param, path) {
    if (!Array.isArray(v)) this.fail(t, v, param, path);
    const elem = t.args[0];
    node.setInt32(at + OFFSET.kind, KIND.LIST, true);
    node.setBigInt64(at + OFFSET.i, BigInt(this.identify(v)), true);
    node.setBigInt64(at + OFFSET.len, BigInt(v.length), true);
    const packed = this.packed(elem, v);
    if (packed) {
      node.setInt32(at + OFFSET.dtype, packed.dtype, true);
      node.setBigUint64(at + OFFSET.data, BigInt(this.column(packed.column)), true);
      return;
    }
    const [items, address] = this.nodes(v.length);
    v.forEach((x, k) => this.encode(elem, x, items, k * NODE_SIZE, param, `${path}[${k}]`));
    node.setBigUint64(at + OFFSET.items, BigInt(address), true);
  }

  /** A list of bools, ints or floats as one packed column (rt/abi.hpp), or null for the per-item path
   * (which also throws the precise error for a bad element). */
  packed(elem, v) {
    if (v.length === 0) return null;
    if (elem.kind === "float" && v.every((x) => typeof x === "number")) {
      return { column: Float64Array.from(v), dtype: DTYPE_CODE.float64 };
    }
    if (elem.kind === "int" && v.every((x) => int64Value(x) !== null)) {
      return { column: BigInt64Array.from(v, (x) => BigInt(x)), dtype: DTYPE_CODE.int64 };
    }
    if (elem.kind === "bool" && v.every((x) => typeof x === "boolean")) {
      return { column: Uint8Array.from(v, (x) => (x ? 1 : 0)), dtype: DTYPE_CODE.bool };
    }
    return null;
  }

  encodeDict(t, v, node, at, param, path) {
    const [keyType, valueType] = t.args;
    let entries;
    if (v instanceof Map) {
      entries = [...v.entries()];
    } else if (isPlainObject(v) && keyType.kind === "str") {
      entries = Object.entries(v);
    } else {
      this.fail(t, v, param, path, isPlainObject(v) ? " (a dict whose keys are not str is a Map)" : "");
    }
    const [items, address] = this.nodes(2 * entries.length);
    entries.forEach(([key, value], k) => {
      this.encode(keyType, key, items, 2 * k * NODE_SIZE, param, `${path} key ${JSON.stringify(String(key))}`);
      this.encode(valueType, value, items, (2 * k + 1) * NODE_SIZE, param, `${path}[${JSON.stringify(String(key))}]`);
    });
    node.setInt32(at + OFFSET.kind, KIND.DICT, true);
    node.setBigInt64(at + OFFSET.i, BigInt(this.identify(v)), true);
    node.setBigInt64(at + OFFSET.len, BigInt(2 * entries.length), true);
    node.setBigUint64(at + OFFSET.items, BigInt(address), true);
  }

  encodeArray(t, v, node, at, param, path) {
    // A bare typed array is a 1-D array of its element type; an NDArray says its shape and dtype.
    let array = v;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView) && t.ndim === 1 && typedArrayFits(v, t.dtype)) {
      array = new NDArray(v, [v.length], t.dtype);
    }
    if (!(array instanceof NDArray) || array.dtype !== t.dtype || array.ndim !== t.ndim) {
      this.fail(t, v, param, path, t.ndim === 1 ? ` (a ${TYPED_ARRAYS[t.dtype].name} or an NDArray)` : " (an NDArray)");
    }
    const ndim = array.ndim;
    const shape = BigInt64Array.from(array.shape, (d) => BigInt(d));
    const strides = new BigInt64Array(ndim);
    let step = ITEM_SIZE[t.dtype];
    for (let axis = ndim - 1; axis >= 0; axis--) {
      strides[axis] = BigInt(step);
      step *= array.shape[axis];
    }
    node.setInt32(at + OFFSET.kind, KIND.NDARRAY, true);
    node.setInt32(at + OFFSET.dtype, DTYPE_CODE[t.dtype], true);
    node.setBigInt64(at + OFFSET.i, BigInt(this.identify(array.data)), true);
    node.setBigUint64(at + OFFSET.data, BigInt(addressOf(array.data)), true);
    node.setBigInt64(at + OFFSET.ndim, BigInt(ndim), true);
    node.setBigUint64(at + OFFSET.shape, BigInt(this.column(shape)), true);
    node.setBigUint64(at + OFFSET.strides, BigInt(this.column(strides)), true);
  }

  encodeScalar(t, v, node, at, param, path) {
    node.setInt32(at + OFFSET.kind, KIND.NPSCALAR, true);
    node.setInt32(at + OFFSET.dtype, DTYPE_CODE[t.dtype], true);
    if (t.dtype === "bool") {
      if (typeof v !== "boolean") this.fail(t, v, param, path);
      node.setBigInt64(at + OFFSET.i, v ? 1n : 0n, true);
    } else if (t.dtype in INT_RANGE) {
      const big = typeof v === "bigint" ? v : typeof v === "number" && Number.isInteger(v) ? BigInt(v) : null;
      const [lo, hi] = INT_RANGE[t.dtype];
      if (big === null || big < lo || big > hi) this.fail(t, v, param, path);
      node.setBigInt64(at + OFFSET.i, BigInt.asIntN(64, big), true); // uint64: its bits
    } else if (isComplex(t.dtype)) {
      if (typeof v?.re !== "number" || typeof v?.im !== "number") this.fail(t, v, param, path, " (a { re, im })");
      const part = t.dtype === "complex64" ? Math.fround : (x) => x;
      node.setFloat64(at + OFFSET.f0, part(v.re), true);
      node.setFloat64(at + OFFSET.f1, part(v.im), true);
    } else {
      if (typeof v !== "number") this.fail(t, v, param, path);
      node.setFloat64(at + OFFSET.f0, t.dtype === "float32" ? Math.fround(v) : v, true);
    }
  }

  // --- nodes -> JS -----------------------------------------------------------------------------------

  decode(node, at) {
    const kind = node.getInt32(at + OFFSET.kind, true);
    switch (kind) {
      case KIND.NONE:
        return null;
      case KIND.BOOL:
        return node.getBigInt64(at + OFFSET.i, true) !== 0n;
      case KIND.INT:
        return jsInt(node.getBigInt64(at + OFFSET.i, true));
      case KIND.FLOAT:
        return node.getFloat64(at + OFFSET.f0, true);
      case KIND.COMPLEX:
        return { re: node.getFloat64(at + OFFSET.f0, true), im: node.getFloat64(at + OFFSET.f1, true) };
      case KIND.STR:
        return this.text(node, at);
      case KIND.TUPLE: {
        const n = Number(node.getBigInt64(at + OFFSET.len, true));
        const items = libraryNodes(readAddress(node, at + OFFSET.items), n);
        return Array.from({ length: n }, (_, k) => this.decode(items, k * NODE_SIZE));
      }
      case KIND.LIST:
        return this.decodeList(node, at);
      case KIND.DICT:
        return this.decodeDict(node, at);
      case KIND.NDARRAY:
        return this.decodeArray(node, at);
      case KIND.NPSCALAR: {
        const dtype = DTYPES[node.getInt32(at + OFFSET.dtype, true)];
        if (dtype === "bool") return node.getBigInt64(at + OFFSET.i, true) !== 0n;
        if (dtype === "uint64") return jsInt(node.getBigUint64(at + OFFSET.i, true));
        if (dtype in INT_RANGE) return jsInt(node.getBigInt64(at + OFFSET.i, true));
        if (isComplex(dtype)) return { re: node.getFloat64(at + OFFSET.f0, true), im: node.getFloat64(at + OFFSET.f1, true) };
        return node.getFloat64(at + OFFSET.f0, true);
      }
      default:
        throw new Error(`${this.functionName}(): the library returned a node of unknown kind ${kind}`);
    }
  }

  text(node, at) {
    const n = Number(node.getBigInt64(at + OFFSET.len, true));
    if (n === 0) return "";
    return utf8.decode(new Uint8Array(libraryBytes(readAddress(node, at + OFFSET.str), n)));
  }

  decodeList(node, at) {
    const id = Number(node.getBigInt64(at + OFFSET.i, true));
    if (id > 0 && this.updated.has(id)) return this.objects[id - 1];
    if (id > 0) this.updated.add(id);
    const n = Number(node.getBigInt64(at + OFFSET.len, true));
    const data = readAddress(node, at + OFFSET.data);
    let values;
    if (data !== 0 && node.getInt32(at + OFFSET.dtype, true) === STR_VIEW) {
      // 16-byte views: the UTF-8 bytes' address, then their length
      const views = new DataView(libraryBytes(data, n * 16));
      values = Array.from({ length: n }, (_, k) => {
        const len = Number(views.getBigInt64(16 * k + 8, true));
        return len === 0 ? "" : utf8.decode(new Uint8Array(libraryBytes(readAddress(views, 16 * k), len)));
      });
    } else if (data !== 0) {
      const dtype = DTYPES[node.getInt32(at + OFFSET.dtype, true)];
      const column = new TYPED_ARRAYS[dtype](libraryBytes(data, n * ITEM_SIZE[dtype]));
      values = dtype === "bool" ? Array.from(column, (b) => b !== 0) : dtype === "int64" ? Array.from(column, jsInt) : Array.from(column);
    } else {
      const items = libraryNodes(readAddress(node, at + OFFSET.items), n);
      values = Array.from({ length: n }, (_, k) => this.decode(items, k * NODE_SIZE));
    }
    if (id === 0) return values;
    // The caller's array, brought to its new state touching only what changed (as the Python loader
    // does), so an array the function left alone is left alone.
    const target = this.objects[id - 1];
    for (let k = 0; k < values.length; k++) {
      if (k >= target.length || !Object.is(target[k], values[k])) target[k] = values[k];
    }
    if (target.length > values.length) target.length = values.length;
    return target;
  }

  decodeDict(node, at) {
    const id = Number(node.getBigInt64(at + OFFSET.i, true));
    if (id > 0 && this.updated.has(id)) return this.objects[id - 1];
    if (id > 0) this.updated.add(id);
    const n = Number(node.getBigInt64(at + OFFSET.len, true));
    if (id === 0 && Number(node.getBigInt64(at + OFFSET.ndim, true)) === DICT_COLUMNS) {
      // a new dict as two packed columns, keys then values (ABI 6)
      if (n === 0) return new Map();
      const columns = libraryNodes(readAddress(node, at + OFFSET.items), 2);
      const keys = this.decodeList(columns, 0);
      const values = this.decodeList(columns, NODE_SIZE);
      return new Map(keys.map((key, k) => [key, values[k]]));
    }
    const items = libraryNodes(readAddress(node, at + OFFSET.items), n);
    const pairs = [];
    for (let k = 0; k < n; k += 2) pairs.push([this.decode(items, k * NODE_SIZE), this.decode(items, (k + 1) * NODE_SIZE)]);
    if (id === 0) return new Map(pairs); // Map: insertion order and non-string keys, as Python's dict
    const target = this.objects[id - 1];
    const current = target instanceof Map ? [...target] : Object.entries(target);
    const unchanged = current.length === pairs.length
      && current.every(([key, value], k) => Object.is(key, pairs[k][0]) && Object.is(value, pairs[k][1]));
    if (unchanged) return target;
    if (target instanceof Map) {
      target.clear();
      for (const [key, value] of pairs) target.set(key, value);
    } else {
      for (const key of Object.keys(target)) delete target[key];
      for (const [key, value] of pairs) target[key] = value;
    }
    return target;
  }

  decodeArray(node, at) {
    const dtype = DTYPES[node.getInt32(at + OFFSET.dtype, true)];
    const ndim = Number(node.getBigInt64(at + OFFSET.ndim, true));
    const shape = ndim ? Array.from(new BigInt64Array(libraryBytes(readAddress(node, at + OFFSET.shape), 8 * ndim)), Number) : [];
    const strides = ndim ? Array.from(new BigInt64Array(libraryBytes(readAddress(node, at + OFFSET.strides), 8 * ndim)), Number) : [];
    const data = readAddress(node, at + OFFSET.data);
    const id = Number(node.getBigInt64(at + OFFSET.i, true));
    const size = shape.reduce((a, b) => a * b, 1);
    const item = ITEM_SIZE[dtype];
    const perElement = isComplex(dtype) ? 2 : 1;
    const Typed = TYPED_ARRAYS[dtype];
    let contiguous = true;
    for (let axis = ndim - 1, step = item; axis >= 0; step *= shape[axis], axis--) {
      if (shape[axis] > 1 && strides[axis] !== step) contiguous = false;
    }
    if (size === 0) return new NDArray(new Typed(0), shape, dtype);
    if (id > 0) {
      // A view of an argument's memory: over the argument's own buffer when it is C-ordered.
      const base = this.objects[id - 1];
      const offset = data - addressOf(base);
      if (contiguous) return new NDArray(new Typed(base.buffer, base.byteOffset + offset, size * perElement), shape, dtype);
      return new NDArray(gather(new Uint8Array(base.buffer, base.byteOffset, base.byteLength), offset, shape, strides, Typed, item, perElement), shape, dtype);
    }
    const owner = readAddress(node, at + OFFSET.owner);
    if (contiguous) {
      // Library memory: the typed array keeps it; the registry frees it when the array is collected.
      const bytes = libraryBytes(data, size * item);
      node.setBigUint64(at + OFFSET.owner, 0n, true); // taken over: opsynth_release must not free it
      if (owner !== 0) this.library.adoptArray(bytes, owner);
      return new NDArray(new Typed(bytes), shape, dtype);
    }
    // A strided result (a transpose): copied into C order, since NDArray is C-ordered.
    let lowest = 0;
    let highest = item;
    shape.forEach((d, axis) => {
      if (strides[axis] < 0) lowest += (d - 1) * strides[axis];
      else highest += (d - 1) * strides[axis];
    });
    const span = new Uint8Array(libraryBytes(data + lowest, highest - lowest));
    return new NDArray(gather(span, -lowest, shape, strides, Typed, item, perElement), shape, dtype);
  }

  // --- after the call --------------------------------------------------------------------------------

  /** Writes mutations back, converts the result (or throws), and releases every library node. */
  finish(rc, out, outAddress, after, afterAddress, n) {
    try {
      for (let k = 0; k < n; k++) {
        if (after.getInt32(k * NODE_SIZE + OFFSET.kind, true) !== KIND.UNSET) this.decode(after, k * NODE_SIZE);
      }
      if (rc === 0) return this.decode(out, 0);
      if (out.getInt32(OFFSET.kind, true) !== KIND.EXCEPTION) {
        throw new Error(`${this.functionName}(): the library failed without an exception node`);
      }
      const pythonClass = cString(readAddress(out, OFFSET.str));
      const items = readAddress(out, OFFSET.items);
      const message = items ? this.text(libraryNodes(items, 1), 0) : "";
      throw new PythonError(pythonClass, message, this.functionName);
    } finally {
      // opsynth_release frees a node's owner: a node without one (a scalar) holds nothing to free.
      if (out.getBigUint64(OFFSET.owner, true) !== 0n) this.library.release(outAddress);
      for (let k = 0; k < n; k++) {
        if (after.getBigUint64(k * NODE_SIZE + OFFSET.owner, true) !== 0n) this.library.release(afterAddress + k * NODE_SIZE);
      }
    }
  }
}

/** Copies a strided array (byte offset of element 0 within `bytes`) into a new C-ordered typed array. */
function gather(bytes, offset, shape, strides, Typed, item, perElement) {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Typed(size * perElement);
  const outBytes = new Uint8Array(out.buffer);
  const index = new Array(shape.length).fill(0);
  for (let k = 0; k < size; k++) {
    let at = offset;
    for (let axis = 0; axis < shape.length; axis++) at += index[axis] * strides[axis];
    outBytes.set(bytes.subarray(at, at + item), k * item);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
    }
  }
  return out;
}
