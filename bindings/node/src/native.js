// Raw memory for the C ABI of runtime/rt/abi.hpp through koffi: the opsynth_value layout, the address of a
// JS buffer (so nodes can point into it without a copy) and views of library memory.
import koffi from "koffi";

// struct opsynth_value (rt/abi.hpp), x86-64 / aarch64 LP64: byte offsets of its fields.
export const NODE_SIZE = 96;
export const OFFSET = { kind: 0, dtype: 4, i: 8, f0: 16, f1: 24, str: 32, len: 40, items: 48, data: 56, ndim: 64, shape: 72, strides: 80, owner: 88 };

export const KIND = { UNSET: -1, NONE: 0, BOOL: 1, INT: 2, FLOAT: 3, COMPLEX: 4, STR: 5, LIST: 6, TUPLE: 7, DICT: 8, NDARRAY: 9, NPSCALAR: 10, EXCEPTION: 11 };
export const ARRAY_READONLY = 1;

// memmove(p, p, 0) returns p and touches nothing: declared with a buffer argument it gives the buffer's
// address (koffi passes typed arrays and Buffers in place), declared with integers it makes a pointer
// from an address.
const libc = koffi.load("libc.so.6");
const memmoveAddress = libc.func("uintptr_t memmove(void *dst, void *src, size_t n)");
const memmovePointer = libc.func("void *memmove(uintptr_t dst, uintptr_t src, size_t n)");
const strlen = libc.func("size_t strlen(uintptr_t s)");

// Backing store addresses by ArrayBuffer: a store does not move once native code has seen it, so one
// FFI call per buffer serves every later view of it.
const baseAddresses = new WeakMap();

/** The address of a typed array's or Buffer's first byte. Zero for an empty one, which nothing reads
 * through. */
export function addressOf(view) {
  if (view.byteLength === 0) return 0;
  let base = baseAddresses.get(view.buffer);
  if (base === undefined) {
    const whole = new Uint8Array(view.buffer);
    base = memmoveAddress(whole, whole, 0);
    baseAddresses.set(view.buffer, base);
  }
  return base + view.byteOffset;
}

/** Scratch memory for the nodes, strings, shapes and packed lists of one call, at a known address, so
 * that a call needs no allocation or FFI call per argument. Each function keeps one (a library never
 * calls back into JS; a call made while it is busy gets a fresh one). */
export class Arena {
  constructor(size) {
    this.bytes = Buffer.alloc(size); // never pooled: its own, 8-byte aligned backing store
    this.address = addressOf(this.bytes);
    this.used = 0;
    this.busy = false;
  }

  reset() {
    this.bytes.fill(0, 0, this.used);
    this.used = 0;
  }

  /** The offset of n zeroed bytes, 8-byte aligned, or -1 when the arena is full. */
  take(n) {
    const at = (this.used + 7) & ~7;
    if (at + n > this.bytes.length) return -1;
    this.used = at + n;
    return at;
  }
}

/** An ArrayBuffer over n bytes of library memory at address, without a copy. */
export function libraryBytes(address, n) {
  if (n === 0 || address === 0) return new ArrayBuffer(0);
  return koffi.view(memmovePointer(address, address, 0), n);
}

/** A NUL-terminated C string at address, as UTF-8. */
export function cString(address) {
  if (address === 0) return "";
  return Buffer.from(libraryBytes(address, strlen(address))).toString("utf8");
}

/** A DataView over `count` nodes of library memory at address. */
export function libraryNodes(address, count) {
  return new DataView(libraryBytes(address, count * NODE_SIZE));
}

export { koffi };
