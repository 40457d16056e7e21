/* libFuzzer target for the CSV reader (src/core/csv.h): reads the input as
 * a header and records, from memory and through a FILE*, and checks the
 * invariants every caller relies on. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_row(const hc_csv_row *r)
{
	if (r->n < 0 || r->n > HC_CSV_MAX_FIELDS || r->raw_len > HC_CSV_MAX_RECORD || r->line < 1)
		abort();
	for (int i = 0; i < r->n; i++)
		if (strlen(r->fields[i]) > HC_CSV_MAX_FIELD)
			abort();
}

/* Returns the number of records read (good or bad). */
static long drain(hc_csv *c)
{
	hc_csv_row r;
	hc_err e;
	long n = 0, last_line = 0;
	if (hc_csv_read_header(c, &r, &e) == HC_OK)
		check_row(&r);
	else if (!hc_csv_fatal(c))
		abort(); /* header errors are always fatal */
	for (;;) {
		bool done = false;
		int rc = hc_csv_next(c, &r, &done, &e);
		if (rc && hc_csv_fatal(c))
			break;
		if (!rc && done)
			break;
		if (!rc)
			check_row(&r);
		if (r.line <= last_line) /* records move forward */
			abort();
		last_line = r.line;
		n++;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hc_csv *c;
	hc_err e;
	if (hc_csv_open_mem((const char *)data, size, &c, &e))
		return 0;
	long a = drain(c);
	hc_csv_free(c);

	FILE *f = fmemopen((void *)data, size ? size : 1, "rb");
	if (!f)
		return 0;
	if (size == 0) {
		fclose(f);
		return 0;
	}
	if (hc_csv_open_file(f, &c, &e) == HC_OK) {
		long b = drain(c);
		if (a != b) /* both sources read the same records */
			abort();
		hc_csv_free(c);
	}
	fclose(f);
	return 0;
}
