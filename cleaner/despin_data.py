"""Load the de-spinning resources: the phrase table, the inverted thesaurus and n-gram counts.

Rules are data in rules/despin/; this module only turns them into lookup structures once per
process. Table rows are written in their base form and inflected here, so one row covers
"assembly"/"assemblies" or "give attention to"/"gave attention to".
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick_rs

PACKAGE_DIR = Path(__file__).resolve().parent
DESPIN_DIRS = (PACKAGE_DIR.parent / "rules" / "despin", PACKAGE_DIR / "rules" / "despin")

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion dozen dozens several few couple half"
)
CLASSES: dict[str, frozenset[str]] = {
    "TIME": frozenset(
        [
            "year",
            "years",
            "yr",
            "yrs",
            "month",
            "months",
            "week",
            "weeks",
            "day",
            "days",
            "hour",
            "hours",
            "minute",
            "minutes",
            "decade",
            "decades",
            "century",
            "centuries",
            "second",
            "seconds",
            "moment",
            "moments",
        ]
    ),
    "TIMEU": frozenset(
        [
            "week",
            "weekend",
            "month",
            "year",
            "yr",
            "yrs",
            "night",
            "evening",
            "season",
            "summer",
            "winter",
            "spring",
            "fall",
            "autumn",
            "time",
            "decade",
            "century",
            "quarter",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    ),
    "DET": frozenset(
        [
            "the",
            "a",
            "an",
            "this",
            "that",
            "these",
            "those",
            "its",
            "their",
            "his",
            "her",
            "our",
            "my",
            "your",
            "all",
            "both",
        ]
    ),
    "BE": frozenset(["is", "are", "was", "were", "be", "been", "being", "am", "'s", "'re", "’s", "’re"]),
    "PRONSUBJ": frozenset(["he", "she", "they", "we", "i", "you", "it", "there"]),
    "NATIONALITY": frozenset(
        [
            "american",
            "russian",
            "ukrainian",
            "chinese",
            "iranian",
            "israeli",
            "palestinian",
            "syrian",
            "iraqi",
            "afghan",
            "turkish",
            "saudi",
            "egyptian",
            "german",
            "french",
            "british",
            "italian",
            "spanish",
            "polish",
            "japanese",
            "korean",
            "indian",
            "pakistani",
            "taliban",
            "hamas",
            "kremlin",
            "soviet",
            "european",
            "venezuelan",
            "cuban",
            "mexican",
            "brazilian",
            "canadian",
            "australian",
            "libyan",
            "lebanese",
            "yemeni",
            "sudanese",
            "ethiopian",
            "nigerian",
            "kenyan",
            "belarusian",
            "georgian",
            "serbian",
            "hungarian",
            "party",
            "political",
            "military",
            "opposition",
        ]
    ),
    "TITLE": frozenset(
        [
            "president",
            "vice",
            "prime",
            "secretary",
            "minister",
            "senator",
            "governor",
            "mayor",
            "chief",
            "head",
            "ceo",
            "chairman",
            "chairwoman",
            "director",
            "coach",
            "player",
            "officer",
            "official",
            "officials",
            "officers",
            "ambassador",
            "member",
            "members",
            "employee",
            "employees",
            "worker",
            "workers",
            "staffer",
            "aide",
            "adviser",
            "advisor",
            "judge",
            "prosecutor",
            "attorney",
            "lawyer",
            "spokesman",
            "spokeswoman",
            "commander",
            "general",
            "leader",
            "boss",
            "manager",
            "captain",
            "champion",
            "star",
            "colleague",
            "partner",
            "congressman",
            "congresswoman",
            "lawmaker",
            "representative",
            "speaker",
            "premier",
            "chancellor",
            "soldier",
            "agent",
            "president-elect",
            "u.s.",
            "us",
        ]
    ),
}
COMMON_RANK = 1000
SENTENCE_OPENERS = frozenset(".!?“\"(:;‘'—–-…[")


@dataclass(frozen=True)
class PhraseRule:
    """One inflected form of a phrase-table row, with the context it needs to fire."""

    id: str
    spun: str
    original: str
    weight: float
    case_sensitive: bool
    single_word: bool
    pp_original: str | None = None
    left: tuple[tuple[bool, frozenset[str]], ...] = ()
    right: tuple[tuple[bool, frozenset[str]], ...] = ()


class PhraseMatcher:
    """An Aho-Corasick automaton over phrase keys and, per key (by its index),
    the rows that share it. Pickles as its keys and rows (the automaton cannot be
    pickled; it is rebuilt). A contiguous NFA, not a DFA: 0.5 MB instead of 2.7 MB for
    the signatures (0.8 instead of 4.0 for the table), as fast in the pipeline and
    faster when other work has pushed it out of the CPU caches between pages."""

    def __init__(self, keys: Sequence[str], rules: Sequence[tuple[PhraseRule, ...]]) -> None:
        self.keys, self.rules = tuple(keys), tuple(rules)
        self.automaton = ahocorasick_rs.AhoCorasick(
            self.keys, implementation=ahocorasick_rs.Implementation.ContiguousNFA
        )

    def __reduce__(self) -> tuple[type, tuple[tuple[str, ...], tuple[tuple[PhraseRule, ...], ...]]]:
        return PhraseMatcher, (self.keys, self.rules)


@dataclass
class DespinResources:
    """Everything despin() needs; built once per process by load_despin_resources()."""

    table: PhraseMatcher
    signatures: PhraseMatcher
    rows: int
    thesaurus: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unigrams: dict[str, int] = field(default_factory=dict)
    bigrams: dict[str, int] = field(default_factory=dict)
    bigram_floor: int = 1
    corpus_size: int = 1
    common_count: int = 0
    threshold: float = 6.0


IRREGULAR_VERBS = {
    "be": ("was", "been"),
    "bear": ("bore", "borne"),
    "beat": ("beat", "beaten"),
    "become": ("became", "become"),
    "begin": ("began", "begun"),
    "bend": ("bent", "bent"),
    "bet": ("bet", "bet"),
    "bid": ("bid", "bid"),
    "bind": ("bound", "bound"),
    "bite": ("bit", "bitten"),
    "blow": ("blew", "blown"),
    "break": ("broke", "broken"),
    "bring": ("brought", "brought"),
    "build": ("built", "built"),
    "burst": ("burst", "burst"),
    "buy": ("bought", "bought"),
    "catch": ("caught", "caught"),
    "choose": ("chose", "chosen"),
    "come": ("came", "come"),
    "cost": ("cost", "cost"),
    "cut": ("cut", "cut"),
    "deal": ("dealt", "dealt"),
    "dig": ("dug", "dug"),
    "do": ("did", "done"),
    "draw": ("drew", "drawn"),
    "drink": ("drank", "drunk"),
    "drive": ("drove", "driven"),
    "eat": ("ate", "eaten"),
    "fall": ("fell", "fallen"),
    "feed": ("fed", "fed"),
    "feel": ("felt", "felt"),
    "fight": ("fought", "fought"),
    "find": ("found", "found"),
    "flee": ("fled", "fled"),
    "fly": ("flew", "flown"),
    "forbid": ("forbade", "forbidden"),
    "forget": ("forgot", "forgotten"),
    "forgive": ("forgave", "forgiven"),
    "freeze": ("froze", "frozen"),
    "get": ("got", "gotten"),
    "give": ("gave", "given"),
    "go": ("went", "gone"),
    "grow": ("grew", "grown"),
    "hang": ("hung", "hung"),
    "have": ("had", "had"),
    "hear": ("heard", "heard"),
    "hide": ("hid", "hidden"),
    "hit": ("hit", "hit"),
    "hold": ("held", "held"),
    "hurt": ("hurt", "hurt"),
    "keep": ("kept", "kept"),
    "know": ("knew", "known"),
    "lay": ("laid", "laid"),
    "lead": ("led", "led"),
    "leave": ("left", "left"),
    "lend": ("lent", "lent"),
    "let": ("let", "let"),
    "lie": ("lay", "lain"),
    "lose": ("lost", "lost"),
    "make": ("made", "made"),
    "mean": ("meant", "meant"),
    "meet": ("met", "met"),
    "pay": ("paid", "paid"),
    "put": ("put", "put"),
    "quit": ("quit", "quit"),
    "read": ("read", "read"),
    "ride": ("rode", "ridden"),
    "ring": ("rang", "rung"),
    "rise": ("rose", "risen"),
    "run": ("ran", "run"),
    "say": ("said", "said"),
    "see": ("saw", "seen"),
    "seek": ("sought", "sought"),
    "sell": ("sold", "sold"),
    "send": ("sent", "sent"),
    "set": ("set", "set"),
    "shake": ("shook", "shaken"),
    "shoot": ("shot", "shot"),
    "show": ("showed", "shown"),
    "shut": ("shut", "shut"),
    "sing": ("sang", "sung"),
    "sink": ("sank", "sunk"),
    "sit": ("sat", "sat"),
    "sleep": ("slept", "slept"),
    "speak": ("spoke", "spoken"),
    "spend": ("spent", "spent"),
    "split": ("split", "split"),
    "spread": ("spread", "spread"),
    "stand": ("stood", "stood"),
    "steal": ("stole", "stolen"),
    "stick": ("stuck", "stuck"),
    "strike": ("struck", "struck"),
    "swear": ("swore", "sworn"),
    "sweep": ("swept", "swept"),
    "swim": ("swam", "swum"),
    "take": ("took", "taken"),
    "teach": ("taught", "taught"),
    "tear": ("tore", "torn"),
    "tell": ("told", "told"),
    "think": ("thought", "thought"),
    "throw": ("threw", "thrown"),
    "understand": ("understood", "understood"),
    "wake": ("woke", "woken"),
    "wear": ("wore", "worn"),
    "win": ("won", "won"),
    "withdraw": ("withdrew", "withdrawn"),
    "write": ("wrote", "written"),
    "undertake": ("undertook", "undertaken"),
    "overcome": ("overcame", "overcome"),
    "uphold": ("upheld", "upheld"),
}
DOUBLING = frozenset(
    [
        "commit",
        "admit",
        "submit",
        "permit",
        "omit",
        "refer",
        "prefer",
        "occur",
        "transfer",
        "control",
        "patrol",
        "regret",
        "equip",
        "compel",
        "expel",
        "propel",
        "begin",
        "upset",
        "abet",
        "dispel",
        "deter",
        "incur",
        "rebut",
        "recur",
        "defer",
        "confer",
        "infer",
        "acquit",
    ]
)
IRREGULAR_PLURALS = {
    "man": "men",
    "woman": "women",
    "person": "people",
    "child": "children",
    "life": "lives",
    "wife": "wives",
    "foot": "feet",
    "tooth": "teeth",
    "mouse": "mice",
    "crisis": "crises",
    "analysis": "analyses",
    "thief": "thieves",
    "leaf": "leaves",
    "half": "halves",
}
_CVC = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$")


def plural(word: str) -> str:
    """English plural of a noun, good enough for table heads."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def _doubles(verb: str) -> bool:
    return verb in DOUBLING or bool(_CVC.match(verb))


def verb_forms(verb: str) -> dict[str, str]:
    """Base, third person, past, past participle and gerund of a verb."""
    if re.search(r"(s|x|z|ch|sh|o)$", verb):
        third = verb + "es"
    elif re.search(r"[^aeiou]y$", verb):
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb == "have":
        third = "has"
    if verb.endswith("ie"):
        ing = verb[:-2] + "ying"
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        ing = verb[:-1] + "ing"
    elif _doubles(verb):
        ing = verb + verb[-1] + "ing"
    else:
        ing = verb + "ing"
    if verb in IRREGULAR_VERBS:
        past, participle = IRREGULAR_VERBS[verb]
    else:
        if verb.endswith("e"):
            past = verb + "d"
        elif re.search(r"[^aeiou]y$", verb):
            past = verb[:-1] + "ied"
        elif _doubles(verb):
            past = verb + verb[-1] + "ed"
        else:
            past = verb + "ed"
        participle = past
    return {"base": verb, "third": third, "past": past, "participle": participle, "ing": ing}


def _replace_word(phrase: str, index: int, word: str) -> str:
    words = phrase.split(" ")
    words[index] = word
    return " ".join(words)


def inflections(spun: str, original: str, kind: str) -> list[tuple[str, str, str | None]]:
    """(spun form, original form, participle original if it differs) for one table row."""
    if kind == "n":
        last_s, last_o = spun.split(" ")[-1], original.split(" ")[-1]
        return [
            (spun, original, None),
            (_replace_word(spun, -1, plural(last_s)), _replace_word(original, -1, plural(last_o)), None),
        ]
    if kind == "v":
        spun_forms = verb_forms(spun.split(" ")[0])
        orig_forms = verb_forms(original.split(" ")[0])
        out: dict[str, tuple[str, str, str | None]] = {}
        for tag in ("base", "third", "ing", "past", "participle"):
            s = _replace_word(spun, 0, spun_forms[tag])
            o = _replace_word(original, 0, orig_forms[tag])
            if tag == "participle" and s in out:
                prev_s, prev_o, _ = out[s]
                out[s] = (prev_s, prev_o, o if o != prev_o else None)
            else:
                out.setdefault(s, (s, o, None))
        return list(out.values())
    return [(spun, original, None)]


def _parse_context(
    spec: str,
) -> tuple[tuple[tuple[bool, frozenset[str]], ...], tuple[tuple[bool, frozenset[str]], ...]]:
    left: list[tuple[bool, frozenset[str]]] = []
    right: list[tuple[bool, frozenset[str]]] = []
    for item in spec.split():
        side, _, values = item.partition("=")
        negate = side.endswith("!")
        side = side.rstrip("!")
        words: set[str] = set()
        for value in values.split("|"):
            if value in CLASSES:
                words |= CLASSES[value]
            elif value.isupper() and value.isalpha():
                words.add(value)
            else:
                words.add(value.lower())
        target = left if side == "L" else right
        target.append((not negate, frozenset(words)))
    return tuple(left), tuple(right)


def iter_table_rows(path: Path) -> Iterator[tuple[str, str, str, str, float, str]]:
    """Rows of a phrase table: id, spun, original, inflection kind, signature weight, context."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t") + [""] * 6
        row_id, spun, original, kind, weight, context = (c.strip() for c in cells[:6])
        if not (row_id and spun and original):
            raise ValueError(f"{path}:{number}: a row needs id, spun and original")
        yield row_id, spun, original, kind or "-", float(weight or 0), context


def _match_key(text: str) -> str:
    return text.lower().replace("’", "'")


def build_rules(paths: Sequence[Path]) -> tuple[dict[str, list[PhraseRule]], int]:
    """Every inflected form of every row, keyed by its lower-case matching form."""
    by_key: dict[str, list[PhraseRule]] = {}
    rows = 0
    for path in paths:
        for row_id, spun, original, kind, weight, context in iter_table_rows(path):
            rows += 1
            left, right = _parse_context(context)
            case_sensitive = spun != spun.lower()
            for s, o, pp in inflections(spun, original, kind):
                rule = PhraseRule(
                    id=f"despin.phrase.{row_id}",
                    spun=s.replace("’", "'"),
                    original=o,
                    weight=weight,
                    case_sensitive=case_sensitive,
                    single_word=" " not in s,
                    pp_original=pp,
                    left=left,
                    right=right,
                )
                by_key.setdefault(_match_key(s), []).append(rule)
    for rules in by_key.values():
        rules.sort(key=lambda r: (not (r.left or r.right), not r.case_sensitive, -r.weight))
    return by_key, rows


def _automaton(entries: dict[str, list[PhraseRule]]) -> PhraseMatcher:
    return PhraseMatcher(list(entries), [tuple(rules) for rules in entries.values()])


def _read_gz_tsv(path: Path) -> Iterator[tuple[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            key, _, value = line.rstrip("\n").partition("\t")
            yield key, value


def load_despin_resources(extra_dirs: Sequence[Path] = (), restoration: bool = True) -> DespinResources:
    """Build the matchers and load the general mechanism's data (a few hundred ms, once per process).

    With ``restoration=False``, only what detection needs (the signature rows): the
    phrase table and the thesaurus and language-model counts (some 70 MB) serve only
    pages found spun, so a process that meets none need not load them."""
    base = next((d for d in DESPIN_DIRS if d.is_dir()), DESPIN_DIRS[0])
    dirs = [base, *extra_dirs]
    tables = [p for d in dirs for p in sorted(Path(d).glob("*.tsv"))]
    by_key, rows = build_rules(tables)
    signature_keys = {k: [r for r in v if r.weight > 0] for k, v in by_key.items()}
    signature_keys = {k: v for k, v in signature_keys.items() if v}
    table = _automaton(by_key if restoration else {})
    resources = DespinResources(table=table, signatures=_automaton(signature_keys), rows=rows)
    if not restoration:
        return resources
    thesaurus_path = base / "thesaurus.tsv.gz"
    lm_path = base / "lm.tsv.gz"
    if thesaurus_path.is_file() and lm_path.is_file():
        resources.thesaurus = {k: tuple(v.split()) for k, v in _read_gz_tsv(thesaurus_path)}
        for key, value in _read_gz_tsv(lm_path):
            if " " in key:
                resources.bigrams[key] = int(value)
            else:
                resources.unigrams[key] = int(value)
        resources.bigram_floor = min(resources.bigrams.values(), default=1)
        resources.corpus_size = sum(resources.unigrams.values()) or 1
        ranked = sorted(resources.unigrams.values(), reverse=True)
        resources.common_count = ranked[min(COMMON_RANK, len(ranked) - 1)]
    return resources
