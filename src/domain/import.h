/* import: bulk import of CSV files (units, offices, procedures; more kinds
 * register one table entry in import.c).
 * Owns: the table of import kinds, matching a file's header against a
 * kind's columns, running every row through the kind's row handler inside
 * ONE caller-owned transaction (each row under a savepoint, so a bad row
 * leaves nothing behind), the per-line report "NAME:LINE: column: reason"
 * and the rejected lines. Must not: open files, print, or commit: the
 * caller (the CLI, the demo builder) does, after looking at the result.
 *
 * Adding a kind: write a row handler (hc_import_row_fn) in the module that
 * owns the data, declare its column list, and add one entry to `kinds[]` in
 * import.c. The handler receives the fields in the kind's column order,
 * NULL for an optional column the file does not have, validates everything
 * and writes through its own module's functions; on a bad value it returns
 * the error with err->field naming the column. */
#ifndef HC_IMPORT_H
#define HC_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/calendar.h"

typedef struct hc_import_ctx {
	int64_t unit_id;        /* target unit (--unit), 0 when the kind needs none */
	int64_t now;            /* UTC epoch seconds of the import */
	const hc_calendar *cal; /* working calendar, for kinds that compute due dates */
} hc_import_ctx;

typedef int (*hc_import_row_fn)(hc_tx *tx, const hc_import_ctx *ctx, const char *const *fields,
                                hc_err *err);

typedef struct hc_import_kind {
	const char *name;           /* "units": the CLI word, also printed as "imported N units" */
	const char *const *columns; /* NULL-terminated; fields reach row() in this order */
	int required; /* the first `required` columns must be in the header; the rest are optional
	               */
	bool needs_unit; /* rows go into ctx->unit_id, which must be set */
	hc_import_row_fn row;
} hc_import_kind;

/* The kind named name, or NULL. */
const hc_import_kind *hc_import_find(const char *name);
/* Every kind (for usage messages); *count set. */
const hc_import_kind *const *hc_import_kinds(size_t *count);

typedef struct hc_import_opts {
	const char *name; /* file name used in messages ("units.csv") */
	int64_t unit_id;  /* for kinds that need a unit */
	int64_t now;
	const hc_calendar *cal; /* required by the dossiers kind */
	bool skip_bad;          /* import the good rows and keep the bad ones aside */
	hc_buf *report;         /* may be NULL: receives one line per bad row */
	hc_buf *rejects;        /* may be NULL: header + original bad rows (when skip_bad) */
} hc_import_opts;

typedef struct hc_import_result {
	long imported; /* rows written */
	long rejected; /* bad rows */
} hc_import_result;

#define HC_IMPORT_REPORT_MAX 1000 /* report lines written before a summary line */

/* Imports every row of csv (positioned before its header) into tx.
 * Returns HC_OK when every row was imported, or some were bad and
 * o->skip_bad is set; otherwise an error (bad rows: HC_EINVAL "N bad lines";
 * a header mismatch or a fatal CSV error: that error with NAME:LINE in the
 * detail) and the caller must roll tx back. */
int hc_import_run(hc_tx *tx, const hc_import_kind *kind, hc_csv *csv, const hc_import_opts *o,
                  hc_import_result *res, hc_err *err);

/* Parsers shared by row handlers, naming `field` in errors. */
/* Whole đồng, digits only (no sign, no separators), 0..10^12. */
int hc_import_parse_money(const char *s, const char *field, int64_t *out, hc_err *err);
/* "1"/"0", "true"/"false", "yes"/"no", "có"/"không"; empty = false. */
int hc_import_parse_bool(const char *s, const char *field, bool *out, hc_err *err);
/* Copies s into dst[cap], refusing a value that does not fit. */
int hc_import_copy(char *dst, size_t cap, const char *s, const char *field, hc_err *err);

#endif
