#include "domain/census.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"

int hc_census_dossiers(hc_tx *tx, int (*fn)(const char *status, int64_t count, void *ctx),
                       void *ctx, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(
	    tx, err, &st, "SELECT status, COUNT(*) FROM dossiers GROUP BY status ORDER BY status",
	    "");
	if (rc)
		return rc;
	int stop = 0;
	while (!stop && hc_stmt_next(st)) {
		const char *s = hc_stmt_text(st, 0);
		stop = fn(s ? s : "", hc_stmt_int(st, 1), ctx);
	}
	rc = hc_stmt_finish(st, err);
	return rc ? rc : stop;
}

typedef struct counting {
	hc_tx *tx;
	json_t *tables;
} counting;

static int count_table(const char *name, void *ctx, hc_err *err)
{
	counting *c = ctx;
	/* the name comes from the schema catalog; only ours are expected */
	size_t len = strlen(name);
	if (!len || len > 63 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != len)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ",
		                  "unexpected table name in the schema: %.63s", name);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", name);
	int64_t n = 0;
	int rc = hc_tx_query_int(c->tx, err, &n, sql, "");
	if (!rc && json_object_set_new(c->tables, name, json_integer(n)))
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "census");
	return rc;
}

int hc_census_snapshot(hc_tx *tx, json_t **out, hc_err *err)
{
	*out = NULL;
	counting c = {.tx = tx, .tables = json_object()};
	if (!c.tables)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "census");
	int rc = hc_db_tables(tx, count_table, &c, err);
	hc_audit_report a = {0};
	if (!rc)
		rc = hc_audit_verify(tx, 0, &a, err);
	json_t *o = NULL;
	if (!rc) {
		o = json_pack("{s:O, s:{s:b, s:I, s:I, s:I, s:I}}", "tables", c.tables, "audit",
		              "ok", a.bad_unit == 0, "rows", (json_int_t)a.rows, "chains",
		              (json_int_t)a.units, "bad_unit", (json_int_t)a.bad_unit, "bad_seq",
		              (json_int_t)a.bad_seq);
		if (!o)
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "census");
	}
	json_decref(c.tables);
	*out = o;
	return rc;
}
