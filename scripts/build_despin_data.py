"""Build the offline data of the general de-spinning mechanism.

Run once by a developer (not at run time):
    apt-get install mythes-en-us aiksaurus && pip install symspellpy lemminflect
    python scripts/build_despin_data.py

Writes two small gzip files into rules/despin/:
- thesaurus.tsv.gz: inverted thesaurus, spun surface form -> surface forms it may stand for.
  Built from Debian's mythes-en-us (OpenOffice thesaurus, derived from WordNet 3.0):
  every headword's synonyms and generic terms point back to the headword, with both sides
  inflected alike (lemminflect), so "anticipated" -> "expected", "officers" -> "officials".
  With --aiksaurus, Debian's aiksaurus (Moby thesaurus groups, no parts of speech) adds swaps
  WordNet lacks ("debate" -> "discuss"); off by default: it quadruples the file and, with the
  bigram signal available, restored nothing more on the spun sample.
- lm.tsv.gz: unigram and bigram counts bundled with symspellpy (Google Books n-grams),
  the context signal used to choose between a word and the originals it may stand for.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
import io
import re
import shutil
import subprocess
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lemminflect import getAllInflections

MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
OUT = Path(__file__).resolve().parents[1] / "rules" / "despin"
UPOS = {"noun": "NOUN", "verb": "VERB", "adj": "ADJ", "adv": "ADV"}
ORIGINAL_MAX_RANK = 25_000
AIKSAURUS_ORIGINALS = 12_000
SPUN_MIN_COUNT = 50_000
WORD = re.compile(r"^[a-z]+$")


def symspell_file(name: str) -> Path:
    return Path(str(importlib.resources.files("symspellpy") / name))


def load_unigrams() -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in symspell_file("frequency_dictionary_en_82_765.txt").read_text().splitlines():
        word, count = line.split()
        counts[word] = int(count)
    return counts


def parse_mythes(path: Path) -> list[tuple[str, str, list[str]]]:
    """(headword, pos, synonyms) per sense; antonyms dropped, qualifiers stripped."""
    senses = []
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    i = 0
    while i < len(lines):
        head, count = lines[i].rsplit("|", 1)
        for sense in lines[i + 1 : i + 1 + int(count)]:
            parts = sense.split("|")
            pos = parts[0].strip("()")
            syns = [
                re.sub(r" \((generic|similar|related) term\)$", "", p) for p in parts[1:] if not p.endswith("(antonym)")
            ]
            senses.append((head, pos, syns))
        i += 1 + int(count)
    return senses


def gz_text(path: Path) -> io.TextIOWrapper:
    """A gzip text writer with a fixed header time, so a rebuild of the same data is byte-identical."""
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", compresslevel=9, mtime=0), encoding="utf-8")


def aiksaurus_groups(word: str) -> list[list[str]]:
    """The meaning groups aiksaurus lists for a word (empty if it knows none)."""
    out = subprocess.run(["aiksaurus", word], capture_output=True, text=True, check=False).stdout
    groups = []
    for line in out.splitlines():
        if line and not line.startswith("===") and "," in line:
            groups.append([w.strip() for w in line.split(",")])
    return groups


def forms(lemma: str, upos: str) -> dict[str, str]:
    out = {"BASE": lemma}
    for tag, values in getAllInflections(lemma, upos=upos).items():
        out[tag] = values[0]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Build rules/despin/thesaurus.tsv.gz and lm.tsv.gz")
    parser.add_argument(
        "--aiksaurus", action="store_true", help="also invert Debian's aiksaurus (Moby) groups: 4x the pairs"
    )
    use_aiksaurus = parser.parse_args().aiksaurus
    unigrams = load_unigrams()
    ranked = sorted(unigrams, key=unigrams.get, reverse=True)
    common = set(ranked[:ORIGINAL_MAX_RANK])
    inverted: dict[str, set[str]] = defaultdict(set)
    for head, pos, syns in parse_mythes(MYTHES):
        upos = UPOS.get(pos)
        if upos is None or not WORD.match(head) or head not in common:
            continue
        head_forms = forms(head, upos)
        for syn in syns:
            if syn == head or not WORD.match(syn):
                continue
            for tag, spun in forms(syn, upos).items():
                original = head_forms.get(tag)
                if original and spun != original and original in common and unigrams.get(spun, 0) >= SPUN_MIN_COUNT:
                    inverted[spun].add(original)
    if use_aiksaurus and shutil.which("aiksaurus"):
        heads = [w for w in ranked[:AIKSAURUS_ORIGINALS] if WORD.match(w)]
        with ThreadPoolExecutor(4) as pool:
            for head, groups in zip(heads, pool.map(aiksaurus_groups, heads), strict=True):
                for syn in {w for group in groups for w in group}:
                    if syn == head or not WORD.match(syn):
                        continue
                    for upos in ("NOUN", "VERB", "ADJ"):
                        head_forms = forms(head, upos)
                        for tag, spun in forms(syn, upos).items():
                            original = head_forms.get(tag)
                            if original and spun != original and unigrams.get(spun, 0) >= SPUN_MIN_COUNT:
                                inverted[spun].add(original)
    OUT.mkdir(parents=True, exist_ok=True)
    with gz_text(OUT / "thesaurus.tsv.gz") as fh:
        fh.write("# spun\toriginals (space separated); from mythes-en-us, see scripts/build_despin_data.py\n")
        for spun in sorted(inverted):
            fh.write(f"{spun}\t{' '.join(sorted(inverted[spun]))}\n")
    with gz_text(OUT / "lm.tsv.gz") as fh:
        fh.write("# word[ word]\tcount; from symspellpy's bundled dictionaries (Google Books n-grams)\n")
        for word in ranked:
            fh.write(f"{word}\t{unigrams[word]}\n")
        bigram_file = symspell_file("frequency_bigramdictionary_en_243_342.txt")
        for line in bigram_file.read_text().splitlines():
            first, second, count = line.split()
            fh.write(f"{first} {second}\t{count}\n")
    print(f"thesaurus: {len(inverted)} spun forms, {sum(map(len, inverted.values()))} pairs")


if __name__ == "__main__":
    main()
