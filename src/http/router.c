#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/body.h"
#include "http/web.h"

/* Matches path against pattern segment by segment; on success copies the
 * {param} segments into rq. */
typedef struct params {
	int n;
	const char *names[HC_ROUTE_PARAMS_MAX];
	char values[HC_ROUTE_PARAMS_MAX][HC_PARAM_MAX + 1];
} params;

static bool match_pattern(const char *pattern, const char *path, params *rq)
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pe = strchr(p, '/');
		const char *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p);
		size_t sl = se ? (size_t)(se - s) : strlen(s);
		if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
			if (sl == 0 || sl > HC_PARAM_MAX || np == HC_ROUTE_PARAMS_MAX)
				return false;
			rq->names[np] = p + 1;
			memcpy(rq->values[np], s, sl);
			rq->values[np][sl] = '\0';
			np++;
		} else if (pl != sl || memcmp(p, s, pl) != 0) {
			return false;
		}
		p += pl;
		s += sl;
	}
	if (*p || *s)
		return false;
	rq->n = np;
	return true;
}

static bool method_is(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return true;
	return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

int hc_router_match(const hc_route *routes, size_t n, hc_request *rq, int *index,
                    bool *method_allowed, char *allow, size_t allow_cap)
{
	*index = -1;
	*method_allowed = false;
	if (allow_cap)
		allow[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		params pm;
		pm.n = 0;
		if (!match_pattern(routes[i].pattern, rq->path, &pm))
			continue;
		if (method_is(routes[i].method, rq->method)) {
			rq->nparams = pm.n;
			for (int k = 0; k < pm.n; k++) {
				rq->param_names[k] = pm.names[k];
				memcpy(rq->param_values[k], pm.values[k], sizeof pm.values[k]);
			}
			*index = (int)i;
			return HC_OK;
		}
		*method_allowed = true;
		if (allow_cap && !strstr(allow, routes[i].method)) {
			int k = snprintf(allow + used, allow_cap - used, "%s%s", used ? ", " : "",
			                 routes[i].method);
			if (k > 0 && used + (size_t)k < allow_cap)
				used += (size_t)k;
		}
	}
	return HC_ENOTFOUND;
}

static void reply_405(hc_request *rq, const char *allow)
{
	json_t *body =
	    json_pack("{s:{s:s,s:s,s:n}}", "error", "code", "method_not_allowed", "message",
	              "Phương thức không được hỗ trợ cho địa chỉ này", "field");
	hc_err_set(&rq->reply.err, HC_EINVAL, NULL, "Phương thức không được hỗ trợ",
	           "method %s not allowed", rq->method);
	hc_reply_json(&rq->reply, 405, body);
	snprintf(rq->reply.allow, sizeof rq->reply.allow, "%s", allow);
}

/* "Bearer <token>" -> token; false when absent or malformed. */
static bool bearer(const char *h, char *out, size_t cap)
{
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return false;
	h += 7;
	while (*h == ' ')
		h++;
	size_t n = strlen(h);
	while (n && h[n - 1] == ' ')
		n--;
	if (n == 0 || n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if (h[i] <= ' ' || h[i] > '~')
			return false;
	memcpy(out, h, n);
	out[n] = '\0';
	return true;
}

static int authenticate(hc_app *app, hc_request *rq, hc_err *err)
{
	/* web pages sign in with the session cookie, the API with the header */
	bool have =
	    rq->route && (rq->route->flags & HC_ROUTE_WEB)
	        ? hc_web_cookie(rq->cookie, HC_WEB_SESSION_COOKIE, rq->token, sizeof rq->token)
	        : bearer(rq->authorization, rq->token, sizeof rq->token);
	if (!have)
		return hc_err_set(err, HC_EUNAUTH, NULL, "Cần đăng nhập để thực hiện yêu cầu này",
		                  "missing or malformed Authorization header");
	if (!app->authenticate)
		return hc_err_set(err, HC_EUNAUTH, NULL, "Phiên đăng nhập không hợp lệ",
		                  "no authenticator configured");
	/* a GET keeps the authenticator's read transaction for its handler */
	bool read = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	int rc = app->authenticate(app, rq->token, rq->env.now, &rq->actor,
	                           read ? &rq->read_tx : NULL, err);
	if (rc == HC_OK) {
		rq->signed_in = true;
		return HC_OK;
	}
	if (rc == HC_ENOTFOUND || rc == HC_EINVAL || rc == HC_EFORBIDDEN)
		return hc_err_set(err, HC_EUNAUTH, NULL,
		                  "Phiên đăng nhập không hợp lệ hoặc đã hết hạn",
		                  "token refused (%s)", hc_err_name(rc));
	return rc;
}

static bool has_content(const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r')
			return true;
	return false;
}

void hc_router_dispatch(hc_app *app, hc_request *rq)
{
	hc_err err;
	hc_err_clear(&err);
	rq->app = app;
	rq->env.cal = app->cal;
	rq->env.now = hc_clock_now(&app->clock);

	int index;
	bool other_method;
	char allow[64];
	if (hc_router_match(app->routes, app->nroutes, rq, &index, &other_method, allow,
	                    sizeof allow) != HC_OK) {
		if (other_method) {
			reply_405(rq, allow);
		} else if (strncmp(rq->path, "/api/", 5) != 0 && rq->accept &&
		           strstr(rq->accept, "text/html")) {
			/* a browser on an unknown page gets a page */
			hc_err_set(&err, HC_ENOTFOUND, NULL, "Không tìm thấy trang yêu cầu",
			           "no route");
			hc_web_fail(rq, &err);
		} else {
			hc_reply_fail(&rq->reply, HC_ENOTFOUND, NULL,
			              "Không tìm thấy địa chỉ yêu cầu", "no route");
		}
		return;
	}
	const hc_route *r = &app->routes[index];
	rq->route = r;
	rq->route_index = index;

	int rc = hc_query_parse(rq->raw_query ? rq->raw_query : "",
	                        rq->raw_query ? rq->raw_query_len : 0, &rq->query, &err);
	bool web = r->flags & HC_ROUTE_WEB;
	if (rc == HC_OK && web && r->access == HC_ROUTE_PUBLIC && rq->cookie) {
		/* a public page shows who is signed in; a stale cookie is ignored */
		hc_err ignored;
		if (authenticate(app, rq, &ignored) != HC_OK) {
			rq->signed_in = false;
			memset(&rq->actor, 0, sizeof rq->actor);
			rq->token[0] = '\0';
		}
	}
	if (rc == HC_OK && r->access != HC_ROUTE_PUBLIC) {
		if (r->access == HC_ROUTE_UNSET)
			rc = hc_err_set(&err, HC_EINTERNAL, NULL, "Lỗi hệ thống",
			                "route %s %s has no access kind", r->method, r->pattern);
		else
			rc = authenticate(app, rq, &err);
		if (rc == HC_OK && r->access == HC_ROUTE_PERM)
			rc = hc_perm_check(&rq->actor, r->perm, rq->actor.unit_id, &err);
	}
	if (rc == HC_OK && web)
		rc = hc_web_prepare(rq, &err);
	if (rc == HC_OK && !web) {
		if (r->body_keys)
			rc = hc_body_parse(rq->body ? rq->body : "", rq->body ? rq->body_len : 0,
			                   r->body_keys, &rq->json, &err);
		else if (rq->body && has_content(rq->body, rq->body_len))
			rc = hc_err_set(&err, HC_EINVAL, NULL,
			                "Yêu cầu này không nhận dữ liệu gửi kèm",
			                "unexpected body of %zu bytes", rq->body_len);
	}
	if (rc == HC_OK) {
		if (!r->validate || !r->handle)
			rc = hc_err_set(&err, HC_EINTERNAL, NULL, "Lỗi hệ thống",
			                "route %s %s lacks a validator or handler", r->method,
			                r->pattern);
		else
			rc = r->validate(rq, &err);
	}
	if (rc == HC_OK) {
		r->handle(rq);
		if (rq->reply.status == 0)
			hc_reply_fail(&rq->reply, HC_EINTERNAL, NULL, "Lỗi hệ thống",
			              "handler left no reply");
	} else {
		if (err.code == HC_OK)
			hc_err_set(&err, rc, NULL, "Lỗi hệ thống", "code %d without message", rc);
		if (web)
			hc_web_fail(rq, &err);
		else
			hc_reply_error(&rq->reply, &err);
	}
	/* the reply is built: give the read connection back before sending it */
	hc_tx_rollback(rq->read_tx);
	rq->read_tx = NULL;
}
