/* `haicap deadline` and `haicap calendar`: thin front ends of deadline.h and
 * calendar.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/time.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/calendar_store.h"
#include "domain/deadline.h"

/* The working calendar: with --db, including the schedules stored there. */
static int load_calendar(const char *db_path, hc_calendar **cal, hc_err *err)
{
	if (!db_path)
		return hc_calendar_new(cal, err);
	hc_db *db;
	int rc = hc_db_open(db_path, 1, &db, err);
	if (rc)
		return rc;
	rc = hc_calendar_open(db, cal, err);
	hc_db_close(db);
	return rc;
}

int hc_cmd_deadline(int argc, char **argv)
{
	static const char *const spec[] = {"received:", "limit:", "hours:", "db:", NULL};
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
	if (load_calendar(hc_args_get(&a, "db"), &cal, &err))
		return hc_cli_fail(&err);
	char buf[HC_TIME_BUF];
	printf("%s\n", hc_fmt_local(hc_deadline_due(cal, &hours, received, limit), buf));
	hc_calendar_free(cal);
	return 0;
}

/* `haicap calendar import --db FILE VN-YYYY.tsv`: stores an official
 * schedule so every command and the server use it from then on. */
static int import_schedule(const char *db_path, const char *path)
{
	hc_err err = {0};
	FILE *f = fopen(path, "rb");
	if (!f) {
		hc_err_set(&err, HC_EIO, "file", "Không mở được tệp lịch", "cannot open %s", path);
		return hc_cli_fail(&err);
	}
	char text[64 * 1024];
	size_t n = fread(text, 1, sizeof text - 1, f);
	bool too_big = !feof(f);
	fclose(f);
	if (too_big) {
		hc_err_set(&err, HC_ETOOBIG, "file", "Tệp lịch quá lớn (tối đa 64 KiB)",
		           "%s larger than 64 KiB", path);
		return hc_cli_fail(&err);
	}
	text[n] = '\0';
	if (strlen(text) != n) {
		hc_err_set(&err, HC_EINVAL, "file", "Tệp lịch chứa ký tự NUL", "%s contains NUL",
		           path);
		return hc_cli_fail(&err);
	}
	hc_db *db;
	if (hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	hc_tx *tx;
	int year = 0, rows = 0;
	int rc = hc_tx_begin(db, HC_TX_WRITE, &tx, &err);
	if (!rc)
		rc = hc_tx_end(tx, hc_calendar_store_put(tx, path, text, &year, &rows, &err), &err);
	hc_db_close(db);
	if (rc)
		return hc_cli_fail(&err);
	printf("stored the %d schedule: %d days\n", year, rows);
	return 0;
}

int hc_cmd_calendar(int argc, char **argv)
{
	static const char *const spec[] = {"year:", "db:", NULL};
	hc_args a;
	hc_err err = {0};
	const char *year_s;
	if (hc_args_parse(argc, argv, spec, &a, &err))
		return hc_cli_fail(&err);
	if (a.npos == 2 && strcmp(a.pos[0], "import") == 0) {
		const char *db_path;
		if (hc_args_need(&a, "db", &db_path, &err))
			return hc_cli_fail(&err);
		return import_schedule(db_path, a.pos[1]);
	}
	if (a.npos || hc_args_need(&a, "year", &year_s, &err)) {
		fprintf(stderr, "usage: haicap calendar --year YYYY [--db FILE]\n"
		                "       haicap calendar import --db FILE VN-YYYY.tsv\n");
		return 2;
	}
	char *end;
	errno = 0;
	long year = strtol(year_s, &end, 10);
	if (errno || *end || end == year_s || year < 1900 || year > 2100) {
		hc_err_set(&err, HC_EINVAL, "year", "Năm phải từ 1900 đến 2100",
		           "--year must be 1900..2100");
		return hc_cli_fail(&err);
	}
	hc_calendar *cal;
	if (load_calendar(hc_args_get(&a, "db"), &cal, &err))
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
