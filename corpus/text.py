"""String processing: tokenizing, counting, Unicode cleanup, ciphers and run-length coding."""


def tokenize_words(text: str) -> list[str]:
    """Lowercase words: maximal runs of alphanumeric characters (Unicode-aware), in order."""
    words: list[str] = []
    current = ""
    for ch in text.lower():
        if ch.isalnum():
            current += ch
        elif current:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return words


def word_counts(text: str) -> dict[str, int]:
    """How often each lowercase word occurs, in order of first occurrence."""
    counts: dict[str, int] = {}
    for w in tokenize_words(text):
        counts[w] = counts.get(w, 0) + 1
    return counts


def clean_text(text: str) -> str:
    """Casefold, straighten curly quotes and dashes, and collapse all whitespace to single spaces."""
    s = text.casefold()
    s = s.replace("\u2018", "'").replace("\u2019", "'")
    s = s.replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2013", "-").replace("\u2014", "-")
    s = s.replace("\u00a0", " ")
    return " ".join(s.split())


def is_palindrome(text: str) -> bool:
    """Whether the alphanumeric characters read the same both ways, ignoring case."""
    chars = [ch for ch in text.casefold() if ch.isalnum()]
    i = 0
    j = len(chars) - 1
    while i < j:
        if chars[i] != chars[j]:
            return False
        i += 1
        j -= 1
    return True


def caesar_shift(text: str, shift: int) -> str:
    """Rotate ASCII letters by `shift` places, keeping case; other characters are unchanged."""
    out: list[str] = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


def count_vowels(text: str) -> int:
    """Number of vowels (a, e, i, o, u in any case)."""
    count = 0
    for ch in text.casefold():
        if ch in "aeiou":
            count += 1
    return count


def title_case(text: str) -> str:
    """Capitalize each word except short joining words after the first; whitespace is collapsed."""
    minor = ["a", "an", "and", "at", "of", "on", "or", "the", "to"]
    out: list[str] = []
    for i, word in enumerate(text.split()):
        lower = word.lower()
        if i > 0 and lower in minor:
            out.append(lower)
        else:
            out.append(lower.capitalize())
    return " ".join(out)


def longest_common_prefix(words: list[str]) -> str:
    """The longest string that every word starts with; empty for an empty list."""
    if not words:
        return ""
    prefix = words[0]
    for w in words[1:]:
        while not w.startswith(prefix):
            prefix = prefix[: len(prefix) - 1]
        if not prefix:
            break
    return prefix


def run_length_encode(s: str) -> str:
    """Encode runs of a repeated character as count followed by the character: 'aaab' -> '3a1b'."""
    parts: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        j = i
        while j < n and s[j] == s[i]:
            j += 1
        parts.append(f"{j - i}{s[i]}")
        i = j
    return "".join(parts)


def run_length_decode(s: str) -> str:
    """Invert run_length_encode for text without digits: '3a1b' -> 'aaab'."""
    parts: list[str] = []
    digits = ""
    for ch in s:
        if ch.isdigit():
            digits += ch
        else:
            parts.append(ch * int(digits))
            digits = ""
    return "".join(parts)


def char_ngrams(text: str, n: int) -> dict[str, int]:
    """Counts of every substring of length n (character n-grams)."""
    counts: dict[str, int] = {}
    for i in range(len(text) - n + 1):
        gram = text[i : i + n]
        counts[gram] = counts.get(gram, 0) + 1
    return counts


def line_word_char_counts(text: str) -> tuple[int, int, int]:
    """Lines, whitespace-separated words and characters (code points), like `wc`."""
    lines = text.splitlines()
    words = 0
    for line in lines:
        words += len(line.split())
    return len(lines), words, len(text)


def reverse_words(text: str) -> str:
    """The words of a sentence in reverse order, single-spaced."""
    words = text.split()
    words.reverse()
    return " ".join(words)


def group_anagrams(words: list[str]) -> dict[str, list[str]]:
    """Words grouped under their sorted letters, groups and members in order of first occurrence."""
    groups: dict[str, list[str]] = {}
    for w in words:
        key = "".join(sorted(w))
        if key in groups:
            groups[key].append(w)
        else:
            groups[key] = [w]
    return groups


def acronym(text: str) -> str:
    """Upper-case first letters of the words, splitting on spaces and hyphens."""
    letters: list[str] = []
    for word in text.replace("-", " ").split():
        if word[0].isalpha():
            letters.append(word[0].upper())
    return "".join(letters)
