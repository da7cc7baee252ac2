# Mechanical single-edit mutants of one operator header, found on its C++ tokens (cxx_tokens.py).
#
# Each mutant is one edit of the source (a replaced span, or one inserted guard) at a place inside a
# function body. Edits never add or remove a line break, so __LINE__ and line numbers stay those of
# the original. Mutants with the same text as another are kept once (the first kind found names it).
import hashlib
from dataclasses import dataclass

from . import cxx_tokens

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
ARITHMETIC_SWAPS = {"+": "-", "-": "+", "*": "/", "/": "*", "+=": "-=", "-=": "+=", "*=": "/=", "/=": "*="}
LOGICAL_SWAPS = {"&&": "||", "||": "&&"}
ASSIGNMENTS = {"=", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>="}
EXPRESSION_FOLLOWERS = ASSIGNMENTS | {"(", "[", ".", "->", "++", "--"}
JUMP_STATEMENTS = {"return", "break", "continue", "throw"}
CONTROL_KEYWORDS = {"if", "for", "while", "switch", "do", "else", "try", "catch"}
NOT_OPERANDS = cxx_tokens.KEYWORDS_BEFORE_EXPRESSION | CONTROL_KEYWORDS | {
    "const", "constexpr", "auto", "inline", "static", "typename", "template", "operator", "new", "delete",
}
STATEMENT_START = {";", "{", "}", "(", ","}
SIZE_CALLS = {"size", "length", "shape", "ssize"}
# The lengths past which a "size" mutant goes wrong: each crosses a threshold real code has (numpy's
# pairwise sum starts at 8 and recurses past 128, SIMD blocks of 16 and 64, buffers of 256 and 1024).
SIZE_LIMITS = (8, 16, 64, 128, 256, 1024)
KINDS = (
    "loop_bound", "loop_start", "size_break", "size_cap", "comparison", "arithmetic", "logical", "index",
    "constant", "drop_statement", "boolean",
)


@dataclass
class Mutant:
    kind: str
    line: int
    start: int  # the edited span of the original source
    end: int
    original: str
    mutated: str
    source: str  # the whole mutated header
    hash: str  # sha256 of `source`, the mutant's identity


@dataclass
class _Edit:
    kind: str
    start: int
    end: int
    text: str


class _Finder:
    """Walks one header's significant tokens and proposes edits."""

    def __init__(self, source, salt):
        self.source = source
        self.salt = salt
        self.s = cxx_tokens.structure(source)
        self.edits = []

    # -- token helpers ------------------------------------------------------------------------------
    def tok(self, i):
        return self.s.text(i)

    def span(self, i, j):  # source text of tokens i..j inclusive
        return self.source[self.s.tokens[i].start : self.s.tokens[j].start + len(self.s.tokens[j].text)]

    def begin(self, i):
        return self.s.tokens[i].start

    def finish(self, i):
        return self.s.tokens[i].start + len(self.s.tokens[i].text)

    def editable(self, i):
        s = self.s
        return i in s.in_code and i not in s.in_angle and i not in s.template_angle and i not in s.in_static_assert

    def operand_end(self, i):
        t = self.s.tokens[i] if 0 <= i < len(self.s.tokens) else None
        if t is None:
            return False
        if t.kind == "ident":
            return t.text not in NOT_OPERANDS
        return t.kind in ("number", "string", "char") or t.text in (")", "]")

    def size_limit(self, at):
        digest = hashlib.sha256(f"{self.salt}:{at}".encode()).digest()
        return SIZE_LIMITS[digest[0] % len(SIZE_LIMITS)]

    def add(self, kind, i, j, text):
        """Replaces tokens i..j inclusive (j = i - 1: insert before token i)."""
        start = self.begin(i)
        end = self.finish(j) if j >= i else start
        self.edits.append(_Edit(kind, start, end, text))

    def skip_to_end(self, i, stop):
        """Index of the first token at bracket depth 0 from i whose text is in `stop`."""
        while i < len(self.s.tokens) and self.tok(i) not in stop:
            i = self.s.match[i] + 1 if self.tok(i) in ("(", "[", "{") and i in self.s.match else i + 1
        return i

    def is_declaration_bracket(self, i):
        """`double r[8]`, `T v[8][8]`: a subscript that declares an array rather than indexes one."""
        j = i
        while self.tok(j - 1) == "]" and (j - 1) in self.s.match:
            j = self.s.match[j - 1]
        name, before = j - 1, self.s.tokens[j - 2] if j >= 2 else None
        if self.s.kind(name) != "ident" or before is None:
            return False
        return before.kind == "ident" and before.text not in NOT_OPERANDS - {"const", "auto"} or before.text in ("*", "&", ">")

    # -- mutation operators -------------------------------------------------------------------------
    def loops(self):
        s = self.s
        for i, t in enumerate(s.tokens):
            if t.text not in ("for", "while") or not self.editable(i) or self.tok(i + 1) != "(" or (i + 1) not in s.match:
                continue
            open_, close = i + 1, s.match[i + 1]
            if t.text == "while":
                if self.tok(close + 1) != ";":  # not the tail of a do-while
                    end = self.skip_to_end(open_ + 1, {"&&", "||", ")"}) - 1
                    variable = self.loop_condition(open_ + 1, end)
                    if variable:
                        self.size_break(variable, close)
                continue
            semis, j = [], open_ + 1
            while j < close:
                j = self.skip_to_end(j, {";", ")"})
                if j < close:
                    semis.append(j)
                    j += 1
            if len(semis) != 2:
                continue  # a range for
            variable = self.loop_condition(semis[0] + 1, semis[1] - 1)
            self.loop_start(open_ + 1, semis[0] - 1)
            if variable:
                self.size_break(variable, close)

    def loop_condition(self, a, b):
        """`i < n`: the bound off by one either way, `<=` for `<`, and the bound capped at a size."""
        for k in range(a, b + 1):
            op = self.tok(k)
            if op in COMPARISONS and k not in self.s.template_angle and k not in self.s.in_angle and k < b:
                bound = self.span(k + 1, b)
                for delta in ("- 1", "+ 1"):
                    self.add("loop_bound", k + 1, b, f"({bound}) {delta}")
                if op in ("<", "<="):
                    self.add("loop_bound", k, k, "<=" if op == "<" else "<")
                if op in ("<", "<=") and not (k + 1 == b and self.s.kind(b) == "number"):
                    limit = self.size_limit(self.begin(k))
                    self.add("size_cap", k + 1, b, f"(({bound}) < {limit} ? ({bound}) : {limit})")
                    # a counter of a loop up to a variable bound: it may carry a size guard
                    return self.tok(a) if k == a + 1 and self.s.kind(a) == "ident" else None
                return None
            if self.tok(k) in ("(", "[") and k in self.s.match:
                return None  # a call or subscript before the comparison: not a plain bound
        return None

    def loop_start(self, a, b):
        """`i = 0` -> `i = 1`; another start one later."""
        for k in range(a, b + 1):
            if self.tok(k) == "=" and k < b:
                value = self.span(k + 1, b)
                self.add("loop_start", k + 1, b, "1" if value == "0" else f"({value}) + 1")
                return

    def size_break(self, variable, header_close):
        body = header_close + 1
        limit = self.size_limit(self.begin(body))
        guard = f"if ({variable} >= {limit}) break;"
        if self.tok(body) == "{" and body in self.s.code_braces:
            self.add("size_break", body + 1, body, guard + " ")
        elif self.tok(body) not in CONTROL_KEYWORDS | {"{"}:
            end = self.skip_to_end(body, {";"})
            if end < len(self.s.tokens):
                self.add("size_break", body, end, "{ " + guard + " " + self.span(body, end) + " }")

    def size_calls(self):
        """`x.size()` capped: `(x.size() < 64 ? x.size() : 64)`."""
        s = self.s
        for i, t in enumerate(s.tokens):
            if t.text not in (".", "->") or not self.editable(i) or self.tok(i + 1) not in SIZE_CALLS:
                continue
            if self.tok(i + 2) != "(" or (i + 2) not in s.match:
                continue
            close, first = s.match[i + 2], i - 1
            while first > 0:
                if self.tok(first) in (")", "]") and first in s.match:
                    first = s.match[first] - 1
                    continue
                if s.kind(first) == "ident" and self.tok(first - 1) in (".", "->", "::"):
                    first -= 2
                    continue
                break
            if s.kind(first) != "ident" and self.tok(first) != "(":
                continue
            call = self.span(first, close)
            limit = self.size_limit(self.begin(i))
            self.add("size_cap", first, close, f"({call} < {limit} ? {call} : {limit})")

    def operators(self):
        s = self.s
        for i, t in enumerate(s.tokens):
            if t.kind != "punct" or not self.editable(i) or not self.operand_end(i - 1):
                continue
            if t.text in COMPARISONS:
                for other in COMPARISONS:
                    if other != t.text:
                        self.add("comparison", i, i, other)
            elif t.text in ARITHMETIC_SWAPS and not self.looks_like_declarator(i):
                self.add("arithmetic", i, i, ARITHMETIC_SWAPS[t.text])
            elif t.text in LOGICAL_SWAPS and not (s.kind(i + 1) == "ident" and self.tok(i + 2) in (")", ",", "=")):
                self.add("logical", i, i, LOGICAL_SWAPS[t.text])

    def looks_like_declarator(self, i):
        """`const T* p = ...`: a `*` or `&` that belongs to a type, not a product."""
        if self.tok(i) not in ("*", "&"):
            return False
        return self.tok(i - 2) in STATEMENT_START | {"const"} and self.s.kind(i + 1) == "ident" and self.tok(i + 2) in (
            "=", ";", ",", ")", "[", "{")

    def subscripts(self):
        s = self.s
        for i, t in enumerate(s.tokens):
            if t.text != "[" or not self.editable(i) or i not in s.match or s.match[i] == i + 1:
                continue
            if not self.operand_end(i - 1) or self.tok(i + 1) == "[" or self.is_declaration_bracket(i):
                continue
            inner = self.span(i + 1, s.match[i] - 1)
            for delta in ("+ 1", "- 1"):
                self.add("index", i + 1, s.match[i] - 1, f"({inner}) {delta}")

    def literals(self):
        s = self.s
        for i, t in enumerate(s.tokens):
            if t.kind == "ident" and t.text in ("true", "false") and self.editable(i):
                self.add("boolean", i, i, "false" if t.text == "true" else "true")
            if t.kind != "number" or not self.editable(i):
                continue
            if self.tok(i - 1) == "[" and self.is_declaration_bracket(i - 1):
                continue
            value = integer_literal(t.text)
            if value is None:
                continue
            number, suffix, hexadecimal = value
            for other in (number + 1, number - 1):
                if other >= 0:
                    self.add("constant", i, i, (hex(other) if hexadecimal else str(other)) + suffix)

    def statements(self):
        s = self.s
        for brace in sorted(s.code_braces):
            i, close = brace + 1, s.match.get(brace, brace)
            while i < close:
                i = self.statement(i, close) + 1

    def statement(self, i, limit):
        """Proposes dropping the statement at i (and the ones it controls); returns its last index."""
        s, t = self.s, self.tok(i)
        if t == "{":
            return s.match.get(i, limit)
        if t in ("if", "while", "for", "switch"):
            header = i + 1 + (self.tok(i + 1) == "constexpr")
            if self.tok(header) != "(" or header not in s.match:
                return self.skip_to_end(i, {";"})
            end = self.statement(s.match[header] + 1, limit)
            has_else = self.tok(end + 1) == "else"
            if has_else:
                end = self.statement(end + 2, limit)
            elif t == "if":
                self.drop(i, end)
            return end
        if t == "do":
            body_end = self.statement(i + 1, limit)
            return self.skip_to_end(body_end + 1, {";"})
        end = self.skip_to_end(i, {";"})
        if end >= limit:
            return end
        if t in JUMP_STATEMENTS or t in ("++", "--") or self.is_expression_statement(i):
            self.drop(i, end)
        return end

    def is_expression_statement(self, i):
        j = i
        while self.s.kind(j) == "ident" and self.tok(j + 1) == "::" and self.s.kind(j + 2) == "ident":
            j += 2
        return self.s.kind(j) == "ident" and self.tok(j) not in NOT_OPERANDS and self.tok(j + 1) in EXPRESSION_FOLLOWERS

    def drop(self, i, end):
        removed = self.span(i, end)
        self.add("drop_statement", i, end, ";" + "\n" * removed.count("\n"))


def integer_literal(text):
    """(value, suffix, is_hex) of an integer literal, else None (floats, binary, octal > 0)."""
    body = text.replace("'", "")
    stripped = body.rstrip("uUlLzZ")
    suffix = body[len(stripped) :]
    if stripped.lower().startswith("0x"):
        try:
            return int(stripped, 16), suffix, True
        except ValueError:
            return None
    if stripped.isdigit() and (stripped == "0" or not stripped.startswith("0")):
        return int(stripped), suffix, False
    return None


def find_mutants(source, salt=""):
    """Every single-edit mutant of `source`, in a stable order, without duplicates or no-ops.
    `salt` (the op and file) makes the size limits of size mutants differ from file to file."""
    finder = _Finder(source, salt)
    finder.loops()
    finder.size_calls()
    finder.operators()
    finder.subscripts()
    finder.literals()
    finder.statements()
    seen, out = {hashlib.sha256(source.encode()).hexdigest()}, []
    for e in finder.edits:
        mutated = source[: e.start] + e.text + source[e.end :]
        digest = hashlib.sha256(mutated.encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        line = source.count("\n", 0, e.start) + 1
        out.append(Mutant(e.kind, line, e.start, e.end, source[e.start : e.end], e.text, mutated, digest))
    return out
