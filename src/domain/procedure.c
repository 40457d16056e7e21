#include "domain/procedure.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/time.h"
#include "domain/unit.h"

#define MAX_FEE 1000000000000LL /* 10^12 đồng */
#define MAX_COMPONENTS 100
#define MAX_COMPONENT_CHARS 500
#define MAX_QUERY_CHARS 200
#define MAX_QUERY_WORDS 8
#define MAX_RESULTS 10000

#define PROC_COLS                                                                                  \
	"id, unit_id, code, name, field, limit_kind, limit_value, online_level, fee,"              \
	" supplement_policy, office_id, boundary_free, components, legal_basis, active,"           \
	" effective_on, published_on"

const char *hc_online_level_name(enum hc_online_level l)
{
	switch (l) {
	case HC_ONLINE_FULL:
		return "full";
	case HC_ONLINE_PARTIAL:
		return "partial";
	default:
		return "none";
	}
}

int hc_online_level_parse(const char *s, const char *field, enum hc_online_level *out, hc_err *err)
{
	static const enum hc_online_level all[] = {HC_ONLINE_FULL, HC_ONLINE_PARTIAL,
	                                           HC_ONLINE_NONE};
	for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
		if (strcmp(s, hc_online_level_name(all[i])) == 0) {
			*out = all[i];
			return HC_OK;
		}
	return hc_err_set(
	    err, HC_EINVAL, field, "Mức độ dịch vụ công trực tuyến phải là full, partial hoặc none",
	    "invalid online level '%.32s' (expected full, partial or none)", s ? s : "");
}

static bool code_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '.' || c == '-' || c == '_';
}

/* Validates components (NULL = none) as a JSON array of non-empty strings
 * and returns its canonical compact form with NFC names (*out, caller
 * frees). */
static int canonical_components(const char *json, char **out, hc_err *err)
{
	*out = NULL;
	if (!json || !json[0]) {
		*out = strdup("[]");
		return *out ? HC_OK : hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	}
	json_error_t je;
	json_t *a = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	if (!a || !json_is_array(a)) {
		json_decref(a);
		return hc_err_set(err, HC_EINVAL, "components",
		                  "Thành phần hồ sơ phải là một mảng JSON các tên giấy tờ",
		                  "components is not a JSON array of strings%s%s", a ? "" : ": ",
		                  a ? "" : je.text);
	}
	if (json_array_size(a) > MAX_COMPONENTS) {
		json_decref(a);
		return hc_err_set(err, HC_ETOOBIG, "components",
		                  "Thành phần hồ sơ có quá 100 giấy tờ", "more than %d components",
		                  MAX_COMPONENTS);
	}
	json_t *canon = json_array();
	int rc = canon ? HC_OK : hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	for (size_t i = 0; !rc && i < json_array_size(a); i++) {
		json_t *v = json_array_get(a, i);
		const char *s = json_string_value(v);
		if (!s) {
			rc = hc_err_set(err, HC_EINVAL, "components",
			                "Mỗi thành phần hồ sơ phải là một tên giấy tờ",
			                "component %zu is not a string", i + 1);
			break;
		}
		char buf[4 * MAX_COMPONENT_CHARS + 8];
		if (strlen(s) >= sizeof buf) {
			rc =
			    hc_err_set(err, HC_EINVAL, "components", "Tên thành phần hồ sơ quá dài",
			               "component %zu too long", i + 1);
			break;
		}
		memcpy(buf, s, strlen(s) + 1);
		rc = hc_text_line_nfc(buf, sizeof buf, "components", "Tên thành phần hồ sơ",
		                      MAX_COMPONENT_CHARS, true, err);
		if (!rc && json_array_append_new(canon, json_string(buf)))
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	}
	json_decref(a);
	if (!rc) {
		*out = json_dumps(canon, JSON_COMPACT);
		if (!*out)
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	}
	json_decref(canon);
	return rc;
}

static int validate(hc_tx *tx, hc_procedure *p, hc_err *err)
{
	size_t n = strlen(p->code);
	bool ok = n > 0 && n < sizeof p->code;
	for (size_t i = 0; ok && i < n; i++)
		ok = code_char(p->code[i]);
	if (!ok)
		return hc_err_set(err, HC_EINVAL, "code",
		                  "Mã thủ tục chỉ gồm chữ, số và các dấu . - _, tối đa 47 ký tự",
		                  "procedure code must match [0-9A-Za-z._-]{1,47}");
	int rc = hc_text_line_nfc(p->name, sizeof p->name, "name", "Tên thủ tục", 500, true, err);
	if (!rc)
		rc = hc_text_line_nfc(p->field, sizeof p->field, "field", "Lĩnh vực", 150, true,
		                      err);
	if (!rc)
		rc = hc_text_line_nfc(p->legal_basis, sizeof p->legal_basis, "legal_basis",
		                      "Căn cứ pháp lý", 500, false, err);
	if (rc)
		return rc;
	const char *dates[2] = {p->effective_on, p->published_on};
	const char *names[2] = {"effective_on", "published_on"};
	for (int i = 0; i < 2; i++) {
		int64_t day;
		if (dates[i][0] && hc_parse_date(dates[i], names[i], &day, err))
			return hc_err_set(err, HC_EINVAL, names[i], "Ngày phải có dạng YYYY-MM-DD",
			                  "%s is not a date YYYY-MM-DD", names[i]);
	}
	bool lim_ok =
	    (p->limit.kind == HC_LIMIT_SAMEDAY && p->limit.value == 0) ||
	    (p->limit.kind == HC_LIMIT_DAYS && p->limit.value >= 1 && p->limit.value <= 365) ||
	    (p->limit.kind == HC_LIMIT_HOURS && p->limit.value >= 1 && p->limit.value <= 2000);
	if (!lim_ok)
		return hc_err_set(err, HC_EINVAL, "limit", "Thời hạn giải quyết không hợp lệ",
		                  "limit kind %d value %d out of range", (int)p->limit.kind,
		                  p->limit.value);
	if (p->online_level != HC_ONLINE_FULL && p->online_level != HC_ONLINE_PARTIAL &&
	    p->online_level != HC_ONLINE_NONE)
		return hc_err_set(err, HC_EINVAL, "online_level",
		                  "Mức độ dịch vụ công trực tuyến không hợp lệ",
		                  "online level %d out of range", (int)p->online_level);
	if (p->fee < 0 || p->fee > MAX_FEE)
		return hc_err_set(err, HC_EINVAL, "fee",
		                  "Phí, lệ phí phải là số đồng không âm, tối đa 10^12",
		                  "fee %lld out of range 0..10^12", (long long)p->fee);
	if (p->supplement_policy != HC_SUPPLEMENT_RESET &&
	    p->supplement_policy != HC_SUPPLEMENT_PAUSE)
		return hc_err_set(err, HC_EINVAL, "supplement_policy",
		                  "Cách tính thời hạn khi bổ sung hồ sơ không hợp lệ",
		                  "supplement policy %d out of range", (int)p->supplement_policy);
	hc_unit u;
	rc = hc_unit_by_id(tx, p->unit_id, &u, err);
	if (rc)
		return rc;
	if (p->office_id) {
		hc_office o;
		rc = hc_office_by_id(tx, p->office_id, &o, err);
		if (rc == HC_OK && o.unit_id != p->unit_id)
			rc = hc_err_set(
			    err, HC_EINVAL, "office", "Cơ quan giải quyết không thuộc đơn vị này",
			    "office %lld belongs to unit %lld, not %lld", (long long)o.id,
			    (long long)o.unit_id, (long long)p->unit_id);
		if (rc == HC_ENOTFOUND)
			rc =
			    hc_err_set(err, HC_EINVAL, "office", "Cơ quan giải quyết không tồn tại",
			               "no office with id %lld", (long long)p->office_id);
		if (rc)
			return rc;
	}
	return HC_OK;
}

int hc_procedure_upsert(hc_tx *tx, hc_procedure *p, hc_err *err)
{
	int rc = validate(tx, p, err);
	if (rc)
		return rc;
	char *comps = NULL;
	char *fold = NULL;
	rc = canonical_components(p->components_json, &comps, err);
	if (!rc)
		rc = hc_text_fold(p->name, &fold, err);
	int64_t id = 0;
	if (!rc) {
		rc = hc_tx_query_int(tx, err, &id,
		                     "SELECT id FROM procedures WHERE unit_id = ? AND code = ?",
		                     "it", p->unit_id, p->code);
		if (rc == HC_ENOTFOUND) { /* new procedure */
			hc_err_clear(err);
			id = 0;
			rc = HC_OK;
		}
	}
	hc_stmt *st = NULL;
	if (!rc)
		rc = hc_stmt_prepare(
		    tx,
		    id ? "UPDATE procedures SET name = ?, name_fold = ?, field = ?,"
		         " limit_kind = ?, limit_value = ?, online_level = ?, fee = ?,"
		         " supplement_policy = ?, office_id = ?, boundary_free = ?,"
		         " components = ?, legal_basis = ?, active = ?, effective_on = ?,"
		         " published_on = ? WHERE unit_id = ? AND code = ? RETURNING id"
		       : "INSERT INTO procedures (name, name_fold, field, limit_kind,"
		         " limit_value, online_level, fee, supplement_policy, office_id,"
		         " boundary_free, components, legal_basis, active, effective_on,"
		         " published_on, unit_id, code)"
		         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    &st, err);
	if (!rc) {
		hc_stmt_bind_text(st, 1, p->name);
		hc_stmt_bind_text(st, 2, fold);
		hc_stmt_bind_text(st, 3, p->field);
		hc_stmt_bind_text(st, 4, hc_limit_kind_db(p->limit.kind));
		hc_stmt_bind_int(st, 5, p->limit.value);
		hc_stmt_bind_text(st, 6, hc_online_level_name(p->online_level));
		hc_stmt_bind_int(st, 7, p->fee);
		hc_stmt_bind_text(st, 8, hc_supplement_policy_name(p->supplement_policy));
		if (p->office_id)
			hc_stmt_bind_int(st, 9, p->office_id);
		else
			hc_stmt_bind_null(st, 9);
		hc_stmt_bind_int(st, 10, p->boundary_free ? 1 : 0);
		hc_stmt_bind_text(st, 11, comps);
		hc_stmt_bind_text(st, 12, p->legal_basis);
		hc_stmt_bind_int(st, 13, p->active ? 1 : 0);
		hc_stmt_bind_text(st, 14, p->effective_on[0] ? p->effective_on : NULL);
		hc_stmt_bind_text(st, 15, p->published_on[0] ? p->published_on : NULL);
		hc_stmt_bind_int(st, 16, p->unit_id);
		hc_stmt_bind_text(st, 17, p->code);
		if (hc_stmt_next(st))
			p->id = hc_stmt_int(st, 0);
		rc = hc_stmt_finish(st, err);
	}
	free(comps);
	free(fold);
	return rc;
}

static char *dup_or_empty_array(const char *s)
{
	return strdup(s ? s : "[]");
}

/* Fills *p from the current row (PROC_COLS order). */
static int read_proc(hc_stmt *st, hc_procedure *p, hc_err *err)
{
	memset(p, 0, sizeof *p);
	p->id = hc_stmt_int(st, 0);
	p->unit_id = hc_stmt_int(st, 1);
	snprintf(p->code, sizeof p->code, "%s", hc_stmt_text(st, 2) ? hc_stmt_text(st, 2) : "");
	snprintf(p->name, sizeof p->name, "%s", hc_stmt_text(st, 3) ? hc_stmt_text(st, 3) : "");
	snprintf(p->field, sizeof p->field, "%s", hc_stmt_text(st, 4) ? hc_stmt_text(st, 4) : "");
	int rc = hc_limit_from_db(hc_stmt_text(st, 5), hc_stmt_int(st, 6), &p->limit, err);
	if (!rc &&
	    hc_online_level_parse(hc_stmt_text(st, 7), "online_level", &p->online_level, err))
		rc = hc_err_set(err, HC_EINTERNAL, "online_level", "Dữ liệu thủ tục bị hỏng",
		                "stored online level of procedure %lld is invalid",
		                (long long)p->id);
	p->fee = hc_stmt_int(st, 8);
	if (!rc && hc_supplement_policy_parse(hc_stmt_text(st, 9), "supplement_policy",
	                                      &p->supplement_policy, err))
		rc = hc_err_set(err, HC_EINTERNAL, "supplement_policy", "Dữ liệu thủ tục bị hỏng",
		                "stored supplement policy of procedure %lld is invalid",
		                (long long)p->id);
	p->office_id = hc_stmt_int(st, 10);
	p->boundary_free = hc_stmt_int(st, 11) != 0;
	snprintf(p->legal_basis, sizeof p->legal_basis, "%s",
	         hc_stmt_text(st, 13) ? hc_stmt_text(st, 13) : "");
	p->active = hc_stmt_int(st, 14) != 0;
	snprintf(p->effective_on, sizeof p->effective_on, "%s",
	         hc_stmt_text(st, 15) ? hc_stmt_text(st, 15) : "");
	snprintf(p->published_on, sizeof p->published_on, "%s",
	         hc_stmt_text(st, 16) ? hc_stmt_text(st, 16) : "");
	if (rc)
		return rc;
	p->components_json = dup_or_empty_array(hc_stmt_text(st, 12));
	if (!p->components_json)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	return HC_OK;
}

static int proc_one(hc_stmt *st, hc_procedure *out, const char *what, hc_err *err)
{
	memset(out, 0, sizeof *out);
	bool found = false;
	int rc = HC_OK;
	if (hc_stmt_next(st)) {
		found = true;
		rc = read_proc(st, out, err);
	}
	hc_err e2;
	int rc2 = hc_stmt_finish(st, rc ? &e2 : err);
	if (!rc)
		rc = rc2;
	if (rc) {
		hc_procedure_clear(out);
		return rc;
	}
	if (!found)
		return hc_err_set(err, HC_ENOTFOUND, "procedure",
		                  "Không tìm thấy thủ tục hành chính", "no procedure %s", what);
	return HC_OK;
}

int hc_procedure_by_code(hc_tx *tx, int64_t unit_id, const char *code, hc_procedure *out,
                         hc_err *err)
{
	hc_stmt *st;
	memset(out, 0, sizeof *out);
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT " PROC_COLS " FROM procedures WHERE unit_id = ? AND code = ?",
	                     "it", unit_id, code);
	if (rc)
		return rc;
	char what[96];
	snprintf(what, sizeof what, "'%.47s' in unit %lld", code, (long long)unit_id);
	return proc_one(st, out, what, err);
}

int hc_procedure_by_id(hc_tx *tx, int64_t id, hc_procedure *out, hc_err *err)
{
	hc_stmt *st;
	memset(out, 0, sizeof *out);
	int rc =
	    hc_tx_query(tx, err, &st, "SELECT " PROC_COLS " FROM procedures WHERE id = ?", "i", id);
	if (rc)
		return rc;
	char what[64];
	snprintf(what, sizeof what, "with id %lld", (long long)id);
	return proc_one(st, out, what, err);
}

void hc_procedure_clear(hc_procedure *p)
{
	if (!p)
		return;
	free(p->components_json);
	p->components_json = NULL;
}

/* '%' || word with LIKE wildcards escaped || '%' (new heap string). */
static char *like_pattern(const char *w, size_t n)
{
	hc_buf b = HC_BUF_INIT;
	hc_buf_putc(&b, '%');
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '%' || w[i] == '_' || w[i] == '\\')
			hc_buf_putc(&b, '\\');
		hc_buf_putc(&b, w[i]);
	}
	hc_buf_putc(&b, '%');
	if (b.failed) {
		hc_buf_free(&b);
		return NULL;
	}
	return hc_buf_take(&b);
}

int hc_procedure_search(hc_tx *tx, const hc_procedure_query *q,
                        int (*fn)(const hc_procedure *p, void *ctx), void *ctx, hc_err *err)
{
	int limit = q->limit ? q->limit : 500;
	if (limit < 0 || limit > MAX_RESULTS)
		return hc_err_set(err, HC_EINVAL, "limit", "Số kết quả tối đa không hợp lệ",
		                  "limit %d out of range 1..%d", q->limit, MAX_RESULTS);
	if (q->field) {
		int rc = hc_text_check(q->field, "field", "Lĩnh vực", 150, false, err);
		if (rc)
			return rc;
	}
	char *fold = NULL;
	if (q->q && q->q[0]) {
		int rc = hc_text_check(q->q, "q", "Từ khóa tìm kiếm", MAX_QUERY_CHARS, false, err);
		if (!rc)
			rc = hc_text_fold(q->q, &fold, err);
		if (rc)
			return rc;
	}
	/* split the folded query into words (fold collapsed the spaces) */
	char *patterns[MAX_QUERY_WORDS];
	int nw = 0;
	int rc = HC_OK;
	for (const char *s = fold ? fold : ""; *s;) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (nw == MAX_QUERY_WORDS) {
			rc = hc_err_set(err, HC_EINVAL, "q", "Từ khóa tìm kiếm có quá 8 từ",
			                "query has more than %d words", MAX_QUERY_WORDS);
			break;
		}
		patterns[nw] = like_pattern(s, n);
		if (!patterns[nw]) {
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
			break;
		}
		nw++;
		s += n;
		while (*s == ' ')
			s++;
	}
	free(fold);
	hc_buf sql = HC_BUF_INIT;
	hc_buf_puts(&sql, "SELECT " PROC_COLS " FROM procedures WHERE unit_id = ?");
	if (q->field)
		hc_buf_puts(&sql, " AND field = ?");
	for (int i = 0; i < nw; i++)
		hc_buf_puts(&sql, " AND (name_fold LIKE ? ESCAPE '\\'"
		                  " OR LOWER(code) LIKE ? ESCAPE '\\')");
	hc_buf_puts(&sql, " ORDER BY field, name_fold, code LIMIT ?");
	if (!rc && sql.failed)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "oom");
	hc_stmt *st = NULL;
	if (!rc)
		rc = hc_stmt_prepare(tx, hc_buf_str(&sql), &st, err);
	if (!rc) {
		int k = 1;
		hc_stmt_bind_int(st, k++, q->unit_id);
		if (q->field)
			hc_stmt_bind_text(st, k++, q->field);
		for (int i = 0; i < nw; i++) {
			hc_stmt_bind_text(st, k++, patterns[i]);
			hc_stmt_bind_text(st, k++, patterns[i]);
		}
		hc_stmt_bind_int(st, k, limit);
		int stop = 0;
		while (!rc && !stop && hc_stmt_next(st)) {
			hc_procedure p;
			rc = read_proc(st, &p, err);
			if (!rc)
				stop = fn(&p, ctx);
			hc_procedure_clear(&p);
		}
		hc_err e2;
		int rc2 = hc_stmt_finish(st, rc ? &e2 : err);
		if (!rc)
			rc = rc2;
	}
	hc_buf_free(&sql);
	for (int i = 0; i < nw; i++)
		free(patterns[i]);
	return rc;
}

int hc_procedure_count_by_field(hc_tx *tx, int64_t unit_id,
                                int (*fn)(const char *field, const int64_t counts[3], void *ctx),
                                void *ctx, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(
	    tx, err, &st,
	    "SELECT field, SUM(CASE WHEN online_level = 'full' THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN online_level = 'partial' THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN online_level = 'none' THEN 1 ELSE 0 END)"
	    " FROM procedures WHERE unit_id = ? AND active = 1 GROUP BY field ORDER BY field",
	    "i", unit_id);
	if (rc)
		return rc;
	while (hc_stmt_next(st)) {
		int64_t counts[3] = {hc_stmt_int(st, 1), hc_stmt_int(st, 2), hc_stmt_int(st, 3)};
		const char *field = hc_stmt_text(st, 0);
		rc = fn(field ? field : "", counts, ctx);
		if (rc)
			break;
	}
	int frc = hc_stmt_finish(st, err);
	return rc ? rc : frc;
}
