// NDArray: an n-dimensional array as a typed array in C order plus its shape, the JS form of ndarray[DT,N].
export const TYPED_ARRAYS = {
  bool: Uint8Array, // one byte 0 or 1, as numpy stores bool
  int32: Int32Array,
  int64: BigInt64Array,
  float32: Float32Array,
  float64: Float64Array,
  complex128: Float64Array, // interleaved real, imaginary
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  complex64: Float32Array, // interleaved real, imaginary, as complex128
};
export const ITEM_SIZE = {
  bool: 1, int32: 4, int64: 8, float32: 4, float64: 8, complex128: 16,
  uint8: 1, int8: 1, int16: 2, uint16: 2, uint32: 4, uint64: 8, complex64: 8,
};
/** Two typed-array values per element: real and imaginary parts. */
export const isComplex = (dtype) => dtype === "complex128" || dtype === "complex64";

export class NDArray {
  /**
   * @param {ArrayBufferView} data elements in C order (complex128: two float64 per element, complex64:
   *   two float32)
   * @param {number[]} shape
   * @param {string} dtype one of bool, int32, int64, float32, float64, complex128, uint8, int8, int16,
   *   uint16, uint32, uint64, complex64
   */
  constructor(data, shape, dtype) {
    if (!(dtype in TYPED_ARRAYS)) throw new TypeError(`NDArray: unknown dtype '${dtype}'`);
    if (!(data instanceof TYPED_ARRAYS[dtype])) {
      throw new TypeError(`NDArray: a ${dtype} array holds a ${TYPED_ARRAYS[dtype].name}, got ${data?.constructor?.name}`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const perElement = isComplex(dtype) ? 2 : 1;
    if (!shape.every((d) => Number.isInteger(d) && d >= 0) || size * perElement !== data.length) {
      throw new TypeError(`NDArray: shape [${shape}] does not fit ${data.length} ${dtype} values`);
    }
    this.data = data;
    this.shape = [...shape];
    this.dtype = dtype;
  }

  get ndim() {
    return this.shape.length;
  }

  get size() {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** Nested plain arrays (numbers, booleans for bool, BigInts for int64 and uint64). */
  toArray() {
    const values = this.dtype === "bool" ? Array.from(this.data, (b) => b !== 0) : Array.from(this.data);
    const build = (axis, start) => {
      if (axis === this.shape.length) return values[start];
      const step = this.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      return Array.from({ length: this.shape[axis] }, (_, k) => build(axis + 1, start + k * step));
    };
    return build(0, 0);
  }
}

/** The dtype a typed array holds without saying more (Uint8Array is read as bool; Float32Array as float32). */
export function dtypeOfTypedArray(view) {
  for (const [dtype, ctor] of Object.entries(TYPED_ARRAYS)) {
    if (!isComplex(dtype) && view instanceof ctor) return dtype;
  }
  return null;
}

/** Can a bare typed array stand for a rank-1 array of this (non-complex) dtype? A Uint8Array serves
 * both bool and uint8: the parameter's type says which. */
export function typedArrayFits(view, dtype) {
  return !isComplex(dtype) && view instanceof TYPED_ARRAYS[dtype];
}
