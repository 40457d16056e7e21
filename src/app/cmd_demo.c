/* `haicap demo`: builds the demonstration database (demo.c) and prints the
 * demo logins. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/clock.h"
#include "core/time.h"
#include "db/db.h"
#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/calendar_store.h"
#include "domain/demo.h"

static int parse_scale(const char *s, double *out, hc_err *err)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0.0) || v > 20.0)
		return hc_err_set(err, HC_EINVAL, "scale", "Hệ số quy mô phải trong khoảng (0, 20]",
		                  "--scale must be in (0, 20]");
	*out = v;
	return HC_OK;
}

int hc_cmd_demo(int argc, char **argv)
{
	static const char *const spec[] = {"db:", "scale:", "now:", "seed:", "city:", NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path;
	hc_demo_options opt = {.scale = 1.0};
	hc_clock clock = {0};
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err) ||
	    (hc_args_get(&a, "scale") && parse_scale(hc_args_get(&a, "scale"), &opt.scale, &err)) ||
	    (hc_args_get(&a, "now") &&
	     hc_parse_local_time(hc_args_get(&a, "now"), "now", &clock.fixed, &err)))
		return hc_cli_fail(&err);
	if (hc_args_get(&a, "seed")) {
		char *end;
		opt.seed = strtoull(hc_args_get(&a, "seed"), &end, 10);
		if (*end || end == hc_args_get(&a, "seed")) {
			hc_err_set(&err, HC_EINVAL, "seed", "Giá trị seed không hợp lệ",
			           "bad --seed");
			return hc_cli_fail(&err);
		}
	}
	if (hc_args_get(&a, "city")) {
		char *end;
		const char *v = hc_args_get(&a, "city");
		long n = strtol(v, &end, 10);
		if (*end || end == v || n < 1 || n > HC_DEMO_CITY_MAX) {
			hc_err_set(&err, HC_EINVAL, "city",
			           "Số đơn vị của thành phố phải từ 1 đến 400",
			           "--city must be 1..%d", HC_DEMO_CITY_MAX);
			return hc_cli_fail(&err);
		}
		opt.city_units = (int)n;
	}
	opt.now = hc_clock_now(&clock);
	hc_db *db;
	hc_calendar *cal = NULL;
	if (hc_auth_init(&err) || hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	int rc = hc_calendar_open(db, &cal, &err);
	hc_demo_report rep;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!rc) {
		hc_tx *tx;
		int64_t units = 0;
		rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
		if (!rc)
			rc = hc_tx_end(
			    tx, hc_tx_query_int(tx, &err, &units, "SELECT COUNT(*) FROM units", ""),
			    &err);
		if (!rc && units)
			rc = hc_err_set(&err, HC_ECONFLICT, "db",
			                "Cơ sở dữ liệu đã có dữ liệu; hãy dùng một tệp mới",
			                "database %s already has units", db_path);
	}
	if (!rc)
		rc = hc_demo_build(db, cal, &opt, &rep, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	hc_calendar_free(cal);
	hc_db_close(db);
	if (rc)
		return hc_cli_fail(&err);
	printf("demo database %s: %d units, %d staff, %d procedures, %lld dossiers, %lld feedback, "
	       "%lld actions (%.1f s)\n",
	       db_path, rep.units, rep.staff, rep.procedures, (long long)rep.dossiers,
	       (long long)rep.feedback, (long long)rep.actions,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("demo logins (password %s):\n"
	       "  tranlieu.motcua1    reception officer, Phường Trần Liễu\n"
	       "  tranlieu.chuyenvien1 specialist, Phường Trần Liễu\n"
	       "  tranlieu.giamdoc    head of the one-stop center\n"
	       "  tranlieu.chutich    commune leader\n"
	       "  tranlieu.quantri    administrator\n"
	       "  (same roles for kimtra., habac., anphong., haian., bachlongvi., viethung.)\n"
	       "  hp.giamsat          city supervisor (every unit)\n",
	       HC_DEMO_PASSWORD);
	return 0;
}
