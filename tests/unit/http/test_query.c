/* Query-string parsing and its limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/query.h"

static int parse(const char *s, hc_query *q, hc_err *e)
{
	return hc_query_parse(s, strlen(s), q, e);
}

static void decodes(void **state)
{
	(void)state;
	hc_query q;
	hc_err e;
	assert_int_equal(parse("q=nguy%E1%BB%85n+van&field=&flag&&x=a%2Bb", &q, &e), HC_OK);
	assert_int_equal(q.n, 4);
	assert_string_equal(hc_query_get(&q, "q"), "nguyễn van");
	assert_string_equal(hc_query_get(&q, "field"), "");
	assert_string_equal(hc_query_get(&q, "flag"), "");
	assert_string_equal(hc_query_get(&q, "x"), "a+b");
	assert_null(hc_query_get(&q, "nope"));
	assert_int_equal(parse("", &q, &e), HC_OK);
	assert_int_equal(q.n, 0);
}

static void rejects_bad(void **state)
{
	(void)state;
	hc_query q;
	hc_err e;
	assert_int_equal(parse("a=%zz", &q, &e), HC_EINVAL);
	assert_int_equal(parse("a=%4", &q, &e), HC_EINVAL);
	assert_int_equal(parse("a=%", &q, &e), HC_EINVAL);
	assert_int_equal(parse("a=%00", &q, &e), HC_EINVAL);
	assert_string_equal(e.field, "a");
	assert_int_equal(parse("a=%C3%28", &q, &e), HC_EINVAL); /* invalid UTF-8 */
	assert_int_equal(parse("a=%0A", &q, &e), HC_EINVAL);    /* control character */
	assert_int_equal(parse("a=1&a=2", &q, &e), HC_EINVAL);
	assert_int_equal(parse("=1", &q, &e), HC_EINVAL);
}

static void limits(void **state)
{
	(void)state;
	hc_query q;
	hc_err e;
	char buf[HC_QUERY_RAW_MAX + 2];
	/* too many parameters */
	size_t j = 0;
	for (int i = 0; i <= HC_QUERY_MAX_PARAMS; i++)
		j += (size_t)snprintf(buf + j, sizeof buf - j, "%sp%d=1", i ? "&" : "", i);
	assert_int_equal(parse(buf, &q, &e), HC_EINVAL);
	/* exactly the maximum is fine */
	j = 0;
	for (int i = 0; i < HC_QUERY_MAX_PARAMS; i++)
		j += (size_t)snprintf(buf + j, sizeof buf - j, "%sp%d=1", i ? "&" : "", i);
	assert_int_equal(parse(buf, &q, &e), HC_OK);
	assert_int_equal(q.n, HC_QUERY_MAX_PARAMS);
	/* value length */
	memcpy(buf, "v=", 2);
	memset(buf + 2, 'x', HC_QUERY_VALUE_MAX);
	buf[2 + HC_QUERY_VALUE_MAX] = '\0';
	assert_int_equal(parse(buf, &q, &e), HC_OK);
	memset(buf + 2, 'x', HC_QUERY_VALUE_MAX + 1);
	buf[3 + HC_QUERY_VALUE_MAX] = '\0';
	assert_int_equal(parse(buf, &q, &e), HC_EINVAL);
	/* name length */
	memset(buf, 'n', HC_QUERY_NAME_MAX + 1);
	memcpy(buf + HC_QUERY_NAME_MAX + 1, "=1", 3);
	assert_int_equal(parse(buf, &q, &e), HC_EINVAL);
	/* raw length */
	memset(buf, 'a', HC_QUERY_RAW_MAX + 1);
	buf[HC_QUERY_RAW_MAX + 1] = '\0';
	assert_int_equal(parse(buf, &q, &e), HC_EINVAL);
	/* many empty-valued names fill the storage exactly */
	j = 0;
	for (int i = 0; i < HC_QUERY_MAX_PARAMS; i++)
		j += (size_t)snprintf(buf + j, sizeof buf - j, "%sk%d", i ? "&" : "", i);
	assert_int_equal(parse(buf, &q, &e), HC_OK);
}

static void typed(void **state)
{
	(void)state;
	hc_query q;
	hc_err e;
	assert_int_equal(parse("limit=20&offset=-1&overdue=true&x=1e3&y=", &q, &e), HC_OK);
	int64_t v;
	assert_int_equal(hc_query_int(&q, "limit", 1, 500, 50, &v, &e), HC_OK);
	assert_int_equal(v, 20);
	assert_int_equal(hc_query_int(&q, "absent", 1, 500, 50, &v, &e), HC_OK);
	assert_int_equal(v, 50);
	assert_int_equal(hc_query_int(&q, "offset", 0, 100, 0, &v, &e), HC_EINVAL);
	assert_string_equal(e.field, "offset");
	assert_int_equal(hc_query_int(&q, "x", 0, 10000, 0, &v, &e), HC_EINVAL);
	assert_int_equal(hc_query_int(&q, "y", 0, 10000, 0, &v, &e), HC_EINVAL);
	int b;
	assert_int_equal(hc_query_bool(&q, "overdue", &b, &e), HC_OK);
	assert_int_equal(b, 1);
	assert_int_equal(hc_query_bool(&q, "absent", &b, &e), HC_OK);
	assert_int_equal(b, -1);
	assert_int_equal(hc_query_bool(&q, "limit", &b, &e), HC_EINVAL);
	static const char *const allowed[] = {"limit", "offset", "overdue", "x", NULL};
	assert_int_equal(hc_query_only(&q, allowed, &e), HC_EINVAL);
	assert_string_equal(e.field, "y");
}

static int period_of(const char *raw, int64_t *from, int64_t *to, hc_err *e)
{
	static hc_query q;
	assert_int_equal(hc_query_parse(raw, strlen(raw), &q, e), HC_OK);
	return hc_query_period(&q, from, to, e);
}

static void period(void **state)
{
	(void)state;
	hc_err e;
	int64_t from, to;
	assert_int_equal(period_of("from=2025-07-01&to=2026-07-01", &from, &to, &e), HC_OK);
	assert_int_equal(to - from, 365);
	/* exactly the longest period, then one day more */
	assert_int_equal(period_of("from=2020-01-01&to=2030-01-08", &from, &to, &e), HC_OK);
	assert_int_equal(to - from, HC_QUERY_PERIOD_MAX_DAYS);
	assert_int_equal(period_of("from=2020-01-01&to=2030-01-09", &from, &to, &e), HC_EINVAL);
	assert_string_equal(e.field, "to");
	static const struct {
		const char *raw, *field;
	} bad[] = {
	    {"to=2026-01-01", "from"},
	    {"from=&to=2026-01-01", "from"},
	    {"from=2026-01-01", "to"},
	    {"from=2026-13-01&to=2027-01-01", "from"},
	    {"from=2026-01-01&to=2026-02-30", "to"},
	    {"from=2026-01-01&to=2026-01-01", "to"},
	    {"from=2026-02-01&to=2026-01-01", "to"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(period_of(bad[i].raw, &from, &to, &e), HC_EINVAL);
		assert_string_equal(e.field, bad[i].field);
		assert_true(e.message[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(decodes), cmocka_unit_test(rejects_bad), cmocka_unit_test(limits),
	    cmocka_unit_test(typed),   cmocka_unit_test(period),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
