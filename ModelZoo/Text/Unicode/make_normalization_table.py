#!/usr/bin/python3
"""Writes normalization.txt, the canonical decomposition and combining-class data that UnicodeNormalization reads.

The data comes from Python's unicodedata, the same tables Hugging Face's BertTokenizer normalizes with, so our NFD/NFC
agree with it for the Unicode version printed in the header. Run from this folder: /usr/bin/python3 make_normalization_table.py
"""
import sys
import unicodedata

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3  # composed algorithmically, not listed


def main():
    lines = [
        f"# Unicode {unicodedata.unidata_version} canonical decompositions and combining classes, from Python "
        f"{sys.version.split()[0]}'s unicodedata (make_normalization_table.py writes this file).",
        "# D cp parts...: canonical decomposition, one level; a pair of parts also composes back to cp (NFC).",
        "# X cp parts...: canonical decomposition that NFC does not compose back (singleton, non-starter, exclusion).",
        "# C first last class: canonical combining class of a range (absent: 0).",
    ]
    for cp in range(0x110000):
        if HANGUL_FIRST <= cp <= HANGUL_LAST or 0xD800 <= cp <= 0xDFFF:
            continue
        d = unicodedata.decomposition(chr(cp))
        if not d or d.startswith("<"):
            continue  # none, or a compatibility decomposition (NFKD only)
        kind = "D" if unicodedata.normalize("NFC", chr(cp)) == chr(cp) else "X"
        lines.append(f"{kind} {cp:04X} {d}")
    start, current = 0, 0
    for cp in range(0x110001):  # one past the end, class 0, closes the last range
        ccc = unicodedata.combining(chr(cp)) if cp < 0x110000 else 0
        if ccc != current:
            if current:
                lines.append(f"C {start:04X} {cp - 1:04X} {current}")
            start, current = cp, ccc
    with open("normalization.txt", "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
