/* libFuzzer target for the time, limit and office-hours parsers and the
 * due-date walk (src/core/time.h, src/domain/deadline.h, calendar.h). The
 * input is up to four lines: a local time, a date, a limit and office hours.
 * Whatever parses is used: the due instant of the time and limit (with the
 * parsed hours, else the default ones) on one calendar built once, checked
 * against the invariants callers rely on. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/deadline.h"
#include "domain/lunar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 512

static hc_calendar *cal;

/* Copies line i (0-based, '\n'-separated) of data into buf, NUL-terminated;
 * embedded NULs end the string early, as they would for any C caller. */
static void line_of(const uint8_t *data, size_t size, int i, char *buf, size_t cap)
{
	size_t at = 0;
	for (; i > 0 && at < size; at++)
		if (data[at] == '\n')
			i--;
	size_t n = 0;
	while (at + n < size && data[at + n] != '\n' && n + 1 < cap) {
		buf[n] = (char)data[at + n];
		n++;
	}
	buf[n] = '\0';
}

static void check_limit(int64_t t, hc_limit l, const hc_hours *h)
{
	int64_t due = hc_deadline_due(cal, h, t, l);
	if (due <= t) /* a due instant always follows the receipt */
		abort();
	if (hc_deadline_classify(due, due) != HC_ON_TIME ||
	    hc_deadline_classify(due, due + 1) != HC_LATE)
		abort();
	if (l.kind != HC_LIMIT_SAMEDAY) {
		/* exactly the limit's working time lies between receipt and due */
		int64_t want = l.kind == HC_LIMIT_DAYS ? (int64_t)l.value * hc_hours_day_minutes(h)
		                                       : (int64_t)l.value * 60;
		if (hc_deadline_working_between(cal, h, t, due) != want)
			abort();
	}
	char buf[16];
	hc_limit back;
	hc_err e;
	if (hc_limit_parse(hc_limit_format(l, buf, sizeof buf), "l", &back, &e) != HC_OK ||
	    back.kind != l.kind || back.value != l.value)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	hc_err e;
	if (!cal && hc_calendar_new(&cal, &e) != HC_OK)
		abort();
	char s_time[MAX_INPUT + 1], s_date[MAX_INPUT + 1], s_limit[MAX_INPUT + 1],
	    s_hours[MAX_INPUT + 1];
	line_of(data, size, 0, s_time, sizeof s_time);
	line_of(data, size, 1, s_date, sizeof s_date);
	line_of(data, size, 2, s_limit, sizeof s_limit);
	line_of(data, size, 3, s_hours, sizeof s_hours);

	int64_t t = 0, day = 0;
	bool have_t = hc_parse_local_time(s_time, "t", &t, &e) == HC_OK;
	if (have_t && t % 60 == 0) { /* minute precision formats back exactly */
		char buf[HC_TIME_BUF];
		int64_t t2;
		if (hc_parse_local_time(hc_fmt_local(t, buf), "t", &t2, &e) != HC_OK || t2 != t)
			abort();
	}
	if (hc_parse_date(s_date, "d", &day, &e) == HC_OK) {
		char buf[HC_DATE_BUF];
		int64_t d2;
		if (hc_parse_date(hc_fmt_date(day, buf), "d", &d2, &e) != HC_OK || d2 != day)
			abort();
		hc_date c = hc_civil_from_days(day);
		if (c.y >= 1900 && c.y <= 2199) { /* the lunar range */
			hc_lunar l = hc_lunar_from_day(day);
			int64_t back;
			if (l.day < 1 || l.day > 30 || l.month < 1 || l.month > 12)
				abort();
			/* January 1900 before Tết is lunar 1899, outside to_day's range */
			if (l.year >= 1900 && (!hc_lunar_to_day(l, &back) || back != day))
				abort();
		}
	}
	hc_limit lim;
	bool have_l = hc_limit_parse(s_limit, "limit", &lim, &e) == HC_OK;
	hc_hours h;
	if (hc_hours_parse(s_hours, &h, &e) == HC_OK) {
		if (h.n < 1 || h.n > HC_HOURS_MAX_SESSIONS)
			abort();
		for (int i = 0; i < h.n; i++)
			if (h.start[i] < 0 || h.end[i] > 24 * 60 || h.start[i] >= h.end[i] ||
			    (i && h.start[i] < h.end[i - 1]))
				abort();
	} else {
		hc_hours_default(&h);
	}
	if (have_t && have_l)
		check_limit(t, lim, &h);
	return 0;
}
