// The type language of the manifests (DESIGN §1), parsed as compiler/python/opsynth/typelang.py parses it.
//
// parse("dict[str,list[int]]") -> { kind: "dict", args: [{ kind: "str" }, { kind: "list", args: [{ kind: "int" }] }] }
// Kinds: bool int float complex str None list dict tuple ndarray npscalar literal union.

export const DTYPES = ["bool", "int32", "int64", "float32", "float64", "complex128", // order of rt/abi.hpp
  "uint8", "int8", "int16", "uint16", "uint32", "uint64", "complex64"];
const SCALAR_NAMES = { bool_: "bool", ...Object.fromEntries(DTYPES.filter((d) => d !== "bool").map((d) => [d, d])) };
const PLAIN = new Set(["bool", "int", "float", "complex", "str", "None"]);

export class TypeSyntaxError extends Error {
  constructor(message) {
    super(message);
    this.name = "TypeSyntaxError";
  }
}

class Parser {
  constructor(text) {
    this.text = text;
    this.pos = 0;
  }

  fail(message) {
    throw new TypeSyntaxError(`${message} at column ${this.pos + 1} of '${this.text}'`);
  }

  peek() {
    while (this.pos < this.text.length && (this.text[this.pos] === " " || this.text[this.pos] === "\t")) this.pos++;
    return this.pos < this.text.length ? this.text[this.pos] : "";
  }

  expect(c) {
    if (this.peek() !== c) this.fail(`expected '${c}'`);
    this.pos++;
  }

  match(regex) {
    this.peek();
    regex.lastIndex = this.pos;
    const m = regex.exec(this.text);
    if (!m) return null;
    this.pos = regex.lastIndex;
    return m[0];
  }

  identifier() {
    const name = this.match(/[A-Za-z_][A-Za-z0-9_]*/y);
    if (name === null) this.fail("expected a type");
    return name;
  }

  type() {
    const first = this.single();
    if (this.peek() !== "|") return first;
    const alternatives = new Map([[first.text, first]]);
    while (this.peek() === "|") {
      this.pos++;
      const t = this.single();
      alternatives.set(t.text, t);
    }
    if (alternatives.size === 1) return first;
    const ordered = [...alternatives.keys()].sort().map((k) => alternatives.get(k));
    return { kind: "union", args: ordered, text: ordered.map((t) => t.text).join(" | ") };
  }

  single() {
    const start = this.pos;
    const name = this.identifier();
    let t;
    if (PLAIN.has(name)) {
      t = { kind: name };
    } else if (name in SCALAR_NAMES) {
      t = { kind: "npscalar", dtype: SCALAR_NAMES[name] };
    } else if (name === "list") {
      this.expect("[");
      t = { kind: "list", args: [this.type()] };
      this.expect("]");
    } else if (name === "dict") {
      this.expect("[");
      const key = this.type();
      this.expect(",");
      const value = this.type();
      this.expect("]");
      t = { kind: "dict", args: [key, value] };
    } else if (name === "tuple") {
      this.expect("[");
      const args = [];
      if (this.peek() === "(") {
        this.pos++;
        this.expect(")");
      } else {
        args.push(this.type());
        while (this.peek() === ",") {
          this.pos++;
          args.push(this.type());
        }
      }
      this.expect("]");
      t = { kind: "tuple", args };
    } else if (name === "ndarray") {
      this.expect("[");
      const dtype = this.identifier();
      if (!DTYPES.includes(dtype)) this.fail(`unknown dtype '${dtype}'`);
      this.expect(",");
      const rank = this.match(/\d+/y);
      if (rank === null) this.fail("expected an integer rank");
      this.expect("]");
      t = { kind: "ndarray", dtype, ndim: Number(rank) };
    } else if (name === "Literal") {
      this.expect("[");
      t = { kind: "literal", literal: this.literal() };
      this.expect("]");
    } else {
      this.pos = start;
      this.fail(`unknown type name '${name}'`);
    }
    const spelled = t.args && (t.kind !== "tuple" || t.args.length > 0)
      ? `${t.kind}[${t.args.map((a) => a.text).join(",")}]`
      : this.text.slice(start, this.pos).trim().replaceAll(" ", "");
    t.text = spelled;
    return t;
  }

  // A Literal's value: a quoted string, True/False, or a number (ints stay exact as BigInt when large).
  literal() {
    const c = this.peek();
    if (c === "'" || c === '"') {
      let end = this.pos + 1;
      let value = "";
      while (end < this.text.length && this.text[end] !== c) {
        if (this.text[end] === "\\") {
          value += this.text[end + 1];
          end += 2;
        } else {
          value += this.text[end++];
        }
      }
      if (end >= this.text.length) this.fail("unterminated string");
      this.pos = end + 1;
      return value;
    }
    const word = this.match(/True|False/y);
    if (word !== null) return word === "True";
    const number = this.match(/-?(?:inf|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y);
    if (number === null) this.fail("expected a literal value");
    if (/^-?\d+$/.test(number)) return { int: BigInt(number) };
    return { float: number.endsWith("inf") ? (number.startsWith("-") ? -Infinity : Infinity) : Number(number) };
  }
}

export function parse(text) {
  const parser = new Parser(text);
  const t = parser.type();
  if (parser.peek() !== "") parser.fail("unexpected text after the type");
  return t;
}
