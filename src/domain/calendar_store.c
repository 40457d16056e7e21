#include "domain/calendar_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/time.h"

struct put {
	hc_tx *tx;
	int year;
	int rows;
};

static int put_row(void *ctx, int64_t day, bool off, const char *reason, const char *basis,
                   hc_err *err)
{
	struct put *p = ctx;
	char d[HC_DATE_BUF];
	p->rows++;
	return hc_tx_exec(p->tx, err,
	                  "INSERT INTO calendar_days (unit_id, day, kind, reason, basis)"
	                  " VALUES (0, ?, ?, ?, ?)",
	                  "tttt", hc_fmt_date(day, d), off ? "off" : "work", reason, basis);
}

int hc_calendar_store_put(hc_tx *tx, const char *name, const char *text, int *year_out,
                          int *rows_out, hc_err *err)
{
	struct put p = {tx, 0, 0};
	*year_out = *rows_out = 0;
	int rc = hc_calendar_tsv_each(name, text, &p.year, NULL, NULL, err);
	if (!rc && !p.year)
		rc = hc_err_set(err, HC_EINVAL, NULL, "Tệp lịch không có ngày nào", "%s: no rows",
		                name);
	if (rc)
		return rc;
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-01-01", p.year);
	snprintf(to, sizeof to, "%04d-12-31", p.year);
	rc = hc_tx_exec(tx, err,
	                "DELETE FROM calendar_days WHERE unit_id = 0 AND day >= ? AND day <= ?",
	                "tt", from, to);
	if (!rc)
		rc = hc_calendar_tsv_each(name, text, &p.year, put_row, &p, err);
	*year_out = p.year;
	*rows_out = p.rows;
	return rc;
}

static int apply_year(hc_calendar *cal, int year, hc_buf *b, hc_err *err)
{
	if (b->failed)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "calendar store");
	char name[48];
	snprintf(name, sizeof name, "database:%04d", year);
	int rc = hc_calendar_load_tsv(cal, name, hc_buf_str(b), err);
	hc_buf_reset(b);
	return rc;
}

int hc_calendar_store_apply(hc_tx *tx, hc_calendar *cal, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT day, kind, reason, basis FROM calendar_days WHERE unit_id = 0"
	                     " ORDER BY day",
	                     "");
	if (rc)
		return rc;
	hc_buf b = HC_BUF_INIT;
	int year = 0;
	while (!rc && hc_stmt_next(st)) {
		const char *day = hc_stmt_text(st, 0);
		int y = (int)strtol(day, NULL, 10);
		if (year && y != year)
			rc = apply_year(cal, year, &b, err);
		year = y;
		hc_buf_printf(&b, "%s\t%s\t%s\t%s\n", day, hc_stmt_text(st, 1), hc_stmt_text(st, 2),
		              hc_stmt_text(st, 3));
	}
	int frc = hc_stmt_finish(st, err);
	if (!rc)
		rc = frc;
	if (!rc && year)
		rc = apply_year(cal, year, &b, err);
	hc_buf_free(&b);
	return rc;
}

int hc_calendar_open(hc_db *db, hc_calendar **out, hc_err *err)
{
	hc_calendar *cal;
	int rc = hc_calendar_new(&cal, err);
	if (rc)
		return rc;
	hc_tx *tx;
	rc = hc_tx_begin(db, HC_TX_READ, &tx, err);
	if (!rc)
		rc = hc_tx_end(tx, hc_calendar_store_apply(tx, cal, err), err);
	if (rc) {
		hc_calendar_free(cal);
		return rc;
	}
	*out = cal;
	return HC_OK;
}
