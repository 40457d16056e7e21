/* The files citizens attached to an online dossier (upload.h), for staff
 * who may read the dossier: GET /api/v1/dossiers/{code}/files (the list as
 * JSON) and the download shared by that API and the web page
 * (/ho-so/{code}/tep/{id}, web_dossier.c). A download is served as an
 * attachment under its own name, never sniffed, never cached, and under a
 * sandboxing Content-Security-Policy: the bytes came from outside and must
 * not run as this site's page even when a browser is asked to show them. */
#include <stdlib.h>
#include <string.h>

#include "domain/upload.h"
#include "http/api_int.h"
#include "http/txn.h"

#define CSP_DOWNLOAD "sandbox; default-src 'none'; frame-ancestors 'none'"

int hc_api_v_file(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_dossier_get(rq, err);
	const char *id = hc_request_param(rq, "id");
	size_t n = id ? strlen(id) : 0;
	bool digits = n > 0 && n <= 18 && id[0] != '0';
	for (size_t i = 0; digits && i < n; i++)
		digits = id[i] >= '0' && id[i] <= '9';
	if (!rc && !digits)
		rc = hc_err_set(err, HC_ENOTFOUND, "id", "Không tìm thấy tệp đính kèm",
		                "file id is not a positive number");
	return rc;
}

int hc_api_file_reply(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	int64_t id = 0;
	for (const char *c = hc_request_param(rq, "id"); *c; c++)
		id = id * 10 + (*c - '0');
	hc_upload_info f;
	char *data = NULL;
	int rc = hc_upload_read(tx, &rq->actor, hc_request_param(rq, "code"), id, &f, &data, err);
	if (rc)
		return rc;
	hc_reply_attachment(&rq->reply, f.content_type, f.filename[0] ? f.filename : "tep", data,
	                    (size_t)f.size);
	free(data);
	rq->reply.cache = "private, no-store";
	rq->reply.csp = CSP_DOWNLOAD;
	return HC_OK;
}

void hc_api_dossier_file(hc_request *rq)
{
	hc_http_read(rq, hc_api_file_reply, NULL);
}

static int files_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	hc_upload_info *v = NULL;
	size_t n = 0;
	const char *code = hc_request_param(rq, "code");
	int rc = hc_upload_list(tx, &rq->actor, code, &v, &n, err);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		char href[160];
		snprintf(href, sizeof href, "/api/v1/dossiers/%s/files/%lld", code,
		         (long long)v[i].id);
		json_array_append_new(
		    items, json_pack("{s:I,s:i,s:s,s:s,s:s,s:I,s:I,s:s}", "id", (json_int_t)v[i].id,
		                     "component", v[i].component, "component_name",
		                     v[i].component_name, "filename", v[i].filename, "content_type",
		                     v[i].content_type, "size", (json_int_t)v[i].size, "created_at",
		                     (json_int_t)v[i].created_at, "href", href));
	}
	free(v);
	hc_reply_json(&rq->reply, 200, json_pack("{s:s,s:o}", "code", code, "items", items));
	return HC_OK;
}

void hc_api_dossier_files(hc_request *rq)
{
	hc_http_read(rq, files_tx, NULL);
}
