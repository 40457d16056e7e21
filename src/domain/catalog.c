#include "domain/catalog.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/embed.h"
#include "domain/import.h"

/* Imports one embedded file strictly; the first bad line goes into err. */
static int load(hc_tx *tx, const char *file, const char *kind_name, int64_t unit_id, int64_t now,
                long *count, hc_err *err)
{
	const hc_embed_file *f = hc_embed_find(file);
	if (!f)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Thiếu dữ liệu mẫu trong chương trình",
		                  "embedded file %s missing", file);
	const hc_import_kind *kind = hc_import_find(kind_name);
	if (!kind)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ", "no import kind %s",
		                  kind_name);
	hc_csv *csv;
	int rc = hc_csv_open_mem(f->data, f->len, &csv, err);
	if (rc)
		return rc;
	hc_buf report = HC_BUF_INIT;
	hc_import_opts o = {.name = file, .unit_id = unit_id, .now = now, .report = &report};
	hc_import_result res;
	rc = hc_import_run(tx, kind, csv, &o, &res, err);
	if (rc && res.rejected && report.len) {
		const char *r = hc_buf_str(&report);
		const char *nl = strchr(r, '\n');
		int n = nl ? (int)(nl - r) : (int)strlen(r);
		hc_err_set(err, rc, NULL, "Dữ liệu mẫu có dòng không hợp lệ", "%.*s", n, r);
	}
	if (!rc && count)
		*count = res.imported;
	hc_buf_free(&report);
	hc_csv_free(csv);
	return rc;
}

int hc_catalog_load_demo_units(hc_tx *tx, int64_t now, long *count, hc_err *err)
{
	int rc = load(tx, HC_CATALOG_UNITS, "units", 0, now, count, err);
	if (!rc)
		rc = load(tx, HC_CATALOG_OFFICES, "offices", 0, now, NULL, err);
	return rc;
}

int hc_catalog_load_demo(hc_tx *tx, int64_t unit_id, hc_err *err)
{
	return load(tx, HC_CATALOG_PROCEDURES, "procedures", unit_id, 0, NULL, err);
}
