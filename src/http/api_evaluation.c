/* GET /api/v1/evaluation: the evaluation of `haicap evaluate` (Circular
 * 01/2018/TT-VPCP) for a period of local days [from, to) or a quarter or
 * year (period=2026-Q1 | 2026), optionally per office or handler. Needs
 * stats.read on the unit (perm.h: supervisors every unit, anyone else their
 * own unit). */
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/evaluation.h"
#include "domain/perm.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/txn.h"

typedef struct eval_parsed {
	int64_t from_day, to_day;
	const char *unit_code;
	enum hc_eval_by by;
} eval_parsed;

int hc_api_v_evaluation(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"from", "to", "period", "unit", "by", NULL};
	const hc_query *q = &rq->query;
	int rc = hc_query_only(q, names, err);
	if (rc)
		return rc;
	eval_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "evaluation: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	const char *from = hc_query_get(q, "from"), *to = hc_query_get(q, "to");
	const char *period = hc_query_get(q, "period");
	bool has_period = period && period[0], has_range = (from && from[0]) || (to && to[0]);
	if (has_period && has_range)
		return hc_err_set(err, HC_EINVAL, "period",
		                  "Chỉ dùng period hoặc from và to, không dùng cả hai",
		                  "period with from/to");
	if (has_period)
		rc = hc_evaluation_period(period, "period", &p->from_day, &p->to_day, err);
	else
		rc = hc_query_period(q, &p->from_day, &p->to_day, err);
	if (rc)
		return rc;
	if ((rc = hc_evaluation_by_parse(hc_query_get(q, "by"), &p->by, err)))
		return rc;
	const char *unit = hc_query_get(q, "unit");
	p->unit_code = unit && unit[0] ? unit : NULL;
	if (p->unit_code && (rc = hc_api_check_code(p->unit_code, "unit", 31, err)))
		return rc;
	return HC_OK;
}

static int evaluation_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	eval_parsed *p = ctx;
	int64_t unit_id;
	int rc = hc_api_unit_of(rq, tx, p->unit_code, HC_PERM_STATS_READ, &unit_id, err);
	if (rc)
		return rc;
	json_t *j = NULL;
	rc = hc_evaluation_report(tx, unit_id, p->from_day, p->to_day, rq->env.now, p->by, &j, err);
	if (rc)
		return rc;
	hc_reply_json(&rq->reply, 200, j);
	return HC_OK;
}

void hc_api_evaluation(hc_request *rq)
{
	hc_http_read(rq, evaluation_tx, rq->parsed);
}
