/* Working calendar tests: the official 2025 and 2026 schedules (DESIGN §3.1),
 * computed years with the Art. 111 carry-over, the schedule file loader's
 * errors, per-day overrides and the office-hours grammar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/time.h"
#include "domain/calendar.h"

static hc_calendar *cal;

static int setup(void **state)
{
	(void)state;
	hc_err e;
	return hc_calendar_new(&cal, &e);
}

static int teardown(void **state)
{
	(void)state;
	hc_calendar_free(cal);
	return 0;
}

static int64_t D(int y, int m, int d)
{
	return hc_days_from_civil(y, m, d);
}

static bool working(int y, int m, int d)
{
	return hc_calendar_is_working(cal, D(y, m, d));
}

/* Every day of [a, b] has the given status. */
static void expect_range(int64_t a, int64_t b, bool work)
{
	for (int64_t d = a; d <= b; d++) {
		if (hc_calendar_is_working(cal, d) != work) {
			char buf[HC_DATE_BUF];
			fail_msg("%s should be %s", hc_fmt_date(d, buf), work ? "working" : "off");
		}
	}
}

static void official_2025(void **state)
{
	(void)state;
	/* Tết Dương lịch */
	assert_false(working(2025, 1, 1));
	assert_true(working(2025, 1, 2));
	/* Tết Nguyên đán 25/1 (Sat) - 2/2 (Sun): weekdays 27-31/1 off */
	expect_range(D(2025, 1, 25), D(2025, 2, 2), false);
	assert_true(working(2025, 1, 24));
	assert_true(working(2025, 2, 3));
	/* Giỗ Tổ Monday 7/4 */
	assert_false(working(2025, 4, 7));
	assert_true(working(2025, 4, 8));
	/* 30/4 - 4/5 off; Friday 2/5 made up on Saturday 26/4 */
	assert_true(working(2025, 4, 26));
	assert_true(working(2025, 4, 29));
	expect_range(D(2025, 4, 30), D(2025, 5, 4), false);
	assert_true(working(2025, 5, 5));
	/* Quốc khánh 30/8 - 2/9: Monday 1/9 and Tuesday 2/9 */
	expect_range(D(2025, 8, 30), D(2025, 9, 2), false);
	assert_true(working(2025, 8, 29));
	assert_true(working(2025, 9, 3));
	/* the computed carry-over days are replaced by the schedule: no other
	 * weekday of 2025 is off, no other Saturday is worked */
	int off_weekdays = 0, work_weekends = 0;
	for (int64_t d = D(2025, 1, 1); d <= D(2025, 12, 31); d++) {
		int w = hc_weekday(d);
		bool we = w == 0 || w == 6;
		if (!we && !hc_calendar_is_working(cal, d))
			off_weekdays++;
		if (we && hc_calendar_is_working(cal, d))
			work_weekends++;
	}
	assert_int_equal(off_weekdays, 12); /* 1/1, 27-31/1, 7/4, 30/4, 1-2/5, 1-2/9 */
	assert_int_equal(work_weekends, 1);
	bool off;
	assert_non_null(hc_calendar_exception(cal, D(2025, 4, 26), &off));
	assert_false(off);
	assert_non_null(strstr(hc_calendar_exception(cal, D(2025, 5, 2), &off), "26/4/2025"));
	assert_true(off);
	assert_null(hc_calendar_exception(cal, D(2025, 4, 27), &off)); /* a plain Sunday */
	assert_true(off);
	assert_null(hc_calendar_exception(cal, D(2025, 4, 28), &off)); /* a plain Monday */
	assert_false(off);
}

static void official_2026(void **state)
{
	(void)state;
	/* Tết Dương lịch 1-4/1: Friday 2/1 off, made up on Saturday 10/1 */
	expect_range(D(2026, 1, 1), D(2026, 1, 4), false);
	assert_true(working(2026, 1, 5));
	assert_true(working(2026, 1, 10));
	assert_false(working(2026, 1, 11));
	/* Tết Nguyên đán 14-22/2 */
	expect_range(D(2026, 2, 14), D(2026, 2, 22), false);
	assert_true(working(2026, 2, 13));
	assert_true(working(2026, 2, 23));
	/* Giỗ Tổ Sunday 26/4 -> Monday 27/4 off; 30/4 and 1/5 */
	assert_false(working(2026, 4, 26));
	assert_false(working(2026, 4, 27));
	assert_true(working(2026, 4, 28));
	assert_true(working(2026, 4, 29));
	assert_false(working(2026, 4, 30));
	assert_false(working(2026, 5, 1));
	assert_false(working(2026, 5, 2));
	assert_true(working(2026, 5, 4));
	/* Quốc khánh 29/8 - 2/9: Monday 31/8 off, made up on Saturday 22/8 */
	assert_true(working(2026, 8, 22));
	assert_false(working(2026, 8, 23));
	expect_range(D(2026, 8, 29), D(2026, 9, 2), false);
	assert_true(working(2026, 8, 28));
	assert_true(working(2026, 9, 3));
	/* a whether-to-add day such as 24/11 is only ever data */
	assert_true(working(2026, 11, 24));
	int off_weekdays = 0, work_weekends = 0;
	for (int64_t d = D(2026, 1, 1); d <= D(2026, 12, 31); d++) {
		int w = hc_weekday(d);
		bool we = w == 0 || w == 6;
		if (!we && !hc_calendar_is_working(cal, d))
			off_weekdays++;
		if (we && hc_calendar_is_working(cal, d))
			work_weekends++;
	}
	assert_int_equal(off_weekdays, 13); /* 1-2/1, 16-20/2, 27/4, 30/4, 1/5, 31/8, 1-2/9 */
	assert_int_equal(work_weekends, 2);
	bool off;
	const char *r = hc_calendar_exception(cal, D(2026, 4, 27), &off);
	assert_non_null(r);
	assert_true(off);
	assert_non_null(strstr(r, "Giỗ Tổ"));
}

static void computed_2027(void **state)
{
	(void)state;
	/* Tết 2027 is Saturday 6/2: eve Friday 5/2, then Mon 8, Tue 9 off and the
	 * Saturday and Sunday carried to Wednesday 10 and Thursday 11 */
	assert_int_equal(hc_weekday(D(2027, 2, 6)), 6);
	expect_range(D(2027, 2, 5), D(2027, 2, 11), false);
	assert_true(working(2027, 2, 4));
	assert_true(working(2027, 2, 12));
	bool off;
	const char *r = hc_calendar_exception(cal, D(2027, 2, 10), &off);
	assert_non_null(r);
	assert_true(off);
	assert_non_null(strstr(r, "Nghỉ bù"));
	/* 1/1/2027 Friday; 30/4 Friday; 1/5 Saturday -> Monday 3/5 */
	assert_false(working(2027, 1, 1));
	assert_false(working(2027, 4, 30));
	assert_int_equal(hc_weekday(D(2027, 5, 1)), 6);
	assert_false(working(2027, 5, 3));
	assert_true(working(2027, 5, 4));
	/* 1/9 and 2/9 are Wednesday and Thursday */
	assert_false(working(2027, 9, 1));
	assert_false(working(2027, 9, 2));
	assert_true(working(2027, 9, 3));
	/* Giỗ Tổ 10/3 lunar 2027 is Friday 16/4 */
	assert_false(working(2027, 4, 16));
	/* no working weekend in a computed year */
	for (int64_t d = D(2027, 1, 1); d <= D(2027, 12, 31); d++) {
		int w = hc_weekday(d);
		if (w == 0 || w == 6)
			assert_false(hc_calendar_is_working(cal, d));
	}
	/* 2022 (computed): Giỗ Tổ Sunday 10/4 carried to Monday 11/4;
	 * 1/1/2022 Saturday carried to Monday 3/1 */
	assert_false(working(2022, 4, 11));
	assert_false(working(2022, 1, 3));
	assert_true(working(2022, 1, 4));
	/* 2029: Tết is 13/2 (Tuesday): 12-16/2 off */
	expect_range(D(2029, 2, 12), D(2029, 2, 16), false);
	assert_true(working(2029, 2, 19));
}

static void check_err(const char *text, const char *want_detail)
{
	hc_calendar *c;
	hc_err e;
	assert_int_equal(hc_calendar_new(&c, &e), HC_OK);
	/* a failing file changes nothing */
	int rc = hc_calendar_load_tsv(c, "VN-2030.tsv", text, &e);
	if (rc != HC_EINVAL || !strstr(e.detail, want_detail))
		fail_msg("rc %d detail '%s', want '%s'", rc, e.detail, want_detail);
	assert_false(hc_calendar_is_working(c, D(2030, 1, 1)));
	assert_true(hc_calendar_is_working(c, D(2030, 1, 2)));
	assert_false(hc_calendar_is_working(c, D(2030, 1, 5)));
	hc_calendar_free(c);
}

static void load_tsv_errors(void **state)
{
	(void)state;
	const char *ok_row = "2030-01-05\twork\tLàm bù\tThông báo\n";
	char text[1024];
	check_err("# header\n2030-13-01\toff\tNghỉ\tx\n", "VN-2030.tsv:2:");
	check_err("2030-01-02\tmaybe\tNghỉ\tx\n", "VN-2030.tsv:1: status");
	check_err("2030-01-02\toff\t\tx\n", "VN-2030.tsv:1: reason");
	check_err("2030-01-02\toff\n", "VN-2030.tsv:1:");
	check_err("2030-01-02\toff\t\xff\xfe\n", "VN-2030.tsv:1: reason");
	snprintf(text, sizeof text, "%s\n2031-01-02\toff\tNghỉ\tx\n", ok_row);
	check_err(text, "VN-2030.tsv:3: all rows must be in one year");
	char longline[700];
	memset(longline, 'x', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	snprintf(text, sizeof text, "%s%s\n", ok_row, longline);
	check_err(text, "VN-2030.tsv:2: line too long");
	check_err("02/01/2030\toff\tNghỉ\tx\n", "VN-2030.tsv:1:");
	check_err(" 2030-01-02\toff\tNghỉ\tx\n", "VN-2030.tsv:1:");
	check_err("2030-01-02 off Nghỉ x\n", "VN-2030.tsv:1:");
}

static void load_tsv_replaces_year(void **state)
{
	(void)state;
	hc_calendar *c;
	hc_err e;
	assert_int_equal(hc_calendar_new(&c, &e), HC_OK);
	/* computed 2027: Tết carry-over Wednesday 10/2 is off */
	assert_false(hc_calendar_is_working(c, D(2027, 2, 10)));
	assert_int_equal(hc_calendar_load_tsv(c, "VN-2027.tsv",
	                                      "# comment\r\n\r\n"
	                                      "2027-02-08\toff\tTết Nguyên đán\tBLLĐ\r\n"
	                                      "2027-02-13\twork\tLàm bù\tThông báo\n"
	                                      "2027-02-15\toff\tNghỉ hoán đổi",
	                                      &e),
	                 HC_OK);
	assert_false(hc_calendar_is_working(c, D(2027, 2, 8)));
	assert_true(hc_calendar_is_working(c, D(2027, 2, 10))); /* computed day gone */
	assert_true(hc_calendar_is_working(c, D(2027, 1, 1)));
	assert_true(hc_calendar_is_working(c, D(2027, 2, 13)));
	assert_false(hc_calendar_is_working(c, D(2027, 2, 15))); /* last line, no newline */
	bool off;
	assert_string_equal(hc_calendar_exception(c, D(2027, 2, 15), &off), "Nghỉ hoán đổi");
	/* other years untouched */
	assert_false(hc_calendar_is_working(c, D(2028, 1, 1)));
	/* an empty or comment-only file is accepted and changes nothing */
	assert_int_equal(hc_calendar_load_tsv(c, "empty.tsv", "", &e), HC_OK);
	assert_int_equal(hc_calendar_load_tsv(c, "c.tsv", "# nothing\n", &e), HC_OK);
	/* a day listed twice is refused (found by fuzzing) */
	assert_int_equal(hc_calendar_load_tsv(
	                     c, "dup.tsv", "2028-02-05\toff\tNghỉ\n2028-02-05\twork\tLàm bù\n", &e),
	                 HC_EINVAL);
	assert_non_null(strstr(e.detail, "dup.tsv:2:"));
	/* a last line ending in CR without LF ends the file (found by fuzzing:
	 * it used to loop for ever) */
	assert_int_equal(hc_calendar_load_tsv(c, "cr.tsv", "# comment\r", &e), HC_OK);
	assert_int_equal(hc_calendar_load_tsv(c, "cr.tsv", "2028-01-03\toff\tNghỉ\r", &e), HC_OK);
	assert_false(hc_calendar_is_working(c, D(2028, 1, 3)));
	assert_false(hc_calendar_is_working(c, D(2028, 1, 1)));
	hc_calendar_free(c);
}

static void set_day_overrides(void **state)
{
	(void)state;
	hc_calendar *c;
	hc_err e;
	assert_int_equal(hc_calendar_new(&c, &e), HC_OK);
	int64_t sat = D(2026, 3, 7), tue = D(2026, 3, 10), tet = D(2026, 2, 17);
	assert_false(hc_calendar_is_working(c, sat));
	assert_int_equal(hc_calendar_set_day(c, sat, false, "Làm bù theo quyết định", &e), HC_OK);
	assert_true(hc_calendar_is_working(c, sat));
	assert_int_equal(hc_calendar_set_day(c, tue, true, "Nghỉ địa phương", &e), HC_OK);
	assert_false(hc_calendar_is_working(c, tue));
	bool off;
	assert_string_equal(hc_calendar_exception(c, tue, &off), "Nghỉ địa phương");
	assert_true(off);
	/* replacing an official day */
	assert_int_equal(hc_calendar_set_day(c, tet, false, "Trực Tết", &e), HC_OK);
	assert_true(hc_calendar_is_working(c, tet));
	/* replacing again restores */
	assert_int_equal(hc_calendar_set_day(c, tet, true, "Tết Nguyên đán", &e), HC_OK);
	assert_false(hc_calendar_is_working(c, tet));
	/* over-long reason is truncated, not overflowed */
	char lng[400];
	memset(lng, 'a', sizeof lng - 1);
	lng[sizeof lng - 1] = '\0';
	assert_int_equal(hc_calendar_set_day(c, tue, true, lng, &e), HC_OK);
	assert_true(strlen(hc_calendar_exception(c, tue, &off)) < sizeof lng - 1);
	/* the table fills up with an error, never silently */
	int rc = HC_OK;
	for (int64_t d = D(2300, 1, 1); d < D(2300, 1, 1) + 20000 && rc == HC_OK; d++)
		rc = hc_calendar_set_day(c, d, true, "x", &e);
	assert_int_equal(rc, HC_ETOOBIG);
	assert_false(hc_calendar_is_working(c, tue));
	hc_calendar_free(c);
}

static void hours_parse(void **state)
{
	(void)state;
	hc_hours h;
	hc_err e;
	hc_hours_default(&h);
	assert_int_equal(h.n, 2);
	assert_int_equal(hc_hours_day_minutes(&h), 480);
	assert_int_equal(hc_hours_parse("07:30-11:30,13:00-17:00", &h, &e), HC_OK);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.start[0], 450);
	assert_int_equal(h.end[1], 1020);
	assert_int_equal(hc_hours_day_minutes(&h), 480);
	assert_int_equal(hc_hours_parse("07:00-11:00,13:30-17:30", &h, &e), HC_OK);
	assert_int_equal(hc_hours_day_minutes(&h), 480);
	assert_int_equal(hc_hours_parse("08:00-12:00", &h, &e), HC_OK);
	assert_int_equal(h.n, 1);
	assert_int_equal(hc_hours_day_minutes(&h), 240);
	assert_int_equal(hc_hours_parse("00:00-24:00", &h, &e), HC_OK);
	assert_int_equal(hc_hours_day_minutes(&h), 1440);
	assert_int_equal(hc_hours_parse("07:00-08:00,09:00-10:00,11:00-12:00,13:00-14:00", &h, &e),
	                 HC_OK);
	assert_int_equal(h.n, 4);
	assert_int_equal(hc_hours_day_minutes(&h), 240);
	/* touching sessions are allowed */
	assert_int_equal(hc_hours_parse("07:00-11:00,11:00-12:00", &h, &e), HC_OK);
	static const char *bad[] = {
	    "07:30-11:30,11:00-17:00",                                     /* overlapping */
	    "13:00-17:00,07:30-11:30",                                     /* unsorted */
	    "11:30-07:30",                                                 /* backwards */
	    "07:30-07:30",                                                 /* empty */
	    "07:00-08:00,09:00-10:00,11:00-12:00,13:00-14:00,15:00-16:00", /* 5 sessions */
	    "24:00-24:00",
	    "07:30-24:01",
	    "07:30-25:00",
	    "7:30-11:30",
	    "07:60-11:30",
	    "07:30-11:30,",
	    ",07:30-11:30",
	    "07:30-11:30 ",
	    " 07:30-11:30",
	    "07:30 - 11:30",
	    "07:30-11:30;13:00-17:00",
	    "07h30-11h30",
	    "",
	    "garbage",
	    "07:3",
	    "07:30-",
	    "07:30-11:30,13:00-17:00,07:30-11:30,13:00-17:00,07:30-11:30,13:00", /* > 64 */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h.n = 99;
		if (hc_hours_parse(bad[i], &h, &e) != HC_EINVAL)
			fail_msg("accepted '%s'", bad[i]);
		assert_int_equal(h.n, 0);
		assert_string_equal(e.field, "office_hours");
	}
	assert_int_equal(hc_hours_parse(NULL, &h, &e), HC_EINVAL);
	char lng[200];
	memset(lng, '0', sizeof lng - 1);
	lng[sizeof lng - 1] = '\0';
	assert_int_equal(hc_hours_parse(lng, &h, &e), HC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(official_2025),
	    cmocka_unit_test(official_2026),
	    cmocka_unit_test(computed_2027),
	    cmocka_unit_test(load_tsv_errors),
	    cmocka_unit_test(load_tsv_replaces_year),
	    cmocka_unit_test(set_day_overrides),
	    cmocka_unit_test(hours_parse),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
