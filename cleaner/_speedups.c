/* Compiled twins of twelve per-page steps whose Python versions are dominated by the
 * fixed cost of their array operations and loops on pages of a few hundred lines:
 *
 * - line_counts: per-line character counts in one pass over the page's code points
 *   (`cleaner.lines._line_counts_numpy`);
 * - rule_candidates: the lines each rule's literal prefilter passes, from the
 *   automaton's matches (`cleaner.apply._candidates_numpy`);
 * - lexicon_counts: the furniture and site-talk counts per line, from the vocabulary
 *   automaton's matches (`cleaner.lines._lexicon_counts_python`);
 * - line_scores: each line's prose score, terminal flag and table-row flag, the counts
 *   and vocabulary above included, in one pass (`cleaner.lines._scored_numpy`: the
 *   array version's many small operations cost more than the arithmetic);
 * - segments: the region search's Viterbi pass, run several times a page
 *   (`cleaner.lines._segments_python`);
 * - screened: the distinct characters of a page that repair's screen looks for
 *   (`cleaner.repair._screened_python`);
 * - few_lowercase: the lines a rule's `max_lowercase` lets through
 *   (`cleaner.apply._few_lowercase_python`);
 * - needs_squash: whether a page's whitespace needs squashing, which it rarely does
 *   (`cleaner.repair._needs_squash_python`);
 * - ascii_lower: `str.casefold` or `str.lower` of a page whose only changing characters
 *   are ASCII capitals, the usual case (`cleaner.apply.casefold` and
 *   `cleaner.despin._lower_view` fall back to the str methods);
 * - fragment_pairs, spaced_pairs: the counts of adjacent lines that decide whether a
 *   page's fragments are joined at all, which on most pages they are not
 *   (`cleaner.layout._fragment_pairs_python`, `cleaner.layout._spaced_pairs_python`);
 * - grid_runs: the runs of equal gaps between the lines with text, and where a table
 *   written one cell a line could start (`cleaner.layout._grid_runs_python`).
 *
 * Each must give exactly what its twin gives; tests compare them. The module is
 * optional: without a C compiler the package installs and runs on the twins.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Class bits, as in cleaner/lines.py (_SPACE ... _CJK). */
enum {
    C_SPACE = 1 << 0,
    C_NEWLINE = 1 << 1,
    C_DIGIT = 1 << 2,
    C_SEPARATOR = 1 << 3,
    C_STOP = 1 << 4,
    C_CLOSER = 1 << 5,
    C_BULLET = 1 << 6,
    C_UNSPACED = 1 << 7,
    C_ALPHA = 1 << 8,
    C_UPPER = 1 << 9,
    C_CJK = 1 << 10,
};

/* Columns of the result, as in cleaner/lines.py (COUNT_FIELDS). */
enum {
    F_CHARS, F_WORDS, F_ALPHA_INITIALS, F_UPPER_INITIALS, F_UNSPACED, F_DIGITS, F_SPACES,
    F_SEPARATORS, F_LAST, F_BULLET_START, N_FIELDS
};

/* The page as UCS-4 up to its last newline (characters after it end no line), and
 * how many lines that holds. Returns NULL with an exception set on failure. */
static Py_UCS4 *
page_chars(PyObject *text, Py_ssize_t *limit, Py_ssize_t *lines)
{
    Py_UCS4 *chars = PyUnicode_AsUCS4Copy(text);
    if (chars == NULL)
        return NULL;
    const Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    *limit = *lines = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        if (chars[i] == '\n') {
            ++*lines;
            *limit = i + 1;
        }
    }
    return chars;
}

/* COUNT_FIELDS of each newline-ended line of `chars` (up to `limit`), into `row`. */
static void
fill_counts(const Py_UCS4 *chars, Py_ssize_t limit, const uint16_t *classes, int64_t *row)
{
    Py_ssize_t start = 0;
    while (start < limit) {
        int64_t words = 0, alpha = 0, upper = 0, unspaced = 0, digits = 0, spaces = 0, separators = 0;
        int after_gap = 1;
        Py_ssize_t i = start;
        for (; chars[i] != '\n'; i++) {
            const Py_UCS4 c = chars[i];
            uint16_t bits;
            if (c <= 0xFFFF)
                bits = classes[c];
            else /* astral characters have no class but letter case, as in _classes() */
                bits = Py_UNICODE_ISALPHA(c) ? (C_ALPHA | (Py_UNICODE_ISUPPER(c) ? C_UPPER : 0)) : 0;
            const int gap = c == ' ';
            if (!gap && after_gap) {
                words++;
                alpha += (bits & C_ALPHA) != 0;
                upper += (bits & C_UPPER) != 0;
            }
            after_gap = gap;
            unspaced += (bits & C_UNSPACED) != 0;
            digits += (bits & C_DIGIT) != 0;
            spaces += (bits & C_SPACE) != 0;
            /* with a space on both sides; a line's first character follows a newline */
            separators += (bits & C_SEPARATOR) && i > start && chars[i - 1] == ' ' && chars[i + 1] == ' ';
        }
        const Py_ssize_t length = i - start;
        row[F_CHARS] = length;
        row[F_WORDS] = words;
        row[F_ALPHA_INITIALS] = alpha;
        row[F_UPPER_INITIALS] = upper;
        row[F_UNSPACED] = unspaced;
        row[F_DIGITS] = digits;
        row[F_SPACES] = spaces;
        row[F_SEPARATORS] = separators;
        row[F_LAST] = length ? (int64_t)chars[i - 1] : 0;
        row[F_BULLET_START] = length >= 2 && chars[start] <= 0xFFFF && (classes[chars[start]] & C_BULLET)
                              && chars[start + 1] == ' ';
        row += N_FIELDS;
        start = i + 1;
    }
}

/* The class table argument: 65536 uint16 entries, else a ValueError. */
static int
check_table(Py_buffer *table)
{
    if (table->len == 0x10000 * (Py_ssize_t)sizeof(uint16_t))
        return 0;
    PyErr_SetString(PyExc_ValueError, "the class table must hold 65536 uint16 entries");
    return -1;
}

static PyObject *
line_counts(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*", &text, &table))
        return NULL;
    if (check_table(&table) < 0) {
        PyBuffer_Release(&table);
        return NULL;
    }
    Py_ssize_t limit, lines;
    Py_UCS4 *chars = page_chars(text, &limit, &lines);
    PyObject *out = chars ? PyBytes_FromStringAndSize(NULL, lines * N_FIELDS * (Py_ssize_t)sizeof(int64_t)) : NULL;
    if (out != NULL)
        fill_counts(chars, limit, (const uint16_t *)table.buf, (int64_t *)PyBytes_AS_STRING(out));
    PyMem_Free(chars);
    PyBuffer_Release(&table);
    return out;
}


/* An Aho-Corasick automaton's tables (cleaner.automaton.Automaton.tables). */
typedef struct {
    const uint8_t *classes;  /* a class per byte */
    const void *delta;       /* states x width, premultiplied: uint16 (itemsize 2) or int32 */
    const int32_t *first;    /* per state, where its patterns start in ids (states + 1) */
    const int32_t *ids;      /* the patterns ending at each state */
    const int32_t *lengths;  /* each pattern's length in characters */
    Py_ssize_t width, states, patterns;
    Py_ssize_t matching_from; /* the states from here on (premultiplied) are where patterns end */
    Py_ssize_t itemsize;
    Py_buffer views[5];
    int opened;
} Automaton;

static void
automaton_close(Automaton *a)
{
    for (int k = 0; k < a->opened; k++)
        PyBuffer_Release(&a->views[k]);
    a->opened = 0;
}

/* Reads the tables; -1 with an exception set when their sizes do not fit together (their
 * contents are cleaner.automaton.build's, checked by its tests). */
static int
automaton_open(PyObject *tables, Automaton *a)
{
    a->opened = 0;
    if (!PyTuple_Check(tables) || PyTuple_GET_SIZE(tables) != 8) {
        PyErr_SetString(PyExc_TypeError,
                        "an automaton's tables: (classes, width, delta, first, ids, lengths, matching_from, itemsize)");
        return -1;
    }
    a->width = PyLong_AsSsize_t(PyTuple_GET_ITEM(tables, 1));
    if (a->width == -1 && PyErr_Occurred())
        return -1;
    a->matching_from = PyLong_AsSsize_t(PyTuple_GET_ITEM(tables, 6));
    if (a->matching_from == -1 && PyErr_Occurred())
        return -1;
    a->itemsize = PyLong_AsSsize_t(PyTuple_GET_ITEM(tables, 7));
    if (a->itemsize == -1 && PyErr_Occurred())
        return -1;
    if (a->itemsize != 2 && a->itemsize != 4) {
        PyErr_SetString(PyExc_ValueError, "an automaton's transitions are 2 or 4 bytes each");
        return -1;
    }
    static const int slots[5] = {0, 2, 3, 4, 5};
    for (int k = 0; k < 5; k++) {
        if (PyObject_GetBuffer(PyTuple_GET_ITEM(tables, slots[k]), &a->views[k], PyBUF_SIMPLE) < 0) {
            automaton_close(a);
            return -1;
        }
        a->opened++;
    }
    a->classes = a->views[0].buf;
    a->delta = a->views[1].buf;
    a->first = a->views[2].buf;
    a->ids = a->views[3].buf;
    a->lengths = a->views[4].buf;
    const Py_ssize_t row = a->width * a->itemsize;
    a->states = row > 0 ? a->views[1].len / row : 0;
    a->patterns = a->views[4].len / (Py_ssize_t)sizeof(int32_t);
    if (a->views[0].len != 256 || a->width < 1 || a->states < 1 || a->views[1].len != a->states * row
        || a->matching_from < 0 || a->matching_from > a->states * a->width
        || a->views[2].len != (a->states + 1) * (Py_ssize_t)sizeof(int32_t)
        || a->views[3].len != a->first[a->states] * (Py_ssize_t)sizeof(int32_t)) {
        PyErr_SetString(PyExc_ValueError, "an automaton's tables do not fit together");
        automaton_close(a);
        return -1;
    }
    return 0;
}

/* Called for each match: the pattern, its start and end (characters) and its line (the
 * newlines before it). Returns -1 to stop the scan with an exception set. */
typedef int (*on_match_fn)(void *context, int32_t pattern, Py_ssize_t start, Py_ssize_t end, Py_ssize_t line);

#define STEP(byte) (state = delta[state + classes[(byte)]])

/* The scan's loop, for transitions of type T. */
#define SCAN_LOOP(T)                                                                          \
    do {                                                                                      \
        const T *delta = a->delta;                                                            \
        Py_ssize_t state = 0;                                                                 \
        for (Py_ssize_t i = 0; i < size; i++) {                                               \
            const Py_UCS4 c = PyUnicode_READ(kind, data, i);                                  \
            if (c < 0x80) {                                                                   \
                STEP(c);                                                                      \
            }                                                                                 \
            else if (c < 0x800) {                                                             \
                STEP(0xC0 | (c >> 6));                                                        \
                STEP(0x80 | (c & 0x3F));                                                      \
            }                                                                                 \
            else if (c < 0x10000) {                                                           \
                STEP(0xE0 | (c >> 12));                                                       \
                STEP(0x80 | ((c >> 6) & 0x3F));                                               \
                STEP(0x80 | (c & 0x3F));                                                      \
            }                                                                                 \
            else {                                                                            \
                STEP(0xF0 | (c >> 18));                                                       \
                STEP(0x80 | ((c >> 12) & 0x3F));                                              \
                STEP(0x80 | ((c >> 6) & 0x3F));                                               \
                STEP(0x80 | (c & 0x3F));                                                      \
            }                                                                                 \
            if (state >= matching_from && report(a, state, i, line, on_match, context) < 0)   \
                return -1;                                                                    \
            line += c == '\n';                                                                \
        }                                                                                     \
    } while (0)

/* Reports the patterns ending at `state` (premultiplied), the match ending at character i. */
static int
report(const Automaton *a, Py_ssize_t state, Py_ssize_t i, Py_ssize_t line, on_match_fn on_match, void *context)
{
    const Py_ssize_t s = state / a->width;
    for (int32_t k = a->first[s]; k < a->first[s + 1]; k++) {
        const int32_t pattern = a->ids[k];
        if (pattern < 0 || pattern >= a->patterns) {
            PyErr_SetString(PyExc_IndexError, "an automaton state names no pattern");
            return -1;
        }
        if (on_match(context, pattern, i + 1 - a->lengths[pattern], i + 1, line) < 0)
            return -1;
    }
    return 0;
}

/* Walks the automaton over `text` (its characters as UTF-8 bytes; a lone surrogate as
 * its three bytes, as "surrogatepass"), reporting every match. */
static int
automaton_scan(const Automaton *a, PyObject *text, on_match_fn on_match, void *context)
{
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t size = PyUnicode_GET_LENGTH(text), matching_from = a->matching_from;
    const uint8_t *classes = a->classes;
    Py_ssize_t line = 0;
    if (a->itemsize == 2)
        SCAN_LOOP(uint16_t);
    else
        SCAN_LOOP(int32_t);
    return 0;
}

#undef SCAN_LOOP
#undef STEP

typedef struct {
    const unsigned char *owner; /* literals x rules */
    Py_ssize_t n_rules, n_lines;
    unsigned char *found;       /* rules x lines */
} RuleLines;

static int
rule_line_match(void *context, int32_t literal, Py_ssize_t start, Py_ssize_t end, Py_ssize_t line)
{
    RuleLines *r = context;
    if (line >= r->n_lines)
        return 0;
    const unsigned char *owner = r->owner + (Py_ssize_t)literal * r->n_rules;
    for (Py_ssize_t k = 0; k < r->n_rules; k++)
        if (owner[k])
            r->found[k * r->n_lines + line] = 1;
    return 0;
}

/* For each rule, the sorted lines of `whole` (lines joined by newlines) that hold one of
 * its literals: `tables` are the literals' automaton, `owners` the literals x rules
 * table (one byte each, row-major). */
static PyObject *
rule_candidates(PyObject *self, PyObject *args)
{
    PyObject *tables, *whole;
    Py_buffer owners;
    Py_ssize_t n_rules, n_lines;
    if (!PyArg_ParseTuple(args, "OUy*nn", &tables, &whole, &owners, &n_rules, &n_lines))
        return NULL;
    PyObject *result = NULL;
    Automaton a;
    RuleLines r = {owners.buf, n_rules, n_lines, NULL};
    if (automaton_open(tables, &a) < 0) {
        PyBuffer_Release(&owners);
        return NULL;
    }
    if (n_rules <= 0 || n_lines < 0 || owners.len != a.patterns * n_rules) {
        PyErr_SetString(PyExc_ValueError, "owners must be a literals x rules table");
        goto done;
    }
    r.found = PyMem_Calloc(n_rules * (n_lines ? n_lines : 1), 1);
    if (r.found == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (automaton_scan(&a, whole, rule_line_match, &r) < 0)
        goto done;
    result = PyList_New(n_rules);
    if (result == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < n_rules; k++) {
        PyObject *lines = PyList_New(0);
        if (lines == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, lines);
        for (Py_ssize_t i = 0; i < n_lines; i++) {
            if (!r.found[k * n_lines + i])
                continue;
            PyObject *index = PyLong_FromSsize_t(i);
            if (index == NULL || PyList_Append(lines, index) < 0) {
                Py_XDECREF(index);
                Py_CLEAR(result);
                goto done;
            }
            Py_DECREF(index);
        }
    }
done:
    PyMem_Free(r.found);
    automaton_close(&a);
    PyBuffer_Release(&owners);
    return result;
}


static inline int
word_char(Py_UCS4 c)
{
    return (c >= '0' && c <= '9') || Py_UNICODE_ISALPHA(c);
}

/* What lexicon_counts' counting (see there) reads and writes. */
typedef struct {
    PyObject *lowered, *text, *strip;
    const Py_ssize_t *ends;  /* each line's newline */
    Py_ssize_t n;
    const unsigned char *kind_of, *is_short;
    Py_ssize_t n_kinds;
    uint64_t *seen;          /* per line, a bit per phrase already counted */
    int64_t *furniture, *talk;
} Lexicon;

static int
lexicon_match(void *context, int32_t needle, Py_ssize_t first, Py_ssize_t stop, Py_ssize_t lo)
{
    Lexicon *x = context;
    if (lo >= x->n)
        return 0;
    if (needle >= x->n_kinds) {
        PyErr_SetString(PyExc_IndexError, "a match outside the needles");
        return -1;
    }
    const int lkind = PyUnicode_KIND(x->lowered), tkind = PyUnicode_KIND(x->text), skind = PyUnicode_KIND(x->strip);
    const void *ldata = PyUnicode_DATA(x->lowered), *tdata = PyUnicode_DATA(x->text), *sdata = PyUnicode_DATA(x->strip);
    const Py_ssize_t size = PyUnicode_GET_LENGTH(x->text), nstrip = PyUnicode_GET_LENGTH(x->strip);
    const unsigned char kind = x->kind_of[needle];
    if ((kind & 1) && x->is_short[lo]) {
        const Py_ssize_t line_start = lo ? x->ends[lo - 1] + 1 : 0, line_end = x->ends[lo];
        Py_ssize_t left = first, right = stop; /* the token: between spaces */
        while (left > line_start && PyUnicode_READ(lkind, ldata, left - 1) != ' ')
            left--;
        while (right < line_end && PyUnicode_READ(lkind, ldata, right) != ' ')
            right++;
        for (int side = 0; side < 2; side++) { /* take STRIP off both ends */
            for (;;) {
                if (left >= right)
                    break;
                const Py_UCS4 c = PyUnicode_READ(lkind, ldata, side ? right - 1 : left);
                int stripped = 0;
                for (Py_ssize_t k = 0; k < nstrip && !stripped; k++)
                    stripped = PyUnicode_READ(skind, sdata, k) == c;
                if (!stripped)
                    break;
                if (side)
                    right--;
                else
                    left++;
            }
        }
        x->furniture[lo] += left == first && right == stop; /* the needle is letters: it is never stripped */
    }
    if ((kind & 2) && x->is_short[lo]) {
        uint64_t *bits = x->seen + lo * ((x->n_kinds + 63) / 64) + needle / 64;
        if (!(*bits & ((uint64_t)1 << (needle % 64)))) {
            *bits |= (uint64_t)1 << (needle % 64);
            x->furniture[lo]++;
        }
    }
    if ((kind & 4) && !(first > 0 && word_char(PyUnicode_READ(tkind, tdata, first - 1)))
        && !(stop < size && word_char(PyUnicode_READ(tkind, tdata, stop))))
        x->talk[lo]++;
    return 0;
}

/* Per line, the furniture count and the site-talk count of the vocabulary (`tables`,
 * its automaton) in `lowered` (the page lowered, same offsets as `text`): `kinds` has a
 * byte per needle (1: a furniture word, which counts when it is its whole token once
 * `strip` is taken off the token's ends; 2: a furniture phrase, which counts once a
 * line; 4: site talk, which counts as whole words of `text`), `ends` each line's
 * newline position and `short` a byte per line (furniture counts on short lines only).
 * Returns 2 x n int64: furniture, then talk. */
static PyObject *
lexicon_counts(PyObject *self, PyObject *args)
{
    PyObject *tables, *lowered, *text, *ends_arg, *strip;
    Py_buffer kinds, short_lines;
    if (!PyArg_ParseTuple(args, "OUUOy*y*U", &tables, &lowered, &text, &ends_arg, &kinds, &short_lines, &strip))
        return NULL;
    PyObject *ends_seq = NULL, *out = NULL;
    Py_ssize_t *ends = NULL;
    uint64_t *seen = NULL;
    Automaton a;
    a.opened = 0;
    ends_seq = PySequence_Fast(ends_arg, "ends must be a sequence");
    if (ends_seq == NULL || automaton_open(tables, &a) < 0)
        goto done;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(ends_seq);
    const Py_ssize_t words = (kinds.len + 63) / 64; /* phrase bits per line */
    if (short_lines.len != n || PyUnicode_GET_LENGTH(lowered) != PyUnicode_GET_LENGTH(text)) {
        PyErr_SetString(PyExc_ValueError, "one short flag per line, and a lowered text as long as the text");
        goto done;
    }
    ends = PyMem_Malloc((n ? n : 1) * sizeof(Py_ssize_t));
    seen = PyMem_Calloc((n ? n : 1) * (words ? words : 1), sizeof(uint64_t));
    out = PyBytes_FromStringAndSize(NULL, 2 * n * (Py_ssize_t)sizeof(int64_t));
    if (ends == NULL || seen == NULL || out == NULL) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    int64_t *furniture = (int64_t *)PyBytes_AS_STRING(out);
    memset(furniture, 0, 2 * n * sizeof(int64_t));
    for (Py_ssize_t i = 0; i < n; i++) {
        ends[i] = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(ends_seq, i));
        if (ends[i] == -1 && PyErr_Occurred()) {
            Py_CLEAR(out);
            goto done;
        }
    }
    Lexicon x = {lowered, text, strip, ends, n, kinds.buf, short_lines.buf, kinds.len, seen, furniture, furniture + n};
    if (automaton_scan(&a, lowered, lexicon_match, &x) < 0)
        Py_CLEAR(out);
done:
    automaton_close(&a);
    PyMem_Free(ends);
    PyMem_Free(seen);
    Py_XDECREF(ends_seq);
    PyBuffer_Release(&kinds);
    PyBuffer_Release(&short_lines);
    return out;
}


/* The prose score's weights, in the order of cleaner.lines.ScoreWeights. */
enum {
    W_WORDS_CAP, W_WORDS_PER_POINT, W_STOP, W_SHORT_STOP, W_NO_STOP, W_FEW_WORDS, W_FEW_WORDS_PENALTY,
    W_TITLE_CASE_SHARE, W_TITLE_CASE_WORDS, W_TITLE_CASE_PENALTY, W_BULLET_PENALTY, W_SEPARATORS,
    W_SEPARATORS_PENALTY, W_DIGIT_SHARE, W_DIGIT_PENALTY, W_FURNITURE, W_FURNITURE_CAP, W_FURNITURE_WORDS,
    W_FURNITURE_LONG_FACTOR, W_TALK_MIN, W_TALK_WORDS, W_TALK_MAX_WORDS, W_TALK, W_TALK_CAP, W_CUT_OFF,
    W_CUT_OFF_CHARS, W_LONG_LINE, W_TABLE_WORDS, N_WEIGHTS
};

static inline double
round2(double value) /* as lines._round2 */
{
    return rint(value * 100) / 100;
}

static inline uint16_t
class_of(const uint16_t *classes, Py_UCS4 c) /* as classes.take(mode="clip"): astral reads U+FFFF */
{
    return classes[c <= 0xFFFF ? c : 0xFFFF];
}

/* Whether chars[start:end] ends with `mark`. */
static int
ends_with(const Py_UCS4 *chars, Py_ssize_t start, Py_ssize_t end, const Py_UCS4 *mark, Py_ssize_t length)
{
    if (end - start < length)
        return 0;
    for (Py_ssize_t k = 0; k < length; k++)
        if (chars[end - length + k] != mark[k])
            return 0;
    return 1;
}

/* lines._cut_off for one line, chars[start:end]. */
static int
cut_off(const Py_UCS4 *chars, Py_ssize_t start, Py_ssize_t end, const uint16_t *classes)
{
    static const Py_UCS4 marks[4][7] = { /* lines._EXCERPT_MARKS */
        {'[', 0x2026, ']'}, {'[', '.', '.', '.', ']'}, {'[', ' ', 0x2026, ' ', ']'}, {'[', ' ', '.', '.', '.', ' ', ']'}};
    static const Py_ssize_t mark_lengths[4] = {3, 5, 5, 7};
    static const Py_UCS4 dots[3] = {'.', '.', '.'};
    if (end == start)
        return 0;
    const Py_UCS4 last = chars[end - 1];
    if (last == ']') {
        for (int k = 0; k < 4; k++)
            if (ends_with(chars, start, end, marks[k], mark_lengths[k]))
                return 1;
        return 0;
    }
    Py_ssize_t glued; /* the character the ellipsis is glued to */
    if (last == 0x2026)
        glued = end - 2;
    else if (ends_with(chars, start, end, dots, 3))
        glued = end - 4;
    else
        return 0;
    if (glued < start)
        return 0;
    const Py_UCS4 c = chars[glued];
    return (Py_UNICODE_ISALPHA(c) || (c >= '0' && c <= '9')) && !(class_of(classes, c) & C_CJK);
}

/* Each line's prose score, whether it ends a sentence and whether it could be a table
 * row: cleaner.lines.prose_scores, PageFeatures.terminal and table_row of page_features,
 * in one pass. `tables` are the vocabulary's automaton, scanned over `lowered` (as for
 * lexicon_counts), `weights` a cleaner.lines.ScoreWeights. Same floating-point
 * operations in the same order as the array version. */
static PyObject *
line_scores(PyObject *self, PyObject *args)
{
    PyObject *text, *lowered, *tables, *strip, *weights_arg;
    Py_buffer table, kinds;
    if (!PyArg_ParseTuple(args, "UUOy*y*UO", &text, &lowered, &tables, &table, &kinds, &strip, &weights_arg))
        return NULL;
    PyObject *result = NULL, *scores = NULL, *terminals = NULL, *rows_out = NULL;
    Automaton a;
    a.opened = 0;
    Py_UCS4 *chars = NULL;
    int64_t *counts = NULL, *furniture = NULL;
    Py_ssize_t *ends = NULL;
    unsigned char *is_short = NULL;
    uint64_t *seen = NULL;
    double w[N_WEIGHTS];
    if (check_table(&table) < 0)
        goto done;
    if (!PyTuple_Check(weights_arg) || PyTuple_GET_SIZE(weights_arg) != N_WEIGHTS) {
        PyErr_SetString(PyExc_ValueError, "weights must be a ScoreWeights tuple");
        goto done;
    }
    for (Py_ssize_t k = 0; k < N_WEIGHTS; k++) {
        w[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(weights_arg, k));
        if (w[k] == -1.0 && PyErr_Occurred())
            goto done;
    }
    if (PyUnicode_GET_LENGTH(lowered) != PyUnicode_GET_LENGTH(text)) {
        PyErr_SetString(PyExc_ValueError, "a lowered text as long as the text");
        goto done;
    }
    if (automaton_open(tables, &a) < 0)
        goto done;
    const uint16_t *classes = (const uint16_t *)table.buf;
    Py_ssize_t limit, n;
    chars = page_chars(text, &limit, &n);
    if (chars == NULL)
        goto done;
    const Py_ssize_t bits_per_line = (kinds.len + 63) / 64;
    const Py_ssize_t m = n ? n : 1;
    counts = PyMem_Malloc(m * N_FIELDS * sizeof(int64_t));
    furniture = PyMem_Calloc(2 * m, sizeof(int64_t));
    ends = PyMem_Malloc(m * sizeof(Py_ssize_t));
    is_short = PyMem_Malloc(m);
    seen = PyMem_Calloc(m * (bits_per_line ? bits_per_line : 1), sizeof(uint64_t));
    if (counts == NULL || furniture == NULL || ends == NULL || is_short == NULL || seen == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    fill_counts(chars, limit, classes, counts);
    int64_t *talk = furniture + m;
    Py_ssize_t end = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t *row = counts + i * N_FIELDS;
        const int64_t words = row[F_WORDS], unspaced = row[F_UNSPACED]; /* unspaced scripts: two characters a word */
        row[F_WORDS] = unspaced > words ? (words > unspaced / 2 ? words : unspaced / 2) : words;
        is_short[i] = row[F_WORDS] < w[W_LONG_LINE];
        end += row[F_CHARS] + 1;
        ends[i] = end; /* the line's newline */
    }
    Lexicon x = {lowered, text, strip, ends, n, kinds.buf, is_short, kinds.len, seen, furniture, talk};
    if (automaton_scan(&a, lowered, lexicon_match, &x) < 0)
        goto done;
    scores = PyList_New(n);
    terminals = PyList_New(n);
    rows_out = PyList_New(n);
    if (scores == NULL || terminals == NULL || rows_out == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        const int64_t *row = counts + i * N_FIELDS;
        const int64_t words = row[F_WORDS], length = row[F_CHARS];
        const Py_ssize_t stop = ends[i], start = stop - length;
        const int is_short_line = is_short[i];
        const uint16_t last_class = class_of(classes, (Py_UCS4)row[F_LAST]);
        int terminal = (last_class & C_STOP) != 0;
        if (last_class & C_CLOSER) { /* lines._closed_sentence */
            Py_ssize_t j = stop;
            while (j > start && (chars[j - 1] == ' ' || (class_of(classes, chars[j - 1]) & C_CLOSER)))
                j--;
            terminal = j > start && (class_of(classes, chars[j - 1]) & C_STOP);
        }
        const int cut = cut_off(chars, start, stop, classes);
        terminal = terminal && !cut;
        const int64_t nonspace = length - row[F_SPACES];
        const double digit_share = is_short_line ? round2((double)row[F_DIGITS] / (double)(nonspace > 1 ? nonspace : 1)) : 0.0;
        const int64_t alpha = row[F_ALPHA_INITIALS];
        const double title_case = is_short_line && alpha > 0 ? round2((double)row[F_UPPER_INITIALS] / (double)alpha) : 0.0;
        const int bullet = is_short_line && row[F_BULLET_START];
        const int64_t separators = is_short_line && words > 2 ? row[F_SEPARATORS] : 0;
        const double capped = (double)(words < w[W_WORDS_CAP] ? words : (int64_t)w[W_WORDS_CAP]);
        double score = capped / w[W_WORDS_PER_POINT];
        score += terminal ? (words >= w[W_FEW_WORDS] ? w[W_STOP] : w[W_SHORT_STOP]) : -w[W_NO_STOP];
        score -= w[W_FEW_WORDS_PENALTY] * (words < w[W_FEW_WORDS]);
        score -= w[W_TITLE_CASE_PENALTY] * (title_case > w[W_TITLE_CASE_SHARE] && words < w[W_TITLE_CASE_WORDS] && !terminal);
        score -= w[W_BULLET_PENALTY] * bullet;
        score -= w[W_SEPARATORS_PENALTY] * (separators >= w[W_SEPARATORS]);
        score -= w[W_DIGIT_PENALTY] * (digit_share > w[W_DIGIT_SHARE]);
        const double furn = (double)(furniture[i] < w[W_FURNITURE_CAP] ? furniture[i] : (int64_t)w[W_FURNITURE_CAP]);
        score -= w[W_FURNITURE] * furn * (words < w[W_FURNITURE_WORDS] ? 1.0 : w[W_FURNITURE_LONG_FACTOR]);
        const int64_t site_talk = talk[i];
        const int talks = site_talk >= w[W_TALK_MIN] && site_talk * w[W_TALK_WORDS] >= words && words <= w[W_TALK_MAX_WORDS];
        const double talk_capped = (double)(site_talk < w[W_TALK_CAP] ? site_talk : (int64_t)w[W_TALK_CAP]);
        score -= w[W_TALK] * talk_capped * talks;
        score -= w[W_CUT_OFF] * (cut && length >= w[W_CUT_OFF_CHARS]);
        const int table_row = words >= w[W_TABLE_WORDS] && words < w[W_LONG_LINE] && digit_share > 0 && !terminal;
        PyObject *value = PyFloat_FromDouble(round2(score));
        if (value == NULL)
            goto done;
        PyList_SET_ITEM(scores, i, value);
        PyList_SET_ITEM(terminals, i, PyBool_FromLong(terminal));
        PyList_SET_ITEM(rows_out, i, PyBool_FromLong(table_row));
    }
    result = PyTuple_Pack(3, scores, terminals, rows_out);
done:
    Py_XDECREF(scores);
    Py_XDECREF(terminals);
    Py_XDECREF(rows_out);
    automaton_close(&a);
    PyMem_Free(chars);
    PyMem_Free(counts);
    PyMem_Free(furniture);
    PyMem_Free(ends);
    PyMem_Free(is_short);
    PyMem_Free(seen);
    PyBuffer_Release(&table);
    PyBuffer_Release(&kinds);
    return result;
}


/* The region search's Viterbi pass (`cleaner.lines._segments_python`): the article
 * blocks, as (first, last) line pairs, for the three states before the article, inside a
 * block and between blocks. Same floating-point operations in the same order. */
static PyObject *
segments(PyObject *self, PyObject *args)
{
    PyObject *scores_arg;
    double switch_cost;
    if (!PyArg_ParseTuple(args, "Od", &scores_arg, &switch_cost))
        return NULL;
    PyObject *seq = PySequence_Fast(scores_arg, "scores must be a sequence of numbers");
    if (seq == NULL)
        return NULL;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject *blocks = PyList_New(0);
    if (blocks == NULL || n == 0) {
        Py_DECREF(seq);
        return blocks;
    }
    double *score = PyMem_Malloc(n * sizeof(double));
    unsigned char *back = PyMem_Malloc(n * 3); /* predecessor state of (before, inside, between) */
    if (score == NULL || back == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        score[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
        if (score[i] == -1.0 && PyErr_Occurred())
            goto fail;
    }
    double before = 0.0, inside = score[0], between = -INFINITY;
    back[0] = 0, back[1] = 0, back[2] = 2;
    for (Py_ssize_t i = 1; i < n; i++) {
        const double resume = between - switch_cost;
        unsigned char prev_in;
        double best_in;
        if (before >= inside && before >= resume)
            prev_in = 0, best_in = before;
        else if (inside >= resume)
            prev_in = 1, best_in = inside;
        else
            prev_in = 2, best_in = resume;
        back[3 * i] = 0, back[3 * i + 1] = prev_in;
        if (inside >= between)
            back[3 * i + 2] = 1, between = inside;
        else
            back[3 * i + 2] = 2;
        inside = best_in + score[i];
    }
    const double finals[3] = {before, inside, between};
    int state = 0; /* the first of the best, as Python's max() */
    for (int k = 1; k < 3; k++)
        if (finals[k] > finals[state])
            state = k;
    for (Py_ssize_t i = n - 1; i >= 0; i--) { /* back-track; column 0 (always 0) takes the flag */
        const unsigned char previous = back[3 * i + state];
        back[3 * i] = state == 1;
        state = previous;
    }
    Py_ssize_t start = -1;
    for (Py_ssize_t i = 0; i <= n; i++) {
        const int flag = i < n && back[3 * i];
        if (flag && start < 0)
            start = i;
        else if (!flag && start >= 0) {
            PyObject *block = Py_BuildValue("(nn)", start, i - 1);
            if (block == NULL || PyList_Append(blocks, block) < 0) {
                Py_XDECREF(block);
                goto fail;
            }
            Py_DECREF(block);
            start = -1;
        }
    }
    PyMem_Free(score);
    PyMem_Free(back);
    Py_DECREF(seq);
    return blocks;
fail:
    PyMem_Free(score);
    PyMem_Free(back);
    Py_DECREF(seq);
    Py_DECREF(blocks);
    return NULL;
}


/* The distinct characters of `text` that `table` (a byte per BMP code point) marks, in
 * code point order; astral characters are never marked (cleaner.repair._screened_python). */
static PyObject *
screened(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*", &text, &table))
        return NULL;
    if (table.len != 0x10000) {
        PyBuffer_Release(&table);
        PyErr_SetString(PyExc_ValueError, "the screen table must hold 65536 bytes");
        return NULL;
    }
    const unsigned char *marked = table.buf;
    uint64_t seen[0x10000 / 64];
    memset(seen, 0, sizeof seen);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    Py_ssize_t distinct = 0;
    Py_UCS4 low = 0xFFFF, high = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > 0xFFFF || !marked[c] || (seen[c / 64] & ((uint64_t)1 << (c % 64))))
            continue;
        seen[c / 64] |= (uint64_t)1 << (c % 64);
        distinct++;
        low = c < low ? c : low;
        high = c > high ? c : high;
    }
    PyBuffer_Release(&table);
    PyObject *out = PyUnicode_New(distinct, distinct ? high : 0);
    if (out == NULL || distinct == 0)
        return out;
    const int okind = PyUnicode_KIND(out);
    void *odata = PyUnicode_DATA(out);
    Py_ssize_t k = 0;
    for (Py_UCS4 c = low; c <= high; c++)
        if (seen[c / 64] & ((uint64_t)1 << (c % 64)))
            PyUnicode_WRITE(okind, odata, k++, c);
    return out;
}


/* The indexes (a list of ints into `lines`, a list of str) of the lines holding at most
 * `limit` letters a to z (cleaner.apply._few_lowercase_python). */
static PyObject *
few_lowercase(PyObject *self, PyObject *args)
{
    PyObject *lines, *indexes;
    Py_ssize_t limit;
    if (!PyArg_ParseTuple(args, "O!O!n", &PyList_Type, &lines, &PyList_Type, &indexes, &limit))
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    const Py_ssize_t n_lines = PyList_GET_SIZE(lines);
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(indexes); k++) {
        PyObject *index = PyList_GET_ITEM(indexes, k);
        const Py_ssize_t i = PyLong_AsSsize_t(index);
        if (i == -1 && PyErr_Occurred())
            goto fail;
        if (i < 0 || i >= n_lines) {
            PyErr_SetString(PyExc_IndexError, "a line index out of range");
            goto fail;
        }
        PyObject *line = PyList_GET_ITEM(lines, i);
        if (!PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "lines must be str");
            goto fail;
        }
        const int kind = PyUnicode_KIND(line);
        const void *data = PyUnicode_DATA(line);
        const Py_ssize_t size = PyUnicode_GET_LENGTH(line);
        Py_ssize_t lower = 0;
        for (Py_ssize_t j = 0; j < size && lower <= limit; j++) {
            const Py_UCS4 c = PyUnicode_READ(kind, data, j);
            lower += c >= 'a' && c <= 'z';
        }
        if (lower <= limit && PyList_Append(out, index) < 0)
            goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}


/* Whether `text` (lines joined by newlines) needs its whitespace squashed: two spaces
 * in a row, a space at either end of a line, or whitespace other than the space and
 * the newline (`cleaner.repair._needs_squash_python`). One pass, stopping at the first. */
static PyObject *
needs_squash(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "needs_squash takes a str");
        return NULL;
    }
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    Py_UCS4 previous = '\n'; /* the text starts a line */
    for (Py_ssize_t i = 0; i < size; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == ' ') {
            if (previous == ' ' || previous == '\n')
                Py_RETURN_TRUE;
        }
        else if (c == '\n') {
            if (previous == ' ')
                Py_RETURN_TRUE;
        }
        else if (Py_UNICODE_ISSPACE(c))
            Py_RETURN_TRUE;
        previous = c;
    }
    if (previous == ' ')
        Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}


/* `text` with its ASCII capitals lowered, when no character of it is marked in
 * `changed` (65536 bytes: the BMP characters outside ASCII that the caller's case
 * mapping changes, such as those str.casefold or str.lower changes), else None (the
 * caller maps it itself); an astral character always gives None. */
static PyObject *
ascii_lower(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer folds;
    if (!PyArg_ParseTuple(args, "Uy*", &text, &folds))
        return NULL;
    if (folds.len != 0x10000) {
        PyBuffer_Release(&folds);
        PyErr_SetString(PyExc_ValueError, "the table must hold 65536 entries");
        return NULL;
    }
    const unsigned char *folded = folds.buf;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < size; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > 0xFFFF || (c >= 128 && folded[c])) {
            PyBuffer_Release(&folds);
            Py_RETURN_NONE;
        }
    }
    PyBuffer_Release(&folds);
    PyObject *out = PyUnicode_New(size, PyUnicode_MAX_CHAR_VALUE(text));
    if (out == NULL)
        return NULL;
    const int okind = PyUnicode_KIND(out);
    void *odata = PyUnicode_DATA(out);
    for (Py_ssize_t i = 0; i < size; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        PyUnicode_WRITE(okind, odata, i, c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return out;
}


/* Whether the str `set` holds the character `c`. */
static int
in_set(PyObject *set, Py_UCS4 c)
{
    const int kind = PyUnicode_KIND(set);
    const void *data = PyUnicode_DATA(set);
    const Py_ssize_t size = PyUnicode_GET_LENGTH(set);
    for (Py_ssize_t i = 0; i < size; i++)
        if (PyUnicode_READ(kind, data, i) == c)
            return 1;
    return 0;
}


/* 'o Item' under a list item: an inscriptis or lynx bullet (`cleaner.layout._o_bullet`). */
static int
o_bullet(PyObject *previous, Py_ssize_t n_previous, PyObject *line, Py_ssize_t n_line, PyObject *new_item)
{
    if (n_line < 3 || PyUnicode_READ_CHAR(line, 0) != 'o' || PyUnicode_READ_CHAR(line, 1) != ' ')
        return 0;
    const Py_UCS4 third = PyUnicode_READ_CHAR(line, 2);
    if (!Py_UNICODE_ISUPPER(third) && !Py_UNICODE_ISDIGIT(third))
        return 0;
    const Py_UCS4 head = PyUnicode_READ_CHAR(previous, 0);
    return in_set(new_item, head) || (n_previous >= 2 && head == 'o' && PyUnicode_READ_CHAR(previous, 1) == ' ');
}


/* How many pairs of adjacent non-blank `lines` `cleaner.layout.continues` joins, counted
 * up to `enough` (`cleaner.layout._fragment_pairs_python`); the character sets are
 * layout's _OPEN_END, _CLOSE_START, _STOP_END and _NEW_ITEM as strings. `lines` holds str
 * only (TypeError otherwise, where the twin would skip a falsy item). */
static PyObject *
fragment_pairs(PyObject *self, PyObject *args)
{
    PyObject *lines, *open_end, *close_start, *stop_end, *new_item;
    Py_ssize_t enough;
    if (!PyArg_ParseTuple(args, "O!nUUUU", &PyList_Type, &lines, &enough, &open_end, &close_start, &stop_end,
                          &new_item))
        return NULL;
    const Py_ssize_t n = PyList_GET_SIZE(lines);
    Py_ssize_t pairs = 0;
    for (Py_ssize_t k = 1; k < n && pairs < enough; k++) {
        PyObject *previous = PyList_GET_ITEM(lines, k - 1), *line = PyList_GET_ITEM(lines, k);
        if (!PyUnicode_Check(previous) || !PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "lines must be str");
            return NULL;
        }
        const Py_ssize_t n_previous = PyUnicode_GET_LENGTH(previous), n_line = PyUnicode_GET_LENGTH(line);
        if (n_previous == 0 || n_line == 0)
            continue;
        const Py_UCS4 last = PyUnicode_READ_CHAR(previous, n_previous - 1), first = PyUnicode_READ_CHAR(line, 0);
        if (in_set(open_end, last) || in_set(close_start, first))
            pairs++;
        else if (!in_set(stop_end, last) && Py_UNICODE_ISLOWER(first)
                 && !o_bullet(previous, n_previous, line, n_line, new_item))
            pairs++;
    }
    return PyLong_FromSsize_t(pairs);
}


/* `cleaner.layout._spaced`: the raw `previous` line ends in one whitespace character, or
 * the raw `line` starts with a single space. */
static int
spaced(PyObject *previous, PyObject *line)
{
    const Py_ssize_t n_previous = PyUnicode_GET_LENGTH(previous), n_line = PyUnicode_GET_LENGTH(line);
    if (n_previous >= 1 && Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(previous, n_previous - 1)))
        return !(n_previous >= 2 && Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(previous, n_previous - 2)));
    return n_line >= 1 && PyUnicode_READ_CHAR(line, 0) == ' '
           && !(n_line >= 2 && Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(line, 1)));
}


/* Whether at least max(1, enough) pairs of adjacent lines are non-blank in `lines` and
 * `spaced` in `raw`, two lists of str of one length (`cleaner.layout._spaced_pairs_python`;
 * ValueError for lists of two lengths, TypeError for an item that is not str). */
static PyObject *
spaced_pairs(PyObject *self, PyObject *args)
{
    PyObject *lines, *raw;
    Py_ssize_t enough;
    if (!PyArg_ParseTuple(args, "O!O!n", &PyList_Type, &lines, &PyList_Type, &raw, &enough))
        return NULL;
    const Py_ssize_t n = PyList_GET_SIZE(raw);
    if (PyList_GET_SIZE(lines) != n) {
        PyErr_SetString(PyExc_ValueError, "lines and raw must have one length");
        return NULL;
    }
    Py_ssize_t found = 0;
    if (enough < 1)
        enough = 1;
    for (Py_ssize_t k = 1; k < n; k++) {
        PyObject *a = PyList_GET_ITEM(lines, k - 1), *b = PyList_GET_ITEM(lines, k);
        PyObject *previous = PyList_GET_ITEM(raw, k - 1), *line = PyList_GET_ITEM(raw, k);
        if (!PyUnicode_Check(a) || !PyUnicode_Check(b) || !PyUnicode_Check(previous) || !PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "lines and raw must hold str");
            return NULL;
        }
        if (PyUnicode_GET_LENGTH(a) && PyUnicode_GET_LENGTH(b) && spaced(previous, line) && ++found >= enough)
            Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}



/* The runs of equal gaps between the lines with text, and the runs where a table written
 * one cell a line could start (`cleaner.layout._grid_runs_python`): returns (cells, each
 * run's first gap, its gap, its length, the runs where a grid could start). */
static PyObject *
grid_runs(PyObject *self, PyObject *args)
{
    PyObject *lines;
    Py_ssize_t min_rows, min_cells, max_cells;
    if (!PyArg_ParseTuple(args, "O!nnn", &PyList_Type, &lines, &min_rows, &min_cells, &max_cells))
        return NULL;
    const Py_ssize_t n = PyList_GET_SIZE(lines);
    Py_ssize_t *cell = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *start = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *value = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *length = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *possible = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    PyObject *out = NULL;
    if (cell == NULL || start == NULL || value == NULL || length == NULL || possible == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t n_cells = 0, runs = 0, n_possible = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = PyList_GET_ITEM(lines, i);
        if (!PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "lines must be str");
            goto done;
        }
        if (PyUnicode_GET_LENGTH(line) > 0)
            cell[n_cells++] = i;
    }
    if (n_cells >= min_rows * min_cells) {
        const Py_ssize_t n_gaps = n_cells - 1;
        for (Py_ssize_t j = 0; j < n_gaps; j++) {
            const Py_ssize_t gap = cell[j + 1] - cell[j] - 1;
            if (j == 0 || gap != value[runs - 1]) {
                start[runs] = j, value[runs] = gap;
                runs++;
            }
        }
        for (Py_ssize_t r = 0; r < runs; r++)
            length[r] = (r + 1 < runs ? start[r + 1] : n_gaps) - start[r];
        for (Py_ssize_t r = 0; r + 2 < runs; r++) {
            const Py_ssize_t span = length[r + 2];
            if (value[r + 2] == value[r] && value[r] < value[r + 1] && length[r + 1] == 1 && min_cells <= span + 1
                && span + 1 <= max_cells && length[r] >= span)
                possible[n_possible++] = r;
        }
    }
    const Py_ssize_t *columns[5] = {cell, start, value, length, possible};
    const Py_ssize_t sizes[5] = {n_cells, runs, runs, runs, n_possible};
    out = PyTuple_New(5);
    for (int k = 0; out != NULL && k < 5; k++) {
        PyObject *list = PyList_New(sizes[k]);
        if (list == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyTuple_SET_ITEM(out, k, list);
        for (Py_ssize_t j = 0; j < sizes[k]; j++) {
            PyObject *number = PyLong_FromSsize_t(columns[k][j]);
            if (number == NULL) {
                Py_CLEAR(out);
                break;
            }
            PyList_SET_ITEM(list, j, number);
        }
    }
done:
    PyMem_Free(cell);
    PyMem_Free(start);
    PyMem_Free(value);
    PyMem_Free(length);
    PyMem_Free(possible);
    return out;
}

static PyMethodDef methods[] = {
    {"line_counts", line_counts, METH_VARARGS,
     "line_counts(text, table) -> bytes: int64 counts, one row of COUNT_FIELDS per newline-ended line."},
    {"rule_candidates", rule_candidates, METH_VARARGS,
     "rule_candidates(tables, whole, owners, n_rules, n_lines) -> per rule, the sorted lines its literals hit."},
    {"lexicon_counts", lexicon_counts, METH_VARARGS,
     "lexicon_counts(tables, lowered, text, ends, kinds, short, strip) -> bytes: 2 x n int64."},
    {"line_scores", line_scores, METH_VARARGS,
     "line_scores(text, lowered, tables, table, kinds, strip, weights) -> (scores, terminal, table_row) lists."},
    {"segments", segments, METH_VARARGS,
     "segments(scores, switch_cost) -> [(first, last), ...]: the article blocks, as lines.segments."},
    {"screened", screened, METH_VARARGS,
     "screened(text, table) -> str: the distinct marked characters of text, in code point order."},
    {"few_lowercase", few_lowercase, METH_VARARGS,
     "few_lowercase(lines, indexes, limit) -> the indexes of the lines holding at most limit letters a to z."},
    {"needs_squash", needs_squash, METH_O,
     "needs_squash(text) -> bool: whether any line of text has whitespace to squash."},
    {"ascii_lower", ascii_lower, METH_VARARGS,
     "ascii_lower(text, changed) -> text with ASCII capitals lowered, or None if a marked character is in it."},
    {"fragment_pairs", fragment_pairs, METH_VARARGS,
     "fragment_pairs(lines, enough, open_end, close_start, stop_end, new_item) -> int: joinable pairs, up to enough."},
    {"spaced_pairs", spaced_pairs, METH_VARARGS,
     "spaced_pairs(lines, raw, enough) -> bool: whether max(1, enough) adjacent pairs are spaced."},
    {"grid_runs", grid_runs, METH_VARARGS,
     "grid_runs(lines, min_rows, min_cells, max_cells) -> (cells, starts, gaps, lengths, possible): see layout."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
