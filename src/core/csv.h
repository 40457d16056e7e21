/* csv: an RFC 4180 reader over a memory buffer or a FILE*.
 * Owns: record splitting (quoted fields with "" escapes, LF or CRLF line
 * endings, line breaks inside quotes), a leading UTF-8 byte-order mark, the
 * header row and the field-count check against it, UTF-8 validation of every
 * field, the hard limits below, and the physical line number where each
 * record starts. Must not: know what the columns mean (import.h does).
 *
 * Hand-written on purpose: Debian's libcsv (libcsv-dev 3.0.3) is a push
 * parser with callbacks that does not expose where a record starts (so no
 * line numbers for records holding quoted line breaks), keeps no copy of a
 * record's original bytes (needed to write rejected lines back out), and has
 * no record-length limit: the limits and the error reporting would have to
 * be rebuilt around it anyway.
 *
 * Limits (each HC_ETOOBIG): a record (all its physical lines) at most
 * HC_CSV_MAX_RECORD bytes, at most HC_CSV_MAX_FIELDS fields, a field at most
 * HC_CSV_MAX_FIELD bytes after unquoting. A record over the record limit and
 * an unterminated quote are fatal (the reader cannot find the next record);
 * every other error concerns one record only: hc_csv_next can be called
 * again to read on. Empty lines between records are skipped.
 *
 * Errors: err->detail is the English reason without a position, the caller
 * prefixes "NAME:LINE: " using row->line (set on errors too);
 * err->message is Vietnamese and starts with "Dòng N: ". err->field names the
 * header column when the error is inside one field. */
#ifndef HC_CSV_H
#define HC_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

#define HC_CSV_MAX_RECORD (64 * 1024)
#define HC_CSV_MAX_FIELDS 64
#define HC_CSV_MAX_FIELD (8 * 1024)

typedef struct hc_csv hc_csv;

typedef struct hc_csv_row {
	long line;                 /* physical line (from 1) where the record starts */
	int n;                     /* number of fields (0 after an error) */
	const char *const *fields; /* n NUL-terminated UTF-8 strings */
	const char *raw;           /* the record's original bytes, without its line ending */
	size_t raw_len;
} hc_csv_row;
/* Everything a row points to stays valid until the next hc_csv_next or
 * hc_csv_free. */

/* Reads data[0..len) (not copied: it must outlive the reader). *out is the
 * caller's: hc_csv_free. */
int hc_csv_open_mem(const char *data, size_t len, hc_csv **out, hc_err *err);
/* Reads f from its current position (not closed by the reader). */
int hc_csv_open_file(FILE *f, hc_csv **out, hc_err *err);
void hc_csv_free(hc_csv *c); /* NULL is ignored */

/* Sets the field separator (default ','; '\t' reads TSV files). Must be
 * called before the first record is read; any other byte than ',', '\t'
 * or ';' is refused with HC_EINVAL. */
int hc_csv_set_separator(hc_csv *c, char sep, hc_err *err);

/* Reads the first record as the header: at least one column, no empty or
 * duplicate names. Every later record must have as many fields. */
int hc_csv_read_header(hc_csv *c, hc_csv_row *row, hc_err *err);
/* Reads the next record into *row; at the end of input sets *done and
 * returns HC_OK. */
int hc_csv_next(hc_csv *c, hc_csv_row *row, bool *done, hc_err *err);
/* True after an error the reader cannot continue from. */
bool hc_csv_fatal(const hc_csv *c);

#endif
