#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/time.h"

static void civil_roundtrip(void **state)
{
	(void)state;
	for (int64_t d = hc_days_from_civil(1900, 1, 1); d <= hc_days_from_civil(2200, 12, 31);
	     d += 1) {
		hc_date c = hc_civil_from_days(d);
		assert_true(hc_date_valid(c.y, c.m, c.d));
		assert_int_equal(hc_days_from_civil(c.y, c.m, c.d), d);
	}
	assert_int_equal(hc_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(hc_weekday(hc_days_from_civil(2026, 2, 13)), 5); /* Friday */
	assert_int_equal(hc_weekday(hc_days_from_civil(1900, 1, 1)), 1);  /* Monday */
}

static void parse_and_format(void **state)
{
	(void)state;
	int64_t t;
	hc_err e;
	char buf[HC_TIME_BUF];
	assert_int_equal(hc_parse_local_time("2026-02-13T16:00", "t", &t, &e), HC_OK);
	assert_string_equal(hc_fmt_local(t, buf), "2026-02-13T16:00+07:00");
	assert_int_equal(hc_local_minute(t), 16 * 60);
	int64_t t2;
	assert_int_equal(hc_parse_local_time("2026-02-13T09:00Z", "t", &t2, &e), HC_OK);
	assert_int_equal(t2, t);
	assert_int_equal(hc_parse_local_time("2026-02-13T16:00:00+07:00", "t", &t2, &e), HC_OK);
	assert_int_equal(t2, t);
	/* the instant just before local midnight belongs to the earlier day */
	assert_int_equal(hc_parse_local_time("2026-02-13T23:59", "t", &t2, &e), HC_OK);
	assert_int_equal(hc_local_day(t2), hc_days_from_civil(2026, 2, 13));
	assert_int_equal(hc_local_instant(hc_local_day(t), 960), t);
}

static void parse_rejects(void **state)
{
	(void)state;
	static const char *bad[] = {"",
	                            "2026-02-30T10:00",
	                            "2026-2-13T10:00",
	                            "2026-02-13T24:00",
	                            "2026-02-13T10:60",
	                            "2026-02-13T10:00+7",
	                            "2026-02-13T10:00 ",
	                            "2026-02-13 10:00x",
	                            "1899-12-31T10:00",
	                            "abcd-ef-ghTij:kl",
	                            NULL};
	for (int i = 0; bad[i]; i++) {
		int64_t t;
		hc_err e;
		assert_int_equal(hc_parse_local_time(bad[i], "received", &t, &e), HC_EINVAL);
		assert_string_equal(e.field, "received");
	}
	int64_t d;
	hc_err e;
	assert_int_equal(hc_parse_date("2024-02-29", "from", &d, &e), HC_OK);
	assert_int_equal(hc_parse_date("2025-02-29", "from", &d, &e), HC_EINVAL);
	assert_int_equal(hc_parse_date("2025-02-28x", "from", &d, &e), HC_EINVAL);
	assert_int_equal(hc_parse_date(NULL, "from", &d, &e), HC_EINVAL);
}

/* Decree 30/2020 Annex I: a zero before days under 10 and months 1 and 2 */
static void place_date(void **state)
{
	(void)state;
	char buf[128];
	hc_fmt_vn_place_date("Trần Liễu", hc_days_from_civil(2026, 3, 5), buf, sizeof buf);
	assert_string_equal(buf, "Trần Liễu, ngày 05 tháng 3 năm 2026");
	hc_fmt_vn_place_date("Hà Bắc", hc_days_from_civil(2026, 2, 12), buf, sizeof buf);
	assert_string_equal(buf, "Hà Bắc, ngày 12 tháng 02 năm 2026");
	hc_fmt_vn_place_date("Hà Bắc", hc_days_from_civil(2025, 12, 31), buf, sizeof buf);
	assert_string_equal(buf, "Hà Bắc, ngày 31 tháng 12 năm 2025");
	hc_fmt_vn_place_date("Hà Bắc", hc_days_from_civil(2026, 1, 1), buf, sizeof buf);
	assert_string_equal(buf, "Hà Bắc, ngày 01 tháng 01 năm 2026");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(civil_roundtrip),
	    cmocka_unit_test(parse_and_format),
	    cmocka_unit_test(parse_rejects),
	    cmocka_unit_test(place_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
