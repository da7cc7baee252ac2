// NDArray: an n-dimensional array as a typed array in C order plus its shape, the JS form of ndarray[DT,N].
export const TYPED_ARRAYS = {
  bool: Uint8Array, // one byte 0 or 1, as numpy stores bool
  int32: Int32Array,
  int64: BigInt64Array,
  float32: Float32Array,
  float64: Float64Array,
  complex128: Float64Array, // interleaved real, imaginary
};
export const ITEM_SIZE = { bool: 1, int32: 4, int64: 8, float32: 4, float64: 8, complex128: 16 };

export class NDArray {
  /**
   * @param {ArrayBufferView} data elements in C order (complex128: two float64 per element)
   * @param {number[]} shape
   * @param {string} dtype one of bool, int32, int64, float32, float64, complex128
   */
  constructor(data, shape, dtype) {
    if (!(dtype in TYPED_ARRAYS)) throw new TypeError(`NDArray: unknown dtype '${dtype}'`);
    if (!(data instanceof TYPED_ARRAYS[dtype])) {
      throw new TypeError(`NDArray: a ${dtype} array holds a ${TYPED_ARRAYS[dtype].name}, got ${data?.constructor?.name}`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const perElement = dtype === "complex128" ? 2 : 1;
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

  /** Nested plain arrays (numbers, booleans for bool, BigInts for int64). */
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

/** The dtype a typed array holds without saying more (Uint8Array is read as bool). */
export function dtypeOfTypedArray(view) {
  for (const [dtype, ctor] of Object.entries(TYPED_ARRAYS)) {
    if (dtype !== "complex128" && view instanceof ctor) return dtype;
  }
  return null;
}
