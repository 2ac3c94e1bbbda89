/* Per-line character counts of a page, in one pass over its code points.
 *
 * The compiled twin of `cleaner.lines._line_counts_numpy`: the same counts from
 * the same class table, without the fixed cost of some forty array operations
 * per page. Both must agree exactly; tests compare them. Optional: without a C
 * compiler the package installs and runs on the NumPy version.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Class bits, as in cleaner/lines.py (_SPACE ... _UPPER). */
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

static PyObject *
line_counts(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*", &text, &table))
        return NULL;
    if (table.len != 0x10000 * (Py_ssize_t)sizeof(uint16_t)) {
        PyBuffer_Release(&table);
        PyErr_SetString(PyExc_ValueError, "the class table must hold 65536 uint16 entries");
        return NULL;
    }
    const uint16_t *classes = (const uint16_t *)table.buf;
    Py_ssize_t limit, lines;
    Py_UCS4 *chars = page_chars(text, &limit, &lines);
    PyObject *out = chars ? PyBytes_FromStringAndSize(NULL, lines * N_FIELDS * (Py_ssize_t)sizeof(int64_t)) : NULL;
    if (out == NULL) {
        PyMem_Free(chars);
        PyBuffer_Release(&table);
        return NULL;
    }
    int64_t *row = (int64_t *)PyBytes_AS_STRING(out);
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
    PyMem_Free(chars);
    PyBuffer_Release(&table);
    return out;
}

/* ---- The furniture and site-talk vocabulary (cleaner.lines._lexicon_hits) ----
 *
 * Matching is on the page as `str.lower()` lowers it, for needles written in
 * lowercase ASCII: a character matches a needle's character when it lowers to
 * it. Only A-Z and the Kelvin sign (U+212A) lower to ASCII letters, and the Kelvin
 * sign only when the page has no U+0130, which lowers to two characters and
 * makes the Python side lower ASCII alone.
 */
typedef struct {
    Py_ssize_t length;
    Py_UCS4 *chars;
} Needle;

typedef struct {
    Py_ssize_t words_n, phrases_n, talk_n, strip_n;
    Needle *words;   /* counted as a whole token once STRIP is taken off its ends */
    Needle *phrases; /* counted once a line wherever they stand */
    Needle *talk;    /* counted each time they stand as whole words */
    Py_UCS4 *strip;
    /* Needle indexes by first letter: [letter][0] is how many, then the indexes. */
    unsigned char word_index[26][65];
    unsigned char phrase_index[26][65];
    unsigned char talk_index[26][256];
} Lexicon;

#define LEXICON_CAPSULE "cleaner._linecounts.Lexicon"

static void
free_needles(Needle *needles, Py_ssize_t n)
{
    if (needles == NULL)
        return;
    for (Py_ssize_t k = 0; k < n; k++)
        PyMem_Free(needles[k].chars);
    PyMem_Free(needles);
}

static void
free_lexicon(PyObject *capsule)
{
    Lexicon *lexicon = PyCapsule_GetPointer(capsule, LEXICON_CAPSULE);
    if (lexicon == NULL)
        return;
    free_needles(lexicon->words, lexicon->words_n);
    free_needles(lexicon->phrases, lexicon->phrases_n);
    free_needles(lexicon->talk, lexicon->talk_n);
    PyMem_Free(lexicon->strip);
    PyMem_Free(lexicon);
}

static int
read_needles(PyObject *strings, Needle **needles, Py_ssize_t *n)
{
    PyObject *seq = PySequence_Fast(strings, "needles must be a sequence of str");
    if (seq == NULL)
        return -1;
    *n = PySequence_Fast_GET_SIZE(seq);
    *needles = PyMem_Calloc(*n ? *n : 1, sizeof(Needle));
    if (*needles == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < *n; k++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, k);
        if (!PyUnicode_Check(item) || PyUnicode_GET_LENGTH(item) == 0) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_ValueError, "needles must be non-empty str");
            return -1;
        }
        (*needles)[k].length = PyUnicode_GET_LENGTH(item);
        (*needles)[k].chars = PyUnicode_AsUCS4Copy(item);
        if ((*needles)[k].chars == NULL) {
            Py_DECREF(seq);
            return -1;
        }
    }
    Py_DECREF(seq);
    return 0;
}

static int
index_needles(const Needle *needles, Py_ssize_t n, unsigned char *index, Py_ssize_t width)
{
    for (Py_ssize_t k = 0; k < n; k++) {
        const Py_UCS4 first = needles[k].chars[0];
        if (first < 'a' || first > 'z') {
            PyErr_SetString(PyExc_ValueError, "every needle starts with a lowercase ASCII letter");
            return -1;
        }
        unsigned char *bucket = index + (first - 'a') * width;
        bucket[++bucket[0]] = (unsigned char)k;
    }
    return 0;
}

static PyObject *
compile_lexicon(PyObject *self, PyObject *args)
{
    PyObject *words, *phrases, *talk, *strip;
    if (!PyArg_ParseTuple(args, "OOOU", &words, &phrases, &talk, &strip))
        return NULL;
    Lexicon *lexicon = PyMem_Calloc(1, sizeof(Lexicon));
    if (lexicon == NULL)
        return PyErr_NoMemory();
    PyObject *capsule = PyCapsule_New(lexicon, LEXICON_CAPSULE, free_lexicon);
    if (capsule == NULL) {
        PyMem_Free(lexicon);
        return NULL;
    }
    if (read_needles(words, &lexicon->words, &lexicon->words_n) < 0
        || read_needles(phrases, &lexicon->phrases, &lexicon->phrases_n) < 0
        || read_needles(talk, &lexicon->talk, &lexicon->talk_n) < 0) {
        Py_DECREF(capsule);
        return NULL;
    }
    if (lexicon->words_n > 64 || lexicon->phrases_n > 64 || lexicon->talk_n > 255) {
        Py_DECREF(capsule);
        PyErr_SetString(PyExc_ValueError, "at most 64 words, 64 phrases and 255 site-talk needles");
        return NULL;
    }
    if (index_needles(lexicon->words, lexicon->words_n, &lexicon->word_index[0][0], 65) < 0
        || index_needles(lexicon->phrases, lexicon->phrases_n, &lexicon->phrase_index[0][0], 65) < 0
        || index_needles(lexicon->talk, lexicon->talk_n, &lexicon->talk_index[0][0], 256) < 0) {
        Py_DECREF(capsule);
        return NULL;
    }
    lexicon->strip_n = PyUnicode_GET_LENGTH(strip);
    lexicon->strip = PyUnicode_AsUCS4Copy(strip);
    if (lexicon->strip == NULL) {
        Py_DECREF(capsule);
        return NULL;
    }
    return capsule;
}

/* A character as the needles see it: lowered when that gives an ASCII letter, other
 * ASCII as it is, and 0xFF (no needle's) for the rest. */
static inline unsigned char
lowered(Py_UCS4 c, int kelvin)
{
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (c < 128)
        return (unsigned char)c;
    return c == 0x212A && kelvin ? 'k' : 0xFF;
}

static inline int
word_char(Py_UCS4 c)
{
    if (c < 128)
        return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
    return Py_UNICODE_ISALPHA(c);
}

/* Whether the needle stands at `at`, before `end`. */
static inline int
matches(const unsigned char *low, Py_ssize_t at, Py_ssize_t end, const Needle *needle)
{
    if (at + needle->length > end)
        return 0;
    for (Py_ssize_t j = 1; j < needle->length; j++) /* the first character is already known */
        if (low[at + j] != needle->chars[j])
            return 0;
    return 1;
}

static inline int
stripped(const Lexicon *lexicon, Py_UCS4 c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 0;
    for (Py_ssize_t k = 0; k < lexicon->strip_n; k++)
        if (lexicon->strip[k] == c)
            return 1;
    return 0;
}

/* Furniture words standing as whole tokens in chars[start:end]. */
static int64_t
furniture_words(const Lexicon *lexicon, const Py_UCS4 *chars, const unsigned char *low, Py_ssize_t start,
                Py_ssize_t end)
{
    int64_t found = 0;
    for (Py_ssize_t i = start; i < end;) { /* tokens: runs of characters between spaces */
        while (i < end && chars[i] == ' ')
            i++;
        Py_ssize_t first = i;
        while (i < end && chars[i] != ' ')
            i++;
        Py_ssize_t last = i;
        while (first < last && stripped(lexicon, chars[first]))
            first++;
        while (last > first && stripped(lexicon, chars[last - 1]))
            last--;
        const unsigned char initial = last > first ? low[first] : 0;
        if (initial < 'a' || initial > 'z')
            continue;
        const unsigned char *words = lexicon->word_index[initial - 'a'];
        for (int b = 1; b <= words[0]; b++)
            if (lexicon->words[words[b]].length == last - first && matches(low, first, last, &lexicon->words[words[b]])) {
                found++;
                break;
            }
    }
    return found;
}

static PyObject *
lexicon_counts(PyObject *self, PyObject *args)
{
    PyObject *text, *capsule;
    if (!PyArg_ParseTuple(args, "UO", &text, &capsule))
        return NULL;
    const Lexicon *lexicon = PyCapsule_GetPointer(capsule, LEXICON_CAPSULE);
    if (lexicon == NULL)
        return NULL;
    Py_ssize_t limit, lines;
    Py_UCS4 *chars = page_chars(text, &limit, &lines);
    PyObject *out = chars ? PyBytes_FromStringAndSize(NULL, lines * 2 * (Py_ssize_t)sizeof(int64_t)) : NULL;
    if (out == NULL) {
        PyMem_Free(chars);
        return NULL;
    }
    int kelvin = 1;
    for (Py_ssize_t i = 0; i < limit; i++)
        kelvin &= chars[i] != 0x130;
    unsigned char *low = PyMem_Malloc(limit ? limit : 1);
    if (low == NULL) {
        PyMem_Free(chars);
        Py_DECREF(out);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < limit; i++)
        low[i] = lowered(chars[i], kelvin);
    int64_t *row = (int64_t *)PyBytes_AS_STRING(out);
    Py_ssize_t start = 0;
    while (start < limit) {
        Py_ssize_t end = start;
        while (chars[end] != '\n')
            end++;
        uint64_t phrases_seen = 0;
        int64_t talk = 0;
        int after_word = 0;
        for (Py_ssize_t i = start; i < end; i++) {
            const unsigned char c = low[i];
            const int word_start = !after_word;
            after_word = word_char(chars[i]);
            if (c < 'a' || c > 'z')
                continue; /* every needle starts with a letter */
            const unsigned char *phrases = lexicon->phrase_index[c - 'a'];
            for (int b = 1; b <= phrases[0]; b++)
                if (matches(low, i, end, &lexicon->phrases[phrases[b]]))
                    phrases_seen |= (uint64_t)1 << phrases[b];
            if (!word_start)
                continue; /* site talk starts a word... */
            const unsigned char *needles = lexicon->talk_index[c - 'a'];
            for (int b = 1; b <= needles[0]; b++) {
                const Needle *needle = &lexicon->talk[needles[b]];
                if (matches(low, i, end, needle) && !word_char(chars[i + needle->length]))
                    talk++; /* ...and ends one (the newline ends every word) */
            }
        }
        row[0] = furniture_words(lexicon, chars, low, start, end);
        for (; phrases_seen; phrases_seen &= phrases_seen - 1) /* one count a phrase */
            row[0]++;
        row[1] = talk;
        row += 2;
        start = end + 1;
    }
    PyMem_Free(low);
    PyMem_Free(chars);
    return out;
}

static PyMethodDef methods[] = {
    {"line_counts", line_counts, METH_VARARGS,
     "line_counts(text, table) -> bytes: int64 counts, one row of COUNT_FIELDS per newline-ended line."},
    {"compile_lexicon", compile_lexicon, METH_VARARGS,
     "compile_lexicon(words, phrases, talk, strip) -> the vocabulary for lexicon_counts."},
    {"lexicon_counts", lexicon_counts, METH_VARARGS,
     "lexicon_counts(text, lexicon) -> bytes: int64 (furniture, site talk) per newline-ended line."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_linecounts", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__linecounts(void)
{
    return PyModule_Create(&module);
}
