/* Web pages of the one-stop desk: receiving a dossier (find the procedure,
 * enter the applicant, tick the components received, see the fee and the
 * due date, confirm, get the receipt code and secret) and the unit's dossier
 * lists. Intake goes through the dossier engine (hc_dossier_receive), the due
 * date shown before confirming through deadline.h; nothing is decided here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/deadline.h"
#include "domain/dossier.h"
#include "domain/procedure.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/web.h"
#include "web/tmpl.h"

#define DESK_COMPONENTS 20

const char *const hc_web_desk_keys[] = {
    "csrf",       "thu-tuc", "ten",  "cccd", "dien-thoai", "dia-chi",       "kenh", "ghi-chu",
    "da-thu-phi", "tp0",     "tp1",  "tp2",  "tp3",        "tp4",           "tp5",  "tp6",
    "tp7",        "tp8",     "tp9",  "tp10", "tp11",       "tp12",          "tp13", "tp14",
    "tp15",       "tp16",    "tp17", "tp18", "tp19",       "tim-nguoi-nop", NULL};

/* The form fields and the intake fields the dossier engine names in its
 * errors. */
static const char *const field_map[][2] = {
    {"applicant.name", "ten"},
    {"applicant.id_number", "cccd"},
    {"applicant.phone", "dien-thoai"},
    {"applicant.address", "dia-chi"},
    {"note", "ghi-chu"},
    {"channel", "kenh"},
    {"components.name", "tp"},
};

static const char *form_field(const char *domain_field)
{
	for (size_t i = 0; i < sizeof field_map / sizeof field_map[0]; i++)
		if (strcmp(field_map[i][0], domain_field) == 0)
			return field_map[i][1];
	return NULL;
}

/* How a component arrived: the radio values of the form. */
static const char *const kinds[][2] = {
    {"chua", "Chưa nhận"},
    {"giay", "Bản giấy"},
    {"so-hoa", "Bản giấy, đã số hóa"},
    {"tai-su-dung", "Dùng lại dữ liệu đã có"},
};

typedef struct desk {
	const char *q;
	const char *code; /* chosen procedure, NULL while searching */
	bool posted;      /* re-rendering a submitted form */
	bool fragment;    /* search results alone (app.js) */
	hc_err error;     /* the refusal to show, code HC_OK when none */
	json_t *items;    /* search results */
	hc_unit unit;
	bool recall;            /* "Tìm người nộp" pressed: re-render with the applicant */
	bool recalled;          /* ... and the unit had an earlier dossier of the number */
	hc_applicant applicant; /* what was recalled */
	char notice[256];       /* the recall's outcome for the officer */
} desk;

int hc_web_v_desk(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"q", "thu-tuc", "khung", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	const char *q = hc_query_get(&rq->query, "q"), *c = hc_query_get(&rq->query, "thu-tuc");
	if (!rc && q && strlen(q) > 200)
		rc = hc_err_set(err, HC_EINVAL, "q", "Từ khóa tìm kiếm quá dài", "q too long");
	if (!rc && c && c[0])
		rc = hc_api_check_code(c, "thu-tuc", 47, err);
	return rc;
}

static int add_item(const hc_procedure *p, void *ctx)
{
	desk *d = ctx;
	if (!p->active)
		return 0;
	char lim[HC_WEB_TEXT_MAX], fee[HC_WEB_TEXT_MAX];
	json_array_append_new(d->items,
	                      json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", p->code, "name", p->name,
	                                "field", p->field, "limit", hc_web_fmt_limit(p->limit, lim),
	                                "fee", hc_web_fmt_fee(p->fee, fee)));
	return 0;
}

static int search_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	desk *d = ctx;
	d->items = json_array();
	hc_procedure_query pq = {
	    .unit_id = rq->actor.unit_id, .q = d->q && d->q[0] ? d->q : NULL, .limit = 60};
	int rc = hc_procedure_search(tx, &pq, add_item, d, err);
	if (rc)
		return rc;
	json_t *res = json_pack("{s:O}", "items", d->items);
	if (d->fragment) {
		hc_web_fragment(rq, "desk_results", res);
		return HC_OK;
	}
	hc_buf b = HC_BUF_INIT;
	rc = hc_tmpl_render("desk_results", res, &b, err);
	json_decref(res);
	if (rc) {
		hc_buf_free(&b);
		return rc;
	}
	json_t *data = json_pack("{s:s,s:s}", "q", d->q ? d->q : "", "results", hc_buf_str(&b));
	hc_buf_free(&b);
	hc_web_page(rq, 200, "desk_search", "Tiếp nhận hồ sơ", data);
	return HC_OK;
}

static const char *value(const hc_request *rq, desk *d, const char *name)
{
	return d->posted ? hc_web_form(rq, name) : "";
}

/* The applicant's earlier details by ID number: found ones replace name,
 * phone and address; a refusal (malformed number) marks the ID field, an
 * unknown number only says so. Everything else typed stays as posted. */
static void recall_applicant(hc_request *rq, hc_tx *tx, desk *d)
{
	hc_err e;
	int rc =
	    hc_dossier_applicant_recall(tx, &rq->actor, hc_web_form(rq, "cccd"), &d->applicant, &e);
	if (rc == HC_OK) {
		char rec[HC_WEB_TEXT_MAX];
		d->recalled = true;
		snprintf(d->notice, sizeof d->notice,
		         "Đã điền họ tên, số điện thoại và địa chỉ từ hồ sơ %s tiếp nhận lúc %s. "
		         "Vui lòng kiểm tra lại với người nộp.",
		         d->applicant.dossier_code, hc_web_fmt_time(d->applicant.received_at, rec));
	} else if (rc == HC_ENOTFOUND) {
		snprintf(d->notice, sizeof d->notice,
		         "Đơn vị chưa tiếp nhận hồ sơ nào của số định danh này; "
		         "vui lòng nhập thông tin người nộp.");
	} else {
		d->error = e;
	}
}

static int form_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	desk *d = ctx;
	hc_procedure p;
	memset(&p, 0, sizeof p);
	int rc = hc_unit_by_id(tx, rq->actor.unit_id, &d->unit, err);
	if (!rc)
		rc = hc_procedure_by_code(tx, rq->actor.unit_id, d->code, &p, err);
	if (rc)
		return rc;
	hc_hours h;
	if ((rc = hc_hours_parse(d->unit.office_hours, &h, err))) {
		hc_procedure_clear(&p);
		return rc;
	}
	int64_t due = hc_deadline_due(rq->env.cal, &h, rq->env.now, p.limit);
	if (d->recall)
		recall_applicant(rq, tx, d);
	const char *bad = d->error.code ? form_field(d->error.field) : NULL;
	json_t *comps = json_array();
	json_t *names = p.components_json ? json_loads(p.components_json, 0, NULL) : NULL;
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n)
	{
		if (i >= DESK_COMPONENTS || !json_is_string(n))
			break;
		char f[8];
		snprintf(f, sizeof f, "tp%zu", i);
		const char *v = value(rq, d, f);
		json_t *opts = json_array();
		for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			bool checked = strcmp(v, kinds[k][0]) == 0 || (!v[0] && k == 0);
			json_array_append_new(opts,
			                      json_pack("{s:s,s:s,s:s,s:b,s:s}", "name", f, "value",
			                                kinds[k][0], "label", kinds[k][1],
			                                "checked", checked, "id_sfx", kinds[k][0]));
		}
		json_array_append_new(
		    comps, json_pack("{s:O,s:s,s:o}", "label", n, "field", f, "options", opts));
	}
	json_decref(names);
	char lim[HC_WEB_TEXT_MAX], fee[HC_WEB_TEXT_MAX], due_s[HC_WEB_TEXT_MAX],
	    now_s[HC_WEB_TEXT_MAX];
	const char *kenh = value(rq, d, "kenh");
	json_t *data = json_pack(
	    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:b}", "code", p.code,
	    "name", p.name, "field", p.field, "limit", hc_web_fmt_limit(p.limit, lim), "fee",
	    hc_web_fmt_fee(p.fee, fee), "due", hc_web_fmt_time(due, due_s), "now",
	    hc_web_fmt_time(rq->env.now, now_s), "components", comps, "ten",
	    d->recalled ? d->applicant.name : value(rq, d, "ten"), "cccd", value(rq, d, "cccd"),
	    "dien_thoai", d->recalled ? d->applicant.phone : value(rq, d, "dien-thoai"), "dia_chi",
	    d->recalled ? d->applicant.address : value(rq, d, "dia-chi"), "ghi_chu",
	    value(rq, d, "ghi-chu"), "postal", strcmp(kenh, "postal") == 0, "has_fee", p.fee > 0,
	    "fee_paid", value(rq, d, "da-thu-phi")[0] != '\0');
	hc_procedure_clear(&p);
	if (d->notice[0])
		json_object_set_new(data, d->recalled ? "recall_found" : "recall_none",
		                    json_string(d->notice));
	if (d->error.code) {
		if (bad) {
			char key[32];
			snprintf(key, sizeof key, "err_%s", bad);
			for (char *c = key; *c; c++)
				if (*c == '-')
					*c = '_';
			json_object_set_new(data, key, json_string(d->error.message));
		} else {
			json_object_set_new(data, "err_form", json_string(d->error.message));
		}
	}
	int status = d->error.code ? hc_err_http_status(d->error.code) : 200;
	hc_web_page(rq, status, "desk_form", "Tiếp nhận hồ sơ", data);
	return HC_OK;
}

void hc_web_desk(hc_request *rq)
{
	const char *c = hc_query_get(&rq->query, "thu-tuc");
	desk d = {.q = hc_query_get(&rq->query, "q"),
	          .code = c && c[0] ? c : NULL,
	          .fragment = hc_query_get(&rq->query, "khung") != NULL};
	hc_web_read(rq, d.code ? form_tx : search_tx, &d);
	json_decref(d.items);
}

/* ---- POST /mot-cua ------------------------------------------------------ */

static int receive_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	desk *d = ctx;
	hc_procedure p;
	memset(&p, 0, sizeof p);
	int rc = hc_procedure_by_code(tx, rq->actor.unit_id, d->code, &p, err);
	if (rc)
		return rc;
	hc_component_in comps[DESK_COMPONENTS];
	int nc = 0;
	json_t *names = p.components_json ? json_loads(p.components_json, 0, NULL) : NULL;
	json_t *received = json_array();
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n)
	{
		if (i >= DESK_COMPONENTS || !json_is_string(n))
			break;
		char f[8];
		snprintf(f, sizeof f, "tp%zu", i);
		const char *v = hc_web_form(rq, f);
		if (!v[0] || strcmp(v, "chua") == 0)
			continue;
		bool known = false;
		for (size_t k = 1; k < sizeof kinds / sizeof kinds[0]; k++)
			known |= strcmp(v, kinds[k][0]) == 0;
		if (!known) {
			rc = hc_err_set(err, HC_EINVAL, "components.name",
			                "Cách nhận thành phần hồ sơ không hợp lệ",
			                "component %zu: '%s'", i, v);
			break;
		}
		comps[nc].name = json_string_value(n);
		comps[nc].digitized = strcmp(v, "so-hoa") == 0;
		comps[nc].reused = strcmp(v, "tai-su-dung") == 0;
		json_array_append_new(received,
		                      json_pack("{s:O,s:s}", "name", n, "how",
		                                comps[nc].reused ? "dùng lại dữ liệu đã có"
		                                : comps[nc].digitized ? "bản giấy, đã số hóa"
		                                                      : "bản giấy"));
		nc++;
	}
	const char *kenh = hc_web_form(rq, "kenh");
	const char *addr = hc_web_form(rq, "dia-chi"), *note = hc_web_form(rq, "ghi-chu");
	hc_intake in = {.procedure_code = d->code,
	                .channel = kenh[0] ? kenh : "direct",
	                .applicant_name = hc_web_form(rq, "ten"),
	                .applicant_id_number = hc_web_form(rq, "cccd"),
	                .applicant_phone = hc_web_form(rq, "dien-thoai"),
	                .applicant_address = addr[0] ? addr : NULL,
	                .components = comps,
	                .ncomponents = nc,
	                .note = note[0] ? note : NULL,
	                .fee_paid = p.fee > 0 && hc_web_form(rq, "da-thu-phi")[0] != '\0'};
	if (!rc && strcmp(in.channel, "direct") != 0 && strcmp(in.channel, "postal") != 0)
		rc = hc_err_set(err, HC_EINVAL, "channel", "Hình thức nộp không hợp lệ",
		                "desk channel '%s'", in.channel);
	hc_intake_result res;
	memset(&res, 0, sizeof res);
	if (!rc)
		rc = hc_dossier_receive(tx, &rq->env, &rq->actor, &in, &res, err);
	if (rc) {
		json_decref(names);
		json_decref(received);
		hc_procedure_clear(&p);
		return rc;
	}
	char rec[HC_WEB_TEXT_MAX], due[HC_WEB_TEXT_MAX], fee[HC_WEB_TEXT_MAX];
	json_t *data =
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:b,s:s}", "code", res.code,
	              "secret", res.secret, "procedure", p.name, "applicant", in.applicant_name,
	              "received", hc_web_fmt_time(res.received_at, rec), "due",
	              hc_web_fmt_time(res.due_at, due), "fee", hc_web_fmt_fee(p.fee, fee), "status",
	              hc_dossier_status_label(res.status), "components", received, "has_fee",
	              p.fee > 0, "fee_paid", in.fee_paid, "receiver", rq->actor.full_name);
	json_decref(names);
	hc_procedure_clear(&p);
	hc_web_page(rq, 201, "receipt", "Giấy tiếp nhận và hẹn trả kết quả", data);
	return HC_OK;
}

void hc_web_desk_receive(hc_request *rq)
{
	const char *code = hc_web_form(rq, "thu-tuc");
	hc_err e;
	if (hc_api_check_code(code, "thu-tuc", 47, &e)) {
		hc_web_fail(rq, &e);
		return;
	}
	desk d = {.code = code, .posted = true};
	if (hc_web_form(rq, "tim-nguoi-nop")[0]) {
		/* the applicant's recall: a read, nothing is received */
		d.recall = true;
		hc_web_read(rq, form_tx, &d);
		if (d.error.code)
			rq->reply.err = d.error;
		return;
	}
	hc_web_post(rq, receive_tx, form_tx, &d, &d.error);
}

/* ---- GET /ho-so --------------------------------------------------------- */

typedef struct tab {
	const char *slug, *label, *status;
	int overdue;
} tab;

static const tab tabs[] = {
    {"tat-ca", "Tất cả", NULL, -1},
    {"moi-tiep-nhan", "Mới tiếp nhận", "received", -1},
    {"dang-xu-ly", "Đang xử lý", "processing", -1},
    {"cho-bo-sung", "Chờ bổ sung", "awaiting_supplement", -1},
    {"qua-han", "Quá hạn", NULL, 1},
};

int hc_web_v_dossiers(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"loc", "q", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	const char *q = hc_query_get(&rq->query, "q");
	if (!rc && q && strlen(q) > 200)
		rc = hc_err_set(err, HC_EINVAL, "q", "Từ khóa tìm kiếm quá dài", "q too long");
	return rc;
}

typedef struct listing {
	const tab *t;
	const char *q;
	json_t *rows;
} listing;

static int add_row(const hc_dossier *d, void *ctx)
{
	listing *l = ctx;
	char rec[HC_WEB_TEXT_MAX], due[HC_WEB_TEXT_MAX];
	json_array_append_new(l->rows, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "code", d->code,
	                                         "procedure", d->procedure_name, "applicant",
	                                         d->applicant_name, "received",
	                                         hc_web_fmt_time(d->received_at, rec), "due",
	                                         hc_web_fmt_time(d->due_at, due), "status",
	                                         hc_dossier_status_name(d->status), "status_label",
	                                         hc_dossier_status_label(d->status)));
	return 0;
}

static int dossiers_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	listing *l = ctx;
	l->rows = json_array();
	hc_dossier_filter f = {.status = l->t->status,
	                       .overdue = l->t->overdue,
	                       .q = l->q && l->q[0] ? l->q : NULL,
	                       .limit = 50};
	int rc = hc_dossier_list(tx, &rq->env, &rq->actor, &f, add_row, l, err);
	if (rc)
		return rc;
	json_t *tabsj = json_array();
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++)
		json_array_append_new(tabsj,
		                      json_pack("{s:s,s:s,s:b}", "slug", tabs[i].slug, "label",
		                                tabs[i].label, "current", &tabs[i] == l->t));
	json_t *data = json_pack("{s:o,s:O,s:s,s:s}", "tabs", tabsj, "rows", l->rows, "q",
	                         l->q ? l->q : "", "loc", l->t->slug);
	hc_web_page(rq, 200, "dossiers", "Hồ sơ của đơn vị", data);
	return HC_OK;
}

void hc_web_dossiers(hc_request *rq)
{
	const char *loc = hc_query_get(&rq->query, "loc");
	listing l = {.t = &tabs[0], .q = hc_query_get(&rq->query, "q")};
	for (size_t i = 0; loc && i < sizeof tabs / sizeof tabs[0]; i++)
		if (strcmp(loc, tabs[i].slug) == 0)
			l.t = &tabs[i];
	hc_web_read(rq, dossiers_tx, &l);
	json_decref(l.rows);
}
