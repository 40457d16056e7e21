/* libFuzzer target for the CSV import (src/domain/import.h) with the row
 * handlers of units, procedures and legacy dossiers: the first input byte
 * picks the kind and --skip-bad, the rest is the file. Every input runs in a
 * transaction that is rolled back, on one database opened once. Checks: a
 * file accepted without --skip-bad has no rejected row; each imported
 * dossier is one row; every report line names the file. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/import.h"
#include "domain/procedure.h"
#include "domain/unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static hc_db *db;
static hc_calendar *cal;
static int64_t unit_id;

static int setup(void)
{
	hc_err e;
	hc_tx *tx;
	if (hc_auth_init(&e) || hc_db_open(":memory:", 1, &db, &e) || hc_calendar_new(&cal, &e) ||
	    hc_tx_begin(db, HC_TX_WRITE, &tx, &e))
		return -1;
	hc_unit u = {0};
	snprintf(u.code, sizeof u.code, "90001");
	snprintf(u.identifier, sizeof u.identifier, "FUZZ");
	snprintf(u.name, sizeof u.name, "Xã Thử");
	snprintf(u.kind, sizeof u.kind, "xa");
	snprintf(u.province, sizeof u.province, "Hải Phòng");
	int rc = hc_unit_upsert(tx, &u, 0, &e);
	unit_id = u.id;
	const char *codes[] = {"P1", "P2"};
	for (int i = 0; !rc && i < 2; i++) {
		hc_procedure p = {0};
		p.unit_id = unit_id;
		snprintf(p.code, sizeof p.code, "%s", codes[i]);
		snprintf(p.name, sizeof p.name, "Thủ tục %s", codes[i]);
		snprintf(p.field, sizeof p.field, "Hộ tịch");
		p.limit = (hc_limit){i ? HC_LIMIT_DAYS : HC_LIMIT_SAMEDAY, i ? 3 : 0};
		p.fee = i ? 2000 : 0;
		p.active = true;
		rc = hc_procedure_upsert(tx, &p, &e);
		hc_procedure_clear(&p);
	}
	return hc_tx_end(tx, rc, &e) ? -1 : 0;
}

static long count_rows(hc_tx *tx)
{
	int64_t n = 0;
	hc_err e;
	hc_tx_query_int(tx, &e, &n, "SELECT COUNT(*) FROM dossiers", "");
	return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db && setup())
		abort();
	if (size < 1 || size > 32 * 1024)
		return 0;
	static const char *const kinds[] = {"units", "procedures", "dossiers"};
	const hc_import_kind *kind = hc_import_find(kinds[data[0] % 3]);
	bool skip_bad = data[0] & 4;
	hc_csv *csv;
	hc_err e;
	if (hc_csv_open_mem((const char *)data + 1, size - 1, &csv, &e))
		return 0;
	hc_tx *tx;
	if (hc_tx_begin(db, HC_TX_WRITE, &tx, &e))
		abort();
	long before = count_rows(tx);
	hc_buf report = HC_BUF_INIT, rejects = HC_BUF_INIT;
	hc_import_opts o = {.name = "fuzz.csv",
	                    .unit_id = unit_id,
	                    .now = 1790000000,
	                    .cal = cal,
	                    .skip_bad = skip_bad,
	                    .report = &report,
	                    .rejects = &rejects};
	hc_import_result res = {0, 0};
	int rc = hc_import_run(tx, kind, csv, &o, &res, &e);
	long after = count_rows(tx);
	if (res.imported < 0 || res.rejected < 0)
		abort();
	if (rc == HC_OK && !skip_bad && res.rejected)
		abort();
	/* each imported dossier is one row (a refused file is rolled back by the
	 * caller, as import.h says) */
	if (rc == HC_OK && kind == hc_import_find("dossiers") && after - before != res.imported)
		abort();
	for (const char *l = hc_buf_str(&report); *l;) {
		if (strncmp(l, "fuzz.csv:", 9) != 0)
			abort(); /* a line break from the data leaked into the report */
		const char *nl = strchr(l, '\n');
		if (!nl)
			break;
		l = nl + 1;
	}
	hc_tx_rollback(tx);
	hc_buf_free(&report);
	hc_buf_free(&rejects);
	hc_csv_free(csv);
	return 0;
}
