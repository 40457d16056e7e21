/* Web pages of the statistics: the leader's dashboard of a unit and period
 * (GET /bang-dieu-khien) with the statistics module's figures, charts drawn
 * by web/svg.c (received and finished by month, on-time rate by field,
 * channel mix), the overdue dossiers with their office and handler, and the
 * periodic report's download (GET /bang-dieu-khien/bao-cao, the same report
 * code as GET /api/v1/reports/periodic). Also the period parser shared with
 * the city overview (web_pages.c).
 * Every figure comes from stats.h (hc_stats_compute_breakdown) and
 * every list from dossier.h; no rule or SQL lives here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/time.h"
#include "domain/dossier.h"
#include "domain/perm.h"
#include "domain/report.h"
#include "domain/stats.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/txn.h"
#include "http/web.h"
#include "report/output.h"
#include "web/svg.h"

/* Overdue dossiers listed on the dashboard (oldest due first). */
#define DASH_OVERDUE_ROWS 20
/* On-time rate at or above which a field's bar is drawn as good. */
#define DASH_GOOD_RATE 0.9
/* ?tu=YYYY-MM-DD&den=YYYY-MM-DD (both days included); default: from
 * 1 January of this year to now. */
static int parse_period(hc_request *rq, const char *const *names, hc_web_period *p, hc_err *err)
{
	int rc = hc_query_only(&rq->query, names, err);
	if (rc)
		return rc;
	const char *tu = hc_query_get(&rq->query, "tu"), *den = hc_query_get(&rq->query, "den");
	int64_t today = hc_local_day(rq->env.now), dfrom, dto;
	hc_date c = hc_civil_from_days(today);
	dfrom = hc_days_from_civil(c.y, 1, 1);
	dto = today;
	if (tu && tu[0] && (rc = hc_parse_date(tu, "tu", &dfrom, err)))
		return rc;
	if (den && den[0] && (rc = hc_parse_date(den, "den", &dto, err)))
		return rc;
	if (dto < dfrom)
		return hc_err_set(err, HC_EINVAL, "den", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "period ends before it starts");
	p->from = hc_local_instant(dfrom, 0);
	p->to = hc_local_instant(dto + 1, 0);
	p->from_day = dfrom;
	p->to_day = dto + 1;
	hc_fmt_date(dfrom, p->tu);
	hc_fmt_date(dto, p->den);
	char a[HC_DATE_BUF], b[HC_DATE_BUF];
	snprintf(p->text, sizeof p->text, "từ %s đến %s", hc_fmt_vn_date(dfrom, a),
	         hc_fmt_vn_date(dto, b));
	return HC_OK;
}

int hc_web_v_period(hc_request *rq, hc_err *err)
{
	hc_web_period *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "period: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	static const char *const names[] = {"tu", "den", NULL};
	return parse_period(rq, names, p, err);
}

/* ---- GET /bang-dieu-khien ------------------------------------------------ */

typedef struct dash {
	hc_buf chart; /* scratch for one chart */
	json_t *rows;
	hc_stats_breakdown b; /* the period, its fields and its months */
	char mlabel[HC_STATS_MONTHS_MAX][16];
	int64_t received[HC_STATS_MONTHS_MAX], finished[HC_STATS_MONTHS_MAX];
	/* by field */
	size_t nf;
	char *flabel[HC_SVG_MAX_ITEMS];
	hc_rate fon_time[HC_SVG_MAX_ITEMS];
	json_t *fields;
} dash;

static int add_field(dash *d, const char *field, const hc_stats *s, hc_err *err)
{
	char a[HC_REPORT_NUM_BUF], b[HC_REPORT_NUM_BUF], c[HC_REPORT_NUM_BUF];
	json_array_append_new(
	    d->fields,
	    json_pack("{s:s,s:s,s:s,s:s,s:s}", "field", field, "received",
	              hc_report_fmt_int(s->received.total, a), "resolved",
	              hc_report_fmt_int(s->finished.resolved.total, b), "on_time",
	              hc_report_fmt_rate(s->rates.on_time, c), "overdue",
	              hc_report_fmt_int(s->pending.overdue, (char[HC_REPORT_NUM_BUF]){0})));
	if (d->nf == HC_SVG_MAX_ITEMS || s->finished.resolved.total == 0)
		return HC_OK; /* the chart shows fields that resolved something */
	if (!(d->flabel[d->nf] = strdup(field)))
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "dashboard: no memory");
	d->fon_time[d->nf++] = s->rates.on_time;
	return HC_OK;
}

static int add_overdue(const hc_dossier *x, void *ctx)
{
	dash *d = ctx;
	char due[HC_WEB_TEXT_MAX], rec[HC_WEB_TEXT_MAX];
	json_array_append_new(
	    d->rows,
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "code", x->code, "procedure",
	              x->procedure_name, "applicant", x->applicant_name, "received",
	              hc_web_fmt_time(x->received_at, rec), "due", hc_web_fmt_time(x->due_at, due),
	              "office", x->office_name[0] ? x->office_name : "Chưa chuyển phòng", "handler",
	              x->handler_name[0] ? x->handler_name : "Chưa phân công"));
	return 0;
}

/* Takes the chart in d->chart as a string member of data. */
static void put_chart(json_t *data, const char *key, dash *d)
{
	json_object_set_new(data, key,
	                    json_stringn(d->chart.data ? d->chart.data : "", d->chart.len));
	hc_buf_reset(&d->chart);
}

static int dashboard_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	hc_web_period *p = ctx;
	dash *d = calloc(1, sizeof *d);
	if (!d)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "dashboard: no memory");
	d->rows = json_array();
	d->fields = json_array();
	hc_unit u;
	memset(&u, 0, sizeof u);
	hc_stats_scope sc = {.unit_id = rq->actor.unit_id};
	int rc = hc_unit_by_id(tx, rq->actor.unit_id, &u, err);
	if (!rc)
		rc = hc_stats_compute_breakdown(tx, &sc, p->from, p->to, rq->env.now, &d->b, err);
	for (size_t i = 0; !rc && i < d->b.nfields; i++)
		rc = add_field(d, d->b.fields[i].field, &d->b.fields[i].s, err);
	const hc_stats s = d->b.total;
	hc_dossier_filter f = {.overdue = 1, .oldest_first = true, .limit = DASH_OVERDUE_ROWS};
	if (!rc)
		rc = hc_dossier_list(tx, &rq->env, &rq->actor, &f, add_overdue, d, err);
	json_t *data = NULL;
	if (!rc) {
		char n[16][HC_REPORT_NUM_BUF];
		data = json_pack(
		    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,"
		    "s:s,s:s}",
		    "unit_name", u.name, "period", p->text, "tu", p->tu, "den", p->den, "carried",
		    hc_report_fmt_int(s.carried_over, n[0]), "received",
		    hc_report_fmt_int(s.received.total, n[1]), "direct",
		    hc_report_fmt_int(s.received.direct, n[2]), "online",
		    hc_report_fmt_int(s.received.online, n[3]), "postal",
		    hc_report_fmt_int(s.received.postal, n[4]), "finished",
		    hc_report_fmt_int(s.finished.total, n[5]), "early",
		    hc_report_fmt_int(s.finished.resolved.early, n[6]), "on_time",
		    hc_report_fmt_int(s.finished.resolved.on_time, n[7]), "late",
		    hc_report_fmt_int(s.finished.resolved.late, n[8]), "rejected",
		    hc_report_fmt_int(s.finished.rejected, n[9]), "withdrawn",
		    hc_report_fmt_int(s.finished.withdrawn, n[10]), "pending",
		    hc_report_fmt_int(s.pending.total, n[11]), "within",
		    hc_report_fmt_int(s.pending.within, n[12]), "overdue",
		    hc_report_fmt_int(s.pending.overdue, n[13]), "rate_on_time",
		    hc_report_fmt_rate(s.rates.on_time, n[14]), "rate_online",
		    hc_report_fmt_rate(s.rates.online, n[15]), "rate_digitized",
		    hc_report_fmt_rate(s.rates.digitized_input, (char[HC_REPORT_NUM_BUF]){0}));
		if (!data)
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "dashboard: no memory");
	}
	if (!rc) {
		char b[HC_REPORT_NUM_BUF];
		json_object_set_new(data, "rate_paid_online",
		                    json_string(hc_report_fmt_rate(s.rates.paid_online, b)));
		json_object_set_new(data, "rate_satisfied",
		                    json_string(hc_report_fmt_rate(s.rates.satisfied, b)));
		/* months: "T3" within one year, "T3/26" across years */
		const char *ml[HC_STATS_MONTHS_MAX];
		size_t nm = d->b.nmonths;
		bool multi_year = nm && d->b.months[nm - 1].y != d->b.months[0].y;
		for (size_t i = 0; i < nm; i++) {
			const hc_stats_month *mo = &d->b.months[i];
			if (multi_year)
				snprintf(d->mlabel[i], sizeof d->mlabel[i], "T%d/%d", mo->m,
				         mo->y % 100);
			else
				snprintf(d->mlabel[i], sizeof d->mlabel[i], "T%d", mo->m);
			ml[i] = d->mlabel[i];
			d->received[i] = mo->received;
			d->finished[i] = mo->finished;
		}
		hc_svg_series ser[2] = {{"Tiếp nhận", "s1", d->received},
		                        {"Đã giải quyết", "s2", d->finished}};
		rc = hc_svg_bars(&d->chart, "Hồ sơ tiếp nhận và đã giải quyết theo tháng", nm, ml,
		                 2, ser, err);
		if (!rc)
			put_chart(data, "chart_months", d);
	}
	if (!rc && d->nf) {
		rc = hc_svg_rates(&d->chart, "Tỷ lệ giải quyết đúng hạn theo lĩnh vực", d->nf,
		                  (const char *const *)d->flabel, d->fon_time, DASH_GOOD_RATE, err);
		if (!rc)
			put_chart(data, "chart_fields", d);
	}
	if (!rc) {
		static const char *const cl[] = {"Trực tiếp", "Trực tuyến", "Bưu chính"};
		static const char *const cc[] = {"s1", "s2", "s3"};
		int64_t v[] = {s.received.direct, s.received.online, s.received.postal};
		rc = hc_svg_stack(&d->chart, "Hồ sơ tiếp nhận theo kênh", 3, cl, cc, v, err);
		if (!rc)
			put_chart(data, "chart_channels", d);
	}
	if (!rc) {
		json_t *formats = json_array();
		const hc_output_format *of;
		for (size_t i = 0; (of = hc_output_at(i)); i++) {
			char up[16];
			size_t k = 0;
			for (; of->name[k] && k + 1 < sizeof up; k++)
				up[k] = (char)(of->name[k] >= 'a' && of->name[k] <= 'z'
				                   ? of->name[k] - 'a' + 'A'
				                   : of->name[k]);
			up[k] = '\0';
			json_array_append_new(
			    formats, json_pack("{s:s,s:s}", "name", of->name, "label", up));
		}
		json_object_set_new(data, "formats", formats);
		json_object_set(data, "fields", d->fields);
		json_object_set(data, "overdue_rows", d->rows);
		json_object_set_new(data, "supervisor",
		                    json_boolean(hc_perm_check(&rq->actor, HC_PERM_STATS_READ,
		                                               HC_PERM_EVERY_UNIT, NULL) == HC_OK));
		hc_web_page(rq, 200, "dashboard", "Bảng điều khiển", data);
		data = NULL;
	}
	json_decref(data);
	json_decref(d->rows);
	json_decref(d->fields);
	for (size_t i = 0; i < d->nf; i++)
		free(d->flabel[i]);
	hc_stats_breakdown_free(&d->b);
	hc_buf_free(&d->chart);
	free(d);
	return rc;
}

void hc_web_dashboard(hc_request *rq)
{
	hc_web_read(rq, dashboard_tx, rq->parsed);
}

/* ---- GET /bang-dieu-khien/bao-cao?tu&den&dinh_dang ---------------------- */

typedef struct report_q {
	hc_web_period p;
	const hc_output_format *format;
} report_q;

int hc_web_v_dashboard_report(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"tu", "den", "dinh_dang", NULL};
	report_q *q = calloc(1, sizeof *q);
	if (!q)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "report: no memory");
	rq->parsed = q;
	rq->parsed_free = free;
	int rc = parse_period(rq, names, &q->p, err);
	if (rc)
		return rc;
	const char *f = hc_query_get(&rq->query, "dinh_dang");
	if (!f || !f[0] || !(q->format = hc_output_find(f))) {
		char msg[128];
		snprintf(msg, sizeof msg, "Định dạng phải là một trong: %s", hc_output_names());
		return hc_err_set(err, HC_EINVAL, "dinh_dang", msg, "missing or unknown format");
	}
	return HC_OK;
}

static int report_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	report_q *q = ctx;
	return hc_api_report_send(rq, tx, rq->actor.unit_id, q->p.from_day, q->p.to_day, q->format,
	                          err);
}

void hc_web_dashboard_report(hc_request *rq)
{
	hc_web_read(rq, report_tx, rq->parsed);
}
