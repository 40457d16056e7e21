/* `haicap deadline` and `haicap calendar`: thin front ends of deadline.h and
 * calendar.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/time.h"
#include "domain/calendar.h"
#include "domain/deadline.h"

int hc_cmd_deadline(int argc, char **argv)
{
	static const char *const spec[] = {"received:", "limit:", "hours:", NULL};
	hc_args a;
	hc_err err = {0};
	const char *received_s, *limit_s;
	int64_t received;
	hc_limit limit;
	hc_hours hours;
	hc_hours_default(&hours);
	if (hc_args_parse(argc, argv, spec, &a, &err) ||
	    hc_args_need(&a, "received", &received_s, &err) ||
	    hc_args_need(&a, "limit", &limit_s, &err) ||
	    hc_parse_local_time(received_s, "received", &received, &err) ||
	    hc_limit_parse(limit_s, "limit", &limit, &err) ||
	    (hc_args_get(&a, "hours") && hc_hours_parse(hc_args_get(&a, "hours"), &hours, &err)))
		return hc_cli_fail(&err);
	hc_calendar *cal;
	if (hc_calendar_new(&cal, &err))
		return hc_cli_fail(&err);
	char buf[HC_TIME_BUF];
	printf("%s\n", hc_fmt_local(hc_deadline_due(cal, &hours, received, limit), buf));
	hc_calendar_free(cal);
	return 0;
}

int hc_cmd_calendar(int argc, char **argv)
{
	static const char *const spec[] = {"year:", NULL};
	hc_args a;
	hc_err err = {0};
	const char *year_s;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "year", &year_s, &err))
		return hc_cli_fail(&err);
	char *end;
	errno = 0;
	long year = strtol(year_s, &end, 10);
	if (errno || *end || end == year_s || year < 1900 || year > 2100) {
		hc_err_set(&err, HC_EINVAL, "year", "Năm phải từ 1900 đến 2100",
			   "--year must be 1900..2100");
		return hc_cli_fail(&err);
	}
	hc_calendar *cal;
	if (hc_calendar_new(&cal, &err))
		return hc_cli_fail(&err);
	for (int64_t d = hc_days_from_civil((int)year, 1, 1);
	     d <= hc_days_from_civil((int)year, 12, 31); d++) {
		bool off;
		const char *reason = hc_calendar_exception(cal, d, &off);
		if (reason) {
			char buf[HC_DATE_BUF];
			printf("%s\t%s\t%s\n", hc_fmt_date(d, buf), off ? "off" : "work", reason);
		}
	}
	hc_calendar_free(cal);
	return 0;
}
