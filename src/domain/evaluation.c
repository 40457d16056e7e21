/* evaluation: see evaluation.h. Legal basis: Decree 61/2018/NĐ-CP Art. 31–33
 * (đánh giá việc giải quyết TTHC) and Circular 01/2018/TT-VPCP Art. 13–15
 * (the nine indicators, two points each, and the classification of the
 * results). The per-indicator measure is haicap's reading of its own records
 * (docs/design-notes.md); the classification scale is not yet confirmed
 * against the published text and the report says so ("confirmed": false). */
#include "domain/evaluation.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/feedback.h"
#include "domain/unit.h"

static const struct {
	const char *name;
	const char *label;
	const char *measure;    /* how haicap measures it (Vietnamese) */
	const char *unmeasured; /* why a dossier may have no value */
} indicators[HC_EV_COUNT] = {
    [HC_EV_TOTAL_TIME] = {"total_time", "Tổng thời gian giải quyết TTHC so với quy định",
                          "Trước hạn: 2; đúng hạn: 1; quá hạn: 0.", NULL},
    [HC_EV_OFFICE_TIME] = {"office_time",
                           "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết",
                           "Không đo được.",
                           "haicap không lưu thời hạn giải quyết của từng cơ quan, đơn vị "
                           "tham gia (quy trình nội bộ)"},
    [HC_EV_CONTACTS] = {"contacts",
                        "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ",
                        "Không phải bổ sung: 2; bổ sung 1 lần: 1; từ 2 lần: 0.", NULL},
    [HC_EV_BODIES] = {"bodies",
                      "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ",
                      "Đơn vị tiếp nhận giải quyết: 2; đơn vị khác giải quyết (liên thông): 1.",
                      NULL},
    [HC_EV_ONE_STOP] = {"one_stop",
                        "Thực hiện tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa",
                        "Tiếp nhận và trả kết quả tại Bộ phận Một cửa: 2.",
                        "chưa trả kết quả cho người nộp"},
    [HC_EV_PUBLICITY] = {"publicity", "Công khai các thủ tục hành chính",
                         "TTHC công bố trước ngày tiếp nhận, đủ căn cứ pháp lý và thành phần hồ "
                         "sơ: 2; công bố nhưng thiếu: 1; chưa công bố: 0.",
                         NULL},
    [HC_EV_ATTITUDE] = {"attitude",
                        "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận và "
                        "giải quyết hồ sơ",
                        "Theo đánh giá của người nộp (1–5 sao): 4–5: 2; 3: 1; 1–2: 0.",
                        "người nộp chưa đánh giá"},
    [HC_EV_FEEDBACK] = {"feedback", "Tiếp thu, giải trình đối với ý kiến phản ánh, kiến nghị",
                        "PAKN về hồ sơ: trả lời đúng hạn: 2; có PAKN trả lời quá hạn: 1; có PAKN "
                        "quá hạn chưa trả lời: 0.",
                        "không có phản ánh, kiến nghị về hồ sơ"},
    [HC_EV_ONLINE] = {"online", "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến",
                      "Hồ sơ nộp trực tuyến: không quá hạn và có kết quả điện tử: 2; không quá "
                      "hạn: 1; quá hạn: 0.",
                      "hồ sơ không nộp trực tuyến"},
};

const char *hc_evaluation_indicator_name(enum hc_eval_indicator i)
{
	return (unsigned)i < HC_EV_COUNT ? indicators[i].name : "unknown";
}

int hc_evaluation_by_parse(const char *s, enum hc_eval_by *out, hc_err *err)
{
	if (!s || !*s)
		*out = HC_EVAL_BY_NONE;
	else if (strcmp(s, "office") == 0)
		*out = HC_EVAL_BY_OFFICE;
	else if (strcmp(s, "handler") == 0)
		*out = HC_EVAL_BY_HANDLER;
	else
		return hc_err_set(err, HC_EINVAL, "by", "Tham số by phải là office hoặc handler",
		                  "bad by");
	return HC_OK;
}

int hc_evaluation_period(const char *s, const char *field, int64_t *from_day, int64_t *to_day,
                         hc_err *err)
{
	size_t n = s ? strlen(s) : 0;
	bool digits = n >= 4;
	for (size_t i = 0; digits && i < 4; i++)
		digits = s[i] >= '0' && s[i] <= '9';
	int q = 0;
	if (digits && n == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4')
		q = s[6] - '0';
	else if (!digits || n != 4)
		return hc_err_set(err, HC_EINVAL, field,
		                  "Kỳ đánh giá phải là năm (2026) hoặc quý (2026-Q1)",
		                  "bad period");
	int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	if (year < 2000 || year > 2100)
		return hc_err_set(err, HC_EINVAL, field, "Năm đánh giá phải từ 2000 đến 2100",
		                  "year out of range");
	int m1 = q ? 3 * q - 2 : 1, m2 = q ? 3 * q + 1 : 13, y2 = year;
	if (m2 == 13) {
		m2 = 1;
		y2++;
	}
	char a[16] = "0000-00-01", b[16] = "0000-00-01";
	a[0] = (char)('0' + year / 1000);
	a[1] = (char)('0' + year / 100 % 10);
	a[2] = (char)('0' + year / 10 % 10);
	a[3] = (char)('0' + year % 10);
	a[5] = (char)('0' + m1 / 10);
	a[6] = (char)('0' + m1 % 10);
	b[0] = (char)('0' + y2 / 1000);
	b[1] = (char)('0' + y2 / 100 % 10);
	b[2] = (char)('0' + y2 / 10 % 10);
	b[3] = (char)('0' + y2 % 10);
	b[5] = (char)('0' + m2 / 10);
	b[6] = (char)('0' + m2 % 10);
	int rc = hc_parse_date(a, field, from_day, err);
	return rc ? rc : hc_parse_date(b, field, to_day, err);
}

/* The 18-point scale (Circular 01/2018/TT-VPCP Art. 15 as haicap reads it;
 * not confirmed): lower bounds, highest first. */
static const struct {
	double min;
	const char *code, *label;
} classes[] = {
    {15.0, "xuat_sac", "Xuất sắc"},    {12.0, "tot", "Tốt"}, {9.0, "kha", "Khá"},
    {6.0, "trung_binh", "Trung bình"}, {0.0, "yeu", "Yếu"},
};

const char *hc_evaluation_classify(double score18, const char **label)
{
	size_t n = sizeof classes / sizeof classes[0];
	size_t i = 0;
	/* compare in hundredths so 14.999999 from a division is not 15 by luck */
	int64_t s = (int64_t)(score18 * 100.0 + 0.5);
	while (i + 1 < n && s < (int64_t)(classes[i].min * 100.0))
		i++;
	if (label)
		*label = classes[i].label;
	return classes[i].code;
}

/* ---- aggregation ------------------------------------------------------- */

typedef struct tally {
	int64_t measured, unmeasured, points[3];
} tally;

typedef struct group {
	int64_t id; /* office or handler id; 0 none */
	char key[64];
	char name[512];
	int64_t dossiers;
	tally t[HC_EV_COUNT];
} group;

typedef struct grouplist {
	group *g;
	int n, cap;
} grouplist;

static group *group_of(grouplist *l, int64_t id, const char *key, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (l->g[i].id == id)
			return &l->g[i];
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		void *p = realloc(l->g, sizeof *l->g * (size_t)cap);
		if (!p)
			return NULL;
		l->g = p;
		l->cap = cap;
	}
	group *g = &l->g[l->n++];
	memset(g, 0, sizeof *g);
	g->id = id;
	/* both come from validated columns shorter than the buffers */
	snprintf(g->key, sizeof g->key, "%s", key ? key : "");
	snprintf(g->name, sizeof g->name, "%s", name ? name : "");
	return g;
}

/* feedback summary per dossier, sorted by dossier id for bsearch */
typedef struct fblist {
	hc_feedback_dossier *d;
	int n, cap;
} fblist;

static int collect_fb(const hc_feedback_dossier *d, void *ctx)
{
	fblist *l = ctx;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 64;
		void *p = realloc(l->d, sizeof *l->d * (size_t)cap);
		if (!p)
			return HC_ENOMEM;
		l->d = p;
		l->cap = cap;
	}
	l->d[l->n++] = *d;
	return 0;
}

static int cmp_fb(const void *a, const void *b)
{
	int64_t x = ((const hc_feedback_dossier *)a)->dossier_id;
	int64_t y = ((const hc_feedback_dossier *)b)->dossier_id;
	return (x > y) - (x < y);
}

static const hc_feedback_dossier *fb_of(const fblist *l, int64_t id)
{
	hc_feedback_dossier k = {.dossier_id = id};
	return l->n ? bsearch(&k, l->d, (size_t)l->n, sizeof *l->d, cmp_fb) : NULL;
}

/* The dossiers evaluated: resolved in [?2, ?3) by unit ?1. */
static const char *dossier_sql =
    "SELECT d.id, COALESCE(d.office_id, 0), COALESCE(o.code, ''), COALESCE(o.name, ''),"
    " COALESCE(d.handler_id, 0), COALESCE(s.username, ''), COALESCE(s.full_name, ''),"
    " d.received_at, d.finished_at, d.due_at, d.supplement_count, d.deciding_unit_id,"
    " COALESCE(d.returned_at, 0), d.channel, d.e_result, COALESCE(d.rating, 0),"
    " COALESCE(p.published_on, ''), p.legal_basis, p.components"
    " FROM dossiers d JOIN procedures p ON p.id = d.procedure_id"
    " LEFT JOIN offices o ON o.id = d.office_id LEFT JOIN staff s ON s.id = d.handler_id"
    " WHERE d.unit_id = ?1 AND d.outcome = 'resolved' AND d.finished_at >= ?2"
    " AND d.finished_at < ?3 ORDER BY d.id";

static const char *text_or_empty(const char *s)
{
	return s ? s : "";
}

/* The nine points of the dossier in the current row (-1: not measured). */
static void measure(hc_stmt *st, int64_t unit_id, int64_t j, const fblist *fb, int pts[HC_EV_COUNT])
{
	int64_t received = hc_stmt_int(st, 7), finished = hc_stmt_int(st, 8);
	int64_t due = hc_stmt_int(st, 9), supplements = hc_stmt_int(st, 10);
	int64_t deciding = hc_stmt_int(st, 11), returned = hc_stmt_int(st, 12);
	const char *channel = text_or_empty(hc_stmt_text(st, 13));
	bool e_result = hc_stmt_int(st, 14) != 0;
	int64_t rating = hc_stmt_int(st, 15);
	const char *published = text_or_empty(hc_stmt_text(st, 16));
	const char *basis = text_or_empty(hc_stmt_text(st, 17));
	const char *comps = text_or_empty(hc_stmt_text(st, 18));
	bool late = finished > due;
	bool early = !late && hc_local_day(finished) < hc_local_day(due);
	pts[HC_EV_TOTAL_TIME] = late ? 0 : early ? 2 : 1;
	pts[HC_EV_OFFICE_TIME] = -1;
	pts[HC_EV_CONTACTS] = supplements == 0 ? 2 : supplements == 1 ? 1 : 0;
	pts[HC_EV_BODIES] = deciding == unit_id ? 2 : 1;
	pts[HC_EV_ONE_STOP] = returned && returned <= j ? 2 : -1;
	char day[HC_DATE_BUF];
	hc_fmt_date(hc_local_day(received), day);
	if (!published[0] || strcmp(published, day) > 0)
		pts[HC_EV_PUBLICITY] = 0;
	else
		pts[HC_EV_PUBLICITY] = basis[0] && strcmp(comps, "[]") != 0 && comps[0] ? 2 : 1;
	pts[HC_EV_ATTITUDE] = rating >= 4 ? 2 : rating == 3 ? 1 : rating >= 1 ? 0 : -1;
	const hc_feedback_dossier *f = fb_of(fb, hc_stmt_int(st, 0));
	if (!f || f->total == f->refused)
		pts[HC_EV_FEEDBACK] = -1;
	else
		pts[HC_EV_FEEDBACK] = f->open_overdue ? 0 : f->answered_late ? 1 : 2;
	if (strcmp(channel, "online") != 0)
		pts[HC_EV_ONLINE] = -1;
	else
		pts[HC_EV_ONLINE] = late ? 0 : e_result ? 2 : 1;
}

static void add(group *g, const int pts[HC_EV_COUNT])
{
	g->dossiers++;
	for (int i = 0; i < HC_EV_COUNT; i++) {
		if (pts[i] < 0) {
			g->t[i].unmeasured++;
			continue;
		}
		g->t[i].measured++;
		g->t[i].points[pts[i]]++;
	}
}

static double round2(double x)
{
	return (double)(int64_t)(x * 100.0 + (x >= 0 ? 0.5 : -0.5)) / 100.0;
}

static json_t *group_json(const group *g, const char *key_name)
{
	json_t *inds = json_array();
	double score = 0;
	int measured = 0;
	bool ok = inds != NULL;
	for (int i = 0; ok && i < HC_EV_COUNT; i++) {
		const tally *t = &g->t[i];
		json_t *avg = json_null(), *reason = json_null();
		if (t->measured) {
			double a = (double)(t->points[1] + 2 * t->points[2]) / (double)t->measured;
			score += a;
			measured++;
			avg = json_real(round2(a));
		} else {
			reason = json_string(indicators[i].unmeasured ? indicators[i].unmeasured
			                                              : "không có hồ sơ");
		}
		json_t *o = json_pack("{ss sI sI s{sIsIsI} so so}", "code", indicators[i].name,
		                      "measured", (json_int_t)t->measured, "not_measured",
		                      (json_int_t)t->unmeasured, "points", "2",
		                      (json_int_t)t->points[2], "1", (json_int_t)t->points[1], "0",
		                      (json_int_t)t->points[0], "average", avg, "reason", reason);
		ok = o && json_array_append_new(inds, o) == 0;
	}
	if (!ok) {
		json_decref(inds);
		return NULL;
	}
	json_t *cls = json_null(), *s18 = json_null(), *sc = json_null();
	if (measured) {
		double scaled = score / (2.0 * measured) * 18.0;
		const char *label;
		const char *code = hc_evaluation_classify(scaled, &label);
		cls = json_pack("{ss ss}", "code", code, "label", label);
		s18 = json_real(round2(scaled));
		sc = json_real(round2(score));
	}
	json_t *o = json_pack("{sI so si so so so}", "dossiers", (json_int_t)g->dossiers, "score",
	                      sc, "max", 2 * measured, "score_18", s18, "classification", cls,
	                      "indicators", inds);
	if (o && key_name) {
		json_object_set_new(o, key_name, json_string(g->key));
		json_object_set_new(o, "name", json_string(g->name));
	}
	return o;
}

static int oom(hc_err *err)
{
	return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "evaluation: no memory");
}

static json_t *scale_json(void)
{
	json_t *cl = json_array();
	for (size_t i = 0; cl && i < sizeof classes / sizeof classes[0]; i++)
		json_array_append_new(cl, json_pack("{ss ss sf}", "code", classes[i].code, "label",
		                                    classes[i].label, "min", classes[i].min));
	json_t *defs = json_array();
	for (int i = 0; defs && i < HC_EV_COUNT; i++)
		json_array_append_new(
		    defs, json_pack("{si ss ss ss}", "number", i + 1, "code", indicators[i].name,
		                    "name", indicators[i].label, "measure", indicators[i].measure));
	return json_pack("{si si so so sb ss}", "points_per_indicator", 2, "max", 2 * HC_EV_COUNT,
	                 "classes", cl, "indicators", defs, "confirmed", 0, "basis",
	                 "Thông tư 01/2018/TT-VPCP, Điều 13–15 (Nghị định 61/2018/NĐ-CP, Điều "
	                 "31–33)");
}

int hc_evaluation_report(hc_tx *tx, int64_t unit_id, int64_t from_day, int64_t to_day, int64_t now,
                         enum hc_eval_by by, json_t **out, hc_err *err)
{
	*out = NULL;
	if (to_day <= from_day)
		return hc_err_set(err, HC_EINVAL, "to", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "empty period");
	hc_unit u;
	int rc = hc_unit_by_id(tx, unit_id, &u, err);
	if (rc)
		return rc;
	int64_t from = hc_local_instant(from_day, 0), to = hc_local_instant(to_day, 0);
	int64_t j = now < to ? now : to;
	fblist fb = {0};
	rc = hc_feedback_dossier_each(tx, unit_id, j, collect_fb, &fb, err);
	if (rc == HC_ENOMEM)
		rc = oom(err);
	if (rc) {
		free(fb.d);
		return rc;
	}
	if (fb.n)
		qsort(fb.d, (size_t)fb.n, sizeof *fb.d, cmp_fb);
	group all = {0};
	grouplist gl = {0};
	hc_stmt *st;
	rc = hc_tx_query(tx, err, &st, dossier_sql, "iii", unit_id, from, to);
	while (!rc && hc_stmt_next(st)) {
		int pts[HC_EV_COUNT];
		measure(st, unit_id, j, &fb, pts);
		add(&all, pts);
		if (by == HC_EVAL_BY_NONE)
			continue;
		int c = by == HC_EVAL_BY_OFFICE ? 1 : 4;
		int64_t id = hc_stmt_int(st, c);
		const char *key = hc_stmt_text(st, c + 1), *name = hc_stmt_text(st, c + 2);
		group *g = group_of(&gl, id, id ? key : "",
		                    id                        ? name
		                    : by == HC_EVAL_BY_OFFICE ? "Chưa xác định cơ quan"
		                                              : "Chưa phân công");
		if (!g)
			rc = oom(err);
		else
			add(g, pts);
	}
	if (!rc)
		rc = hc_stmt_finish(st, err);
	else if (st)
		hc_stmt_finish(st, NULL);
	free(fb.d);
	char d1[HC_DATE_BUF], d2[HC_DATE_BUF];
	json_t *j_out = NULL;
	if (!rc) {
		json_t *groups = by == HC_EVAL_BY_NONE ? json_null() : json_array();
		const char *key_name = by == HC_EVAL_BY_OFFICE ? "office" : "handler";
		for (int i = 0; groups && json_is_array(groups) && i < gl.n; i++)
			json_array_append_new(groups, group_json(&gl.g[i], key_name));
		j_out =
		    json_pack("{s{ss ss} ss ss sI so so so so}", "unit", "code", u.code, "name",
		              u.name, "from", hc_fmt_date(from_day, d1), "to",
		              hc_fmt_date(to_day, d2), "judged_at", (json_int_t)j, "by",
		              by == HC_EVAL_BY_NONE ? json_null() : json_string(key_name), "scale",
		              scale_json(), "summary", group_json(&all, NULL), "groups", groups);
		if (!j_out)
			rc = oom(err);
	}
	free(gl.g);
	*out = j_out;
	return rc;
}
