/* GET /api/v1/procedures and /api/v1/procedures/{code}. */
#include <stdlib.h>
#include <string.h>

#include "domain/procedure.h"
#include "http/api_int.h"
#include "http/txn.h"

static json_t *procedure_json(const hc_procedure *p)
{
	char lim[16];
	json_t *components = NULL;
	if (p->components_json)
		components = json_loads(p->components_json, 0, NULL);
	if (!json_is_array(components)) {
		json_decref(components);
		components = json_array();
	}
	return json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:b,s:o,s:s,s:o,s:o,s:b}", "code", p->code, "name",
	    p->name, "field", p->field, "limit", hc_limit_format(p->limit, lim, sizeof lim),
	    "online_level", hc_online_level_name(p->online_level), "fee", (json_int_t)p->fee,
	    "supplement_policy", hc_supplement_policy_name(p->supplement_policy), "boundary_free",
	    p->boundary_free, "components", components, "legal_basis", p->legal_basis,
	    "effective_on", p->effective_on[0] ? json_string(p->effective_on) : json_null(),
	    "published_on", p->published_on[0] ? json_string(p->published_on) : json_null(),
	    "active", p->active);
}

typedef struct list_args {
	const char *q, *field;
	int64_t limit;
	json_t *items;
} list_args;

int hc_api_v_procedure_list(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"q", "field", "limit", NULL};
	int64_t limit;
	int rc = hc_query_only(&rq->query, names, err);
	if (!rc)
		rc = hc_query_int(&rq->query, "limit", 1, 500, 500, &limit, err);
	return rc;
}

static int add_item(const hc_procedure *p, void *ctx)
{
	list_args *a = ctx;
	json_t *o = procedure_json(p);
	return !o || json_array_append_new(a->items, o) ? HC_ENOMEM : 0;
}

static int list_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	list_args *a = ctx;
	hc_procedure_query q = {.unit_id = rq->actor.unit_id,
	                        .q = a->q && a->q[0] ? a->q : NULL,
	                        .field = a->field && a->field[0] ? a->field : NULL,
	                        .limit = (int)a->limit};
	a->items = json_array();
	if (!a->items)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "procedures: no memory");
	int rc = hc_procedure_search(tx, &q, add_item, a, err);
	if (rc == HC_ENOMEM && err->code == HC_OK)
		hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "procedures: no memory");
	if (rc) {
		json_decref(a->items);
		return rc;
	}
	size_t n = json_array_size(a->items);
	hc_reply_json(&rq->reply, 200,
	              json_pack("{s:o,s:I}", "items", a->items, "count", (json_int_t)n));
	return HC_OK;
}

void hc_api_procedure_list(hc_request *rq)
{
	hc_err err;
	list_args a = {.q = hc_query_get(&rq->query, "q"),
	               .field = hc_query_get(&rq->query, "field")};
	hc_query_int(&rq->query, "limit", 1, 500, 500, &a.limit, &err);
	hc_http_read(rq, list_tx, &a);
}

int hc_api_v_procedure_get(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	return rc ? rc : hc_api_check_code(hc_request_param(rq, "code"), "code", 48, err);
}

static int get_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	hc_procedure p;
	memset(&p, 0, sizeof p);
	int rc = hc_procedure_by_code(tx, rq->actor.unit_id, hc_request_param(rq, "code"), &p, err);
	if (rc)
		return rc;
	json_t *o = procedure_json(&p);
	hc_procedure_clear(&p);
	if (!o)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "procedure: no memory");
	hc_reply_json(&rq->reply, 200, o);
	return HC_OK;
}

void hc_api_procedure_get(hc_request *rq)
{
	hc_http_read(rq, get_tx, NULL);
}
