/* Route matching (params, 404, 405) and the dispatch pipeline on a test
 * table: authentication, permission, body checks, validator, handler. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/router.h"

static int handled;

static int v_ok(hc_request *rq, hc_err *err)
{
	(void)err;
	(void)rq;
	return HC_OK;
}

static int v_need_x(hc_request *rq, hc_err *err)
{
	static const char *const names[] = {"x", NULL};
	int rc = hc_query_only(&rq->query, names, err);
	if (!rc && !hc_query_get(&rq->query, "x"))
		rc = hc_err_set(err, HC_EINVAL, "x", "Thiếu tham số x", "missing x");
	return rc;
}

static void h_echo(hc_request *rq)
{
	handled++;
	const char *code = hc_request_param(rq, "code");
	const char *step = hc_request_param(rq, "step");
	json_t *o = json_pack("{s:s?,s:s?,s:s,s:b}", "code", code, "step", step, "method",
	                      rq->method, "signed_in", rq->signed_in);
	if (rq->json)
		json_object_set(o, "body", rq->json);
	hc_reply_json(&rq->reply, 200, o);
}

static void h_silent(hc_request *rq)
{
	(void)rq;
	handled++;
}

static const char *const keys_ab[] = {"a", "b", NULL};

static const hc_route table[] = {
    {"GET", "/api/v1/things", HC_ROUTE_PUBLIC, 0, NULL, v_need_x, h_echo, 0},
    {"POST", "/api/v1/things", HC_ROUTE_AUTH, 0, keys_ab, v_ok, h_echo, 0},
    {"GET", "/api/v1/things/{code}", HC_ROUTE_PERM, HC_PERM_DOSSIER_READ, NULL, v_ok, h_echo, 0},
    {"DELETE", "/api/v1/things/{code}", HC_ROUTE_PERM, HC_PERM_UNIT_MANAGE, NULL, v_ok, h_echo, 0},
    {"POST", "/api/v1/things/{code}/steps/{step}", HC_ROUTE_AUTH, 0, keys_ab, v_ok, h_echo, 0},
    {"GET", "/api/v1/silent", HC_ROUTE_PUBLIC, 0, NULL, v_ok, h_silent, 0},
    {"GET", "/api/v1/forgot", HC_ROUTE_UNSET, 0, NULL, v_ok, h_echo, 0},
};
#define NTABLE (sizeof table / sizeof table[0])

/* Accepts the token "good" (a reception officer of unit 3) and "admin". */
static int auth(hc_app *app, const char *token, int64_t now, hc_actor *out, hc_tx **keep,
                hc_err *err)
{
	(void)app;
	(void)now;
	(void)keep;
	memset(out, 0, sizeof *out);
	out->unit_id = 3;
	out->staff_id = 9;
	snprintf(out->username, sizeof out->username, "an");
	if (strcmp(token, "good") == 0) {
		out->role = HC_ROLE_RECEPTION;
		return HC_OK;
	}
	if (strcmp(token, "admin") == 0) {
		out->role = HC_ROLE_ADMIN;
		return HC_OK;
	}
	return hc_err_set(err, HC_EUNAUTH, NULL, "Phiên đăng nhập không hợp lệ", "bad token");
}

static hc_app app = {
    .routes = table, .nroutes = NTABLE, .authenticate = auth, .clock = {.fixed = 1767225600}};

static void run(hc_request *rq, const char *method, const char *target, const char *token,
                const char *body)
{
	hc_request_init(rq, &app);
	snprintf(rq->method, sizeof rq->method, "%s", method);
	const char *q = strchr(target, '?');
	size_t plen = q ? (size_t)(q - target) : strlen(target);
	snprintf(rq->path, sizeof rq->path, "%.*s", (int)plen, target);
	if (q) {
		rq->raw_query = q + 1;
		rq->raw_query_len = strlen(q + 1);
	}
	static char authz[64];
	if (token) {
		snprintf(authz, sizeof authz, "Bearer %s", token);
		rq->authorization = authz;
	}
	if (body) {
		rq->body = body;
		rq->body_len = strlen(body);
	}
	hc_router_dispatch(&app, rq);
}

static const char *error_code(const hc_request *rq)
{
	static char code[32];
	json_t *j = json_loads(rq->reply.body, 0, NULL);
	const char *c = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
	snprintf(code, sizeof code, "%s", c ? c : "");
	json_decref(j);
	return code;
}

static void matching(void **state)
{
	(void)state;
	hc_request rq;
	int idx;
	bool other;
	char allow[64];
	hc_request_init(&rq, &app);
	snprintf(rq.method, sizeof rq.method, "POST");
	snprintf(rq.path, sizeof rq.path, "/api/v1/things/AB-1/steps/s2");
	assert_int_equal(hc_router_match(table, NTABLE, &rq, &idx, &other, allow, sizeof allow),
	                 HC_OK);
	assert_int_equal(idx, 4);
	assert_string_equal(hc_request_param(&rq, "code"), "AB-1");
	assert_string_equal(hc_request_param(&rq, "step"), "s2");
	assert_null(hc_request_param(&rq, "cod"));

	snprintf(rq.method, sizeof rq.method, "HEAD");
	snprintf(rq.path, sizeof rq.path, "/api/v1/things");
	assert_int_equal(hc_router_match(table, NTABLE, &rq, &idx, &other, allow, sizeof allow),
	                 HC_OK);
	assert_int_equal(idx, 0);

	/* unknown paths */
	static const char *const misses[] = {"/api/v1/thing",
	                                     "/api/v1/things/",
	                                     "/api/v1/things//steps/x",
	                                     "/api/v1/things/a/b",
	                                     "/",
	                                     "",
	                                     "/api/v1/things/a/steps/",
	                                     "/API/v1/things"};
	for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++) {
		snprintf(rq.method, sizeof rq.method, "GET");
		snprintf(rq.path, sizeof rq.path, "%s", misses[i]);
		assert_int_equal(
		    hc_router_match(table, NTABLE, &rq, &idx, &other, allow, sizeof allow),
		    HC_ENOTFOUND);
		assert_false(other);
		assert_int_equal(idx, -1);
	}
	/* known path, other method */
	snprintf(rq.method, sizeof rq.method, "PUT");
	snprintf(rq.path, sizeof rq.path, "/api/v1/things/X");
	assert_int_equal(hc_router_match(table, NTABLE, &rq, &idx, &other, allow, sizeof allow),
	                 HC_ENOTFOUND);
	assert_true(other);
	assert_string_equal(allow, "GET, DELETE");
	/* a parameter longer than the limit does not match */
	char longp[HC_PARAM_MAX + 40];
	memset(longp, 'a', sizeof longp);
	memcpy(longp, "/api/v1/things/", 15);
	longp[15 + HC_PARAM_MAX + 1] = '\0';
	snprintf(rq.method, sizeof rq.method, "GET");
	snprintf(rq.path, sizeof rq.path, "%s", longp);
	assert_int_equal(hc_router_match(table, NTABLE, &rq, &idx, &other, allow, sizeof allow),
	                 HC_ENOTFOUND);
	hc_request_clear(&rq);
}

static void dispatch_404_405(void **state)
{
	(void)state;
	hc_request rq;
	run(&rq, "GET", "/nowhere", NULL, NULL);
	assert_int_equal(rq.reply.status, 404);
	assert_string_equal(error_code(&rq), "not_found");
	hc_request_clear(&rq);
	run(&rq, "PATCH", "/api/v1/things", NULL, NULL);
	assert_int_equal(rq.reply.status, 405);
	assert_string_equal(rq.reply.allow, "GET, POST");
	assert_string_equal(error_code(&rq), "method_not_allowed");
	hc_request_clear(&rq);
}

static void dispatch_public(void **state)
{
	(void)state;
	hc_request rq;
	handled = 0;
	run(&rq, "GET", "/api/v1/things?x=1", NULL, NULL);
	assert_int_equal(rq.reply.status, 200);
	assert_int_equal(handled, 1);
	hc_request_clear(&rq);
	/* the validator refuses; the handler does not run */
	run(&rq, "GET", "/api/v1/things?y=1", NULL, NULL);
	assert_int_equal(rq.reply.status, 400);
	assert_non_null(strstr(rq.reply.body, "\"field\":\"y\""));
	hc_request_clear(&rq);
	run(&rq, "GET", "/api/v1/things?x=%zz", NULL, NULL);
	assert_int_equal(rq.reply.status, 400);
	hc_request_clear(&rq);
	/* a body on a route that takes none */
	run(&rq, "GET", "/api/v1/things?x=1", NULL, "{\"a\":1}");
	assert_int_equal(rq.reply.status, 400);
	hc_request_clear(&rq);
	assert_int_equal(handled, 1);
	/* a handler that forgets to reply gives 500 */
	run(&rq, "GET", "/api/v1/silent", NULL, NULL);
	assert_int_equal(rq.reply.status, 500);
	hc_request_clear(&rq);
	/* a route without access kind is never served */
	run(&rq, "GET", "/api/v1/forgot", "admin", NULL);
	assert_int_equal(rq.reply.status, 500);
	hc_request_clear(&rq);
}

static void dispatch_auth_perm(void **state)
{
	(void)state;
	hc_request rq;
	handled = 0;
	run(&rq, "GET", "/api/v1/things/A1", NULL, NULL);
	assert_int_equal(rq.reply.status, 401);
	assert_string_equal(error_code(&rq), "unauthenticated");
	hc_request_clear(&rq);
	run(&rq, "GET", "/api/v1/things/A1", "bad", NULL);
	assert_int_equal(rq.reply.status, 401);
	hc_request_clear(&rq);
	hc_request_init(&rq, &app);
	snprintf(rq.method, sizeof rq.method, "GET");
	snprintf(rq.path, sizeof rq.path, "/api/v1/things/A1");
	rq.authorization = "Basic Z29vZA==";
	hc_router_dispatch(&app, &rq);
	assert_int_equal(rq.reply.status, 401);
	hc_request_clear(&rq);
	assert_int_equal(handled, 0);

	run(&rq, "GET", "/api/v1/things/A1", "good", NULL);
	assert_int_equal(rq.reply.status, 200);
	assert_non_null(strstr(rq.reply.body, "\"code\":\"A1\""));
	assert_true(rq.signed_in);
	hc_request_clear(&rq);
	/* reception may not manage units */
	run(&rq, "DELETE", "/api/v1/things/A1", "good", NULL);
	assert_int_equal(rq.reply.status, 403);
	assert_string_equal(error_code(&rq), "forbidden");
	hc_request_clear(&rq);
	run(&rq, "DELETE", "/api/v1/things/A1", "admin", NULL);
	assert_int_equal(rq.reply.status, 200);
	hc_request_clear(&rq);
}

static void dispatch_body(void **state)
{
	(void)state;
	hc_request rq;
	run(&rq, "POST", "/api/v1/things", "good", "{\"a\":1,\"b\":[true]}");
	assert_int_equal(rq.reply.status, 200);
	assert_non_null(strstr(rq.reply.body, "\"body\":{\"a\":1,\"b\":[true]}"));
	hc_request_clear(&rq);
	run(&rq, "POST", "/api/v1/things", "good", "{\"a\":1,\"c\":2}");
	assert_int_equal(rq.reply.status, 400);
	assert_non_null(strstr(rq.reply.body, "\"field\":\"c\""));
	hc_request_clear(&rq);
	run(&rq, "POST", "/api/v1/things", "good", "{\"a\":");
	assert_int_equal(rq.reply.status, 400);
	assert_non_null(strstr(rq.reply.body, "Dữ liệu JSON không hợp lệ"));
	assert_null(strstr(rq.reply.body, "line"));
	assert_non_null(strstr(rq.reply.err.detail, "line 1"));
	hc_request_clear(&rq);
	run(&rq, "POST", "/api/v1/things", "good", NULL);
	assert_int_equal(rq.reply.status, 400);
	hc_request_clear(&rq);
	run(&rq, "POST", "/api/v1/things", "good", "[1]");
	assert_int_equal(rq.reply.status, 400);
	hc_request_clear(&rq);
	/* authentication comes before body checks */
	run(&rq, "POST", "/api/v1/things", NULL, "{\"a\":");
	assert_int_equal(rq.reply.status, 401);
	hc_request_clear(&rq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(matching),        cmocka_unit_test(dispatch_404_405),
	    cmocka_unit_test(dispatch_public), cmocka_unit_test(dispatch_auth_perm),
	    cmocka_unit_test(dispatch_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
