/* Web pages of the citizens' online submission (dịch vụ công trực tuyến)
 * for procedures offered online (online_level full or partial):
 *   GET  /nop-truc-tuyen/{code}?don-vi=  the form: applicant, one file per
 *        component (PDF, JPEG, PNG; upload.h's limits)
 *   POST /nop-truc-tuyen/{code}          multipart/form-data (router.h
 *        HC_ROUTE_UPLOAD). "Nộp hồ sơ": checks the files, receives the
 *        dossier through the dossier engine with channel online and the
 *        uploaded components digitized, stores the files with it in the
 *        same transaction, and shows the code and the lookup secret.
 *        "Lưu nháp" (field luu-nhap): keeps what is typed and attached as a
 *        draft (draft.h) and shows the draft's code and, once, its secret.
 *        A form resumed from a draft carries the draft's code and secret in
 *        the hidden fields ma-nhap and mk-nhap (the body only, never the
 *        address): saving updates the draft, submitting submits it, and a
 *        component left without a new file keeps the draft's.
 *   GET  /tiep-tuc-nop                   the form asking a draft's code and
 *        secret
 *   POST /tiep-tuc-nop                   the online form filled in from the
 *        draft, each attached file named
 * A draft is not a dossier: nothing is received until "Nộp hồ sơ"; on an
 * error the form comes back with every typed field and the message next to
 * its field (new files are chosen again: a browser cannot refill a file
 * input; a draft's files stay attached). Rules live in dossier.h, draft.h
 * and upload.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/actor.h"
#include "domain/dossier.h"
#include "domain/draft.h"
#include "domain/procedure.h"
#include "domain/unit.h"
#include "domain/upload.h"
#include "http/api_int.h"
#include "http/multipart.h"
#include "http/txn.h"
#include "http/web.h"

#define ONLINE_FILES HC_UPLOAD_COUNT_MAX

const char *const hc_web_online_keys[] = {
    "csrf",    "don-vi",  "ten",      "cccd", "dien-thoai", "dia-chi", "ghi-chu",
    "ma-nhap", "mk-nhap", "luu-nhap", "tep0", "tep1",       "tep2",    "tep3",
    "tep4",    "tep5",    "tep6",     "tep7", "tep8",       "tep9",    NULL};
const char *const hc_web_draft_keys[] = {"csrf", "ma", "mk", NULL};

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
	const hc_draft *draft;                 /* resumed: the form shows it */
	const char *draft_code, *draft_secret; /* the hidden fields, "" for none */
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

/* The draft of the hidden fields, which must be one of procedure p. */
static int load_draft(hc_request *rq, hc_tx *tx, const online *o, const hc_procedure *p,
                      hc_draft **d, hc_err *err)
{
	int rc = hc_draft_load(tx, o->draft_code, o->draft_secret, rq->env.now, d, err);
	if (!rc && (*d)->procedure_id != p->id) {
		hc_draft_free(*d);
		*d = NULL;
		rc = hc_err_set(err, HC_ENOTFOUND, "code", "Hồ sơ nháp không thuộc thủ tục này",
		                "draft of another procedure");
	}
	return rc;
}

static const char *value(const hc_request *rq, const online *o, const char *name)
{
	if (o->draft) {
		const hc_draft *d = o->draft;
		const char *const v[][2] = {{"ten", d->applicant_name},
		                            {"cccd", d->applicant_id_number},
		                            {"dien-thoai", d->applicant_phone},
		                            {"dia-chi", d->applicant_address},
		                            {"ghi-chu", d->note}};
		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
			if (strcmp(v[i][0], name) == 0)
				return v[i][1];
	}
	return o->posted ? hc_web_form(rq, name) : "";
}

static const char *attached(const hc_draft *d, size_t component)
{
	for (size_t i = 0; d && i < d->nfiles; i++)
		if (d->files[i].component == (int)component)
			return d->files[i].filename[0] ? d->files[i].filename : "tệp";
	return NULL;
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
	/* the draft's attached files: the resumed one, or the hidden fields' */
	const hc_draft *shown = o->draft;
	hc_draft *again = NULL;
	hc_err ignored;
	if (!shown && o->draft_code && o->draft_code[0] &&
	    load_draft(rq, tx, o, &p, &again, &ignored) == HC_OK)
		shown = again;
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
		const char *file = attached(shown, i);
		if (file)
			json_object_set_new(c, "attached", json_string(file));
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
	if (shown) {
		char saved[HC_WEB_TEXT_MAX];
		json_object_set_new(data, "ma_nhap", json_string(o->draft_code));
		json_object_set_new(data, "mk_nhap", json_string(o->draft_secret));
		json_object_set_new(data, "saved_at",
		                    json_string(hc_web_fmt_time(shown->updated_at, saved)));
	}
	hc_draft_free(again);
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

/* The files chosen in the form, one per component of names, into files[]
 * (the data point into the request's body). */
static size_t posted_files(const hc_request *rq, const json_t *names, hc_upload_file *files)
{
	size_t nf = 0;
	for (size_t i = 0; i < json_array_size(names) && i < ONLINE_FILES; i++) {
		char f[8];
		snprintf(f, sizeof f, "tep%zu", i);
		const hc_mp_part *part = rq->upload ? hc_multipart_get(rq->upload, f) : NULL;
		if (!part || !part->is_file || (!part->filename[0] && part->len == 0))
			continue; /* no file chosen for this component */
		const char *cname = json_string_value(json_array_get(names, i));
		if (!cname)
			continue;
		files[nf++] =
		    (hc_upload_file){(int)i, cname, part->filename, part->data, part->len};
	}
	return nf;
}

/* A posted form: its unit and procedure (offered online), the component
 * names and the files chosen. */
typedef struct posted {
	hc_unit u;
	hc_procedure p;
	json_t *names;
	hc_upload_file files[ONLINE_FILES];
	size_t nf;
} posted;

static int posted_open(hc_request *rq, hc_tx *tx, const online *o, posted *f, hc_err *err)
{
	memset(&f->u, 0, sizeof f->u);
	memset(&f->p, 0, sizeof f->p);
	f->names = NULL;
	f->nf = 0;
	int rc = load(tx, o, &f->u, &f->p, err);
	if (!rc && f->p.components_json)
		f->names = json_loads(f->p.components_json, 0, NULL);
	if (!rc)
		f->nf = posted_files(rq, f->names, f->files);
	return rc;
}

static void posted_close(posted *f)
{
	json_decref(f->names);
	hc_procedure_clear(&f->p);
}

/* What the form holds, as a draft's input. */
static hc_draft_in typed(const hc_request *rq, const hc_upload_file *files, size_t n)
{
	return (hc_draft_in){.applicant_name = hc_web_form(rq, "ten"),
	                     .applicant_id_number = hc_web_form(rq, "cccd"),
	                     .applicant_phone = hc_web_form(rq, "dien-thoai"),
	                     .applicant_address = hc_web_form(rq, "dia-chi"),
	                     .note = hc_web_form(rq, "ghi-chu"),
	                     .files = files,
	                     .nfiles = n};
}

static hc_actor portal_of(int64_t unit_id)
{
	hc_actor portal = hc_actor_system();
	portal.unit_id = unit_id;
	snprintf(portal.full_name, sizeof portal.full_name, "Cổng dịch vụ công trực tuyến");
	return portal;
}

static void receipt(hc_request *rq, const hc_intake_result *res, const hc_procedure *p,
                    const hc_unit *u, const char *applicant, json_t *received)
{
	char rec[HC_WEB_TEXT_MAX], due[HC_WEB_TEXT_MAX], fee[HC_WEB_TEXT_MAX];
	json_t *data =
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:O}", "code", res->code, "secret",
	              res->secret, "procedure", p->name, "unit_name", u->name, "applicant",
	              applicant, "received", hc_web_fmt_time(res->received_at, rec), "due",
	              hc_web_fmt_time(res->due_at, due), "fee", hc_web_fmt_fee(p->fee, fee),
	              "status", hc_dossier_status_label(res->status), "components", received);
	hc_web_page(rq, 201, "online_receipt", "Đã nộp hồ sơ trực tuyến", data);
}

/* "Nộp hồ sơ" of a draft: its stored files where no new one is chosen. */
static int submit_draft(hc_request *rq, hc_tx *tx, const online *o, const hc_unit *u,
                        const hc_procedure *p, const hc_upload_file *files, size_t nf, hc_err *err)
{
	hc_draft *d = NULL;
	int rc = load_draft(rq, tx, o, p, &d, err);
	hc_draft_free(d);
	hc_actor portal = portal_of(u->id);
	hc_draft_in in = typed(rq, files, nf);
	hc_intake_result res;
	hc_draft *sub = NULL;
	if (!rc)
		rc = hc_draft_submit(tx, &rq->env, &portal, o->draft_code, o->draft_secret, &in,
		                     &res, &sub, err);
	if (!rc) {
		json_t *received = json_array();
		for (size_t i = 0; i < sub->nfiles; i++)
			json_array_append_new(
			    received,
			    json_pack("{s:s,s:s}", "name", sub->files[i].component_name, "file",
			              attached(sub, (size_t)sub->files[i].component)));
		receipt(rq, &res, p, u, sub->applicant_name, received);
		json_decref(received);
	}
	hc_draft_free(sub);
	return rc;
}

static int submit_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	online *o = ctx;
	posted f;
	int rc = posted_open(rq, tx, o, &f, err);
	if (!rc && o->draft_code[0]) {
		rc = submit_draft(rq, tx, o, &f.u, &f.p, f.files, f.nf, err);
		posted_close(&f);
		return rc;
	}
	hc_component_in comps[ONLINE_FILES];
	json_t *received = json_array();
	for (size_t i = 0; i < f.nf; i++) {
		comps[i] = (hc_component_in){.name = f.files[i].component_name, .digitized = true};
		json_array_append_new(
		    received, json_pack("{s:s,s:s}", "name", f.files[i].component_name, "file",
		                        f.files[i].filename[0] ? f.files[i].filename : "tệp"));
	}
	if (!rc)
		rc = hc_upload_check_submission(f.files, f.nf, json_array_size(f.names), err);
	hc_actor portal = portal_of(f.u.id);
	const char *addr = hc_web_form(rq, "dia-chi"), *note = hc_web_form(rq, "ghi-chu");
	hc_intake in = {.procedure_code = o->code,
	                .channel = "online",
	                .applicant_name = hc_web_form(rq, "ten"),
	                .applicant_id_number = hc_web_form(rq, "cccd"),
	                .applicant_phone = hc_web_form(rq, "dien-thoai"),
	                .applicant_address = addr[0] ? addr : NULL,
	                .components = comps,
	                .ncomponents = (int)f.nf,
	                .note = note[0] ? note : NULL};
	hc_intake_result res;
	memset(&res, 0, sizeof res);
	if (!rc)
		rc = hc_dossier_receive(tx, &rq->env, &portal, &in, &res, err);
	if (!rc)
		rc = hc_upload_store(tx, f.u.id, res.id, f.files, f.nf, rq->env.now, err);
	if (!rc)
		receipt(rq, &res, &f.p, &f.u, in.applicant_name, received);
	json_decref(received);
	posted_close(&f);
	return rc;
}

/* "Lưu nháp": a new draft, or the hidden fields' draft updated. */
static int save_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	online *o = ctx;
	posted f;
	int rc = posted_open(rq, tx, o, &f, err);
	hc_draft_in in = typed(rq, f.files, f.nf);
	char code[HC_DRAFT_CODE_MAX], secret[16] = "";
	bool created = !o->draft_code[0];
	hc_draft *d = NULL;
	if (!rc && created)
		rc = hc_draft_create(tx, f.u.id, o->code, &in, rq->env.now, code, secret, err);
	if (!rc && !created) {
		rc = load_draft(rq, tx, o, &f.p, &d, err);
		hc_draft_free(d);
		d = NULL;
		if (!rc)
			rc = hc_draft_save(tx, o->draft_code, o->draft_secret, &in, rq->env.now,
			                   err);
		snprintf(code, sizeof code, "%s", o->draft_code);
		snprintf(secret, sizeof secret, "%s", o->draft_secret);
	}
	if (!rc)
		rc = hc_draft_load(tx, code, secret, rq->env.now, &d, err);
	if (!rc) {
		json_t *kept = json_array();
		for (size_t i = 0; i < d->nfiles; i++)
			json_array_append_new(kept, json_pack("{s:s,s:s}", "name",
			                                      d->files[i].component_name, "file",
			                                      d->files[i].filename));
		char saved[HC_WEB_TEXT_MAX];
		json_t *data =
		    json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:o}", "code", d->code, "secret", secret,
		              "procedure", f.p.name, "unit_name", f.u.name, "created", created,
		              "saved", hc_web_fmt_time(d->updated_at, saved), "components", kept);
		hc_web_page(rq, created ? 201 : 200, "online_draft", "Đã lưu nháp hồ sơ", data);
	}
	hc_draft_free(d);
	posted_close(&f);
	return rc;
}

void hc_web_online_submit(hc_request *rq)
{
	const char *u = hc_web_form(rq, "don-vi");
	online o = {.code = hc_request_param(rq, "code"),
	            .unit_code = u,
	            .posted = true,
	            .draft_code = hc_web_form(rq, "ma-nhap"),
	            .draft_secret = hc_web_form(rq, "mk-nhap")};
	hc_err e;
	if (hc_api_check_code(u, "don-vi", 31, &e) ||
	    (o.draft_code[0] && (hc_api_check_code(o.draft_code, "ma-nhap", 63, &e) ||
	                         hc_api_check_code(o.draft_secret, "mk-nhap", 15, &e)))) {
		hc_web_fail(rq, &e);
		return;
	}
	bool save = hc_web_form(rq, "luu-nhap")[0] != '\0';
	hc_web_post(rq, save ? save_tx : submit_tx, form_tx, &o, &o.error);
}

/* ---- resuming a draft ------------------------------------------------- */

static void resume_page(hc_request *rq, int status, const char *error)
{
	json_t *d =
	    json_pack("{s:s,s:s}", "ma", hc_web_form(rq, "ma"), "mk", hc_web_form(rq, "mk"));
	if (error)
		json_object_set_new(d, "error", json_string(error));
	hc_web_page(rq, status, "draft_resume", "Tiếp tục hồ sơ đã lưu nháp", d);
}

void hc_web_draft_page(hc_request *rq)
{
	hc_web_page(rq, 200, "draft_resume", "Tiếp tục hồ sơ đã lưu nháp",
	            json_pack("{s:s,s:s}", "ma", "", "mk", ""));
}

static int resume_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	online *o = ctx;
	hc_draft *d;
	int rc = hc_draft_load(tx, o->draft_code, o->draft_secret, rq->env.now, &d, err);
	if (rc)
		return rc;
	o->draft = d;
	o->code = d->procedure_code;
	o->unit_code = d->unit_code;
	rc = form_tx(rq, tx, o, err);
	o->draft = NULL;
	hc_draft_free(d);
	return rc;
}

void hc_web_draft_resume(hc_request *rq)
{
	online o = {.draft_code = hc_web_form(rq, "ma"), .draft_secret = hc_web_form(rq, "mk")};
	if (!o.draft_code[0] || !o.draft_secret[0]) {
		resume_page(rq, 400, "Vui lòng nhập cả mã hồ sơ nháp và mã tra cứu.");
		return;
	}
	/* the draft module judges the code and secret (wrong, expired: one reply) */
	hc_http_read(rq, resume_tx, &o);
	if (rq->reply.status < 400)
		return;
	hc_err e = rq->reply.err;
	hc_reply_clear(&rq->reply);
	if (e.code == HC_ENOTFOUND)
		resume_page(rq, 404, e.message);
	else
		hc_web_fail(rq, &e);
	rq->reply.err = e;
}
