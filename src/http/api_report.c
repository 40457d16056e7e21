/* GET /api/v1/reports/periodic: the periodic report of `haicap report` for
 * a unit (the caller's by default) and a period of local days [from, to),
 * as a file (format docx, xlsx or pdf) with its Content-Type and a
 * Content-Disposition naming it. Needs stats.read on the unit. The model
 * comes from report.h, the layout from report/output.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/perm.h"
#include "domain/report.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/txn.h"
#include "report/output.h"

typedef struct report_parsed {
	int64_t from_day, to_day;
	const char *unit_code;
	const hc_output_format *format;
} report_parsed;

int hc_api_v_report(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"from", "to", "unit", "format", NULL};
	const hc_query *q = &rq->query;
	int rc = hc_query_only(q, names, err);
	if (rc)
		return rc;
	report_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "report: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	const char *format = hc_query_get(q, "format"), *unit = hc_query_get(q, "unit");
	if ((rc = hc_query_period(q, &p->from_day, &p->to_day, err)))
		return rc;
	char msg[128];
	snprintf(msg, sizeof msg, "Định dạng (format) phải là một trong: %s", hc_output_names());
	if (!format || !format[0] || !(p->format = hc_output_find(format)))
		return hc_err_set(err, HC_EINVAL, "format", msg, "missing or unknown format");
	p->unit_code = unit && unit[0] ? unit : NULL;
	if (p->unit_code && (rc = hc_api_check_code(p->unit_code, "unit", 31, err)))
		return rc;
	return HC_OK;
}

int hc_api_report_send(hc_request *rq, hc_tx *tx, int64_t unit_id, int64_t from_day, int64_t to_day,
                       const hc_output_format *format, hc_err *err)
{
	hc_report_params rp = {.unit_id = unit_id,
	                       .from_day = from_day,
	                       .to_day = to_day,
	                       .report_day = hc_local_day(rq->env.now),
	                       .now = rq->env.now};
	int rc = hc_perm_check(&rq->actor, HC_PERM_STATS_READ, rp.unit_id, err);
	if (rc)
		return rc;
	hc_report r;
	char *data = NULL;
	size_t len = 0;
	rc = hc_report_build(tx, &rp, &r, err);
	if (!rc)
		rc = hc_output_render(&r, format, &data, &len, err);
	if (!rc) {
		char from[HC_DATE_BUF], last[HC_DATE_BUF], name[128];
		hc_fmt_date(from_day, from);
		hc_fmt_date(to_day - 1, last);
		snprintf(name, sizeof name, "bao-cao-%s-%s-%s%s", r.unit.code, from, last,
		         format->extension);
		hc_reply_file(&rq->reply, format->content_type, name, data, len);
	}
	free(data);
	hc_report_free(&r);
	return rc;
}

static int report_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	report_parsed *p = ctx;
	int64_t unit_id;
	int rc = hc_api_unit_of(rq, tx, p->unit_code, HC_PERM_STATS_READ, &unit_id, err);
	if (rc)
		return rc;
	return hc_api_report_send(rq, tx, unit_id, p->from_day, p->to_day, p->format, err);
}

void hc_api_report(hc_request *rq)
{
	hc_http_read(rq, report_tx, rq->parsed);
}
