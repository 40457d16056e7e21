/* cmd_import: `haicap import KIND --db FILE [--unit CODE] [--skip-bad]
 * FILE.csv`. All rows go in one transaction: any bad line and nothing is
 * imported, unless --skip-bad, which imports the good lines and writes the
 * bad ones to FILE.rejects.csv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/calendar_store.h"
#include "domain/import.h"
#include "domain/unit.h"

static int usage(void)
{
	size_t n;
	const hc_import_kind *const *k = hc_import_kinds(&n);
	fprintf(stderr, "usage: haicap import ");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i ? "|" : "", k[i]->name);
	fprintf(stderr, " --db FILE [--unit CODE] [--skip-bad] FILE.csv\n");
	return 2;
}

static int write_file(const char *path, const hc_buf *b, hc_err *err)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return hc_err_set(err, HC_EIO, NULL, "Không ghi được tệp", "cannot create %s",
		                  path);
	size_t n = b->len;
	bool ok = fwrite(hc_buf_str(b), 1, n, f) == n;
	ok = (fclose(f) == 0) && ok;
	return ok ? HC_OK
	          : hc_err_set(err, HC_EIO, NULL, "Không ghi được tệp", "cannot write %s", path);
}

int hc_cmd_import(int argc, char **argv)
{
	static const char *const spec[] = {"db:", "unit:", "skip-bad", NULL};
	hc_args a;
	hc_err err;
	hc_err_clear(&err);
	if (hc_args_parse(argc, argv, spec, &a, &err)) {
		hc_cli_fail(&err);
		return usage();
	}
	if (a.npos != 2)
		return usage();
	const hc_import_kind *kind = hc_import_find(a.pos[0]);
	if (!kind) {
		fprintf(stderr, "haicap: unknown import kind '%s'\n", a.pos[0]);
		return usage();
	}
	const char *dburl;
	if (hc_args_need(&a, "db", &dburl, &err))
		return hc_cli_fail(&err);
	const char *unit_code = hc_args_get(&a, "unit");
	if (kind->needs_unit && !unit_code) {
		hc_err_set(&err, HC_EINVAL, "unit", "Cần chỉ rõ đơn vị nhận dữ liệu (--unit)",
		           "importing %s needs --unit CODE", kind->name);
		return hc_cli_fail(&err);
	}
	const char *path = a.pos[1];
	FILE *in = fopen(path, "rb");
	if (!in) {
		hc_err_set(&err, HC_EIO, NULL, "Không mở được tệp", "cannot open %s", path);
		return hc_cli_fail(&err);
	}
	hc_db *db = NULL;
	hc_csv *csv = NULL;
	hc_tx *tx = NULL;
	hc_buf report = HC_BUF_INIT;
	hc_buf rejects = HC_BUF_INIT;
	hc_import_result res = {0, 0};
	hc_calendar *cal = NULL;
	int rc = hc_db_open(dburl, 1, &db, &err);
	if (!rc)
		rc = hc_calendar_open(db, &cal, &err);
	if (!rc)
		rc = hc_csv_open_file(in, &csv, &err);
	if (!rc)
		rc = hc_tx_begin(db, HC_TX_WRITE, &tx, &err);
	int64_t unit_id = 0;
	if (!rc && kind->needs_unit) {
		hc_unit u;
		rc = hc_unit_by_code(tx, unit_code, &u, &err);
		if (!rc)
			unit_id = u.id;
	}
	if (!rc) {
		hc_clock clk = {0};
		hc_import_opts o = {.name = path,
		                    .unit_id = unit_id,
		                    .now = hc_clock_now(&clk),
		                    .cal = cal,
		                    .skip_bad = hc_args_flag(&a, "skip-bad"),
		                    .report = &report,
		                    .rejects = &rejects};
		rc = hc_import_run(tx, kind, csv, &o, &res, &err);
	}
	fputs(hc_buf_str(&report), stderr);
	if (tx) {
		rc = hc_tx_end(tx, rc, &err);
		tx = NULL;
	}
	int status = 0;
	if (rc) {
		status = res.rejected ? 1 : hc_cli_fail(&err);
		if (res.rejected)
			fprintf(stderr, "haicap: %s (%s)\n", err.detail, err.message);
	} else {
		printf("imported %ld %s\n", res.imported, kind->name);
		if (res.rejected) {
			hc_buf rp = HC_BUF_INIT;
			hc_buf_printf(&rp, "%s.rejects.csv", path);
			if (rp.failed || write_file(hc_buf_str(&rp), &rejects, &err)) {
				status = hc_cli_fail(&err);
			} else {
				printf("rejected %ld line%s: written to %s\n", res.rejected,
				       res.rejected == 1 ? "" : "s", hc_buf_str(&rp));
			}
			hc_buf_free(&rp);
		}
	}
	hc_buf_free(&report);
	hc_buf_free(&rejects);
	hc_csv_free(csv);
	hc_db_close(db);
	hc_calendar_free(cal);
	fclose(in);
	return status;
}
