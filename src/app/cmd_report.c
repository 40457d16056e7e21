/* `haicap report`: the periodic report of one unit as a file. Argument
 * parsing only; the model comes from report.c, the layout from the writers
 * of report/output.h. */
#include <stdio.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/clock.h"
#include "core/time.h"
#include "db/db.h"
#include "domain/report.h"
#include "domain/unit.h"
#include "report/output.h"

#define USAGE                                                                                      \
	"usage: haicap report --db FILE --unit CODE --from DATE --to DATE --format docx|xlsx|pdf " \
	"--out FILE [--date DATE] [--now TIME]\n"

int hc_cmd_report(int argc, char **argv)
{
	static const char *const spec[] = {
	    "db:", "unit:", "from:", "to:", "format:", "out:", "date:", "now:", NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path, *unit_code, *from_s, *to_s, *format_s, *out_path;
	hc_report_params p = {0};
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err) ||
	    hc_args_need(&a, "unit", &unit_code, &err) || hc_args_need(&a, "from", &from_s, &err) ||
	    hc_args_need(&a, "to", &to_s, &err) || hc_args_need(&a, "format", &format_s, &err) ||
	    hc_args_need(&a, "out", &out_path, &err) ||
	    hc_parse_date(from_s, "from", &p.from_day, &err) ||
	    hc_parse_date(to_s, "to", &p.to_day, &err))
		return hc_cli_fail(&err);
	const hc_output_format *f = hc_output_find(format_s);
	if (!f) {
		fprintf(stderr, "haicap: unknown format '%s' (known: %s)\n" USAGE, format_s,
		        hc_output_names());
		return 2;
	}
	hc_clock clock = {0};
	if (hc_args_get(&a, "now") &&
	    hc_parse_local_time(hc_args_get(&a, "now"), "now", &clock.fixed, &err))
		return hc_cli_fail(&err);
	p.now = hc_clock_now(&clock);
	p.report_day = hc_local_day(p.now);
	if (hc_args_get(&a, "date") &&
	    hc_parse_date(hc_args_get(&a, "date"), "date", &p.report_day, &err))
		return hc_cli_fail(&err);
	hc_db *db;
	if (hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	hc_tx *tx;
	hc_report r = {0};
	int rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
	if (!rc) {
		hc_unit u;
		rc = hc_unit_by_code(tx, unit_code, &u, &err);
		p.unit_id = u.id;
		if (!rc)
			rc = hc_report_build(tx, &p, &r, &err);
		rc = hc_tx_end(tx, rc, &err);
	}
	hc_db_close(db);
	if (!rc)
		rc = hc_output_write(&r, f, out_path, &err);
	hc_report_free(&r);
	return rc ? hc_cli_fail(&err) : 0;
}
