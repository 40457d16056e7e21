#include "domain/import.h"

#include "domain/dossier.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/time.h"
#include "domain/procedure.h"
#include "domain/unit.h"

/* ---- shared parsers ---------------------------------------------------- */

int hc_import_parse_money(const char *s, const char *field, int64_t *out, hc_err *err)
{
	size_t n = s ? strlen(s) : 0;
	bool ok = n > 0 && n <= 13;
	int64_t v = 0;
	for (size_t i = 0; ok && i < n; i++) {
		ok = s[i] >= '0' && s[i] <= '9';
		v = v * 10 + (s[i] - '0');
	}
	if (!ok || v > 1000000000000LL)
		return hc_err_set(err, HC_EINVAL, field,
		                  "Số tiền phải là số nguyên đồng, chỉ gồm chữ số (ví dụ: 50000)",
		                  "amount '%.20s' is not a whole number of dong (digits only)",
		                  s ? s : "");
	*out = v;
	return HC_OK;
}

int hc_import_parse_bool(const char *s, const char *field, bool *out, hc_err *err)
{
	static const char *const yes[] = {"1", "true", "yes", "có"};
	static const char *const no[] = {"", "0", "false", "no", "không"};
	if (!s)
		s = "";
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return HC_OK;
		}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return HC_OK;
		}
	return hc_err_set(err, HC_EINVAL, field, "Giá trị phải là 1 (có) hoặc 0 (không)",
	                  "'%.20s' is not a yes/no value (1, 0, true, false, yes, no)", s);
}

int hc_import_copy(char *dst, size_t cap, const char *s, const char *field, hc_err *err)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= cap)
		return hc_err_set(err, HC_EINVAL, field, "Giá trị quá dài",
		                  "value longer than %zu bytes", cap - 1);
	memcpy(dst, s ? s : "", n + 1);
	return HC_OK;
}

/* ---- units ------------------------------------------------------------- */

static const char *const unit_columns[] = {"code", "identifier", "name", "kind", "province", NULL};

static int unit_row(hc_tx *tx, const hc_import_ctx *ctx, const char *const *f, hc_err *err)
{
	hc_unit u;
	memset(&u, 0, sizeof u);
	int rc = hc_import_copy(u.code, sizeof u.code, f[0], "code", err);
	if (!rc)
		rc = hc_import_copy(u.identifier, sizeof u.identifier, f[1], "identifier", err);
	if (!rc)
		rc = hc_import_copy(u.name, sizeof u.name, f[2], "name", err);
	if (!rc)
		rc = hc_import_copy(u.kind, sizeof u.kind, f[3], "kind", err);
	if (!rc)
		rc = hc_import_copy(u.province, sizeof u.province, f[4], "province", err);
	if (!rc)
		rc = hc_unit_upsert(tx, &u, ctx->now, err);
	return rc;
}

/* ---- offices ----------------------------------------------------------- */

static const char *const office_columns[] = {"unit_code", "code", "name", NULL};

static int office_row(hc_tx *tx, const hc_import_ctx *ctx, const char *const *f, hc_err *err)
{
	(void)ctx;
	hc_unit u;
	int rc = hc_unit_by_code(tx, f[0], &u, err);
	if (rc == HC_ENOTFOUND)
		return hc_err_set(err, HC_EINVAL, "unit_code",
		                  "Không có đơn vị hành chính với mã này",
		                  "no unit with code '%.32s'", f[0]);
	if (rc)
		return rc;
	hc_office o;
	memset(&o, 0, sizeof o);
	o.unit_id = u.id;
	rc = hc_import_copy(o.code, sizeof o.code, f[1], "code", err);
	if (!rc)
		rc = hc_import_copy(o.name, sizeof o.name, f[2], "name", err);
	if (!rc)
		rc = hc_office_upsert(tx, &o, err);
	return rc;
}

/* ---- procedures -------------------------------------------------------- */

static const char *const procedure_columns[] = {"code",
                                                "name",
                                                "field",
                                                "limit",
                                                "online_level",
                                                "fee",
                                                "supplement_policy",
                                                "boundary_free",
                                                "legal_basis",
                                                "components",
                                                "office",
                                                "effective_on",
                                                "published_on",
                                                NULL};

/* "Tờ khai; Giấy chứng sinh" -> ["Tờ khai","Giấy chứng sinh"] (heap). */
static int components_from_list(const char *s, char **out, hc_err *err)
{
	json_t *a = json_array();
	int rc = a ? HC_OK : hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	while (!rc && *s) {
		const char *e = strchr(s, ';');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const char *b = s;
		size_t k = n;
		while (k && (*b == ' ' || *b == '\t')) {
			b++;
			k--;
		}
		while (k && (b[k - 1] == ' ' || b[k - 1] == '\t'))
			k--;
		if (k && json_array_append_new(a, json_stringn(b, k)))
			rc = hc_err_set(
			    err, HC_EINVAL, "components", "Tên thành phần hồ sơ không hợp lệ",
			    "component '%.*s' is not valid text", (int)(k > 40 ? 40 : k), b);
		s += n;
		if (*s == ';')
			s++;
	}
	if (!rc) {
		*out = json_dumps(a, JSON_COMPACT);
		if (!*out)
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	}
	json_decref(a);
	return rc;
}

/* An optional date column: "" clears it, else a YYYY-MM-DD local date. */
static int import_date(char *out, size_t cap, const char *s, const char *field, hc_err *err)
{
	int64_t day;
	if (!s[0]) {
		out[0] = '\0';
		return HC_OK;
	}
	int rc = hc_parse_date(s, field, &day, err);
	if (!rc) {
		char buf[HC_DATE_BUF];
		snprintf(out, cap, "%s", hc_fmt_date(day, buf));
	}
	return rc;
}

static int procedure_row(hc_tx *tx, const hc_import_ctx *ctx, const char *const *f, hc_err *err)
{
	hc_procedure p;
	hc_err e2;
	/* start from the stored procedure so that optional columns the file
	 * lacks keep their values */
	int rc = hc_procedure_by_code(tx, ctx->unit_id, f[0] ? f[0] : "", &p, &e2);
	if (rc == HC_ENOTFOUND)
		memset(&p, 0, sizeof p);
	else if (rc)
		return hc_err_set(err, e2.code, e2.field, e2.message, "%s", e2.detail);
	p.unit_id = ctx->unit_id;
	p.active = true;
	rc = hc_import_copy(p.code, sizeof p.code, f[0], "code", err);
	if (!rc)
		rc = hc_import_copy(p.name, sizeof p.name, f[1], "name", err);
	if (!rc)
		rc = hc_import_copy(p.field, sizeof p.field, f[2], "field", err);
	if (!rc)
		rc = hc_limit_parse(f[3], "limit", &p.limit, err);
	if (!rc)
		rc = hc_online_level_parse(f[4], "online_level", &p.online_level, err);
	if (!rc)
		rc = hc_import_parse_money(f[5], "fee", &p.fee, err);
	if (!rc)
		rc = hc_supplement_policy_parse(f[6][0] ? f[6] : "reset", "supplement_policy",
		                                &p.supplement_policy, err);
	if (!rc && f[7])
		rc = hc_import_parse_bool(f[7], "boundary_free", &p.boundary_free, err);
	if (!rc && f[8])
		rc = hc_import_copy(p.legal_basis, sizeof p.legal_basis, f[8], "legal_basis", err);
	if (!rc && f[9]) {
		char *json = NULL;
		rc = components_from_list(f[9], &json, err);
		if (!rc) {
			free(p.components_json);
			p.components_json = json;
		}
	}
	if (!rc && f[10]) {
		if (!f[10][0]) {
			p.office_id = 0;
		} else {
			hc_office o;
			rc = hc_office_by_code(tx, ctx->unit_id, f[10], &o, err);
			if (rc == HC_ENOTFOUND)
				rc = hc_err_set(err, HC_EINVAL, "office",
				                "Đơn vị không có cơ quan, bộ phận với mã này",
				                "no office '%.32s' in this unit", f[10]);
			if (!rc)
				p.office_id = o.id;
		}
	}
	if (!rc && f[11])
		rc = import_date(p.effective_on, sizeof p.effective_on, f[11], "effective_on", err);
	if (!rc && f[12])
		rc = import_date(p.published_on, sizeof p.published_on, f[12], "published_on", err);
	if (!rc)
		rc = hc_procedure_upsert(tx, &p, err);
	hc_procedure_clear(&p);
	return rc;
}

/* ---- the table of kinds ------------------------------------------------ */

static const hc_import_kind kind_units = {"units", unit_columns, 5, false, unit_row};
static const hc_import_kind kind_offices = {"offices", office_columns, 3, false, office_row};
static const hc_import_kind kind_procedures = {"procedures", procedure_columns, 7, true,
                                               procedure_row};

static const hc_import_kind kind_dossiers = {"dossiers", hc_dossier_import_columns, 13, true,
                                             hc_dossier_import_row};

static const hc_import_kind *const kinds[] = {
    &kind_units,
    &kind_offices,
    &kind_procedures,
    &kind_dossiers,
};

const hc_import_kind *const *hc_import_kinds(size_t *count)
{
	*count = sizeof kinds / sizeof kinds[0];
	return kinds;
}

const hc_import_kind *hc_import_find(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i]->name, name) == 0)
			return kinds[i];
	return NULL;
}

/* ---- the engine -------------------------------------------------------- */

/* Prefixes err->detail with "NAME:LINE: ". */
static int at_line(hc_err *err, const char *name, long line, int rc)
{
	if (!err)
		return rc;
	char d[HC_ERR_MSG_MAX];
	snprintf(d, sizeof d, "%s", err->detail);
	snprintf(err->detail, sizeof err->detail, "%s:%ld: %.200s", name, line, d);
	return rc;
}

static void report_line(const hc_import_opts *o, long line, const hc_err *e, long nbad)
{
	if (!o->report)
		return;
	if (nbad > HC_IMPORT_REPORT_MAX)
		return;
	if (nbad == HC_IMPORT_REPORT_MAX) {
		hc_buf_printf(o->report, "%s: more bad lines not shown\n", o->name);
		return;
	}
	if (e->field[0])
		hc_buf_printf(o->report, "%s:%ld: %s: %s — %s\n", o->name, line, e->field,
		              e->detail, e->message);
	else
		hc_buf_printf(o->report, "%s:%ld: %s — %s\n", o->name, line, e->detail, e->message);
}

static bool is_fault(int code)
{
	return code == HC_EDB || code == HC_EUNAVAIL || code == HC_ENOMEM || code == HC_EIO ||
	       code == HC_EINTERNAL;
}

static int match_header(const hc_import_kind *kind, const hc_csv_row *h, const char *name, int *map,
                        int *ncols, hc_err *err)
{
	int n = 0;
	while (kind->columns[n])
		n++;
	*ncols = n;
	char expected[512] = "";
	for (int i = 0; i < n; i++) {
		size_t l = strlen(expected);
		snprintf(expected + l, sizeof expected - l, "%s%s", i ? "," : "", kind->columns[i]);
	}
	for (int i = 0; i < n; i++)
		map[i] = -1;
	for (int j = 0; j < h->n; j++) {
		int k = -1;
		for (int i = 0; i < n; i++)
			if (strcasecmp(h->fields[j], kind->columns[i]) == 0)
				k = i;
		if (k < 0) {
			hc_err_set(err, HC_EINVAL, h->fields[j], "Tệp có cột không được hỗ trợ",
			           "unknown column '%.40s' (expected %.300s)", h->fields[j],
			           expected);
			return at_line(err, name, h->line, HC_EINVAL);
		}
		map[k] = j;
	}
	for (int i = 0; i < kind->required; i++)
		if (map[i] < 0) {
			hc_err_set(err, HC_EINVAL, kind->columns[i], "Tệp thiếu cột bắt buộc",
			           "missing column '%s' (expected %.300s)", kind->columns[i],
			           expected);
			return at_line(err, name, h->line, HC_EINVAL);
		}
	return HC_OK;
}

int hc_import_run(hc_tx *tx, const hc_import_kind *kind, hc_csv *csv, const hc_import_opts *o,
                  hc_import_result *res, hc_err *err)
{
	memset(res, 0, sizeof *res);
	if (kind->needs_unit && !o->unit_id)
		return hc_err_set(err, HC_EINVAL, "unit", "Cần chỉ rõ đơn vị nhận dữ liệu (--unit)",
		                  "importing %s needs a target unit", kind->name);
	hc_csv_row h;
	int rc = hc_csv_read_header(csv, &h, err);
	if (rc)
		return at_line(err, o->name, h.line ? h.line : 1, rc);
	int map[HC_CSV_MAX_FIELDS];
	int ncols;
	rc = match_header(kind, &h, o->name, map, &ncols, err);
	if (rc)
		return rc;
	if (ncols > HC_CSV_MAX_FIELDS)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ",
		                  "kind has too many columns");
	char *header_raw = strndup(h.raw, h.raw_len);
	if (!header_raw)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	hc_import_ctx ctx = {kind->needs_unit ? o->unit_id : 0, o->now, o->cal};
	bool header_written = false;
	for (;;) {
		hc_csv_row row;
		bool done = false;
		hc_err e;
		hc_err_clear(&e);
		rc = hc_csv_next(csv, &row, &done, &e);
		if (rc && hc_csv_fatal(csv)) {
			*err = e;
			at_line(err, o->name, row.line, rc);
			break;
		}
		if (!rc && done)
			break;
		if (!rc) {
			const char *fields[HC_CSV_MAX_FIELDS];
			for (int i = 0; i < ncols; i++)
				fields[i] = map[i] >= 0 ? row.fields[map[i]] : NULL;
			rc = hc_tx_exec(tx, err, "SAVEPOINT hc_import_row", "");
			if (rc)
				break;
			rc = kind->row(tx, &ctx, fields, &e);
			if (rc) {
				int rc2 =
				    hc_tx_exec(tx, err, "ROLLBACK TO SAVEPOINT hc_import_row", "");
				if (rc2) {
					rc = rc2;
					break;
				}
			}
			int rc3 = hc_tx_exec(tx, err, "RELEASE SAVEPOINT hc_import_row", "");
			if (rc3) {
				rc = rc3;
				break;
			}
			if (rc && is_fault(rc)) {
				*err = e;
				at_line(err, o->name, row.line, rc);
				break;
			}
		}
		if (rc) {
			report_line(o, row.line, &e, res->rejected);
			res->rejected++;
			if (o->skip_bad && o->rejects && row.raw) {
				if (!header_written) {
					hc_buf_puts(o->rejects, header_raw);
					hc_buf_putc(o->rejects, '\n');
					header_written = true;
				}
				hc_buf_append(o->rejects, row.raw, row.raw_len);
				hc_buf_putc(o->rejects, '\n');
			}
			rc = HC_OK;
			continue;
		}
		res->imported++;
	}
	free(header_raw);
	if (rc)
		return rc;
	if (o->rejects && o->rejects->failed)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "rejects buffer failed");
	if (res->rejected && !o->skip_bad) {
		char msg[HC_ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "Tệp %s có %ld dòng lỗi: chưa nhập dòng nào", o->name,
		         res->rejected);
		return hc_err_set(err, HC_EINVAL, NULL, msg, "%s: %ld bad line%s, nothing imported",
		                  o->name, res->rejected, res->rejected == 1 ? "" : "s");
	}
	return HC_OK;
}
