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
	assert_string_equal(hc_web_fmt_limit((hc_limit){HC_LIMIT_DAYS, 3}, b), "3 ngày làm việc");
	assert_string_equal(hc_web_fmt_limit((hc_limit){HC_LIMIT_HOURS, 8}, b), "8 giờ làm việc");
	assert_string_equal(hc_web_fmt_limit((hc_limit){HC_LIMIT_SAMEDAY, 0}, b), "Trong ngày");
	/* 2026-03-16 02:00 UTC is 09:00 in Vietnam */
	assert_string_equal(hc_web_fmt_time(1773626400, b), "09:00 ngày 16/03/2026");
	assert_string_equal(hc_web_fmt_time(0, b), "");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cookies),         cmocka_unit_test(cookie_limits),
	    cmocka_unit_test(form_tokens),     cmocka_unit_test(form_posts),
	    cmocka_unit_test(form_over_limit), cmocka_unit_test(gets_set_tokens),
	    cmocka_unit_test(text_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
