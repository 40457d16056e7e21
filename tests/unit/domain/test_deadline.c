/* Deadline tests: due instants for every limit kind across holidays, lunch
 * breaks, nights, weekends and make-up Saturdays; supplements; the
 * extension rule; classification; the limit grammar; custom office hours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/time.h"
#include "domain/deadline.h"

static hc_calendar *cal;
static hc_hours H; /* default office hours */

static int setup(void **state)
{
	(void)state;
	hc_err e;
	hc_hours_default(&H);
	return hc_calendar_new(&cal, &e);
}

static int teardown(void **state)
{
	(void)state;
	hc_calendar_free(cal);
	return 0;
}

/* Local time "YYYY-MM-DDTHH:MM[:SS]". */
static int64_t T(const char *s)
{
	int64_t t;
	hc_err e;
	if (hc_parse_local_time(s, "t", &t, &e) != HC_OK)
		fail_msg("bad time %s", s);
	return t;
}

static hc_limit L(const char *s)
{
	hc_limit l;
	hc_err e;
	if (hc_limit_parse(s, "limit", &l, &e) != HC_OK)
		fail_msg("bad limit %s", s);
	return l;
}

#define assert_time(got, want)                                                                     \
	do {                                                                                       \
		char b1_[HC_TIME_BUF], b2_[HC_TIME_BUF];                                           \
		int64_t g_ = (got), w_ = T(want);                                                  \
		if (g_ != w_)                                                                      \
			fail_msg("got %s, want %s", hc_fmt_local(g_, b1_), hc_fmt_local(w_, b2_)); \
	} while (0)

static int64_t due(const char *received, const char *limit)
{
	return hc_deadline_due(cal, &H, T(received), L(limit));
}

static void days_across_holidays(void **state)
{
	(void)state;
	/* Tết 2026: Friday 16:00 with 3 days */
	assert_time(due("2026-02-13T16:00", "3d"), "2026-02-25T16:00");
	char buf[HC_TIME_BUF];
	assert_string_equal(hc_fmt_local(due("2026-02-13T16:00", "3d"), buf),
	                    "2026-02-25T16:00+07:00");
	/* session-end rule: Monday 18:00 with 1 day is Tuesday 17:00 */
	assert_time(due("2026-03-02T18:00", "1d"), "2026-03-03T17:00");
	assert_time(due("2026-03-02T07:30", "1d"), "2026-03-02T17:00");
	assert_time(due("2026-03-02T17:00", "1d"), "2026-03-03T17:00");
	assert_time(due("2026-03-02T16:59", "1d"), "2026-03-03T16:59");
	/* before opening */
	assert_time(due("2026-03-02T06:00", "1d"), "2026-03-02T17:00");
	assert_int_equal(hc_deadline_clock_start(cal, &H, T("2026-03-02T06:00")),
	                 T("2026-03-02T07:30"));
	/* lunch break */
	assert_int_equal(hc_deadline_clock_start(cal, &H, T("2026-03-02T11:45")),
	                 T("2026-03-02T13:00"));
	assert_int_equal(hc_deadline_clock_start(cal, &H, T("2026-03-02T11:30")),
	                 T("2026-03-02T13:00"));
	assert_int_equal(hc_deadline_clock_start(cal, &H, T("2026-03-02T13:00")),
	                 T("2026-03-02T13:00"));
	assert_int_equal(hc_deadline_clock_start(cal, &H, T("2026-03-02T11:29:59")),
	                 T("2026-03-02T11:29:59"));
	assert_time(due("2026-03-02T11:45", "1d"), "2026-03-03T11:30");
	assert_time(due("2026-03-02T11:30", "1d"), "2026-03-03T11:30");
	assert_time(due("2026-03-02T13:00", "1d"), "2026-03-03T11:30");
	assert_time(due("2026-03-02T13:01", "1d"), "2026-03-03T13:01");
	assert_time(due("2026-03-02T11:29", "1h"), "2026-03-02T13:59");
	assert_time(due("2026-03-02T11:30", "1h"), "2026-03-02T14:00");
	/* weekend receipt */
	assert_time(due("2026-03-07T10:00", "1d"), "2026-03-09T17:00");
	assert_time(due("2026-03-08T23:59", "2d"), "2026-03-10T17:00");
	/* holiday receipts: 30/4-3/5/2026 off, Monday 4/5 */
	assert_time(due("2026-04-30T09:00", "1d"), "2026-05-04T17:00");
	assert_time(due("2026-04-29T09:00", "1d"), "2026-05-04T09:00");
	/* Giỗ Tổ carry-over Monday 27/4/2026 */
	assert_time(due("2026-04-24T10:00", "1d"), "2026-04-28T10:00");
	/* 2025: Friday 2/5 off, Saturday 26/4 worked */
	assert_time(due("2025-04-25T10:00", "1d"), "2025-04-26T10:00");
	assert_time(due("2025-04-29T10:00", "1d"), "2025-05-05T10:00");
	/* make-up Saturdays count as working days */
	assert_time(due("2026-01-09T16:00", "1d"), "2026-01-10T16:00");
	assert_time(due("2026-01-10T09:00", "1d"), "2026-01-12T09:00");
	assert_time(due("2026-08-21T17:00", "1d"), "2026-08-22T17:00");
	assert_time(due("2026-08-21T10:00", "2d"), "2026-08-24T10:00");
	/* Tết Dương lịch 2026: Wednesday 31/12/2025 09:00 with 2 days */
	assert_time(due("2025-12-31T09:00", "2d"), "2026-01-06T09:00");
	/* Quốc khánh 2026 (29/8-2/9) */
	assert_time(due("2026-08-28T13:00", "1d"), "2026-09-03T11:30");
	/* a computed year: Tết 2027 off 5-11/2 */
	assert_time(due("2027-02-04T09:00", "2d"), "2027-02-15T09:00");
	/* long limits stay consistent with the working-time measure */
	int64_t r = T("2026-01-05T08:00");
	int64_t d = due("2026-01-05T08:00", "365d");
	assert_int_equal(hc_deadline_working_between(cal, &H, r, d), 365 * 480);
}

static void hours_limits(void **state)
{
	(void)state;
	assert_time(due("2026-03-02T10:30", "2h"), "2026-03-02T14:00"); /* across lunch */
	assert_time(due("2026-03-02T09:30", "2h"), "2026-03-02T11:30"); /* stays at end */
	assert_time(due("2026-03-02T16:00", "3h"), "2026-03-03T09:30"); /* across night */
	assert_time(due("2026-03-02T07:30", "8h"), "2026-03-02T17:00");
	assert_time(due("2026-03-02T07:30", "9h"), "2026-03-03T08:30");
	assert_time(due("2026-03-06T16:00", "1h"), "2026-03-06T17:00");  /* Friday close */
	assert_time(due("2026-03-06T16:30", "1h"), "2026-03-09T08:00");  /* over weekend */
	assert_time(due("2026-02-13T16:00", "16h"), "2026-02-24T16:00"); /* over Tết */
	assert_time(due("2026-08-21T16:00", "2h"), "2026-08-22T08:30");  /* make-up Saturday */
	assert_time(due("2026-03-02T11:45", "1h"), "2026-03-02T14:00");
	/* add_working with nothing to add is the identity */
	assert_int_equal(hc_deadline_add_working(cal, &H, T("2026-03-02T20:00"), 0),
	                 T("2026-03-02T20:00"));
	assert_int_equal(
	    hc_deadline_working_between(cal, &H, T("2026-03-03T09:00"), T("2026-03-02T09:00")), 0);
	assert_int_equal(
	    hc_deadline_working_between(cal, &H, T("2026-03-02T09:00"), T("2026-03-02T09:00")), 0);
	assert_int_equal(
	    hc_deadline_working_between(cal, &H, T("2026-03-02T11:00"), T("2026-03-02T13:30")), 60);
	assert_int_equal(
	    hc_deadline_working_between(cal, &H, T("2026-02-13T00:00"), T("2026-02-24T00:00")),
	    2 * 480);
}

static void same_day(void **state)
{
	(void)state;
	assert_time(due("2026-03-03T15:00", "sameday"), "2026-03-03T17:00");
	assert_time(due("2026-03-03T15:00:59", "sameday"), "2026-03-04T17:00");
	assert_time(due("2026-03-03T15:01", "sameday"), "2026-03-04T17:00");
	assert_time(due("2026-03-03T06:00", "sameday"), "2026-03-03T17:00");
	assert_time(due("2026-03-03T12:00", "sameday"), "2026-03-03T17:00"); /* lunch */
	assert_time(due("2026-03-06T15:01", "sameday"), "2026-03-09T17:00"); /* Friday */
	assert_time(due("2026-03-07T09:00", "sameday"), "2026-03-09T17:00"); /* Saturday */
	assert_time(due("2026-02-17T10:00", "sameday"), "2026-02-23T17:00"); /* Tết */
	assert_time(due("2026-02-13T15:01", "sameday"), "2026-02-23T17:00"); /* eve of Tết */
	assert_time(due("2026-01-10T10:00", "sameday"), "2026-01-10T17:00"); /* make-up Sat */
	assert_time(due("2026-01-09T16:00", "sameday"), "2026-01-10T17:00");
	assert_time(due("2026-03-03T23:00", "sameday"), "2026-03-04T17:00");
}

static void supplements(void **state)
{
	(void)state;
	hc_limit l3 = L("3d");
	/* reset: the full limit restarts when the supplement arrives */
	int64_t d0 = due("2026-02-09T08:00", "3d");
	assert_time(d0, "2026-02-12T08:00");
	assert_time(hc_deadline_after_supplement(cal, &H, HC_SUPPLEMENT_RESET, l3, d0,
	                                         T("2026-02-10T09:00"), T("2026-02-12T10:00")),
	            "2026-02-24T10:00");
	/* reset on a holiday starts at the next opening */
	assert_time(hc_deadline_after_supplement(cal, &H, HC_SUPPLEMENT_RESET, l3, d0,
	                                         T("2026-02-10T09:00"), T("2026-02-18T10:00")),
	            "2026-02-25T17:00");
	/* pause: the due instant moves by the working time spent waiting
	 * (40 h from 10/2 09:00 to 24/2 09:00 across Tết) */
	assert_int_equal(
	    hc_deadline_working_between(cal, &H, T("2026-02-10T09:00"), T("2026-02-24T09:00")),
	    40 * 60);
	assert_time(hc_deadline_after_supplement(cal, &H, HC_SUPPLEMENT_PAUSE, l3, d0,
	                                         T("2026-02-10T09:00"), T("2026-02-24T09:00")),
	            "2026-02-26T08:00");
	/* pause with no working time waited keeps the due instant */
	assert_int_equal(hc_deadline_after_supplement(cal, &H, HC_SUPPLEMENT_PAUSE, l3, d0,
	                                              T("2026-02-14T09:00"), T("2026-02-22T09:00")),
	                 d0);
	/* pause over a holiday only counts working time: requested Friday 13/2
	 * 16:00, resumed Monday 23/2 08:30 = 1 h + 1 h */
	assert_time(hc_deadline_after_supplement(cal, &H, HC_SUPPLEMENT_PAUSE, l3,
	                                         T("2026-02-25T16:00"), T("2026-02-13T16:00"),
	                                         T("2026-02-23T08:30")),
	            "2026-02-26T08:30");
	/* late request: more than 3 working days after receipt */
	int64_t r = T("2026-02-11T10:00");
	assert_false(hc_deadline_supplement_late(cal, &H, r, T("2026-02-23T10:00")));
	assert_true(hc_deadline_supplement_late(cal, &H, r, T("2026-02-23T10:01")));
	assert_true(hc_deadline_supplement_late(cal, &H, r, T("2026-02-23T10:00:01")));
	assert_false(hc_deadline_supplement_late(cal, &H, r, T("2026-02-20T10:00"))); /* Tết */
	assert_false(hc_deadline_supplement_late(cal, &H, r, r));
	/* received on a weekend: the three days start at Monday's opening */
	assert_false(
	    hc_deadline_supplement_late(cal, &H, T("2026-03-07T10:00"), T("2026-03-11T17:00")));
	assert_true(
	    hc_deadline_supplement_late(cal, &H, T("2026-03-07T10:00"), T("2026-03-12T07:31")));
	/* policy names */
	enum hc_supplement_policy p;
	hc_err e;
	assert_int_equal(hc_supplement_policy_parse("pause", "p", &p, &e), HC_OK);
	assert_int_equal(p, HC_SUPPLEMENT_PAUSE);
	assert_string_equal(hc_supplement_policy_name(p), "pause");
	assert_int_equal(hc_supplement_policy_parse("reset", "p", &p, &e), HC_OK);
	assert_int_equal(p, HC_SUPPLEMENT_RESET);
	assert_string_equal(hc_supplement_policy_name(p), "reset");
	assert_int_equal(hc_supplement_policy_parse("Reset", "p", &p, &e), HC_EINVAL);
	assert_int_equal(hc_supplement_policy_parse(NULL, "p", &p, &e), HC_EINVAL);
	assert_string_equal(e.field, "p");
}

static void extension(void **state)
{
	(void)state;
	hc_err e;
	int64_t d = T("2026-02-25T16:00");
	int64_t later = T("2026-03-05T16:00");
	/* exactly one working day before due is allowed, one minute less not */
	assert_int_equal(hc_deadline_extension_check(cal, &H, d, T("2026-02-24T16:00"), later, &e),
	                 HC_OK);
	assert_int_equal(hc_deadline_extension_check(cal, &H, d, T("2026-02-24T16:01"), later, &e),
	                 HC_ECONFLICT);
	assert_string_equal(e.field, "action");
	assert_int_equal(hc_deadline_extension_check(cal, &H, d, T("2026-02-24T15:59"), later, &e),
	                 HC_OK);
	/* across Tết: due 23/2 10:00, one working day before is 13/2 10:00 */
	int64_t d2 = T("2026-02-23T10:00");
	assert_int_equal(hc_deadline_extension_check(cal, &H, d2, T("2026-02-13T10:00"), later, &e),
	                 HC_OK);
	assert_int_equal(hc_deadline_extension_check(cal, &H, d2, T("2026-02-13T10:01"), later, &e),
	                 HC_ECONFLICT);
	/* a whole holiday week before due is still less than one working day */
	assert_int_equal(hc_deadline_extension_check(cal, &H, d2, T("2026-02-14T08:00"), later, &e),
	                 HC_ECONFLICT);
	/* after the due instant */
	assert_int_equal(hc_deadline_extension_check(cal, &H, d, d + 60, later, &e), HC_ECONFLICT);
	/* the new due must be later than the current one */
	assert_int_equal(hc_deadline_extension_check(cal, &H, d, T("2026-02-20T10:00"), d, &e),
	                 HC_EINVAL);
	assert_string_equal(e.field, "new_due");
	assert_int_equal(
	    hc_deadline_extension_check(cal, &H, d, T("2026-02-20T10:00"), d - 3600, &e),
	    HC_EINVAL);
	assert_int_equal(hc_deadline_extension_check(cal, &H, d, T("2026-02-20T10:00"), d + 1, &e),
	                 HC_OK);
}

static void classify(void **state)
{
	(void)state;
	int64_t d = T("2026-02-25T16:00");
	assert_int_equal(hc_deadline_classify(d, d), HC_ON_TIME);
	assert_int_equal(hc_deadline_classify(d, d + 1), HC_LATE);
	assert_int_equal(hc_deadline_classify(d, T("2026-02-25T17:00")), HC_LATE);
	assert_int_equal(hc_deadline_classify(d, T("2026-02-25T07:30")), HC_ON_TIME);
	assert_int_equal(hc_deadline_classify(d, T("2026-02-25T00:00")), HC_ON_TIME);
	assert_int_equal(hc_deadline_classify(d, T("2026-02-24T23:59:59")), HC_EARLY);
	assert_int_equal(hc_deadline_classify(d, T("2026-02-12T10:00")), HC_EARLY);
	assert_int_equal(hc_deadline_classify(d, T("2026-03-01T10:00")), HC_LATE);
	/* local days, not UTC days: due 06:00 local is 23:00 UTC the day before */
	int64_t early_due = T("2026-02-25T06:00");
	assert_int_equal(hc_deadline_classify(early_due, T("2026-02-25T00:30")), HC_ON_TIME);
	assert_int_equal(hc_deadline_classify(early_due, T("2026-02-24T23:30")), HC_EARLY);
	int64_t late_due = T("2026-02-25T23:30");
	assert_int_equal(hc_deadline_classify(late_due, T("2026-02-26T00:10")), HC_LATE);
	assert_int_equal(hc_deadline_classify(late_due, T("2026-02-25T06:30")), HC_ON_TIME);
}

static void limit_grammar(void **state)
{
	(void)state;
	hc_limit l;
	hc_err e;
	char buf[16];
	assert_int_equal(hc_limit_parse("3d", "limit", &l, &e), HC_OK);
	assert_int_equal(l.kind, HC_LIMIT_DAYS);
	assert_int_equal(l.value, 3);
	assert_int_equal(hc_limit_parse("365d", "limit", &l, &e), HC_OK);
	assert_int_equal(hc_limit_parse("1d", "limit", &l, &e), HC_OK);
	assert_int_equal(hc_limit_parse("2000h", "limit", &l, &e), HC_OK);
	assert_int_equal(l.kind, HC_LIMIT_HOURS);
	assert_int_equal(l.value, 2000);
	assert_int_equal(hc_limit_parse("sameday", "limit", &l, &e), HC_OK);
	assert_int_equal(l.kind, HC_LIMIT_SAMEDAY);
	assert_int_equal(l.value, 0);
	static const char *bad[] = {
	    "0d",       "0h",       "366d",    "2001h",
	    "3D",       "3H",       "3",       "d",
	    "h",        "",         " 3d",     "3d ",
	    "+3d",      "-3d",      "03d",     "3.5d",
	    "3 d",      "3dd",      "3w",      "99999d",
	    "sameday ", " sameday", "Sameday", "same day",
	    "samedays", "1e3h",     "100000h", "12345678901234567890d",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (hc_limit_parse(bad[i], "limit", &l, &e) != HC_EINVAL)
			fail_msg("accepted '%s'", bad[i]);
		assert_string_equal(e.field, "limit");
	}
	assert_int_equal(hc_limit_parse(NULL, "limit", &l, &e), HC_EINVAL);
	char lng[300];
	memset(lng, '9', sizeof lng - 1);
	lng[sizeof lng - 2] = 'd';
	lng[sizeof lng - 1] = '\0';
	assert_int_equal(hc_limit_parse(lng, "limit", &l, &e), HC_EINVAL);
	/* format round trip over the whole grammar */
	for (int v = 1; v <= 365; v++) {
		hc_limit a = {HC_LIMIT_DAYS, v}, b;
		assert_int_equal(hc_limit_parse(hc_limit_format(a, buf, sizeof buf), "l", &b, &e),
		                 HC_OK);
		assert_int_equal(b.kind, a.kind);
		assert_int_equal(b.value, v);
	}
	for (int v = 1; v <= 2000; v++) {
		hc_limit a = {HC_LIMIT_HOURS, v}, b;
		assert_int_equal(hc_limit_parse(hc_limit_format(a, buf, sizeof buf), "l", &b, &e),
		                 HC_OK);
		assert_int_equal(b.kind, a.kind);
		assert_int_equal(b.value, v);
	}
	assert_string_equal(hc_limit_format((hc_limit){HC_LIMIT_SAMEDAY, 0}, buf, sizeof buf),
	                    "sameday");
	/* database form */
	assert_int_equal(hc_limit_from_db("d", 15, &l, &e), HC_OK);
	assert_string_equal(hc_limit_format(l, buf, sizeof buf), "15d");
	assert_string_equal(hc_limit_kind_db(l.kind), "d");
	assert_int_equal(hc_limit_from_db("h", 8, &l, &e), HC_OK);
	assert_string_equal(hc_limit_kind_db(l.kind), "h");
	assert_int_equal(hc_limit_from_db("sameday", 0, &l, &e), HC_OK);
	assert_string_equal(hc_limit_kind_db(l.kind), "sameday");
	assert_int_equal(hc_limit_from_db("d", 0, &l, &e), HC_EINTERNAL);
	assert_int_equal(hc_limit_from_db("d", 366, &l, &e), HC_EINTERNAL);
	assert_int_equal(hc_limit_from_db("h", 2001, &l, &e), HC_EINTERNAL);
	assert_int_equal(hc_limit_from_db("sameday", 1, &l, &e), HC_EINTERNAL);
	assert_int_equal(hc_limit_from_db("w", 1, &l, &e), HC_EINTERNAL);
	assert_int_equal(hc_limit_from_db(NULL, 1, &l, &e), HC_EINTERNAL);
}

static void custom_hours(void **state)
{
	(void)state;
	hc_hours h;
	hc_err e;
	assert_int_equal(hc_hours_parse("07:00-11:00,13:30-17:30", &h, &e), HC_OK);
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T18:00"), L("1d")), "2026-03-03T17:30");
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T11:15"), L("1d")), "2026-03-03T11:00");
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T11:15"), L("1h")), "2026-03-02T14:30");
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T06:59"), L("1d")), "2026-03-02T17:30");
	assert_time(hc_deadline_due(cal, &h, T("2026-02-13T16:00"), L("3d")), "2026-02-25T16:00");
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T15:00"), L("sameday")),
	            "2026-03-02T17:30");
	/* single-session day: one working day is 4 hours */
	assert_int_equal(hc_hours_parse("08:00-12:00", &h, &e), HC_OK);
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T10:00"), L("1d")), "2026-03-03T10:00");
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T12:00"), L("1d")), "2026-03-03T12:00");
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T10:00"), L("5h")), "2026-03-03T11:00");
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T09:00"), L("sameday")),
	            "2026-03-02T12:00");
	/* the office closes before the 15:00 cut-off: an afternoon receipt is due
	 * at the next working day's close, not before it was received */
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T14:00"), L("sameday")),
	            "2026-03-03T12:00");
	assert_time(hc_deadline_due(cal, &h, T("2026-03-02T12:00"), L("sameday")),
	            "2026-03-03T12:00");
	/* extension and supplement use the custom working-day length */
	int64_t d = T("2026-03-04T10:00");
	assert_int_equal(hc_deadline_extension_check(cal, &h, d, T("2026-03-03T10:00"), d + 60, &e),
	                 HC_OK);
	assert_int_equal(hc_deadline_extension_check(cal, &h, d, T("2026-03-03T10:01"), d + 60, &e),
	                 HC_ECONFLICT);
	assert_false(
	    hc_deadline_supplement_late(cal, &h, T("2026-03-02T10:00"), T("2026-03-05T10:00")));
	assert_true(
	    hc_deadline_supplement_late(cal, &h, T("2026-03-02T10:00"), T("2026-03-05T10:01")));
	/* ten minutes a day: 2000 h is 12000 working days, longer than any run
	 * of days off but walked to the end all the same */
	assert_int_equal(hc_hours_parse("07:50-08:00", &h, &e), HC_OK);
	int64_t r = T("2026-04-30T09:00");
	int64_t far = hc_deadline_due(cal, &h, r, L("2000h"));
	assert_int_equal(hc_deadline_working_between(cal, &h, r, far), 2000 * 60);
	assert_int_equal(hc_local_minute(far), 8 * 60);
	/* a due instant always follows the receipt */
	assert_int_equal(hc_hours_parse("07:30-11:30,13:00-17:00", &h, &e), HC_OK);
	static const char *limits[] = {"1d", "2d", "1h", "3h", "8h", "sameday"};
	for (int64_t t = T("2026-02-10T00:00"); t < T("2026-03-03T00:00"); t += 37 * 60)
		for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
			assert_true(hc_deadline_due(cal, &h, t, L(limits[i])) > t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(days_across_holidays),
	    cmocka_unit_test(hours_limits),
	    cmocka_unit_test(same_day),
	    cmocka_unit_test(supplements),
	    cmocka_unit_test(extension),
	    cmocka_unit_test(classify),
	    cmocka_unit_test(limit_grammar),
	    cmocka_unit_test(custom_hours),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
