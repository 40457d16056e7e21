/* GET /api/v1/stats/dossiers: the figures of `haicap stats` for a period of
 * local days [from, to) and a scope; GET /api/v1/stats/units: those of
 * `haicap stats --all-units`, every unit with its ranks, for actors who read
 * every unit (supervisors). */
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/perm.h"
#include "domain/stats.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/txn.h"

typedef struct stats_parsed {
	int64_t from_day, to_day;
	const char *unit_code;
	hc_stats_scope scope;
} stats_parsed;

static const char *nonempty(const char *s)
{
	return s && s[0] ? s : NULL;
}

/* with_unit: the query may name a unit (not for the overview) */
static int parse_stats(hc_request *rq, int with_unit, hc_err *err)
{
	static const char *const names[] = {"from",      "to",      "unit", "field",
	                                    "procedure", "channel", NULL};
	static const char *const overview_names[] = {"from",      "to",      "field",
	                                             "procedure", "channel", NULL};
	const hc_query *q = &rq->query;
	int rc = hc_query_only(q, with_unit ? names : overview_names, err);
	if (rc)
		return rc;
	stats_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "stats: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	if ((rc = hc_query_period(q, &p->from_day, &p->to_day, err)))
		return rc;
	p->unit_code = with_unit ? nonempty(hc_query_get(q, "unit")) : NULL;
	if (p->unit_code && (rc = hc_api_check_code(p->unit_code, "unit", 31, err)))
		return rc;
	p->scope.field = nonempty(hc_query_get(q, "field"));
	p->scope.procedure_code = nonempty(hc_query_get(q, "procedure"));
	p->scope.channel = nonempty(hc_query_get(q, "channel"));
	if (p->scope.channel && strcmp(p->scope.channel, "direct") != 0 &&
	    strcmp(p->scope.channel, "online") != 0 && strcmp(p->scope.channel, "postal") != 0)
		return hc_err_set(err, HC_EINVAL, "channel",
		                  "Kênh nộp phải là direct, online hoặc postal", "bad channel");
	return HC_OK;
}

int hc_api_v_stats(hc_request *rq, hc_err *err)
{
	return parse_stats(rq, 1, err);
}

int hc_api_v_stats_units(hc_request *rq, hc_err *err)
{
	return parse_stats(rq, 0, err);
}

static int stats_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	stats_parsed *p = ctx;
	int rc = hc_api_unit_of(rq, tx, p->unit_code, HC_PERM_STATS_READ, &p->scope.unit_id, err);
	if (rc)
		return rc;
	hc_stats s;
	rc = hc_stats_compute(tx, &p->scope, hc_local_instant(p->from_day, 0),
	                      hc_local_instant(p->to_day, 0), rq->env.now, &s, err);
	if (rc)
		return rc;
	json_t *j = hc_stats_json(&s);
	if (!j)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "stats JSON: no memory");
	hc_reply_json(&rq->reply, 200, j);
	return HC_OK;
}

void hc_api_stats(hc_request *rq)
{
	hc_http_read(rq, stats_tx, rq->parsed);
}

static int overview_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	stats_parsed *p = ctx;
	int rc = hc_perm_check(&rq->actor, HC_PERM_STATS_READ, HC_PERM_EVERY_UNIT, err);
	if (rc)
		return rc;
	hc_stats_overview ov;
	rc = hc_stats_overview_compute(tx, &p->scope, hc_local_instant(p->from_day, 0),
	                               hc_local_instant(p->to_day, 0), rq->env.now, &ov, err);
	if (rc)
		return rc;
	json_t *j = hc_stats_overview_json(&ov);
	hc_stats_overview_free(&ov);
	if (!j)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "overview JSON: no memory");
	hc_reply_json(&rq->reply, 200, j);
	return HC_OK;
}

void hc_api_stats_units(hc_request *rq)
{
	hc_http_read(rq, overview_tx, rq->parsed);
}
