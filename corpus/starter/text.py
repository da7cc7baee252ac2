"""Starter corpus for `opsynth grow`: text cleanup and tokenizing as log and form processing does it."""


def normalize_spaces(s: str) -> str:
    """Collapse every run of whitespace to one space and trim both ends."""
    return " ".join(s.split())


def slugify(title: str) -> str:
    """Lowercase words of letters and digits joined by hyphens."""
    words: list[str] = []
    word = ""
    for ch in title.lower():
        if ch.isalnum():
            word += ch
        elif word != "":
            words.append(word)
            word = ""
    if word != "":
        words.append(word)
    return "-".join(words)


def mask_digits(s: str) -> str:
    """Every digit replaced by '#', as when logs are anonymized."""
    out = ""
    for ch in s:
        out += "#" if ch.isdigit() else ch
    return out


def key_values(line: str) -> dict[str, str]:
    """Parse 'a=1; b=two' into a dict, trimming spaces, skipping parts without '='."""
    out: dict[str, str] = {}
    for part in line.split(";"):
        key, sep, value = part.partition("=")
        if sep == "=":
            out[key.strip()] = value.strip()
    return out


def word_lengths(s: str) -> list[int]:
    """Length of each whitespace-separated word."""
    return [len(w) for w in s.split()]


def initials(name: str) -> str:
    """Upper-case first letters of each part of a name, each followed by a dot."""
    return "".join([p[0].upper() + "." for p in name.split() if p != ""])


def count_prefixed(lines: list[str], prefix: str) -> int:
    """How many lines start with prefix after leading whitespace."""
    n = 0
    for line in lines:
        if line.lstrip().startswith(prefix):
            n += 1
    return n


def center_title(s: str, width: int) -> str:
    """Title-case the text and center it in width columns with '=' padding."""
    return s.title().center(width, "=")
