#include "domain/calendar_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/time.h"

/* Splits text into rows the same way hc_calendar_load_tsv reads them; the
 * text has been validated by it already. Calls fn for each data row. */
static int each_row(const char *text,
                    int (*fn)(const char *day, const char *status, const char *reason,
                              const char *basis, void *ctx),
                    void *ctx)
{
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char buf[512];
		if (len >= sizeof buf)
			return HC_EINVAL;
		memcpy(buf, p, len);
		buf[len] = '\0';
		if (len && buf[len - 1] == '\r')
			buf[--len] = '\0';
		p = eol ? eol + 1 : p + len;
		if (len == 0 || buf[0] == '#')
			continue;
		char *f[4] = {buf, "", "", ""};
		int nf = 1;
		for (char *q = buf; *q && nf < 4; q++)
			if (*q == '\t') {
				*q = '\0';
				f[nf++] = q + 1;
			}
		int rc = fn(f[0], f[1], f[2], f[3], ctx);
		if (rc)
			return rc;
	}
	return HC_OK;
}

struct put {
	hc_tx *tx;
	hc_err *err;
	int year;
	int rows;
};

static int put_row(const char *day, const char *status, const char *reason, const char *basis,
                   void *ctx)
{
	struct put *p = ctx;
	if (!p->year) {
		p->year = (int)strtol(day, NULL, 10);
		char from[16], to[16];
		snprintf(from, sizeof from, "%04d-01-01", p->year);
		snprintf(to, sizeof to, "%04d-12-31", p->year);
		int rc = hc_tx_exec(
		    p->tx, p->err,
		    "DELETE FROM calendar_days WHERE unit_id = 0 AND day >= ? AND day <= ?", "tt",
		    from, to);
		if (rc)
			return rc;
	}
	p->rows++;
	return hc_tx_exec(p->tx, p->err,
	                  "INSERT INTO calendar_days (unit_id, day, kind, reason, basis)"
	                  " VALUES (0, ?, ?, ?, ?)",
	                  "tttt", day, status, reason, basis);
}

int hc_calendar_store_put(hc_tx *tx, const char *name, const char *text, int *year_out,
                          int *rows_out, hc_err *err)
{
	hc_calendar *scratch;
	int rc = hc_calendar_new(&scratch, err);
	if (rc)
		return rc;
	rc = hc_calendar_load_tsv(scratch, name, text, err);
	hc_calendar_free(scratch);
	if (rc)
		return rc;
	struct put p = {tx, err, 0, 0};
	rc = each_row(text, put_row, &p);
	if (!rc && !p.rows)
		rc = hc_err_set(err, HC_EINVAL, NULL, "Tệp lịch không có ngày nào", "%s: no rows",
		                name);
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
