/* Dossier routes: intake, list, read, actions, and the citizen lookup. */
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/dossier.h"
#include "http/api_int.h"
#include "http/body.h"
#include "http/json_dossier.h"
#include "http/txn.h"

#define NOTE_MAX 2000

const char *const hc_api_dossier_keys[] = {
    "procedure_code", "channel",  "applicant",       "components", "deciding_unit_code",
    "note",           "fee_paid", "fee_paid_online", NULL};
const char *const hc_api_action_keys[] = {
    "action",           "note",     "office_code", "handler", "amount", "online",
    "digitized_result", "e_result", "new_due",     "rating",  NULL};

static int check_code_param(hc_request *rq, hc_err *err)
{
	return hc_api_check_code(hc_request_param(rq, "code"), "code", 63, err);
}

/* ---- POST /dossiers ----------------------------------------------------- */

typedef struct intake_parsed {
	hc_intake in;
	hc_component_in comps[HC_INTAKE_MAX_COMPONENTS];
} intake_parsed;

static int parse_components(const json_t *body, intake_parsed *p, hc_err *err)
{
	json_t *arr;
	int rc = hc_json_get_array(body, "components", "components", false,
	                           HC_INTAKE_MAX_COMPONENTS, &arr, err);
	if (rc || !arr)
		return rc;
	static const char *const keys[] = {"name", "digitized", "reused", NULL};
	size_t i;
	json_t *c;
	json_array_foreach(arr, i, c)
	{
		char field[48];
		snprintf(field, sizeof field, "components[%zu]", i);
		if (!json_is_object(c))
			return hc_err_set(err, HC_EINVAL, field,
			                  "Thành phần hồ sơ phải là một đối tượng",
			                  "component %zu is not an object", i);
		if ((rc = hc_json_only_keys(c, keys, field, err)))
			return rc;
		char sub[64];
		hc_component_in *ci = &p->comps[i];
		snprintf(sub, sizeof sub, "%s.name", field);
		if ((rc = hc_json_get_string(c, "name", sub, true, 300, &ci->name, err)))
			return rc;
		snprintf(sub, sizeof sub, "%s.digitized", field);
		if ((rc = hc_json_get_bool(c, "digitized", sub, false, &ci->digitized, err)))
			return rc;
		snprintf(sub, sizeof sub, "%s.reused", field);
		if ((rc = hc_json_get_bool(c, "reused", sub, false, &ci->reused, err)))
			return rc;
	}
	p->in.components = p->comps;
	p->in.ncomponents = (int)json_array_size(arr);
	return HC_OK;
}

int hc_api_v_dossier_create(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	if (rc)
		return rc;
	intake_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "intake: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	const json_t *b = rq->json;
	json_t *ap;
	static const char *const akeys[] = {"name", "id_number", "phone", "address", NULL};
	if ((rc = hc_json_get_string(b, "procedure_code", "procedure_code", true, 48,
	                             &p->in.procedure_code, err)) ||
	    (rc = hc_json_get_string(b, "channel", "channel", true, 16, &p->in.channel, err)) ||
	    (rc = hc_json_get_object(b, "applicant", "applicant", true, &ap, err)) ||
	    (rc = hc_json_only_keys(ap, akeys, "applicant", err)) ||
	    (rc = hc_json_get_string(ap, "name", "applicant.name", true, 200, &p->in.applicant_name,
	                             err)) ||
	    (rc = hc_json_get_string(ap, "id_number", "applicant.id_number", false, 30,
	                             &p->in.applicant_id_number, err)) ||
	    (rc = hc_json_get_string(ap, "phone", "applicant.phone", false, 30,
	                             &p->in.applicant_phone, err)) ||
	    (rc = hc_json_get_string(ap, "address", "applicant.address", false, 400,
	                             &p->in.applicant_address, err)) ||
	    (rc = parse_components(b, p, err)) ||
	    (rc = hc_json_get_string(b, "deciding_unit_code", "deciding_unit_code", false, 31,
	                             &p->in.deciding_unit_code, err)) ||
	    (rc = hc_json_get_string(b, "note", "note", false, NOTE_MAX, &p->in.note, err)) ||
	    (rc = hc_json_get_bool(b, "fee_paid", "fee_paid", false, &p->in.fee_paid, err)) ||
	    (rc = hc_json_get_bool(b, "fee_paid_online", "fee_paid_online", false,
	                           &p->in.fee_paid_online, err)))
		return rc;
	return HC_OK;
}

static int create_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	intake_parsed *p = ctx;
	hc_intake_result res;
	memset(&res, 0, sizeof res);
	int rc = hc_dossier_receive(tx, &rq->env, &rq->actor, &p->in, &res, err);
	if (rc)
		return rc;
	json_t *o =
	    json_pack("{s:s,s:s,s:o,s:o,s:s,s:s}", "code", res.code, "secret", res.secret, "due_at",
	              hc_json_time(res.due_at), "received_at", hc_json_time(res.received_at),
	              "status", hc_dossier_status_name(res.status), "status_label",
	              hc_dossier_status_label(res.status));
	if (!o)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "intake reply: no memory");
	hc_reply_json(&rq->reply, 201, o);
	return HC_OK;
}

void hc_api_dossier_create(hc_request *rq)
{
	hc_http_write(rq, create_tx, rq->parsed);
}

/* ---- GET /dossiers ------------------------------------------------------ */

typedef struct list_parsed {
	hc_dossier_filter f;
	json_t *items;
} list_parsed;

int hc_api_v_dossier_list(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"status", "overdue", "field", "q",
	                                    "limit",  "offset",  NULL};
	int rc = hc_query_only(&rq->query, names, err);
	if (rc)
		return rc;
	list_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "list: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	const hc_query *q = &rq->query;
	const char *status = hc_query_get(q, "status");
	if (status && status[0]) {
		enum hc_dossier_status s;
		if (!hc_dossier_status_parse(status, &s))
			return hc_err_set(err, HC_EINVAL, "status", "Trạng thái hồ sơ không hợp lệ",
			                  "unknown status");
		p->f.status = status;
	}
	int64_t limit, offset;
	if ((rc = hc_query_bool(q, "overdue", &p->f.overdue, err)) ||
	    (rc = hc_query_int(q, "limit", 1, 500, 50, &limit, err)) ||
	    (rc = hc_query_int(q, "offset", 0, 1000000, 0, &offset, err)))
		return rc;
	p->f.limit = (int)limit;
	p->f.offset = (int)offset;
	const char *field = hc_query_get(q, "field"), *text = hc_query_get(q, "q");
	if (field && field[0])
		p->f.field = field;
	if (text && text[0]) {
		if (strlen(text) > 200)
			return hc_err_set(err, HC_EINVAL, "q", "Chuỗi tìm kiếm quá dài",
			                  "search text too long");
		p->f.q = text;
	}
	return HC_OK;
}

static int add_dossier(const hc_dossier *d, void *ctx)
{
	list_parsed *p = ctx;
	json_t *o = hc_dossier_json(d, false);
	if (!o)
		return HC_ENOMEM;
	json_object_del(o, "components");
	json_object_del(o, "history");
	return json_array_append_new(p->items, o) ? HC_ENOMEM : 0;
}

static int list_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	list_parsed *p = ctx;
	p->items = json_array();
	if (!p->items)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "list: no memory");
	int rc = hc_dossier_list(tx, &rq->env, &rq->actor, &p->f, add_dossier, p, err);
	if (rc == HC_ENOMEM && err->code == HC_OK)
		hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "list: no memory");
	if (rc) {
		json_decref(p->items);
		p->items = NULL;
		return rc;
	}
	size_t n = json_array_size(p->items);
	hc_reply_json(&rq->reply, 200,
	              json_pack("{s:o,s:I}", "items", p->items, "count", (json_int_t)n));
	p->items = NULL;
	return HC_OK;
}

void hc_api_dossier_list(hc_request *rq)
{
	hc_http_read(rq, list_tx, rq->parsed);
}

/* ---- GET /dossiers/{code} ----------------------------------------------- */

int hc_api_v_dossier_get(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	return rc ? rc : check_code_param(rq, err);
}

static int reply_dossier(hc_request *rq, hc_dossier *d, bool public_view, hc_err *err)
{
	json_t *o = hc_dossier_json(d, public_view);
	hc_dossier_free(d);
	if (!o)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "dossier JSON: no memory");
	hc_reply_json(&rq->reply, 200, o);
	return HC_OK;
}

static int get_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	hc_dossier *d = NULL;
	int rc = hc_dossier_get(tx, &rq->actor, hc_request_param(rq, "code"), &d, err);
	return rc ? rc : reply_dossier(rq, d, false, err);
}

void hc_api_dossier_get(hc_request *rq)
{
	hc_http_read(rq, get_tx, NULL);
}

/* ---- POST /dossiers/{code}/actions -------------------------------------- */

int hc_api_v_dossier_act(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	if (!rc)
		rc = check_code_param(rq, err);
	if (rc)
		return rc;
	hc_action_in *in = calloc(1, sizeof *in);
	if (!in)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "action: no memory");
	rq->parsed = in;
	rq->parsed_free = free;
	const json_t *b = rq->json;
	const char *new_due = NULL;
	int64_t rating = 0;
	if ((rc = hc_json_get_string(b, "action", "action", true, 32, &in->action, err)) ||
	    (rc = hc_json_get_string(b, "note", "note", false, NOTE_MAX, &in->note, err)) ||
	    (rc = hc_json_get_string(b, "office_code", "office_code", false, 31, &in->office_code,
	                             err)) ||
	    (rc = hc_json_get_string(b, "handler", "handler", false, 63, &in->handler, err)) ||
	    (rc = hc_json_get_int(b, "amount", "amount", false, 0, INT64_C(1000000000000),
	                          &in->amount, err)) ||
	    (rc = hc_json_get_bool(b, "online", "online", false, &in->online, err)) ||
	    (rc = hc_json_get_bool(b, "digitized_result", "digitized_result", false,
	                           &in->digitized_result, err)) ||
	    (rc = hc_json_get_bool(b, "e_result", "e_result", false, &in->e_result, err)) ||
	    (rc = hc_json_get_string(b, "new_due", "new_due", false, 40, &new_due, err)) ||
	    (rc = hc_json_get_int(b, "rating", "rating", false, 1, 5, &rating, err)))
		return rc;
	if (new_due && (rc = hc_parse_local_time(new_due, "new_due", &in->new_due, err)))
		return rc;
	in->rating = (int)rating;
	return HC_OK;
}

static int act_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	hc_action_in *in = ctx;
	hc_dossier *d = NULL;
	int rc =
	    hc_dossier_act(tx, &rq->env, &rq->actor, hc_request_param(rq, "code"), in, &d, err);
	if (rc)
		return rc;
	if (!d)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống",
		                  "act returned no dossier");
	return reply_dossier(rq, d, false, err);
}

void hc_api_dossier_act(hc_request *rq)
{
	hc_http_write(rq, act_tx, rq->parsed);
}

/* ---- citizen lookup ------------------------------------------------------ */

int hc_api_v_dossier_public(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"secret", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	if (!rc)
		rc = check_code_param(rq, err);
	if (!rc)
		rc = hc_api_check_code(hc_query_get(&rq->query, "secret"), "secret", 32, err);
	return rc;
}

static int public_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	hc_dossier *d = NULL;
	int rc = hc_dossier_get_public(tx, hc_request_param(rq, "code"),
	                               hc_query_get(&rq->query, "secret"), &d, err);
	return rc ? rc : reply_dossier(rq, d, true, err);
}

void hc_api_dossier_public(hc_request *rq)
{
	hc_http_read(rq, public_tx, NULL);
}

const char *const hc_api_rating_keys[] = {"secret", "rating", NULL};

typedef struct rating_parsed {
	const char *secret;
	int64_t rating;
} rating_parsed;

int hc_api_v_dossier_rate(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	if (!rc)
		rc = check_code_param(rq, err);
	if (rc)
		return rc;
	rating_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "rating: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	if ((rc = hc_json_get_string(rq->json, "secret", "secret", true, 32, &p->secret, err)) ||
	    (rc = hc_api_check_code(p->secret, "secret", 32, err)) ||
	    (rc = hc_json_get_int(rq->json, "rating", "rating", true, 1, 5, &p->rating, err)))
		return rc;
	return HC_OK;
}

static int rate_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	rating_parsed *p = ctx;
	const char *code = hc_request_param(rq, "code");
	int rc = hc_dossier_rate_public(tx, &rq->env, code, p->secret, (int)p->rating, err);
	if (rc)
		return rc;
	hc_dossier *d = NULL;
	rc = hc_dossier_get_public(tx, code, p->secret, &d, err);
	return rc ? rc : reply_dossier(rq, d, true, err);
}

void hc_api_dossier_rate(hc_request *rq)
{
	hc_http_write(rq, rate_tx, rq->parsed);
}
