/* GET /api/v1/dossiers/{code}/forms/{kind}.pdf: a dossier's printed form
 * (forms.h) as application/pdf. The receipt printed here carries no lookup
 * secret: it is only known at intake (stored hashed) and is returned once by
 * POST /api/v1/dossiers. Optional query base_url: the lookup address the
 * receipt's QR code points to (followed by the code). */
#include <stdlib.h>
#include <string.h>

#include "domain/forms.h"
#include "http/api_int.h"
#include "http/txn.h"

#define HC_CT_PDF "application/pdf"

typedef struct form_parsed {
	enum hc_form_kind kind;
	const char *base_url;
} form_parsed;

int hc_api_v_dossier_form(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"base_url", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	if (!rc)
		rc = hc_api_check_code(hc_request_param(rq, "code"), "code", 63, err);
	if (rc)
		return rc;
	const char *k = hc_request_param(rq, "kind");
	char name[32];
	size_t n = k ? strlen(k) : 0;
	form_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "form: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	if (n <= 4 || n >= sizeof name || strcmp(k + n - 4, ".pdf") != 0)
		return hc_err_set(err, HC_ENOTFOUND, "kind", "Không có mẫu phiếu này",
		                  "form path must end in .pdf");
	memcpy(name, k, n - 4);
	name[n - 4] = '\0';
	if (!hc_form_kind_parse(name, &p->kind) || p->kind == HC_FORM_REGISTER)
		return hc_err_set(err, HC_ENOTFOUND, "kind", "Không có mẫu phiếu này",
		                  "unknown dossier form");
	const char *u = hc_query_get(&rq->query, "base_url");
	p->base_url = u && u[0] ? u : NULL;
	return HC_OK;
}

int hc_api_form_reply(hc_request *rq, hc_tx *tx, const char *code, enum hc_form_kind kind,
                      const hc_form_opts *o, hc_err *err)
{
	char *pdf = NULL;
	size_t len = 0;
	int rc = hc_form_dossier(tx, &rq->env, &rq->actor, code, kind, o, &pdf, &len, err);
	if (rc)
		return rc;
	hc_reply_raw(&rq->reply, 200, HC_CT_PDF, pdf, len);
	free(pdf);
	return HC_OK;
}

static int form_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	form_parsed *p = ctx;
	hc_form_opts o = {.base_url = p->base_url};
	return hc_api_form_reply(rq, tx, hc_request_param(rq, "code"), p->kind, &o, err);
}

void hc_api_dossier_form(hc_request *rq)
{
	hc_http_read(rq, form_tx, rq->parsed);
}
