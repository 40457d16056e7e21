/* `haicap index766`: the Decision 766/QĐ-TTg service index of one unit, or
 * the ranking of every unit. Argument parsing and printing only; the
 * figures and scores come from index766.c. */
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
#include "domain/index766.h"
#include "domain/unit.h"

static void pad(const char *s, size_t width)
{
	size_t n = hc_text_length(s);
	printf("%s%*s", s, (int)(n < width ? width - n : 1), "");
}

static void print_unit(const json_t *j)
{
	const json_t *u = json_object_get(j, "unit");
	printf(
	    "Bộ chỉ số 766/QĐ-TTg: %s (%s), từ %s đến trước %s, bảng phiên bản %lld\n",
	    json_string_value(json_object_get(u, "name")),
	    json_string_value(json_object_get(u, "code")),
	    json_string_value(json_object_get(j, "from")),
	    json_string_value(json_object_get(j, "to")),
	    (long long)json_integer_value(json_object_get(json_object_get(j, "table"), "version")));
	size_t gi;
	const json_t *g;
	json_array_foreach(json_object_get(j, "groups"), gi, g)
	{
		printf("\n");
		pad(json_string_value(json_object_get(g, "name")), 71);
		printf("%6.2f / %5.2f\n", json_real_value(json_object_get(g, "score")),
		       json_real_value(json_object_get(g, "max")));
		size_t ii;
		const json_t *ind;
		json_array_foreach(json_object_get(g, "indicators"), ii, ind)
		{
			printf("  %-4s ", json_string_value(json_object_get(ind, "code")));
			pad(json_string_value(json_object_get(ind, "name")), 64);
			printf("%6.2f / %5.2f  ", json_real_value(json_object_get(ind, "score")),
			       json_real_value(json_object_get(ind, "max")));
			if (!json_is_true(json_object_get(ind, "recorded")))
				printf("(chưa có số liệu)");
			else
				printf("(%lld/%lld)",
				       (long long)json_integer_value(json_object_get(ind, "num")),
				       (long long)json_integer_value(json_object_get(ind, "den")));
			if (!json_is_true(json_object_get(ind, "confirmed")))
				printf(" *");
			printf("\n");
		}
	}
	printf("\n");
	pad("Tổng điểm", 71);
	printf("%6.2f / 100\n", json_real_value(json_object_get(j, "total")));
	printf("(*) cách tính hoặc điểm tối đa chưa được xác nhận với văn bản công bố\n");
}

static void print_ranking(const json_t *j)
{
	printf("Xếp hạng Bộ chỉ số 766/QĐ-TTg, từ %s đến trước %s\n",
	       json_string_value(json_object_get(j, "from")),
	       json_string_value(json_object_get(j, "to")));
	const char *province = "";
	size_t i;
	const json_t *u;
	json_array_foreach(json_object_get(j, "units"), i, u)
	{
		const char *p = json_string_value(json_object_get(u, "province"));
		if (strcmp(p, province) != 0) {
			printf("\n%s\n", p);
			province = p;
		}
		printf("  %8s  %-8s ", json_string_value(json_object_get(u, "rank")),
		       json_string_value(json_object_get(u, "code")));
		pad(json_string_value(json_object_get(u, "name")), 36);
		printf("%6.2f\n", json_real_value(json_object_get(u, "total")));
	}
}

int hc_cmd_index766(int argc, char **argv)
{
	static const char *const spec[] = {
	    "db:", "unit:", "all-units", "from:", "to:", "now:", "json", NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path, *from_s, *to_s;
	int64_t from, to;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err) ||
	    hc_args_need(&a, "from", &from_s, &err) || hc_args_need(&a, "to", &to_s, &err) ||
	    hc_parse_date(from_s, "from", &from, &err) || hc_parse_date(to_s, "to", &to, &err))
		return hc_cli_fail(&err);
	bool all = hc_args_flag(&a, "all-units");
	const char *unit_code = hc_args_get(&a, "unit");
	if (all == (unit_code != NULL)) {
		fprintf(stderr,
		        "usage: haicap index766 --db FILE (--unit CODE | --all-units) --from "
		        "DATE --to DATE [--json]\n");
		return 2;
	}
	hc_clock clock = {0};
	if (hc_args_get(&a, "now") &&
	    hc_parse_local_time(hc_args_get(&a, "now"), "now", &clock.fixed, &err))
		return hc_cli_fail(&err);
	hc_i766_table table = {0};
	if (hc_i766_table_builtin(&table, &err))
		return hc_cli_fail(&err);
	hc_db *db;
	if (hc_db_open(db_path, 1, &db, &err)) {
		hc_i766_table_free(&table);
		return hc_cli_fail(&err);
	}
	hc_tx *tx;
	json_t *j = NULL;
	int rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
	if (!rc) {
		if (all) {
			hc_i766_ranking r;
			rc = hc_i766_ranking_compute(tx, &table, from, to, hc_clock_now(&clock), &r,
			                             &err);
			if (!rc && !(j = hc_i766_ranking_json(&r, NULL, NULL)))
				rc = hc_err_set(&err, HC_ENOMEM, NULL, "Hết bộ nhớ", "no memory");
			hc_i766_ranking_free(&r);
		} else {
			hc_unit u;
			rc = hc_unit_by_code(tx, unit_code, &u, &err);
			if (!rc)
				rc = hc_i766_unit_report(tx, &table, u.id, from, to,
				                         hc_clock_now(&clock), &j, &err);
		}
		rc = hc_tx_end(tx, rc, &err);
	}
	hc_db_close(db);
	hc_i766_table_free(&table);
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
	if (all)
		print_ranking(j);
	else
		print_unit(j);
	json_decref(j);
	return 0;
}
