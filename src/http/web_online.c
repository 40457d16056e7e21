/* Web pages of the citizens' online submission (dịch vụ công trực tuyến)
 * for procedures offered online (online_level full or partial):
 *   GET  /nop-truc-tuyen/{code}?don-vi=  the form: applicant, one file per
 *        component (PDF, JPEG, PNG; upload.h's limits)
 *   POST /nop-truc-tuyen/{code}          multipart/form-data (router.h
 *        HC_ROUTE_UPLOAD): checks the files, receives the dossier through
 *        the dossier engine with channel online and the uploaded components
 *        digitized, stores the files with it in the same transaction, and
 *        shows the code and the lookup secret.
 * No draft is kept: the dossier exists once it is complete, so nothing is
 * half-received; on an error the form comes back with every typed field
 * and the message next to its field (files are chosen again: a browser
 * cannot refill a file input). Rules live in dossier.h and upload.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/actor.h"
#include "domain/dossier.h"
#include "domain/procedure.h"
#include "domain/unit.h"
#include "domain/upload.h"
#include "http/api_int.h"
#include "http/multipart.h"
#include "http/txn.h"
#include "http/web.h"

#define ONLINE_FILES HC_UPLOAD_COUNT_MAX

const char *const hc_web_online_keys[] = {
    "csrf", "don-vi", "ten",  "cccd", "dien-thoai", "dia-chi", "ghi-chu", "tep0", "tep1",
    "tep2", "tep3",   "tep4", "tep5", "tep6",       "tep7",    "tep8",    "tep9", NULL};

static const char *const field_map[][2] = {
    {"applicant.name", "ten"},
    {"applicant.id_number", "cccd"},
    {"applicant.phone", "dien-thoai"},
    {"applicant.address", "dia-chi"},
    {"note", "ghi-chu"},
};

typedef struct online {
	const char *code, *unit_code;
	bool posted;
	hc_err error;
} online;

int hc_web_v_online(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"don-vi", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	const char *u = hc_query_get(&rq->query, "don-vi");
	if (!rc)
		rc = hc_api_check_code(hc_request_param(rq, "code"), "code", 47, err);
	if (!rc && u && u[0])
		rc = hc_api_check_code(u, "don-vi", 31, err);
	return rc;
}

/* The unit (by code) and its procedure, which must be offered online. */
static int load(hc_tx *tx, const online *o, hc_unit *u, hc_procedure *p, hc_err *err)
{
	int rc = hc_unit_by_code(tx, o->unit_code, u, err);
	if (!rc)
		rc = hc_procedure_by_code(tx, u->id, o->code, p, err);
	if (!rc && (p->online_level == HC_ONLINE_NONE || !p->active))
		rc = hc_err_set(err, HC_ENOTFOUND, NULL,
		                "Thủ tục này chưa nhận hồ sơ trực tuyến: vui lòng nộp tại bộ phận "
		                "một cửa",
		                "procedure not offered online");
	return rc;
}

static const char *value(const hc_request *rq, const online *o, const char *name)
{
	return o->posted ? hc_web_form(rq, name) : "";
}

static int form_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	online *o = ctx;
	hc_unit u;
	hc_procedure p;
	memset(&p, 0, sizeof p);
	int rc = load(tx, o, &u, &p, err);
	if (rc) {
		hc_procedure_clear(&p);
		return rc;
	}
	const char *bad = NULL;
	for (size_t i = 0; o->error.code && i < sizeof field_map / sizeof field_map[0]; i++)
		if (strcmp(field_map[i][0], o->error.field) == 0)
			bad = field_map[i][1];
	if (o->error.code && !bad && strncmp(o->error.field, "tep", 3) == 0)
		bad = o->error.field;
	json_t *names = p.components_json ? json_loads(p.components_json, 0, NULL) : NULL;
	json_t *comps = json_array();
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n)
	{
		if (i >= ONLINE_FILES || !json_is_string(n))
			break;
		char f[8];
		snprintf(f, sizeof f, "tep%zu", i);
		json_t *c = json_pack("{s:O,s:s}", "name", n, "field", f);
		if (bad && strcmp(bad, f) == 0)
			json_object_set_new(c, "error", json_string(o->error.message));
		json_array_append_new(comps, c);
	}
	json_decref(names);
	char fee[HC_WEB_TEXT_MAX], lim[HC_WEB_TEXT_MAX];
	json_t *data =
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:b}", "code", p.code,
	              "name", p.name, "field", p.field, "fee", hc_web_fmt_fee(p.fee, fee), "limit",
	              hc_web_fmt_limit(p.limit, lim), "unit_code", u.code, "unit_name", u.name,
	              "components", comps, "ten", value(rq, o, "ten"), "cccd", value(rq, o, "cccd"),
	              "dien_thoai", value(rq, o, "dien-thoai"), "dia_chi", value(rq, o, "dia-chi"),
	              "ghi_chu", value(rq, o, "ghi-chu"), "full", p.online_level == HC_ONLINE_FULL);
	hc_procedure_clear(&p);
	if (o->error.code) {
		char key[80];
		if (bad && strncmp(bad, "tep", 3) != 0) {
			snprintf(key, sizeof key, "err_%s", bad);
			for (char *c = key; *c; c++)
				if (*c == '-')
					*c = '_';
			json_object_set_new(data, key, json_string(o->error.message));
		} else if (!bad) {
			json_object_set_new(data, "err_form", json_string(o->error.message));
		}
		json_object_set_new(data, "again", json_true());
	}
	int status = o->error.code ? hc_err_http_status(o->error.code) : 200;
	hc_web_page(rq, status, "online_form", "Nộp hồ sơ trực tuyến", data);
	return HC_OK;
}

void hc_web_online_form(hc_request *rq)
{
	const char *u = hc_query_get(&rq->query, "don-vi");
	online o = {.code = hc_request_param(rq, "code"), .unit_code = u ? u : ""};
	hc_web_read(rq, form_tx, &o);
}

static int submit_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	online *o = ctx;
	hc_unit u;
	hc_procedure p;
	memset(&p, 0, sizeof p);
	int rc = load(tx, o, &u, &p, err);
	json_t *names = !rc && p.components_json ? json_loads(p.components_json, 0, NULL) : NULL;
	hc_upload_file files[ONLINE_FILES];
	hc_component_in comps[ONLINE_FILES];
	size_t nf = 0;
	json_t *received = json_array();
	for (size_t i = 0; !rc && i < json_array_size(names) && i < ONLINE_FILES; i++) {
		char f[8];
		snprintf(f, sizeof f, "tep%zu", i);
		const hc_mp_part *part = rq->upload ? hc_multipart_get(rq->upload, f) : NULL;
		if (!part || !part->is_file || (!part->filename[0] && part->len == 0))
			continue; /* no file chosen for this component */
		const char *cname = json_string_value(json_array_get(names, i));
		if (!cname)
			continue;
		files[nf] = (hc_upload_file){(int)i, cname, part->filename, part->data, part->len};
		comps[nf] = (hc_component_in){.name = cname, .digitized = true};
		json_array_append_new(received,
		                      json_pack("{s:s,s:s}", "name", cname, "file",
		                                part->filename[0] ? part->filename : "tệp"));
		nf++;
	}
	if (!rc && nf == 0)
		rc = hc_err_set(err, HC_EINVAL, json_array_size(names) ? "tep0" : NULL,
		                "Hãy đính kèm ít nhất một thành phần hồ sơ", "no file");
	if (!rc)
		rc = hc_upload_check(files, nf, err);
	hc_actor portal = hc_actor_system();
	portal.unit_id = u.id;
	snprintf(portal.full_name, sizeof portal.full_name, "Cổng dịch vụ công trực tuyến");
	const char *addr = hc_web_form(rq, "dia-chi"), *note = hc_web_form(rq, "ghi-chu");
	hc_intake in = {.procedure_code = o->code,
	                .channel = "online",
	                .applicant_name = hc_web_form(rq, "ten"),
	                .applicant_id_number = hc_web_form(rq, "cccd"),
	                .applicant_phone = hc_web_form(rq, "dien-thoai"),
	                .applicant_address = addr[0] ? addr : NULL,
	                .components = comps,
	                .ncomponents = (int)nf,
	                .note = note[0] ? note : NULL};
	hc_intake_result res;
	memset(&res, 0, sizeof res);
	if (!rc)
		rc = hc_dossier_receive(tx, &rq->env, &portal, &in, &res, err);
	if (!rc)
		rc = hc_upload_store(tx, u.id, res.id, files, nf, rq->env.now, err);
	if (!rc) {
		char rec[HC_WEB_TEXT_MAX], due[HC_WEB_TEXT_MAX], fee[HC_WEB_TEXT_MAX];
		json_t *data = json_pack(
		    "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:O}", "code", res.code, "secret",
		    res.secret, "procedure", p.name, "unit_name", u.name, "applicant",
		    in.applicant_name, "received", hc_web_fmt_time(res.received_at, rec), "due",
		    hc_web_fmt_time(res.due_at, due), "fee", hc_web_fmt_fee(p.fee, fee), "status",
		    hc_dossier_status_label(res.status), "components", received);
		hc_web_page(rq, 201, "online_receipt", "Đã nộp hồ sơ trực tuyến", data);
	}
	json_decref(received);
	json_decref(names);
	hc_procedure_clear(&p);
	return rc;
}

void hc_web_online_submit(hc_request *rq)
{
	const char *u = hc_web_form(rq, "don-vi");
	online o = {.code = hc_request_param(rq, "code"), .unit_code = u, .posted = true};
	hc_err e;
	if (hc_api_check_code(u, "don-vi", 31, &e)) {
		hc_web_fail(rq, &e);
		return;
	}
	hc_web_post(rq, submit_tx, form_tx, &o, &o.error);
}
