/* output: the report formats haicap writes (DOCX, XLSX, PDF) as one table
 * of writers, each laying out a report model (domain/report.h) without
 * reading any data. A new format is one writer module and one row in
 * output.c.
 * Owns: the format table (name, content type, file extension, writer) and
 * rendering into memory for HTTP replies (through a temporary file: the
 * libraries write files).
 * Must not: build or change the model, read the database. */
#ifndef HC_OUTPUT_H
#define HC_OUTPUT_H

#include <stddef.h>

#include "core/err.h"
#include "domain/report.h"

/* Largest rendered report accepted in memory (HTTP replies). */
#define HC_OUTPUT_MAX_BYTES (64u << 20)

typedef struct hc_output_format {
	const char *name;         /* "docx" */
	const char *content_type; /* MIME type */
	const char *extension;    /* ".docx" */
	/* Writes r to a new file at path (replaced when it exists). */
	int (*write)(const hc_report *r, const char *path, hc_err *err);
} hc_output_format;

/* The format called name, NULL when haicap has none. */
const hc_output_format *hc_output_find(const char *name);
/* The i-th format of the table, NULL past the end. */
const hc_output_format *hc_output_at(size_t i);
/* "docx, xlsx, pdf": every format name, for messages (static; a test checks it
 * against the table). */
const char *hc_output_names(void);
/* Writes r in the format to path. */
int hc_output_write(const hc_report *r, const hc_output_format *f, const char *path, hc_err *err);
/* Renders r into *data (heap, caller frees) of *len bytes. */
int hc_output_render(const hc_report *r, const hc_output_format *f, char **data, size_t *len,
                     hc_err *err);

#endif
