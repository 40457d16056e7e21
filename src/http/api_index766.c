/* GET /api/v1/index766 and GET /api/v1/index766/ranking: the Decision
 * 766/QĐ-TTg service index of `haicap index766` for a period of local days
 * [from, to). A unit's report needs stats.read on that unit; the ranking
 * lists the units the caller may read (a supervisor: every unit; anyone
 * else: their own unit, with its position among all units). */
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/index766.h"
#include "domain/perm.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/txn.h"

typedef struct i766_parsed {
	int64_t from_day, to_day;
	const char *unit_code;
} i766_parsed;

static int parse_period(hc_request *rq, const char *const *names, i766_parsed **out, hc_err *err)
{
	const hc_query *q = &rq->query;
	int rc = hc_query_only(q, names, err);
	if (rc)
		return rc;
	i766_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "index766: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	*out = p;
	return hc_query_period(q, &p->from_day, &p->to_day, err);
}

int hc_api_v_index766(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"from", "to", "unit", NULL};
	i766_parsed *p = NULL;
	int rc = parse_period(rq, names, &p, err);
	if (rc)
		return rc;
	const char *unit = hc_query_get(&rq->query, "unit");
	p->unit_code = unit && unit[0] ? unit : NULL;
	if (p->unit_code && (rc = hc_api_check_code(p->unit_code, "unit", 31, err)))
		return rc;
	return HC_OK;
}

int hc_api_v_index766_ranking(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"from", "to", NULL};
	i766_parsed *p = NULL;
	return parse_period(rq, names, &p, err);
}

static int unit_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	i766_parsed *p = ctx;
	int64_t unit_id;
	int rc = hc_api_unit_of(rq, tx, p->unit_code, HC_PERM_STATS_READ, &unit_id, err);
	if (rc)
		return rc;
	hc_i766_table t = {0};
	json_t *j = NULL;
	rc = hc_i766_table_builtin(&t, err);
	if (!rc)
		rc = hc_i766_unit_report(tx, &t, unit_id, p->from_day, p->to_day, rq->env.now, &j,
		                         err);
	hc_i766_table_free(&t);
	if (rc)
		return rc;
	hc_reply_json(&rq->reply, 200, j);
	return HC_OK;
}

void hc_api_index766(hc_request *rq)
{
	hc_http_read(rq, unit_tx, rq->parsed);
}

/* The units of the ranking this caller may read. */
static bool readable(int64_t unit_id, void *ctx)
{
	const hc_actor *a = ctx;
	return hc_perm_check(a, HC_PERM_STATS_READ, unit_id, NULL) == HC_OK;
}

static int ranking_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	i766_parsed *p = ctx;
	hc_i766_table t = {0};
	hc_i766_ranking r;
	json_t *j = NULL;
	int rc = hc_i766_table_builtin(&t, err);
	if (!rc)
		rc = hc_i766_ranking_compute(tx, &t, p->from_day, p->to_day, rq->env.now, &r, err);
	if (!rc) {
		j = hc_i766_ranking_json(&r, readable, &rq->actor);
		hc_i766_ranking_free(&r);
		if (!j)
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ",
			                "ranking JSON: no memory");
	}
	hc_i766_table_free(&t);
	if (rc)
		return rc;
	hc_reply_json(&rq->reply, 200, j);
	return HC_OK;
}

void hc_api_index766_ranking(hc_request *rq)
{
	hc_http_read(rq, ranking_tx, rq->parsed);
}
