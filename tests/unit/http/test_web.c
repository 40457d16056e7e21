/* Web plumbing: the Cookie header parser and its limits, form tokens, the
 * form body checks a web POST goes through, and the text forms of pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "http/router.h"
#include "http/web.h"

static void cookies(void **state)
{
	(void)state;
	char v[64];
	assert_true(hc_web_cookie("hc_session=abc-_09XY", "hc_session", v, sizeof v));
	assert_string_equal(v, "abc-_09XY");
	assert_true(hc_web_cookie("a=1; hc_pre=ff00;hc_session=tok ", "hc_session", v, sizeof v));
	assert_string_equal(v, "tok");
	assert_true(hc_web_cookie("a=1; hc_pre=ff00;hc_session=tok", "hc_pre", v, sizeof v));
	assert_string_equal(v, "ff00");
	assert_true(hc_web_cookie("x=\"q1\"", "x", v, sizeof v));
	assert_string_equal(v, "q1");
	/* names match whole, not as a suffix or prefix */
	assert_false(hc_web_cookie("xhc_session=a", "hc_session", v, sizeof v));
	assert_false(hc_web_cookie("hc_sessionx=a", "hc_session", v, sizeof v));
	assert_string_equal(v, "");
	/* absent, empty, malformed, foreign characters */
	assert_false(hc_web_cookie(NULL, "a", v, sizeof v));
	assert_false(hc_web_cookie("", "a", v, sizeof v));
	assert_false(hc_web_cookie("a=", "a", v, sizeof v));
	assert_false(hc_web_cookie("a", "a", v, sizeof v));
	assert_false(hc_web_cookie(";;;", "a", v, sizeof v));
	assert_false(hc_web_cookie("a=x y", "a", v, sizeof v));
	assert_false(hc_web_cookie("a=x%20", "a", v, sizeof v));
	assert_false(hc_web_cookie("a=\xc3\xa9", "a", v, sizeof v));
	/* the first cookie of that name counts */
	assert_true(hc_web_cookie("a=1; a=2", "a", v, sizeof v));
	assert_string_equal(v, "1");
}

static void cookie_limits(void **state)
{
	(void)state;
	char v[16];
	/* value of cap - 1 fits, cap does not */
	assert_true(hc_web_cookie("a=123456789012345", "a", v, sizeof v));
	assert_false(hc_web_cookie("a=1234567890123456", "a", v, sizeof v));
	/* header of exactly the limit is read, one byte more is refused */
	char *h = malloc(HC_WEB_COOKIE_HEADER_MAX + 2);
	memset(h, 'x', HC_WEB_COOKIE_HEADER_MAX + 1);
	memcpy(h, "a=1; b=", 7);
	h[HC_WEB_COOKIE_HEADER_MAX] = '\0';
	assert_true(hc_web_cookie(h, "a", v, sizeof v));
	h[HC_WEB_COOKIE_HEADER_MAX] = 'x';
	h[HC_WEB_COOKIE_HEADER_MAX + 1] = '\0';
	assert_false(hc_web_cookie(h, "a", v, sizeof v));
	free(h);
}

static void form_tokens(void **state)
{
	(void)state;
	char a[33], b[33], c[33];
	hc_web_csrf_derive("s", "token-1", a);
	hc_web_csrf_derive("s", "token-1", b);
	assert_int_equal(strlen(a), 32);
	assert_string_equal(a, b);
	assert_true(hc_web_csrf_equal(a, b));
	hc_web_csrf_derive("s", "token-2", c);
	assert_false(hc_web_csrf_equal(a, c));
	hc_web_csrf_derive("p", "token-1", c);
	assert_false(hc_web_csrf_equal(a, c));
	assert_false(hc_web_csrf_equal(a, NULL));
	assert_false(hc_web_csrf_equal("", ""));
	assert_false(hc_web_csrf_equal(a, "abc"));
}

static const char *const keys[] = {"csrf", "name", NULL};
static const hc_route route = {"POST", "/x", HC_ROUTE_PUBLIC, 0, keys, NULL, NULL, HC_ROUTE_WEB};

/* A web POST from a browser holding pre-session cookie pre. */
static int post(const char *cookie, const char *ct, const char *body, hc_request *rq)
{
	memset(rq, 0, sizeof *rq);
	snprintf(rq->method, sizeof rq->method, "POST");
	rq->route = &route;
	rq->cookie = cookie;
	rq->content_type = ct;
	rq->body = body;
	rq->body_len = strlen(body);
	hc_err e;
	return hc_web_prepare(rq, &e);
}

static void form_posts(void **state)
{
	(void)state;
	char tok[33], body[256];
	hc_web_csrf_derive("p", "aa11", tok);
	hc_request rq;
	snprintf(body, sizeof body, "csrf=%s&name=Nguy%%E1%%BB%%85n+An", tok);
	assert_int_equal(post("hc_pre=aa11", HC_WEB_FORM_TYPE, body, &rq), HC_OK);
	assert_string_equal(hc_web_form(&rq, "name"), "Nguyễn An");
	assert_string_equal(hc_web_form(&rq, "other"), "");
	assert_string_equal(rq.csrf, tok);
	assert_int_equal(
	    post("hc_pre=aa11", "application/x-www-form-urlencoded; charset=UTF-8", body, &rq),
	    HC_OK);
	/* no token, a wrong one, another browser's, no cookie at all */
	assert_int_equal(post("hc_pre=aa11", HC_WEB_FORM_TYPE, "name=x", &rq), HC_EFORBIDDEN);
	assert_int_equal(post("hc_pre=aa11", HC_WEB_FORM_TYPE, "csrf=00&name=x", &rq),
	                 HC_EFORBIDDEN);
	assert_int_equal(post("hc_pre=bb22", HC_WEB_FORM_TYPE, body, &rq), HC_EFORBIDDEN);
	assert_int_equal(post(NULL, HC_WEB_FORM_TYPE, body, &rq), HC_EFORBIDDEN);
	assert_true(rq.pre_session[0] != '\0'); /* a new pre-session is offered */
	/* not a form, an undeclared field, a repeated field */
	assert_int_equal(post("hc_pre=aa11", "application/json", body, &rq), HC_EINVAL);
	assert_int_equal(post("hc_pre=aa11", NULL, body, &rq), HC_EINVAL);
	snprintf(body, sizeof body, "csrf=%s&name=x&role=admin", tok);
	assert_int_equal(post("hc_pre=aa11", HC_WEB_FORM_TYPE, body, &rq), HC_EINVAL);
	snprintf(body, sizeof body, "csrf=%s&name=x&name=y", tok);
	assert_int_equal(post("hc_pre=aa11", HC_WEB_FORM_TYPE, body, &rq), HC_EINVAL);
}

static void form_over_limit(void **state)
{
	(void)state;
	char tok[33];
	hc_web_csrf_derive("p", "aa11", tok);
	size_t n = HC_QUERY_RAW_MAX + 1;
	char *body = malloc(n + 1);
	int k = snprintf(body, n + 1, "csrf=%s&name=", tok);
	memset(body + k, 'x', n - (size_t)k);
	body[n] = '\0';
	hc_request rq;
	assert_int_not_equal(post("hc_pre=aa11", HC_WEB_FORM_TYPE, body, &rq), HC_OK);
	free(body);
}

static void gets_set_tokens(void **state)
{
	(void)state;
	hc_request rq;
	memset(&rq, 0, sizeof rq);
	snprintf(rq.method, sizeof rq.method, "GET");
	rq.route = &route;
	hc_err e;
	assert_int_equal(hc_web_prepare(&rq, &e), HC_OK);
	assert_int_equal(strlen(rq.pre_session), 32);
	char want[33];
	hc_web_csrf_derive("p", rq.pre_session, want);
	assert_string_equal(rq.csrf, want);
	/* signed in: bound to the session token */
	memset(&rq, 0, sizeof rq);
	snprintf(rq.method, sizeof rq.method, "GET");
	rq.route = &route;
	rq.signed_in = true;
	snprintf(rq.token, sizeof rq.token, "session-token");
	assert_int_equal(hc_web_prepare(&rq, &e), HC_OK);
	hc_web_csrf_derive("s", "session-token", want);
	assert_string_equal(rq.csrf, want);
	assert_string_equal(rq.pre_session, "");
}

static void text_forms(void **state)
{
	(void)state;
	char b[HC_WEB_TEXT_MAX];
	assert_string_equal(hc_web_fmt_fee(0, b), "Không thu phí");
	assert_string_equal(hc_web_fmt_fee(500, b), "500 đồng");
	assert_string_equal(hc_web_fmt_fee(15000, b), "15.000 đồng");
	assert_string_equal(hc_web_fmt_fee(1500000, b), "1.500.000 đồng");
	assert_string_equal(hc_web_fmt_size(0, b), "0 byte");
	assert_string_equal(hc_web_fmt_size(1023, b), "1023 byte");
	assert_string_equal(hc_web_fmt_size(1024, b), "1,0 KB");
	assert_string_equal(hc_web_fmt_size(3482, b), "3,4 KB");
	assert_string_equal(hc_web_fmt_size(12 * 1024 + 300, b), "12 KB");
	assert_string_equal(hc_web_fmt_size(1258291, b), "1,2 MB");
	assert_string_equal(hc_web_fmt_size(5 << 20, b), "5,0 MB");
	assert_string_equal(hc_web_fmt_size(20 << 20, b), "20 MB");
	assert_string_equal(hc_web_fmt_limit((hc_limit){HC_LIMIT_DAYS, 3}, b), "3 ngày làm việc");
	assert_string_equal(hc_web_fmt_limit((hc_limit){HC_LIMIT_HOURS, 8}, b), "8 giờ làm việc");
	assert_string_equal(hc_web_fmt_limit((hc_limit){HC_LIMIT_SAMEDAY, 0}, b), "Trong ngày");
	/* 2026-03-16 02:00 UTC is 09:00 in Vietnam */
	assert_string_equal(hc_web_fmt_time(1773626400, b), "09:00 ngày 16/03/2026");
	assert_string_equal(hc_web_fmt_time(0, b), "");
}

/* ---- the router with web routes ------------------------------------------ */

static void h_page(hc_request *rq)
{
	hc_web_page(rq, 200, "error", "Trang thử", json_pack("{s:s}", "message", "xin chào"));
}

static void h_text(hc_request *rq)
{
	hc_reply_raw(&rq->reply, 200, "text/plain", "ok", 2);
}

static int v_ok(hc_request *rq, hc_err *err)
{
	(void)rq;
	(void)err;
	return HC_OK;
}

static const char *const send_keys[] = {"csrf", "name", NULL};
static const hc_route web_table[] = {
    {"GET", "/trang", HC_ROUTE_AUTH, 0, NULL, v_ok, h_page, HC_ROUTE_WEB},
    {"POST", "/gui", HC_ROUTE_PUBLIC, 0, send_keys, v_ok, h_text, HC_ROUTE_WEB},
    {"GET", "/api/v1/x", HC_ROUTE_AUTH, 0, NULL, v_ok, h_text, 0},
};

static int auth(hc_app *a, const char *token, int64_t now, hc_actor *out, hc_tx **keep, hc_err *err)
{
	(void)a;
	(void)now;
	(void)keep;
	memset(out, 0, sizeof *out);
	out->unit_id = 3;
	out->role = HC_ROLE_RECEPTION;
	snprintf(out->full_name, sizeof out->full_name, "Trần <An>");
	if (strcmp(token, "good") == 0)
		return HC_OK;
	return hc_err_set(err, HC_EUNAUTH, NULL, "Phiên đăng nhập không hợp lệ", "bad token");
}

static hc_app web_app = {.routes = web_table, .nroutes = 3, .authenticate = auth};

static void dispatch(hc_request *rq, const char *method, const char *path, const char *cookie,
                     const char *authz, const char *accept, const char *form)
{
	hc_request_init(rq, &web_app);
	snprintf(rq->method, sizeof rq->method, "%s", method);
	snprintf(rq->path, sizeof rq->path, "%s", path);
	rq->cookie = cookie;
	rq->authorization = authz;
	rq->accept = accept;
	if (form) {
		rq->content_type = HC_WEB_FORM_TYPE;
		rq->body = form;
		rq->body_len = strlen(form);
	}
	hc_router_dispatch(&web_app, rq);
}

static void router_web_routes(void **state)
{
	(void)state;
	hc_request rq;
	/* no session: the sign-in page, whatever the Authorization header says */
	dispatch(&rq, "GET", "/trang", NULL, NULL, NULL, NULL);
	assert_int_equal(rq.reply.status, 303);
	assert_string_equal(rq.reply.location, "/dang-nhap");
	hc_request_clear(&rq);
	dispatch(&rq, "GET", "/trang", NULL, "Bearer good", NULL, NULL);
	assert_int_equal(rq.reply.status, 303);
	hc_request_clear(&rq);
	dispatch(&rq, "GET", "/trang", "hc_session=bad", NULL, NULL, NULL);
	assert_int_equal(rq.reply.status, 303);
	hc_request_clear(&rq);
	/* the session cookie: a page bound to the session's form token, names escaped */
	dispatch(&rq, "GET", "/trang", "hc_session=good", NULL, NULL, NULL);
	assert_int_equal(rq.reply.status, 200);
	assert_string_equal(rq.reply.content_type, HC_CT_HTML);
	char tok[33];
	hc_web_csrf_derive("s", "good", tok);
	assert_non_null(strstr(rq.reply.body, tok));
	assert_non_null(strstr(rq.reply.body, "Trần &lt;An&gt;"));
	assert_null(strstr(rq.reply.body, "<An>"));
	assert_string_equal(rq.reply.cookies[0], ""); /* no pre-session when signed in */
	hc_request_clear(&rq);
	/* a signed-in form: the session's token passes, the pre-session's does not */
	char body[128], pre[33];
	snprintf(body, sizeof body, "csrf=%s&name=x", tok);
	dispatch(&rq, "POST", "/gui", "hc_session=good; hc_pre=aa", NULL, NULL, body);
	assert_int_equal(rq.reply.status, 200);
	hc_request_clear(&rq);
	hc_web_csrf_derive("p", "aa", pre);
	snprintf(body, sizeof body, "csrf=%s&name=x", pre);
	dispatch(&rq, "POST", "/gui", "hc_session=good; hc_pre=aa", NULL, NULL, body);
	assert_int_equal(rq.reply.status, 403);
	assert_string_equal(rq.reply.content_type, HC_CT_HTML);
	hc_request_clear(&rq);
	/* not signed in: the pre-session token passes */
	dispatch(&rq, "POST", "/gui", "hc_pre=aa", NULL, NULL, body);
	assert_int_equal(rq.reply.status, 200);
	hc_request_clear(&rq);
	/* a first visit gets a pre-session cookie with the page */
	dispatch(&rq, "POST", "/gui", NULL, NULL, NULL, body);
	assert_int_equal(rq.reply.status, 403);
	assert_non_null(strstr(rq.reply.cookies[0], "hc_pre="));
	assert_non_null(strstr(rq.reply.cookies[0], "HttpOnly; SameSite=Strict"));
	assert_null(strstr(rq.reply.cookies[0], "Secure"));
	hc_request_clear(&rq);
	web_app.secure_cookies = true;
	dispatch(&rq, "POST", "/gui", NULL, NULL, NULL, body);
	assert_non_null(strstr(rq.reply.cookies[0], "; Secure"));
	web_app.secure_cookies = false;
	hc_request_clear(&rq);
	/* the cookie does not sign in the API */
	dispatch(&rq, "GET", "/api/v1/x", "hc_session=good", NULL, NULL, NULL);
	assert_int_equal(rq.reply.status, 401);
	assert_string_equal(rq.reply.content_type, HC_CT_JSON);
	hc_request_clear(&rq);
	/* unknown paths: a page for a browser, JSON otherwise */
	dispatch(&rq, "GET", "/khong-co", NULL, NULL, "text/html,*/*", NULL);
	assert_int_equal(rq.reply.status, 404);
	assert_string_equal(rq.reply.content_type, HC_CT_HTML);
	hc_request_clear(&rq);
	dispatch(&rq, "GET", "/khong-co", NULL, NULL, NULL, NULL);
	assert_int_equal(rq.reply.status, 404);
	assert_string_equal(rq.reply.content_type, HC_CT_JSON);
	hc_request_clear(&rq);
	dispatch(&rq, "GET", "/api/v1/khong-co", NULL, NULL, "text/html", NULL);
	assert_string_equal(rq.reply.content_type, HC_CT_JSON);
	hc_request_clear(&rq);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cookies),         cmocka_unit_test(cookie_limits),
	    cmocka_unit_test(form_tokens),     cmocka_unit_test(form_posts),
	    cmocka_unit_test(form_over_limit), cmocka_unit_test(gets_set_tokens),
	    cmocka_unit_test(text_forms),      cmocka_unit_test(router_web_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
