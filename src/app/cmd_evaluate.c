/* `haicap evaluate`: the evaluation of how a unit's dossiers were handled
 * (Circular 01/2018/TT-VPCP, nine indicators), for the unit and per office
 * or handler. Argument parsing and printing only; every rule is in
 * domain/evaluation.c. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/clock.h"
#include "core/text.h"
#include "core/time.h"
#include "db/db.h"
#include "domain/evaluation.h"
#include "domain/unit.h"

static void pad(const char *s, size_t width)
{
	size_t n = hc_text_length(s);
	printf("%s%*s", s, (int)(n < width ? width - n : 1), "");
}

static void print_group(const json_t *scale, const json_t *g, const char *title)
{
	const json_t *cls = json_object_get(g, "classification");
	printf("\n%s: %lld hồ sơ", title,
	       (long long)json_integer_value(json_object_get(g, "dossiers")));
	if (json_is_object(cls))
		printf(", %.2f/%lld điểm đo được, quy đổi %.2f/18, xếp loại %s\n",
		       json_real_value(json_object_get(g, "score")),
		       (long long)json_integer_value(json_object_get(g, "max")),
		       json_real_value(json_object_get(g, "score_18")),
		       json_string_value(json_object_get(cls, "label")));
	else
		printf(", chưa có chỉ số đo được\n");
	size_t i;
	const json_t *ind;
	const json_t *defs = json_object_get(scale, "indicators");
	json_array_foreach(json_object_get(g, "indicators"), i, ind)
	{
		const json_t *def = json_array_get(defs, i);
		printf("  %zu. ", i + 1);
		pad(json_string_value(json_object_get(def, "name")), 72);
		const json_t *avg = json_object_get(ind, "average");
		if (json_is_real(avg)) {
			const json_t *p = json_object_get(ind, "points");
			printf("%4.2f  (2đ: %lld, 1đ: %lld, 0đ: %lld", json_real_value(avg),
			       (long long)json_integer_value(json_object_get(p, "2")),
			       (long long)json_integer_value(json_object_get(p, "1")),
			       (long long)json_integer_value(json_object_get(p, "0")));
			long long nm =
			    (long long)json_integer_value(json_object_get(ind, "not_measured"));
			if (nm)
				printf("; không đo được: %lld", nm);
			printf(")\n");
		} else {
			printf("  —   (không đo được: %s)\n",
			       json_string_value(json_object_get(ind, "reason")));
		}
	}
}

static void print_report(const json_t *j)
{
	const json_t *u = json_object_get(j, "unit"), *scale = json_object_get(j, "scale");
	printf(
	    "Đánh giá việc giải quyết TTHC (Thông tư 01/2018/TT-VPCP): %s (%s), hồ sơ giải quyết "
	    "từ %s đến trước %s\n",
	    json_string_value(json_object_get(u, "name")),
	    json_string_value(json_object_get(u, "code")),
	    json_string_value(json_object_get(j, "from")),
	    json_string_value(json_object_get(j, "to")));
	print_group(scale, json_object_get(j, "summary"), "Toàn đơn vị");
	const json_t *groups = json_object_get(j, "groups");
	const char *by = json_string_value(json_object_get(j, "by"));
	size_t i;
	const json_t *g;
	json_array_foreach(groups, i, g)
	{
		char title[700];
		const char *key = json_string_value(json_object_get(g, by));
		snprintf(title, sizeof title, "%s %s%s%s%s",
		         strcmp(by, "office") == 0 ? "Cơ quan" : "Cán bộ",
		         json_string_value(json_object_get(g, "name")), key[0] ? " (" : "", key,
		         key[0] ? ")" : "");
		print_group(scale, g, title);
	}
	printf(
	    "\nĐiểm quy đổi = điểm các chỉ số đo được ÷ điểm tối đa của chúng × 18. Thang xếp loại "
	    "chưa được xác nhận với văn bản.\n");
}

int hc_cmd_evaluate(int argc, char **argv)
{
	static const char *const spec[] = {
	    "db:", "unit:", "from:", "to:", "period:", "by:", "now:", "json", NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path, *unit_code;
	int64_t from = 0, to = 0;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err) ||
	    hc_args_need(&a, "unit", &unit_code, &err))
		return hc_cli_fail(&err);
	const char *period = hc_args_get(&a, "period");
	const char *from_s = hc_args_get(&a, "from"), *to_s = hc_args_get(&a, "to");
	if ((period != NULL) == (from_s != NULL || to_s != NULL) ||
	    (!period && (!from_s || !to_s))) {
		fprintf(stderr,
		        "usage: haicap evaluate --db FILE --unit CODE (--from DATE --to DATE "
		        "| --period YYYY|YYYY-Qn) [--by office|handler] [--json]\n");
		return 2;
	}
	enum hc_eval_by by;
	if (period ? hc_evaluation_period(period, "period", &from, &to, &err)
	           : (hc_parse_date(from_s, "from", &from, &err) ||
	              hc_parse_date(to_s, "to", &to, &err)))
		return hc_cli_fail(&err);
	if (hc_evaluation_by_parse(hc_args_get(&a, "by"), &by, &err))
		return hc_cli_fail(&err);
	hc_clock clock = {0};
	if (hc_args_get(&a, "now") &&
	    hc_parse_local_time(hc_args_get(&a, "now"), "now", &clock.fixed, &err))
		return hc_cli_fail(&err);
	hc_db *db;
	if (hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	hc_tx *tx;
	json_t *j = NULL;
	int rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
	if (!rc) {
		hc_unit u;
		rc = hc_unit_by_code(tx, unit_code, &u, &err);
		if (!rc)
			rc = hc_evaluation_report(tx, u.id, from, to, hc_clock_now(&clock), by, &j,
			                          &err);
		rc = hc_tx_end(tx, rc, &err);
	}
	hc_db_close(db);
	if (rc) {
		json_decref(j);
		return hc_cli_fail(&err);
	}
	if (hc_args_flag(&a, "json")) {
		char *text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		if (!text)
			return 1;
		printf("%s\n", text);
		free(text);
		return 0;
	}
	print_report(j);
	json_decref(j);
	return 0;
}
