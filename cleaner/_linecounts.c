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
    const Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    Py_ssize_t lines = 0, limit = 0; /* characters after the last newline end no line */
    for (Py_ssize_t i = 0; i < size; i++) {
        if (PyUnicode_READ(kind, data, i) == '\n') {
            lines++;
            limit = i + 1;
        }
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, lines * N_FIELDS * (Py_ssize_t)sizeof(int64_t));
    if (out == NULL) {
        PyBuffer_Release(&table);
        return NULL;
    }
    int64_t *row = (int64_t *)PyBytes_AS_STRING(out);
    memset(row, 0, lines * N_FIELDS * sizeof(int64_t));

    Py_ssize_t start = 0; /* the current line's first position */
    int after_gap = 1;
    for (Py_ssize_t i = 0; i < limit; i++) {
        const Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '\n') {
            const Py_ssize_t length = i - start;
            row[F_CHARS] = length;
            row[F_LAST] = length ? (int64_t)PyUnicode_READ(kind, data, i - 1) : 0;
            if (length >= 2) {
                const Py_UCS4 first = PyUnicode_READ(kind, data, start);
                row[F_BULLET_START] = first <= 0xFFFF && (classes[first] & C_BULLET)
                                      && PyUnicode_READ(kind, data, start + 1) == ' ';
            }
            row += N_FIELDS;
            start = i + 1;
            after_gap = 1;
            continue;
        }
        uint16_t bits;
        if (c <= 0xFFFF)
            bits = classes[c];
        else /* astral characters have no class but letter case, as in _classes() */
            bits = Py_UNICODE_ISALPHA(c) ? (C_ALPHA | (Py_UNICODE_ISUPPER(c) ? C_UPPER : 0)) : 0;
        const int gap = c == ' ';
        if (!gap && after_gap) {
            row[F_WORDS]++;
            row[F_ALPHA_INITIALS] += (bits & C_ALPHA) != 0;
            row[F_UPPER_INITIALS] += (bits & C_UPPER) != 0;
        }
        after_gap = gap;
        row[F_UNSPACED] += (bits & C_UNSPACED) != 0;
        row[F_DIGITS] += (bits & C_DIGIT) != 0;
        row[F_SPACES] += (bits & C_SPACE) != 0;
        if ((bits & C_SEPARATOR) && i > 0 && i + 1 < limit && PyUnicode_READ(kind, data, i - 1) == ' '
            && PyUnicode_READ(kind, data, i + 1) == ' ')
            row[F_SEPARATORS]++;
    }
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
