# C++ tokens of an operator header and the structure mutations need: matching brackets, which braces
# are code blocks, which `<`/`>` are template brackets, and which tokens lie in code a mutant may edit.
#
# Not a C++ parser: enough to keep mutations out of comments, string literals, preprocessor lines,
# template argument lists and declarations outside function bodies. A heuristic that guesses wrong
# produces a mutant that does not compile, which the tool sets aside as stillborn.
import re
from dataclasses import dataclass, field

PUNCTUATORS = sorted(
    """<<= >>= <=> ->* ... :: -> ++ -- << >> <= >= == != && || += -= *= /= %= &= |= ^= .*
    { } [ ] ( ) ; : , . ? ~ ! + - * / % ^ & | = < > #""".split(),
    key=len,
    reverse=True,
)
STRING_PREFIX = r"(?:u8|u|U|L)?"
TOKEN_PATTERNS = [
    ("ws", re.compile(r"[ \t\r\n\f\v]+|\\\n")),
    ("comment", re.compile(r"//[^\n]*|/\*.*?\*/", re.S)),
    ("string", re.compile(STRING_PREFIX + r'R"([^ ()\\\t\n]{0,16})\((?:.|\n)*?\)\1"')),
    ("string", re.compile(STRING_PREFIX + r'"(?:[^"\\\n]|\\.)*"')),
    ("char", re.compile(STRING_PREFIX + r"'(?:[^'\\\n]|\\.)*'")),
    ("number", re.compile(r"\.?[0-9](?:[0-9A-Za-z_.]|'[0-9A-Za-z_]|[eEpP][+-])*")),
    ("ident", re.compile(r"[A-Za-z_][A-Za-z_0-9]*")),
    ("punct", re.compile("|".join(re.escape(p) for p in PUNCTUATORS))),
]
PREPROCESSOR_LINE = re.compile(r"#(?:[^\n\\]|\\.|\\\n)*", re.S)

KEYWORDS_BEFORE_EXPRESSION = {"return", "case", "throw", "co_return", "co_yield", "else", "do", "sizeof"}
CLASS_KEYWORDS = {"struct", "class", "union", "enum"}
FUNCTION_BODY_AFTER = {")", "const", "noexcept", "mutable", "override", "final", "constexpr", "consteval"}
CODE_BLOCK_IN_CODE_AFTER = {")", ";", "{", "}", "else", "do", ":", "try", "]"}


@dataclass
class Token:
    kind: str  # ws, comment, pp, string, char, number, ident, punct
    text: str
    start: int  # offset in the source
    line: int  # 1-based


@dataclass
class Structure:
    """Significant tokens (no whitespace, comments or preprocessor lines) with their relations."""

    tokens: list
    match: dict = field(default_factory=dict)  # index of ( [ { -> its closer and back
    template_angle: set = field(default_factory=set)  # indices of < > >> that are template brackets
    in_angle: set = field(default_factory=set)  # indices inside a template argument list
    in_code: set = field(default_factory=set)  # indices inside a function body (code a mutant may edit)
    code_braces: set = field(default_factory=set)  # indices of { that open a statement block
    in_static_assert: set = field(default_factory=set)

    def text(self, i):
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def kind(self, i):
        return self.tokens[i].kind if 0 <= i < len(self.tokens) else ""


def tokenize(source):
    """Every token with its offset; the concatenation of the texts is the source."""
    tokens, pos, line, at_line_start = [], 0, 1, True
    while pos < len(source):
        if at_line_start and source[pos] == "#":
            m = PREPROCESSOR_LINE.match(source, pos)
            kind = "pp"
        else:
            for kind, pattern in TOKEN_PATTERNS:
                m = pattern.match(source, pos)
                if m:
                    break
            else:
                m, kind = re.compile(r".", re.S).match(source, pos), "punct"  # a stray byte: its own token
        text = m.group(0)
        tokens.append(Token(kind, text, pos, line))
        if "\n" in text:
            at_line_start = True
        elif kind != "ws":
            at_line_start = False
        line += text.count("\n")
        pos = m.end()
    return tokens


def structure(source):
    tokens = [t for t in tokenize(source) if t.kind not in ("ws", "comment", "pp")]
    s = Structure(tokens)
    _match_brackets(s)
    _classify_braces(s)
    _classify_angles(s)
    _mark_static_asserts(s)
    return s


def _match_brackets(s):
    stack = []
    for i, t in enumerate(s.tokens):
        if t.text in "([{" and t.kind == "punct":
            stack.append(i)
        elif t.text in ")]}" and t.kind == "punct" and stack:
            j = stack.pop()
            s.match[i], s.match[j] = j, i


def _brace_is_class_or_namespace(s, i):
    """Looks back from `{` over the declaration that heads it for namespace/struct/class/enum."""
    j, depth = i - 1, 0
    while j >= 0:
        t = s.tokens[j].text
        if t in (")", "]") and j in s.match:
            j = s.match[j] - 1
            continue
        if t == ">":
            depth += 1
        elif t == "<" and depth:
            depth -= 1
        elif depth == 0 and t in (";", "{", "}", "("):
            return False
        elif depth == 0 and (t == "namespace" or t in CLASS_KEYWORDS):
            return True
        j -= 1
    return False


def _has_trailing_return(s, i):
    j = i - 1
    while j >= 0 and s.text(j) not in (";", "{", "}"):
        if s.text(j) in (")", "]") and j in s.match:
            j = s.match[j]
        if s.text(j) == "->":
            return True
        j -= 1
    return False


def _classify_braces(s):
    """A `{` opens code when it is a function or lambda body, or a block inside code; braces of
    namespaces, classes, enums and initializer lists do not (their contents are code only when the
    list itself sits in code)."""
    kinds = {}  # index of { -> "code", "init", "scope"
    stack = []
    for i, t in enumerate(s.tokens):
        if t.text == "{" and t.kind == "punct":
            parent = kinds[stack[-1]] if stack else "scope"
            in_code = parent in ("code", "init-code")
            prev = s.text(i - 1)
            if _brace_is_class_or_namespace(s, i):
                kind = "scope"
            elif in_code and (prev in CODE_BLOCK_IN_CODE_AFTER or prev in FUNCTION_BODY_AFTER or _has_trailing_return(s, i)):
                kind = "code"
            elif in_code:
                kind = "init-code"
            elif prev in FUNCTION_BODY_AFTER or _has_trailing_return(s, i):
                kind = "code"
            else:
                kind = "init"
            kinds[i] = kind
            if kind == "code":
                s.code_braces.add(i)
            stack.append(i)
        elif t.text == "}" and t.kind == "punct" and stack:
            stack.pop()
        elif stack and kinds[stack[-1]] in ("code", "init-code"):
            s.in_code.add(i)


def _closes_template(s, i):
    """From a `<` that follows a name: the index of its `>` (or `>>`) when one closes it before the
    expression obviously ends, else None."""
    depth, j = 0, i
    while j < len(s.tokens):
        t = s.tokens[j]
        if t.kind == "punct" and t.text in ("(", "[", "{") and j in s.match:
            j = s.match[j] + 1
            continue
        if t.text == "<" and (s.kind(j - 1) == "ident" or s.text(j - 1) == "template"):
            depth += 1
        elif t.text == ">":
            depth -= 1
        elif t.text == ">>":
            depth -= 2
        elif t.text in (";", "{", "}", ")", "]", "&&", "||", "?", "="):
            return None
        if depth <= 0:
            return j if t.text in (">", ">>") else None
        j += 1
    return None


def _classify_angles(s):
    for i, t in enumerate(s.tokens):
        if t.text != "<" or i in s.template_angle:
            continue
        prev = s.tokens[i - 1] if i else None
        if prev is None or not (prev.kind == "ident" and prev.text not in KEYWORDS_BEFORE_EXPRESSION or prev.text == "template"):
            continue
        close = _closes_template(s, i)
        if close is None:
            continue
        s.template_angle.update((i, close))
        s.in_angle.update(range(i + 1, close))


def _mark_static_asserts(s):
    for i, t in enumerate(s.tokens):
        if t.text == "static_assert" and s.text(i + 1) == "(" and (i + 1) in s.match:
            s.in_static_assert.update(range(i + 1, s.match[i + 1] + 1))
