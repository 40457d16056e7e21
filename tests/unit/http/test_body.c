/* JSON body limits and shape checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/body.h"

static int parse(const char *s, const char *const *keys, json_t **out, hc_err *e)
{
	return hc_body_parse(s, strlen(s), keys, out, e);
}

static void accepts_object(void **state)
{
	(void)state;
	json_t *v;
	hc_err e;
	static const char *const keys[] = {"username", "password", NULL};
	assert_int_equal(parse("{\"username\":\"an\",\"password\":\"x\"}", keys, &v, &e), HC_OK);
	assert_string_equal(json_string_value(json_object_get(v, "username")), "an");
	json_decref(v);
	assert_int_equal(parse(" {\"x\": [1, {\"y\": \"Đường\"}]} ", NULL, &v, &e), HC_OK);
	json_decref(v);
}

static void rejects_malformed(void **state)
{
	(void)state;
	json_t *v = (json_t *)1;
	hc_err e;
	assert_int_equal(parse("{\"a\":", NULL, &v, &e), HC_EINVAL);
	assert_null(v);
	assert_string_equal(e.message, "Dữ liệu JSON không hợp lệ");
	assert_non_null(strstr(e.detail, "line 1"));
	assert_int_equal(parse("", NULL, &v, &e), HC_EINVAL);
	assert_int_equal(parse("  \n", NULL, &v, &e), HC_EINVAL);
	assert_int_equal(parse("{\"a\":1,\"a\":2}", NULL, &v, &e), HC_EINVAL);
}

static void rejects_non_object(void **state)
{
	(void)state;
	json_t *v;
	hc_err e;
	assert_int_equal(parse("[1,2]", NULL, &v, &e), HC_EINVAL);
	assert_int_equal(parse("\"x\"", NULL, &v, &e), HC_EINVAL);
	assert_int_equal(parse("42", NULL, &v, &e), HC_EINVAL);
	assert_int_equal(parse("null", NULL, &v, &e), HC_EINVAL);
}

static void rejects_invalid_utf8(void **state)
{
	(void)state;
	json_t *v;
	hc_err e;
	assert_int_equal(parse("{\"a\":\"\xc3\x28\"}", NULL, &v, &e), HC_EINVAL);
	assert_int_equal(parse("{\"a\":\"\xed\xa0\x80\"}", NULL, &v, &e),
	                 HC_EINVAL); /* surrogate */
	assert_int_equal(parse("{\"a\":\"\\ud800\"}", NULL, &v, &e), HC_EINVAL);
	assert_int_equal(parse("{\"a\":\"\\u0000\"}", NULL, &v, &e), HC_EINVAL);
	/* a NUL byte in the raw body */
	static const char nul[] = "{\"a\":\"x\0y\"}";
	assert_int_equal(hc_body_parse(nul, sizeof nul - 1, NULL, &v, &e), HC_EINVAL);
}

static char *nested(int depth)
{
	char *s = malloc((size_t)depth * 2 + 16);
	size_t j = 0;
	s[j++] = '{';
	s[j++] = '"';
	s[j++] = 'a';
	s[j++] = '"';
	s[j++] = ':';
	for (int i = 1; i < depth; i++)
		s[j++] = '[';
	s[j++] = '1';
	for (int i = 1; i < depth; i++)
		s[j++] = ']';
	s[j++] = '}';
	s[j] = '\0';
	return s;
}

static void depth_limit(void **state)
{
	(void)state;
	json_t *v;
	hc_err e;
	char *ok = nested(HC_JSON_DEPTH_MAX);
	assert_int_equal(hc_json_depth(ok, strlen(ok), 100), HC_JSON_DEPTH_MAX);
	assert_int_equal(parse(ok, NULL, &v, &e), HC_OK);
	json_decref(v);
	free(ok);
	char *deep = nested(HC_JSON_DEPTH_MAX + 1);
	assert_int_equal(parse(deep, NULL, &v, &e), HC_EINVAL);
	assert_non_null(strstr(e.detail, "nesting"));
	free(deep);
	char *huge = nested(100000);
	assert_int_equal(parse(huge, NULL, &v, &e), HC_EINVAL);
	free(huge);
	/* brackets inside strings do not count */
	assert_int_equal(parse("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[[\"}", NULL, &v, &e),
	                 HC_OK);
	json_decref(v);
}

static void string_limit(void **state)
{
	(void)state;
	json_t *v;
	hc_err e;
	size_t n = HC_JSON_STRING_MAX;
	char *s = malloc(n + 64);
	memcpy(s, "{\"x\":{\"note\":\"", 14);
	memset(s + 14, 'a', n);
	memcpy(s + 14 + n, "\"}}", 4);
	assert_int_equal(parse(s, NULL, &v, &e), HC_OK);
	json_decref(v);
	memset(s + 14, 'a', n + 1);
	memcpy(s + 15 + n, "\"}}", 4);
	assert_int_equal(parse(s, NULL, &v, &e), HC_EINVAL);
	assert_string_equal(e.field, "x.note");
	free(s);
}

static void size_limit(void **state)
{
	(void)state;
	json_t *v;
	hc_err e;
	size_t n = HC_BODY_MAX + 1;
	char *s = malloc(n);
	memset(s, ' ', n);
	s[0] = '{';
	s[n - 1] = '}';
	assert_int_equal(hc_body_parse(s, n, NULL, &v, &e), HC_ETOOBIG);
	free(s);
}

static void unknown_keys(void **state)
{
	(void)state;
	json_t *v;
	hc_err e;
	static const char *const keys[] = {"username", "password", NULL};
	assert_int_equal(parse("{\"username\":\"a\",\"admin\":true}", keys, &v, &e), HC_EINVAL);
	assert_string_equal(e.field, "admin");
}

static void accessors(void **state)
{
	(void)state;
	json_t *v;
	hc_err e;
	assert_int_equal(parse("{\"s\":\"Nguyễn\",\"n\":5,\"b\":true,\"o\":{\"p\":\"1\"},"
	                       "\"a\":[1,2,3],\"z\":null,\"ctl\":\"a\\u0001b\"}",
	                       NULL, &v, &e),
	                 HC_OK);
	const char *s;
	assert_int_equal(hc_json_get_string(v, "s", "s", true, 6, &s, &e), HC_OK);
	assert_string_equal(s, "Nguyễn");
	assert_int_equal(hc_json_get_string(v, "s", "s", true, 5, &s, &e), HC_EINVAL);
	assert_int_equal(hc_json_get_string(v, "n", "n", true, 0, &s, &e), HC_EINVAL);
	assert_string_equal(e.field, "n");
	assert_int_equal(hc_json_get_string(v, "z", "z", false, 0, &s, &e), HC_OK);
	assert_null(s);
	assert_int_equal(hc_json_get_string(v, "missing", "o.missing", true, 0, &s, &e), HC_EINVAL);
	assert_string_equal(e.field, "o.missing");
	assert_int_equal(hc_json_get_string(v, "ctl", "ctl", true, 0, &s, &e), HC_EINVAL);
	int64_t n;
	assert_int_equal(hc_json_get_int(v, "n", "n", true, 1, 5, &n, &e), HC_OK);
	assert_int_equal(n, 5);
	assert_int_equal(hc_json_get_int(v, "n", "n", true, 1, 4, &n, &e), HC_EINVAL);
	assert_int_equal(hc_json_get_int(v, "s", "s", true, 1, 4, &n, &e), HC_EINVAL);
	bool b;
	assert_int_equal(hc_json_get_bool(v, "b", "b", true, &b, &e), HC_OK);
	assert_true(b);
	assert_int_equal(hc_json_get_bool(v, "n", "n", true, &b, &e), HC_EINVAL);
	json_t *o;
	assert_int_equal(hc_json_get_object(v, "o", "o", true, &o, &e), HC_OK);
	static const char *const okeys[] = {"q", NULL};
	assert_int_equal(hc_json_only_keys(o, okeys, "o", &e), HC_EINVAL);
	assert_string_equal(e.field, "o.p");
	assert_int_equal(hc_json_get_array(v, "a", "a", true, 3, &o, &e), HC_OK);
	assert_int_equal(hc_json_get_array(v, "a", "a", true, 2, &o, &e), HC_EINVAL);
	assert_int_equal(hc_json_get_array(v, "o", "o", true, 9, &o, &e), HC_EINVAL);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accepts_object),     cmocka_unit_test(rejects_malformed),
	    cmocka_unit_test(rejects_non_object), cmocka_unit_test(rejects_invalid_utf8),
	    cmocka_unit_test(depth_limit),        cmocka_unit_test(string_limit),
	    cmocka_unit_test(size_limit),         cmocka_unit_test(unknown_keys),
	    cmocka_unit_test(accessors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
