/* Feedback (PAKN) routes: the citizen's submission and public reads, and
 * the staff's recording, list, read and actions. Rules live in feedback.c. */
#include <stdlib.h>
#include <string.h>

#include "domain/feedback.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/body.h"
#include "http/json_dossier.h"
#include "http/json_feedback.h"
#include "http/txn.h"

const char *const hc_api_feedback_public_keys[] = {
    "unit",         "category",       "content",        "sender",
    "dossier_code", "procedure_code", "content_public", NULL};
const char *const hc_api_feedback_keys[] = {
    "channel",      "category",       "content",        "sender",
    "dossier_code", "procedure_code", "content_public", NULL};
const char *const hc_api_feedback_action_keys[] = {"action", "note", "answer", "category", NULL};

static int check_code_param(hc_request *rq, hc_err *err)
{
	return hc_api_check_code(hc_request_param(rq, "code"), "code", 63, err);
}

/* ---- submission ---------------------------------------------------------- */

/* Reads the body into p. Lengths here are the JSON layer's outer bound (a
 * little above the domain's limits, which give the precise message). */
static int parse_in(const json_t *b, bool public_route, hc_feedback_in *p, hc_err *err)
{
	static const char *const skeys[] = {"name", "phone", "email", "address", NULL};
	json_t *s;
	int rc;
	if (public_route &&
	    (rc = hc_json_get_string(b, "unit", "unit", true, 31, &p->unit_code, err)))
		return rc;
	if (!public_route &&
	    (rc = hc_json_get_string(b, "channel", "channel", true, 16, &p->channel, err)))
		return rc;
	if ((rc = hc_json_get_string(b, "category", "category", true, 24, &p->category, err)) ||
	    (rc = hc_json_get_string(b, "content", "content", true, HC_FB_CONTENT_MAX + 1,
	                             &p->content, err)) ||
	    (rc = hc_json_get_object(b, "sender", "sender", true, &s, err)) ||
	    (rc = hc_json_only_keys(s, skeys, "sender", err)) ||
	    (rc = hc_json_get_string(s, "name", "sender.name", true, HC_FB_NAME_MAX + 1,
	                             &p->sender_name, err)) ||
	    (rc = hc_json_get_string(s, "phone", "sender.phone", false, HC_FB_PHONE_MAX + 1,
	                             &p->sender_phone, err)) ||
	    (rc = hc_json_get_string(s, "email", "sender.email", false, HC_FB_EMAIL_MAX + 1,
	                             &p->sender_email, err)) ||
	    (rc = hc_json_get_string(s, "address", "sender.address", false, HC_FB_ADDRESS_MAX + 1,
	                             &p->sender_address, err)) ||
	    (rc = hc_json_get_string(b, "dossier_code", "dossier_code", false, 64, &p->dossier_code,
	                             err)) ||
	    (rc = hc_json_get_string(b, "procedure_code", "procedure_code", false, 49,
	                             &p->procedure_code, err)) ||
	    (rc = hc_json_get_bool(b, "content_public", "content_public", false, &p->content_public,
	                           err)))
		return rc;
	return HC_OK;
}

static int v_submit(hc_request *rq, bool public_route, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	if (rc)
		return rc;
	hc_feedback_in *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "feedback: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	return parse_in(rq->json, public_route, p, err);
}

int hc_api_v_feedback_submit_public(hc_request *rq, hc_err *err)
{
	return v_submit(rq, true, err);
}

int hc_api_v_feedback_submit(hc_request *rq, hc_err *err)
{
	return v_submit(rq, false, err);
}

static int submitted(hc_request *rq, const hc_feedback_result *res, hc_err *err)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:o,s:o}", "code", res->code, "status", "received",
	                      "status_label", hc_feedback_status_label(HC_FB_RECEIVED),
	                      "received_at", hc_json_time(res->received_at), "answer_due_at",
	                      hc_json_time(res->answer_due_at));
	if (!o)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "feedback reply: no memory");
	hc_reply_json(&rq->reply, 201, o);
	return HC_OK;
}

static int submit_public_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	hc_feedback_result res;
	int rc = hc_feedback_submit(tx, &rq->env, NULL, ctx, &res, err);
	return rc ? rc : submitted(rq, &res, err);
}

/* The Idempotency-Key of a citizen is kept under the unit addressed. */
static int submit_scope(hc_request *rq, hc_tx *tx, void *ctx, int64_t *unit_id, hc_err *err)
{
	(void)rq;
	const hc_feedback_in *in = ctx;
	hc_unit u;
	int rc = hc_unit_by_code(tx, in->unit_code ? in->unit_code : "", &u, err);
	if (rc == HC_ENOTFOUND)
		return hc_err_set(err, HC_EINVAL, "unit", "Không tìm thấy đơn vị nhận phản ánh",
		                  "unknown unit");
	*unit_id = u.id;
	return rc;
}

void hc_api_feedback_submit_public(hc_request *rq)
{
	hc_http_write_public(rq, submit_scope, submit_public_tx, rq->parsed);
}

static int submit_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	hc_feedback_result res;
	int rc = hc_feedback_submit(tx, &rq->env, &rq->actor, ctx, &res, err);
	return rc ? rc : submitted(rq, &res, err);
}

void hc_api_feedback_submit(hc_request *rq)
{
	hc_http_write(rq, submit_tx, rq->parsed);
}

/* ---- lists ---------------------------------------------------------------- */

typedef struct list_parsed {
	hc_feedback_filter f;
	const char *unit;
	bool public_view;
	json_t *items;
} list_parsed;

static int add_item(const hc_feedback *fb, void *ctx)
{
	list_parsed *p = ctx;
	json_t *o = hc_feedback_json(fb, p->public_view);
	if (!o)
		return HC_ENOMEM;
	json_object_del(o, "history");
	return json_array_append_new(p->items, o) ? HC_ENOMEM : 0;
}

static int new_list(hc_request *rq, list_parsed **out, hc_err *err)
{
	list_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "list: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	*out = p;
	int64_t limit, offset;
	int rc;
	if ((rc = hc_query_int(&rq->query, "limit", 1, 500, 50, &limit, err)) ||
	    (rc = hc_query_int(&rq->query, "offset", 0, 1000000, 0, &offset, err)))
		return rc;
	p->f.limit = (int)limit;
	p->f.offset = (int)offset;
	return HC_OK;
}

int hc_api_v_feedback_list(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"status", "overdue", "limit", "offset", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	list_parsed *p = NULL;
	if (!rc)
		rc = new_list(rq, &p, err);
	if (rc)
		return rc;
	const char *status = hc_query_get(&rq->query, "status");
	if (status && status[0]) {
		enum hc_feedback_status s;
		if (!hc_feedback_status_parse(status, &s))
			return hc_err_set(err, HC_EINVAL, "status",
			                  "Trạng thái phản ánh không hợp lệ", "unknown status");
		p->f.status = status;
	}
	return hc_query_bool(&rq->query, "overdue", &p->f.overdue, err);
}

int hc_api_v_feedback_list_public(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"unit", "limit", "offset", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	list_parsed *p = NULL;
	if (!rc)
		rc = new_list(rq, &p, err);
	if (rc)
		return rc;
	p->public_view = true;
	p->unit = hc_query_get(&rq->query, "unit");
	if (!p->unit || !p->unit[0])
		return hc_err_set(err, HC_EINVAL, "unit", "Thiếu mã đơn vị (unit=...)",
		                  "missing unit");
	return hc_api_check_code(p->unit, "unit", 31, err);
}

static int list_reply(hc_request *rq, list_parsed *p, int rc, hc_err *err)
{
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

static int list_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	list_parsed *p = ctx;
	if (!(p->items = json_array()))
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "list: no memory");
	int rc =
	    p->public_view
	        ? hc_feedback_list_public(tx, p->unit, p->f.limit, p->f.offset, add_item, p, err)
	        : hc_feedback_list(tx, &rq->env, &rq->actor, &p->f, add_item, p, err);
	return list_reply(rq, p, rc, err);
}

void hc_api_feedback_list(hc_request *rq)
{
	hc_http_read(rq, list_tx, rq->parsed);
}

void hc_api_feedback_list_public(hc_request *rq)
{
	hc_http_read(rq, list_tx, rq->parsed);
}

/* ---- single feedback -------------------------------------------------------- */

int hc_api_v_feedback_get(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	return rc ? rc : check_code_param(rq, err);
}

static int reply_one(hc_request *rq, hc_feedback *fb, bool public_view, hc_err *err)
{
	json_t *o = hc_feedback_json(fb, public_view);
	hc_feedback_free(fb);
	if (!o)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "feedback JSON: no memory");
	hc_reply_json(&rq->reply, 200, o);
	return HC_OK;
}

static int get_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	hc_feedback *fb = NULL;
	int rc = hc_feedback_get(tx, &rq->actor, hc_request_param(rq, "code"), &fb, err);
	return rc ? rc : reply_one(rq, fb, false, err);
}

void hc_api_feedback_get(hc_request *rq)
{
	hc_http_read(rq, get_tx, NULL);
}

static int get_public_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	hc_feedback *fb = NULL;
	int rc = hc_feedback_get_public(tx, hc_request_param(rq, "code"), &fb, err);
	return rc ? rc : reply_one(rq, fb, true, err);
}

void hc_api_feedback_get_public(hc_request *rq)
{
	hc_http_read(rq, get_public_tx, NULL);
}

/* ---- actions ---------------------------------------------------------------- */

int hc_api_v_feedback_act(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	if (!rc)
		rc = check_code_param(rq, err);
	if (rc)
		return rc;
	hc_feedback_act_in *in = calloc(1, sizeof *in);
	if (!in)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "action: no memory");
	rq->parsed = in;
	rq->parsed_free = free;
	const json_t *b = rq->json;
	if ((rc = hc_json_get_string(b, "action", "action", true, 16, &in->action, err)) ||
	    (rc = hc_json_get_string(b, "note", "note", false, HC_FB_NOTE_MAX, &in->note, err)) ||
	    (rc = hc_json_get_string(b, "answer", "answer", false, HC_FB_ANSWER_MAX, &in->answer,
	                             err)) ||
	    (rc = hc_json_get_string(b, "category", "category", false, 24, &in->category, err)))
		return rc;
	return HC_OK;
}

static int act_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	hc_feedback *fb = NULL;
	int rc =
	    hc_feedback_act(tx, &rq->env, &rq->actor, hc_request_param(rq, "code"), ctx, &fb, err);
	if (rc)
		return rc;
	if (!fb)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "act returned nothing");
	return reply_one(rq, fb, false, err);
}

void hc_api_feedback_act(hc_request *rq)
{
	hc_http_write(rq, act_tx, rq->parsed);
}
