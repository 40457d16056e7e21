/* index766: see index766.h. The formula table is data
 * (data/index766/v1.tsv); this file defines the metrics it names and how a
 * row scores a figure. Sources of the formulas: docs/design-notes.md. */
#include "domain/index766.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/embed.h"
#include "core/text.h"
#include "core/time.h"
#include "domain/feedback.h"
#include "domain/stats.h"
#include "domain/unit.h"

static const char *const metric_names[HC_M766_COUNT] = {
    [HC_M766_PROCEDURE_PUBLISHED_ON_TIME] = "procedure_published_on_time",
    [HC_M766_PROCEDURE_PUBLIC] = "procedure_public",
    [HC_M766_PROCEDURE_COMPLETE] = "procedure_complete",
    [HC_M766_DOSSIER_ON_TIME] = "dossier_on_time",
    [HC_M766_DOSSIER_PENDING_WITHIN] = "dossier_pending_within",
    [HC_M766_PROCEDURE_FULLY_ONLINE] = "procedure_fully_online",
    [HC_M766_ONLINE_PROCEDURE_USED] = "online_procedure_used",
    [HC_M766_DOSSIER_ONLINE] = "dossier_online",
    [HC_M766_FEE_PROCEDURE_PAID_ONLINE] = "fee_procedure_paid_online",
    [HC_M766_DOSSIER_PAID_ONLINE] = "dossier_paid_online",
    [HC_M766_FEEDBACK_ON_TIME] = "feedback_on_time",
    [HC_M766_FEEDBACK_SATISFIED] = "feedback_satisfied",
    [HC_M766_DOSSIER_SATISFIED] = "dossier_satisfied",
    [HC_M766_DOSSIER_E_RESULT] = "dossier_e_result",
    [HC_M766_DOSSIER_DIGITIZED_INPUT] = "dossier_digitized_input",
    [HC_M766_DOSSIER_DIGITIZED_RESULT] = "dossier_digitized_result",
    [HC_M766_DOSSIER_REUSE] = "dossier_reuse",
};

static const char *const kind_names[] = {"proportional", "threshold", "target"};

const char *hc_i766_metric_name(enum hc_i766_metric m)
{
	return (unsigned)m < HC_M766_COUNT ? metric_names[m] : NULL;
}

const char *hc_i766_kind_name(enum hc_i766_kind k)
{
	return (unsigned)k < 3 ? kind_names[k] : "unknown";
}

/* ---- the table reader -------------------------------------------------- */

static const char *const columns[] = {"version", "valid_from", "valid_to",  "group", "group_name",
                                      "code",    "name",       "metric",    "kind",  "threshold",
                                      "max",     "empty",      "confirmed", "source"};
#define NCOLS ((int)(sizeof columns / sizeof columns[0]))

enum {
	C_VERSION,
	C_FROM,
	C_TO,
	C_GROUP,
	C_GNAME,
	C_CODE,
	C_NAME,
	C_METRIC,
	C_KIND,
	C_THR,
	C_MAX,
	C_EMPTY,
	C_CONFIRMED,
	C_SOURCE
};

__attribute__((format(printf, 5, 6))) static int bad(hc_err *err, const char *name, long line,
                                                     int code, const char *fmt, ...)
{
	char why[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	char msg[HC_ERR_MSG_MAX];
	snprintf(msg, sizeof msg, "Bảng chỉ số 766 %s, dòng %ld không hợp lệ: %s", name, line, why);
	return hc_err_set(err, code, NULL, msg, "%s:%ld: %s", name, line, why);
}

/* A whole number 1..9999. */
static bool parse_version(const char *s, int *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 4 || s[0] == '0')
		return false;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* A decimal "I[.F]" with at most `decimals` fraction digits, scaled by
 * 10^decimals, at most 6 integer digits. */
static bool parse_fixed(const char *s, int decimals, int64_t *out)
{
	int64_t v = 0;
	int idig = 0, fdig = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++, idig++)
		v = v * 10 + (*p - '0');
	if (idig == 0 || idig > 6)
		return false;
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++, fdig++)
			v = v * 10 + (*p - '0');
		if (fdig == 0)
			return false;
	}
	if (*p || fdig > decimals)
		return false;
	for (; fdig < decimals; fdig++)
		v *= 10;
	*out = v;
	return true;
}

static bool group_code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 23)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	return true;
}

static bool indicator_code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 15)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_'))
			return false;
	return true;
}

/* Copies a one-line text column into dst[cap] as NFC. */
static int text_col(char *dst, size_t cap, const char *src, const char *col, size_t max_chars,
                    bool required, const char *name, long line, hc_err *err)
{
	if (strlen(src) >= cap)
		return bad(err, name, line, HC_ETOOBIG, "%s longer than %zu characters", col,
		           max_chars);
	memcpy(dst, src, strlen(src) + 1);
	hc_err e2;
	int rc = hc_text_line_nfc(dst, cap, col, col, max_chars, required, &e2);
	if (rc)
		return bad(err, name, line, rc, "%s: %s", col, e2.detail);
	return HC_OK;
}

static int parse_row(const hc_csv_row *row, const char *name, hc_i766_row *r, hc_err *err)
{
	const char *const *f = row->fields;
	long line = row->line;
	memset(r, 0, sizeof *r);
	r->line = line;
	if (!parse_version(f[C_VERSION], &r->version))
		return bad(err, name, line, HC_EINVAL, "version '%.20s' is not a number 1..9999",
		           f[C_VERSION]);
	hc_err e2;
	if (hc_parse_date(f[C_FROM], "valid_from", &r->valid_from, &e2))
		return bad(err, name, line, HC_EINVAL, "valid_from '%.20s' is not YYYY-MM-DD",
		           f[C_FROM]);
	r->valid_to = INT64_MAX;
	if (f[C_TO][0] && hc_parse_date(f[C_TO], "valid_to", &r->valid_to, &e2))
		return bad(err, name, line, HC_EINVAL,
		           "valid_to '%.20s' is not YYYY-MM-DD or empty", f[C_TO]);
	if (r->valid_to <= r->valid_from)
		return bad(err, name, line, HC_EINVAL, "valid_to is not after valid_from");
	if (!group_code_ok(f[C_GROUP]))
		return bad(err, name, line, HC_EINVAL, "group '%.24s' is not [a-z_]{1,23}",
		           f[C_GROUP]);
	memcpy(r->group, f[C_GROUP], strlen(f[C_GROUP]) + 1);
	if (!indicator_code_ok(f[C_CODE]))
		return bad(err, name, line, HC_EINVAL, "code '%.16s' is not [A-Z0-9._]{1,15}",
		           f[C_CODE]);
	memcpy(r->code, f[C_CODE], strlen(f[C_CODE]) + 1);
	int rc = text_col(r->group_name, sizeof r->group_name, f[C_GNAME], "group_name",
	                  HC_I766_MAX_NAME, true, name, line, err);
	if (!rc)
		rc = text_col(r->name, sizeof r->name, f[C_NAME], "name", HC_I766_MAX_NAME, true,
		              name, line, err);
	if (!rc)
		rc = text_col(r->source, sizeof r->source, f[C_SOURCE], "source",
		              HC_I766_MAX_SOURCE, false, name, line, err);
	if (rc)
		return rc;
	int m = 0;
	while (m < HC_M766_COUNT && strcmp(metric_names[m], f[C_METRIC]) != 0)
		m++;
	if (m == HC_M766_COUNT)
		return bad(err, name, line, HC_EINVAL, "unknown metric '%.40s'", f[C_METRIC]);
	r->metric = (enum hc_i766_metric)m;
	int k = 0;
	while (k < 3 && strcmp(kind_names[k], f[C_KIND]) != 0)
		k++;
	if (k == 3)
		return bad(err, name, line, HC_EINVAL,
		           "kind '%.20s' is not proportional, threshold or target", f[C_KIND]);
	r->kind = (enum hc_i766_kind)k;
	if (r->kind == HC_K766_PROPORTIONAL) {
		if (f[C_THR][0])
			return bad(err, name, line, HC_EINVAL,
			           "threshold given for a proportional indicator");
	} else {
		int64_t t;
		if (!parse_fixed(f[C_THR], 4, &t) || t <= 0 || t > 10000)
			return bad(err, name, line, HC_EINVAL,
			           "threshold '%.20s' is not a ratio in (0, 1] with at most 4 "
			           "decimals",
			           f[C_THR]);
		r->threshold_bp = (int)t;
	}
	if (!parse_fixed(f[C_MAX], 2, &r->max_c) || r->max_c <= 0 || r->max_c > 10000)
		return bad(err, name, line, HC_EINVAL,
		           "max '%.20s' is not a number of points in (0, 100] with at most 2 "
		           "decimals",
		           f[C_MAX]);
	if (strcmp(f[C_EMPTY], "full") == 0)
		r->empty_full = true;
	else if (strcmp(f[C_EMPTY], "zero") != 0)
		return bad(err, name, line, HC_EINVAL, "empty '%.20s' is not full or zero",
		           f[C_EMPTY]);
	if (strcmp(f[C_CONFIRMED], "1") == 0)
		r->confirmed = true;
	else if (strcmp(f[C_CONFIRMED], "0") != 0)
		return bad(err, name, line, HC_EINVAL, "confirmed '%.8s' is not 0 or 1",
		           f[C_CONFIRMED]);
	return HC_OK;
}

/* Checks the rows of every version together (after each file). */
static int check_versions(const hc_i766_table *t, const char *name, hc_err *err)
{
	for (int i = 0; i < t->n; i++) {
		const hc_i766_row *a = &t->rows[i];
		int first = 0;
		while (t->rows[first].version != a->version)
			first++;
		const hc_i766_row *f = &t->rows[first];
		if (f->valid_from != a->valid_from || f->valid_to != a->valid_to)
			return bad(err, name, a->line, HC_EINVAL,
			           "version %d has another validity on line %ld", a->version,
			           f->line);
		for (int j = first; j < i; j++) {
			const hc_i766_row *b = &t->rows[j];
			if (b->version != a->version)
				continue;
			if (strcmp(b->code, a->code) == 0)
				return bad(err, name, a->line, HC_EINVAL,
				           "code %s appears twice in version %d (line %ld)",
				           a->code, a->version, b->line);
			if (strcmp(b->group, a->group) == 0 &&
			    strcmp(b->group_name, a->group_name) != 0)
				return bad(err, name, a->line, HC_EINVAL,
				           "group %s has another name on line %ld", a->group,
				           b->line);
		}
		if (first != i)
			continue;
		/* first row of its version: total and overlaps */
		int64_t total = 0;
		int groups = 0;
		for (int j = i; j < t->n; j++) {
			if (t->rows[j].version != a->version)
				continue;
			total += t->rows[j].max_c;
			bool seen = false;
			for (int k = i; k < j && !seen; k++)
				seen = t->rows[k].version == a->version &&
				       strcmp(t->rows[k].group, t->rows[j].group) == 0;
			groups += !seen;
		}
		if (total != 10000)
			return bad(err, name, a->line, HC_EINVAL,
			           "the maxima of version %d add up to %lld.%02lld points, not 100",
			           a->version, (long long)(total / 100), (long long)(total % 100));
		if (groups > HC_I766_MAX_GROUPS)
			return bad(err, name, a->line, HC_ETOOBIG,
			           "version %d has more than %d groups", a->version,
			           HC_I766_MAX_GROUPS);
		for (int j = 0; j < i; j++) {
			const hc_i766_row *b = &t->rows[j];
			if (b->version == a->version)
				continue;
			if (b->valid_from < a->valid_to && a->valid_from < b->valid_to)
				return bad(err, name, a->line, HC_EINVAL,
				           "version %d overlaps version %d (line %ld)", a->version,
				           b->version, b->line);
		}
	}
	return HC_OK;
}

int hc_i766_table_parse(hc_i766_table *t, const char *name, const char *text, size_t len,
                        hc_err *err)
{
	hc_csv *c;
	int rc = hc_csv_open_mem(text, len, &c, err);
	if (rc)
		return rc;
	int start = t->n;
	hc_csv_row row;
	hc_err e2;
	rc = hc_csv_set_separator(c, '\t', err);
	if (!rc && hc_csv_read_header(c, &row, &e2))
		rc = bad(err, name, row.line ? row.line : 1, e2.code, "%s", e2.detail);
	if (!rc && row.n != NCOLS)
		rc = bad(err, name, row.line, HC_EINVAL, "the header has %d columns, not %d", row.n,
		         NCOLS);
	for (int i = 0; !rc && i < NCOLS; i++)
		if (strcmp(row.fields[i], columns[i]) != 0)
			rc = bad(err, name, row.line, HC_EINVAL,
			         "header column %d is '%.24s', not %s", i + 1, row.fields[i],
			         columns[i]);
	for (;;) {
		if (rc)
			break;
		bool done;
		if (hc_csv_next(c, &row, &done, &e2)) {
			rc = bad(err, name, row.line, e2.code, "%s", e2.detail);
			break;
		}
		if (done)
			break;
		if (t->n >= HC_I766_MAX_ROWS) {
			rc = bad(err, name, row.line, HC_ETOOBIG, "more than %d rows",
			         HC_I766_MAX_ROWS);
			break;
		}
		if (!t->rows && !(t->rows = calloc(HC_I766_MAX_ROWS, sizeof *t->rows))) {
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "index766: no memory");
			break;
		}
		rc = parse_row(&row, name, &t->rows[t->n], err);
		if (!rc)
			t->n++;
	}
	hc_csv_free(c);
	if (!rc && t->n == start)
		rc = bad(err, name, 1, HC_EINVAL, "no indicator rows");
	if (!rc)
		rc = check_versions(t, name, err);
	if (rc)
		t->n = start;
	return rc;
}

int hc_i766_table_builtin(hc_i766_table *t, hc_err *err)
{
	size_t n;
	const hc_embed_file *f = hc_embed_list(&n);
	int loaded = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(f[i].name, "data/index766/", 14) != 0)
			continue;
		int rc = hc_i766_table_parse(t, f[i].name, f[i].data, f[i].len, err);
		if (rc)
			return rc;
		loaded++;
	}
	if (!loaded)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Thiếu bảng chỉ số 766",
		                  "no embedded data/index766 table");
	return HC_OK;
}

void hc_i766_table_free(hc_i766_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = 0;
}

int hc_i766_table_version(const hc_i766_table *t, int64_t day, int *first, int *count, hc_err *err)
{
	for (int i = 0; i < t->n; i++) {
		const hc_i766_row *r = &t->rows[i];
		if (day < r->valid_from || day >= r->valid_to)
			continue;
		*first = i;
		*count = 0;
		/* a version's rows need not be adjacent in the file */
		for (int j = i; j < t->n; j++)
			*count += t->rows[j].version == r->version;
		return HC_OK;
	}
	char buf[HC_DATE_BUF];
	return hc_err_set(err, HC_ENOTFOUND, "to", "Không có bảng chỉ số 766 áp dụng cho kỳ này",
	                  "no index766 table version valid on %s", hc_fmt_date(day, buf));
}

/* The rows of the version starting at first (count rows), in file order. */
static const hc_i766_row *row_at(const hc_i766_table *t, int first, int k)
{
	int v = t->rows[first].version;
	for (int i = first; i < t->n; i++)
		if (t->rows[i].version == v && k-- == 0)
			return &t->rows[i];
	return NULL;
}

/* ---- scoring ----------------------------------------------------------- */

double hc_i766_score(const hc_i766_row *r, hc_i766_rate v)
{
	double max = (double)r->max_c / 100.0;
	if (v.den <= 0)
		return r->empty_full ? max : 0.0;
	double ratio = (double)v.num / (double)v.den;
	if (ratio > 1.0)
		ratio = 1.0;
	if (ratio < 0.0)
		ratio = 0.0;
	switch (r->kind) {
	case HC_K766_THRESHOLD:
		/* exact: num/den >= bp/10000 */
		return v.num * 10000 >= (int64_t)r->threshold_bp * v.den ? max : 0.0;
	case HC_K766_TARGET:
		if (v.num * 10000 >= (int64_t)r->threshold_bp * v.den)
			return max;
		return max * ratio * 10000.0 / (double)r->threshold_bp;
	default:
		return max * ratio;
	}
}

/* ---- figures ----------------------------------------------------------- */

typedef struct figctx {
	hc_i766_figures *f;
	int n;
} figctx;

static hc_i766_figures *find_unit(figctx *c, int64_t unit_id)
{
	/* linear: a city has ~100 units; 3,300 communes cost ~10^7 comparisons */
	for (int i = 0; i < c->n; i++)
		if (c->f[i].unit_id == unit_id)
			return &c->f[i];
	return NULL;
}

static hc_i766_rate rate_of(hc_rate r)
{
	return (hc_i766_rate){r.num, r.den, true};
}

static int from_stats(int64_t unit_id, const hc_stats *s, void *ctx, hc_err *err)
{
	hc_i766_figures *f = find_unit(ctx, unit_id);
	if (!f)
		return HC_OK; /* a unit that is not ranked (province body) */
	f->m[HC_M766_DOSSIER_ON_TIME] = rate_of(s->rates.on_time);
	f->m[HC_M766_DOSSIER_PENDING_WITHIN] =
	    (hc_i766_rate){s->pending.within, s->pending.total, true};
	f->m[HC_M766_DOSSIER_ONLINE] = rate_of(s->rates.online);
	f->m[HC_M766_DOSSIER_PAID_ONLINE] = rate_of(s->rates.paid_online);
	f->m[HC_M766_DOSSIER_SATISFIED] = rate_of(s->rates.satisfied);
	f->m[HC_M766_DOSSIER_E_RESULT] = rate_of(s->rates.e_result);
	f->m[HC_M766_DOSSIER_DIGITIZED_INPUT] = rate_of(s->rates.digitized_input);
	f->m[HC_M766_DOSSIER_DIGITIZED_RESULT] = rate_of(s->rates.digitized_result);
	f->m[HC_M766_DOSSIER_REUSE] = rate_of(s->rates.reuse);
	return HC_OK;
}

/* Catalog figures, one grouped pass over the active procedures. Dates are
 * compared as YYYY-MM-DD text (?1 first day, ?2 day after the last, ?3 last
 * day). A procedure is on time when published no later than the day its
 * legal basis takes effect; public when in effect by the last day and
 * published by then; complete when it has a legal basis, its components and
 * both dates. Online use and online payment: the procedure has, in the
 * period, an online dossier / a fee-bearing dossier paid online (the
 * procedures are counted, not the dossiers). */
static const char *catalog_sql =
    "SELECT p.unit_id,"
    " COALESCE(SUM(CASE WHEN p.published_on >= ?1 AND p.published_on < ?2 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN p.published_on >= ?1 AND p.published_on < ?2"
    "   AND p.effective_on IS NOT NULL AND p.published_on <= p.effective_on THEN 1 ELSE 0 END),"
    "   0),"
    " COALESCE(SUM(CASE WHEN p.effective_on IS NULL OR p.effective_on <= ?3 THEN 1 ELSE 0 END),"
    "   0),"
    " COALESCE(SUM(CASE WHEN (p.effective_on IS NULL OR p.effective_on <= ?3)"
    "   AND p.published_on IS NOT NULL AND p.published_on <= ?3 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN p.legal_basis <> '' AND p.components <> '[]'"
    "   AND p.effective_on IS NOT NULL AND p.published_on IS NOT NULL THEN 1 ELSE 0 END), 0),"
    " COUNT(*),"
    " COALESCE(SUM(CASE WHEN p.online_level = 'full' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN p.online_level IN ('full', 'partial') THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN p.online_level IN ('full', 'partial') AND p.id IN"
    "   (SELECT d.procedure_id FROM dossiers d WHERE d.received_at >= ?4 AND d.received_at < ?5"
    "    AND d.channel = 'online' AND (?6 = 0 OR d.unit_id = ?6)) THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN p.fee > 0 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN p.fee > 0 AND p.id IN"
    "   (SELECT d.procedure_id FROM dossiers d WHERE d.received_at >= ?4 AND d.received_at < ?5"
    "    AND d.fee > 0 AND d.fee_paid_online = 1 AND (?6 = 0 OR d.unit_id = ?6))"
    "   THEN 1 ELSE 0 END), 0)"
    " FROM procedures p WHERE p.active = 1 AND (?6 = 0 OR p.unit_id = ?6)"
    " GROUP BY p.unit_id";

static int from_catalog(hc_tx *tx, figctx *c, int64_t unit_id, int64_t from_day, int64_t to_day,
                        hc_err *err)
{
	char d1[HC_DATE_BUF], d2[HC_DATE_BUF], d3[HC_DATE_BUF];
	hc_fmt_date(from_day, d1);
	hc_fmt_date(to_day, d2);
	hc_fmt_date(to_day - 1, d3);
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st, catalog_sql, "tttiii", d1, d2, d3,
	                     hc_local_instant(from_day, 0), hc_local_instant(to_day, 0), unit_id);
	if (rc)
		return rc;
	while (hc_stmt_next(st)) {
		hc_i766_figures *f = find_unit(c, hc_stmt_int(st, 0));
		if (!f)
			continue;
		int64_t v[11];
		for (int i = 0; i < 11; i++)
			v[i] = hc_stmt_int(st, i + 1);
		f->m[HC_M766_PROCEDURE_PUBLISHED_ON_TIME] = (hc_i766_rate){v[1], v[0], true};
		f->m[HC_M766_PROCEDURE_PUBLIC] = (hc_i766_rate){v[3], v[2], true};
		f->m[HC_M766_PROCEDURE_COMPLETE] = (hc_i766_rate){v[4], v[5], true};
		f->m[HC_M766_PROCEDURE_FULLY_ONLINE] = (hc_i766_rate){v[6], v[5], true};
		f->m[HC_M766_ONLINE_PROCEDURE_USED] = (hc_i766_rate){v[8], v[7], true};
		f->m[HC_M766_FEE_PROCEDURE_PAID_ONLINE] = (hc_i766_rate){v[10], v[9], true};
	}
	return hc_stmt_finish(st, err);
}

/* Feedback (PAKN) figures from the feedback module's grouped counts
 * (feedback.h, one pass per query for every unit), over [from_day, to_day)
 * judged at now (docs/design-notes.md):
 *   feedback_on_time   = handled on time / (handled + pending overdue at j)
 *   feedback_satisfied = handled fully on time (answer and publication) /
 *                        (handled + pending overdue at j)
 * Refused feedback is outside the unit's competence and counts in neither.
 * haicap records feedback for every unit, so both are recorded; a unit with
 * none has den 0 and the table's empty value applies. */
static int feedback_figures(hc_tx *tx, figctx *c, int64_t unit_id, int64_t from_day, int64_t to_day,
                            int64_t now, hc_err *err)
{
	for (int i = 0; i < c->n; i++) {
		c->f[i].m[HC_M766_FEEDBACK_ON_TIME] = (hc_i766_rate){0, 0, true};
		c->f[i].m[HC_M766_FEEDBACK_SATISFIED] = (hc_i766_rate){0, 0, true};
	}
	hc_feedback_counts *fc = NULL;
	int n = 0;
	int rc = hc_feedback_counts_units(tx, unit_id, hc_local_instant(from_day, 0),
	                                  hc_local_instant(to_day, 0), now, &fc, &n, err);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		hc_i766_figures *f = find_unit(c, fc[i].unit_id);
		if (!f)
			continue;
		int64_t den = fc[i].handled.total + fc[i].pending.overdue;
		f->m[HC_M766_FEEDBACK_ON_TIME] = (hc_i766_rate){fc[i].handled.on_time, den, true};
		f->m[HC_M766_FEEDBACK_SATISFIED] =
		    (hc_i766_rate){fc[i].handled.fully_on_time, den, true};
	}
	free(fc);
	return HC_OK;
}

static bool commune_level(const hc_unit *u)
{
	return strcmp(u->kind, "xa") == 0 || strcmp(u->kind, "phuong") == 0 ||
	       strcmp(u->kind, "dac_khu") == 0;
}

typedef struct unitlist {
	hc_unit *u;
	int n, cap;
} unitlist;

static int collect(const hc_unit *u, void *ctx)
{
	unitlist *l = ctx;
	if (!commune_level(u))
		return 0;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		hc_unit *nu = realloc(l->u, (size_t)cap * sizeof *nu);
		if (!nu)
			return HC_ENOMEM;
		l->u = nu;
		l->cap = cap;
	}
	l->u[l->n++] = *u;
	return 0;
}

/* Figures for the units of *l (one entry each, same order). */
static int figures_for(hc_tx *tx, const unitlist *l, int64_t unit_id, int64_t from_day,
                       int64_t to_day, int64_t now, hc_i766_figures **out, hc_err *err)
{
	*out = NULL;
	if (to_day <= from_day)
		return hc_err_set(err, HC_EINVAL, "to", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "empty period");
	figctx c = {calloc((size_t)l->n + 1, sizeof *c.f), l->n};
	if (!c.f)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "index766: no memory");
	for (int i = 0; i < l->n; i++) {
		c.f[i].unit_id = l->u[i].id;
		for (int m = 0; m < HC_M766_COUNT; m++)
			c.f[i].m[m].recorded = true;
	}
	hc_stats_scope scope = {.unit_id = unit_id};
	int rc = hc_stats_compute_units(tx, &scope, hc_local_instant(from_day, 0),
	                                hc_local_instant(to_day, 0), now, from_stats, &c, err);
	if (!rc)
		rc = from_catalog(tx, &c, unit_id, from_day, to_day, err);
	if (!rc)
		rc = feedback_figures(tx, &c, unit_id, from_day, to_day, now, err);
	if (rc) {
		free(c.f);
		return rc;
	}
	*out = c.f;
	return HC_OK;
}

static int units_of(hc_tx *tx, int64_t unit_id, unitlist *l, hc_err *err)
{
	memset(l, 0, sizeof *l);
	if (unit_id) {
		if (!(l->u = calloc(1, sizeof *l->u)))
			return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ",
			                  "index766: no memory");
		l->n = 1;
		return hc_unit_by_id(tx, unit_id, &l->u[0], err);
	}
	int rc = hc_unit_each(tx, collect, l, err);
	if (rc == HC_ENOMEM)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "index766: no memory");
	return rc;
}

int hc_i766_figures_compute(hc_tx *tx, int64_t unit_id, int64_t from_day, int64_t to_day,
                            int64_t now, hc_i766_figures **out, int *n, hc_err *err)
{
	*out = NULL;
	*n = 0;
	unitlist l;
	int rc = units_of(tx, unit_id, &l, err);
	if (!rc)
		rc = figures_for(tx, &l, unit_id, from_day, to_day, now, out, err);
	if (!rc)
		*n = l.n;
	free(l.u);
	return rc;
}

/* ---- reports ----------------------------------------------------------- */

static double round2(double x)
{
	return round(x * 100.0) / 100.0;
}

static json_t *num_json(double x)
{
	return json_real(round2(x));
}

static json_t *points_c(int64_t c)
{
	return json_real((double)c / 100.0);
}

/* Group index of row r among the distinct groups of the version, in order
 * of first appearance; fills codes[] as it goes. */
static int group_index(const hc_i766_row **firsts, int *ngroups, const hc_i766_row *r)
{
	for (int g = 0; g < *ngroups; g++)
		if (strcmp(firsts[g]->group, r->group) == 0)
			return g;
	firsts[*ngroups] = r;
	return (*ngroups)++;
}

static json_t *unit_json(const hc_i766_table *t, int first, int count, const hc_unit *u,
                         int64_t from_day, int64_t to_day, const hc_i766_figures *f)
{
	const hc_i766_row *firsts[HC_I766_MAX_GROUPS];
	int ngroups = 0;
	double gscore[HC_I766_MAX_GROUPS] = {0};
	int64_t gmax[HC_I766_MAX_GROUPS] = {0};
	json_t *ginds[HC_I766_MAX_GROUPS] = {0};
	double total = 0;
	bool ok = true;
	for (int k = 0; k < count; k++) {
		const hc_i766_row *r = row_at(t, first, k);
		int g = group_index(firsts, &ngroups, r);
		if (!ginds[g])
			ok = ok && (ginds[g] = json_array()) != NULL;
		hc_i766_rate v = f->m[r->metric];
		double s = hc_i766_score(r, v);
		gscore[g] += s;
		gmax[g] += r->max_c;
		total += s;
		json_t *ind = json_pack(
		    "{ss ss ss ss so sI sI so so so sb ss sb ss}", "code", r->code, "name", r->name,
		    "metric", metric_names[r->metric], "kind", kind_names[r->kind], "threshold",
		    r->kind == HC_K766_PROPORTIONAL ? json_null()
		                                    : json_real((double)r->threshold_bp / 10000.0),
		    "num", (json_int_t)v.num, "den", (json_int_t)v.den, "ratio",
		    v.den ? json_real((double)v.num / (double)v.den) : json_null(), "score",
		    num_json(s), "max", points_c(r->max_c), "recorded", v.recorded, "empty",
		    r->empty_full ? "full" : "zero", "confirmed", r->confirmed, "source",
		    r->source);
		ok = ok && ind && ginds[g] && json_array_append_new(ginds[g], ind) == 0;
	}
	json_t *groups = json_array();
	ok = ok && groups;
	for (int g = 0; g < ngroups; g++) {
		json_t *gj = json_pack("{ss ss so so so}", "code", firsts[g]->group, "name",
		                       firsts[g]->group_name, "score", num_json(gscore[g]), "max",
		                       points_c(gmax[g]), "indicators", ginds[g]);
		ginds[g] = NULL;
		ok = ok && gj && json_array_append_new(groups, gj) == 0;
	}
	for (int g = 0; g < ngroups; g++)
		json_decref(ginds[g]);
	char df[HC_DATE_BUF], dt[HC_DATE_BUF], vf[HC_DATE_BUF], vt[HC_DATE_BUF];
	const hc_i766_row *r0 = &t->rows[first];
	json_t *j =
	    ok ? json_pack("{s{ssssss} ss ss s{sI ss so} so so so}", "unit", "code", u->code,
	                   "name", u->name, "province", u->province, "from",
	                   hc_fmt_date(from_day, df), "to", hc_fmt_date(to_day, dt), "table",
	                   "version", (json_int_t)r0->version, "valid_from",
	                   hc_fmt_date(r0->valid_from, vf), "valid_to",
	                   r0->valid_to == INT64_MAX ? json_null()
	                                             : json_string(hc_fmt_date(r0->valid_to, vt)),
	                   "total", num_json(total), "max", json_real(100.0), "groups", groups)
	       : NULL;
	if (!j)
		json_decref(groups);
	return j;
}

/* The version for [from_day, to_day): the one valid on its last day. A
 * period no version covers is the caller's mistake (HC_EINVAL). */
static int period_version(const hc_i766_table *t, int64_t from_day, int64_t to_day, int *first,
                          int *count, hc_err *err)
{
	if (to_day <= from_day)
		return hc_err_set(err, HC_EINVAL, "to", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "empty period");
	int rc = hc_i766_table_version(t, to_day - 1, first, count, err);
	if (rc == HC_ENOTFOUND) {
		if (err)
			err->code = HC_EINVAL; /* message and field stay */
		return HC_EINVAL;
	}
	return rc;
}

int hc_i766_unit_report(hc_tx *tx, const hc_i766_table *t, int64_t unit_id, int64_t from_day,
                        int64_t to_day, int64_t now, json_t **out, hc_err *err)
{
	*out = NULL;
	int first, count;
	int rc = period_version(t, from_day, to_day, &first, &count, err);
	if (rc)
		return rc;
	unitlist l;
	hc_i766_figures *f = NULL;
	rc = units_of(tx, unit_id, &l, err);
	if (!rc)
		rc = figures_for(tx, &l, unit_id, from_day, to_day, now, &f, err);
	if (!rc && !(*out = unit_json(t, first, count, &l.u[0], from_day, to_day, f)))
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "index766 JSON: no memory");
	free(f);
	free(l.u);
	return rc;
}

static int cmp_ranked(const void *a, const void *b)
{
	const hc_i766_ranked *x = a, *y = b;
	int c = strcmp(x->province, y->province);
	if (c)
		return c;
	long long tx = llround(x->total * 100.0), ty = llround(y->total * 100.0);
	if (tx != ty)
		return tx > ty ? -1 : 1;
	return strcmp(x->code, y->code);
}

int hc_i766_ranking_compute(hc_tx *tx, const hc_i766_table *t, int64_t from_day, int64_t to_day,
                            int64_t now, hc_i766_ranking *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	int first, count;
	int rc = period_version(t, from_day, to_day, &first, &count, err);
	if (rc)
		return rc;
	out->from_day = from_day;
	out->to_day = to_day;
	out->version = t->rows[first].version;
	int gof[HC_I766_MAX_ROWS];
	for (int k = 0; k < count; k++) {
		const hc_i766_row *r = row_at(t, first, k);
		gof[k] = group_index(out->group_rows, &out->ngroups, r);
		out->group_max_c[gof[k]] += r->max_c;
	}
	unitlist l;
	hc_i766_figures *f = NULL;
	rc = units_of(tx, 0, &l, err);
	if (!rc)
		rc = figures_for(tx, &l, 0, from_day, to_day, now, &f, err);
	if (!rc && !(out->units = calloc((size_t)l.n + 1, sizeof *out->units)))
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "index766: no memory");
	for (int i = 0; !rc && i < l.n; i++) {
		hc_i766_ranked *u = &out->units[i];
		u->unit_id = l.u[i].id;
		snprintf(u->code, sizeof u->code, "%s", l.u[i].code);
		snprintf(u->name, sizeof u->name, "%s", l.u[i].name);
		snprintf(u->province, sizeof u->province, "%s", l.u[i].province);
		for (int k = 0; k < count; k++) {
			const hc_i766_row *r = row_at(t, first, k);
			double s = hc_i766_score(r, f[i].m[r->metric]);
			u->groups[gof[k]] += s;
			u->total += s;
		}
	}
	if (!rc) {
		out->n = l.n;
		qsort(out->units, (size_t)out->n, sizeof *out->units, cmp_ranked);
		/* positions within each province; equal totals share one */
		for (int i = 0, start = 0; i < out->n; i++) {
			hc_i766_ranked *u = &out->units[i];
			if (i > 0 && strcmp(out->units[i - 1].province, u->province) != 0)
				start = i;
			if (i > start &&
			    llround(out->units[i - 1].total * 100.0) == llround(u->total * 100.0))
				u->position = out->units[i - 1].position;
			else
				u->position = i - start + 1;
			int end = i;
			while (end < out->n && strcmp(out->units[end].province, u->province) == 0)
				end++;
			u->of = end - start;
		}
	}
	free(f);
	free(l.u);
	if (rc)
		hc_i766_ranking_free(out);
	return rc;
}

void hc_i766_ranking_free(hc_i766_ranking *r)
{
	free(r->units);
	r->units = NULL;
	r->n = 0;
}

json_t *hc_i766_ranking_json(const hc_i766_ranking *r, bool (*keep)(int64_t unit_id, void *ctx),
                             void *ctx)
{
	json_t *units = json_array();
	json_t *groups = json_array();
	bool ok = units && groups;
	for (int g = 0; ok && g < r->ngroups; g++)
		ok = json_array_append_new(groups,
		                           json_pack("{ss ss so}", "code", r->group_rows[g]->group,
		                                     "name", r->group_rows[g]->group_name, "max",
		                                     points_c(r->group_max_c[g]))) == 0;
	for (int i = 0; ok && i < r->n; i++) {
		const hc_i766_ranked *u = &r->units[i];
		if (keep && !keep(u->unit_id, ctx))
			continue;
		json_t *gs = json_object();
		ok = gs != NULL;
		for (int g = 0; ok && g < r->ngroups; g++)
			ok = json_object_set_new(gs, r->group_rows[g]->group,
			                         num_json(u->groups[g])) == 0;
		char rank[32];
		snprintf(rank, sizeof rank, "%d/%d", u->position, u->of);
		json_t *uj =
		    ok ? json_pack("{ss ss ss so ss si si so}", "code", u->code, "name", u->name,
		                   "province", u->province, "total", num_json(u->total), "rank",
		                   rank, "position", u->position, "of", u->of, "groups", gs)
		       : NULL;
		if (!uj)
			json_decref(gs);
		ok = uj && json_array_append_new(units, uj) == 0;
	}
	char df[HC_DATE_BUF], dt[HC_DATE_BUF];
	json_t *j = ok ? json_pack("{ss ss s{si} so so}", "from", hc_fmt_date(r->from_day, df),
	                           "to", hc_fmt_date(r->to_day, dt), "table", "version", r->version,
	                           "groups", groups, "units", units)
	               : NULL;
	if (!j) {
		json_decref(units);
		json_decref(groups);
	}
	return j;
}
