/* Sessions: POST /api/v1/sessions (sign in), DELETE /api/v1/sessions (sign
 * out), and the bearer-token authenticator the server uses. Passwords and
 * tokens are handled by auth.h; nothing here stores or compares them. */
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "http/api.h"
#include "http/api_int.h"
#include "http/body.h"
#include "http/json_dossier.h"
#include "http/txn.h"

const char *const hc_api_login_keys[] = {"username", "password", NULL};

typedef struct login_parsed {
	const char *username, *password;
} login_parsed;

/* Storage that cannot even start a transaction is "retry later" (503). */
static int unavailable(int rc, hc_err *err)
{
	if (rc != HC_EDB)
		return rc;
	return hc_err_set(err, HC_EUNAVAIL, NULL,
	                  "Cơ sở dữ liệu đang bận hoặc tạm thời không truy cập được, vui lòng thử "
	                  "lại sau",
	                  "auth: storage: %s", err->detail);
}

/* Resolves in a read transaction; records the use (sliding idle timeout) in
 * a write transaction at most once a minute per token, so most requests do
 * not queue behind writers. */
int hc_api_authenticate(hc_app *app, const char *token, int64_t now, hc_actor *out, hc_tx **keep,
                        hc_err *err)
{
	hc_tx *tx;
	int rc = hc_tx_begin(app->db, HC_TX_READ, &tx, err);
	if (rc)
		return unavailable(rc, err);
	int64_t last_used = 0;
	rc = hc_auth_resolve_used(tx, token, now, out, &last_used, err);
	if (!rc && keep)
		*keep = tx; /* the read route goes on in this transaction */
	else
		hc_tx_rollback(tx);
	if (rc || now - last_used < 60)
		return rc;
	/* Best effort: a busy store must not refuse a valid token. */
	hc_err terr;
	rc = hc_tx_begin(app->db, HC_TX_WRITE, &tx, &terr);
	if (!rc)
		rc = hc_tx_end(tx, hc_auth_touch(tx, token, now, &terr), &terr);
	if (rc)
		hc_log_warn("auth: recording token use failed: %s", terr.detail);
	return HC_OK;
}

int hc_api_v_login(hc_request *rq, hc_err *err)
{
	int rc = hc_api_v_none(rq, err);
	if (rc)
		return rc;
	login_parsed *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "login: no memory");
	rq->parsed = p;
	rq->parsed_free = free;
	if ((rc = hc_json_get_string(rq->json, "username", "username", true, 64, &p->username,
	                             err)) ||
	    (rc = hc_json_get_string(rq->json, "password", "password", true, 256, &p->password,
	                             err)))
		return rc;
	return HC_OK;
}

static int login_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	login_parsed *p = ctx;
	char *token = NULL;
	hc_actor a;
	int rc = hc_auth_login(tx, p->username, p->password, rq->env.now, &token, &a, err);
	if (rc == HC_ENOTFOUND || rc == HC_EINVAL || rc == HC_EFORBIDDEN)
		rc = hc_err_set(err, HC_EUNAUTH, NULL, "Tên đăng nhập hoặc mật khẩu không đúng",
		                "login refused (%s)", hc_err_name(rc));
	if (rc)
		return rc;
	hc_unit u;
	memset(&u, 0, sizeof u);
	rc = hc_unit_by_id(tx, a.unit_id, &u, err);
	if (rc) {
		free(token);
		return rc;
	}
	json_t *o = json_pack("{s:s,s:o,s:i,s:{s:s,s:s,s:s,s:s}}", "token", token, "expires_at",
	                      hc_json_time(rq->env.now + HC_SESSION_MAX_S), "idle_timeout_s",
	                      HC_SESSION_IDLE_S, "user", "username", a.username, "full_name",
	                      a.full_name, "role", hc_role_name(a.role), "unit", u.code);
	free(token);
	if (!o)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "login reply: no memory");
	hc_reply_json(&rq->reply, 201, o);
	return HC_OK;
}

void hc_api_login(hc_request *rq)
{
	hc_http_write(rq, login_tx, rq->parsed);
}

static int logout_tx(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)ctx;
	int rc = hc_auth_logout(tx, rq->token, rq->env.now, err);
	if (rc)
		return rc;
	hc_reply_json(&rq->reply, 200, json_pack("{s:s}", "status", "signed_out"));
	return HC_OK;
}

void hc_api_logout(hc_request *rq)
{
	hc_http_write(rq, logout_tx, NULL);
}
