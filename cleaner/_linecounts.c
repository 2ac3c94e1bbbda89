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

static PyMethodDef methods[] = {
    {"line_counts", line_counts, METH_VARARGS,
     "line_counts(text, table) -> bytes: int64 counts, one row of COUNT_FIELDS per newline-ended line."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_linecounts", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__linecounts(void)
{
    return PyModule_Create(&module);
}
