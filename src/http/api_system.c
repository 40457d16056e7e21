/* Operator endpoints: /healthz and /metrics. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/census.h"
#include "domain/perm.h"
#include "domain/unit.h"
#include "http/api_int.h"
#include "http/metrics.h"
#include "http/txn.h"

int hc_api_unit_of(hc_request *rq, hc_tx *tx, const char *unit_code, enum hc_perm perm,
                   int64_t *unit_id, hc_err *err)
{
	*unit_id = rq->actor.unit_id;
	if (unit_code) {
		hc_unit u;
		int rc = hc_unit_by_code(tx, unit_code, &u, err);
		if (rc == HC_ENOTFOUND)
			return hc_err_set(err, HC_EINVAL, "unit", "Không tìm thấy đơn vị",
			                  "unknown unit code");
		if (rc)
			return rc;
		*unit_id = u.id;
	}
	return hc_perm_check(&rq->actor, perm, *unit_id, err);
}

int hc_api_v_none(hc_request *rq, hc_err *err)
{
	static const char *const none[] = {NULL};
	return hc_query_only(&rq->query, none, err);
}

int hc_api_check_code(const char *value, const char *field, size_t max, hc_err *err)
{
	size_t n = value ? strlen(value) : 0;
	if (n == 0 || n > max)
		return hc_err_set(err, HC_EINVAL, field, "Mã không hợp lệ", "'%s' of %zu bytes",
		                  field, n);
	for (size_t i = 0; i < n; i++)
		if (value[i] <= ' ' || value[i] > '~')
			return hc_err_set(err, HC_EINVAL, field, "Mã không hợp lệ",
			                  "'%s' has a byte outside printable ASCII", field);
	return HC_OK;
}

/* What a person opening the server's address sees: where things are. */
void hc_api_index(hc_request *rq)
{
	json_t *b = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "name", "haicap", "version", HC_VERSION,
	                      "description", "Hệ thống một cửa cho UBND xã, phường, đặc khu", "api",
	                      "/api/v1", "health", "/healthz", "citizen_lookup",
	                      "/api/v1/public/dossiers/{mã hồ sơ}?secret={mã tra cứu}");
	hc_reply_json(&rq->reply, 200, b);
}

void hc_api_healthz(hc_request *rq)
{
	hc_err err;
	int version = 0;
	if (hc_db_schema_version(rq->app->db, &version, &err) != HC_OK) {
		hc_err_set(&rq->reply.err, HC_EUNAVAIL, NULL, "Cơ sở dữ liệu không truy cập được",
		           "healthz: %s", err.detail);
		json_t *b = json_pack("{s:s,s:s}", "status", "unavailable", "db",
		                      hc_db_backend(rq->app->db));
		hc_reply_json(&rq->reply, 503, b);
		return;
	}
	hc_reply_json(&rq->reply, 200,
	              json_pack("{s:s,s:s,s:i}", "status", "ok", "db", hc_db_backend(rq->app->db),
	                        "schema_version", version));
}

static int gauge_line(const char *status, int64_t count, void *ctx)
{
	hc_buf *b = ctx;
	char safe[48];
	size_t j = 0;
	for (const char *s = status; *s && j + 1 < sizeof safe; s++)
		if ((*s >= 'a' && *s <= 'z') || *s == '_')
			safe[j++] = *s;
	safe[j] = '\0';
	hc_buf_printf(b, "haicap_dossiers{status=\"%s\"} %lld\n", safe, (long long)count);
	return 0;
}

static int metrics_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	hc_buf *b = ctx;
	if (rq->app->metrics) {
		int rc = hc_metrics_render(rq->app->metrics, b, err);
		if (rc)
			return rc;
	}
	hc_buf_puts(b, "# HELP haicap_dossiers Dossiers by current status (every unit).\n"
	               "# TYPE haicap_dossiers gauge\n");
	int rc = hc_census_dossiers(tx, gauge_line, b, err);
	if (rc)
		return rc;
	if (b->failed)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "metrics buffer failed");
	hc_reply_take(&rq->reply, 200, HC_CT_PROMETHEUS, hc_buf_take(b));
	return HC_OK;
}

void hc_api_metrics(hc_request *rq)
{
	hc_buf b = HC_BUF_INIT;
	hc_http_read(rq, metrics_tx, &b);
	hc_buf_free(&b);
}
