/* `haicap stats` and `haicap audit verify`: argument parsing and printing
 * only; the figures come from stats.c and audit.c. */
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
#include "domain/audit.h"
#include "domain/stats.h"
#include "domain/unit.h"

/* Prints label padded to width characters (not bytes: Vietnamese text). */
static void print_label(const char *label, size_t width)
{
	size_t n = hc_text_length(label);
	printf("%s%*s", label, (int)(n < width ? width - n : 1), "");
}

static void print_rate(const char *label, hc_rate r)
{
	printf("  ");
	print_label(label, 28);
	if (r.den)
		printf("%6.2f%%  (%lld/%lld)\n", 100.0 * (double)r.num / (double)r.den,
		       (long long)r.num, (long long)r.den);
	else
		printf("     -\n");
}

static void print_text(const hc_stats *s)
{
	printf("Kỳ trước chuyển sang:               %lld\n", (long long)s->carried_over);
	printf("Tiếp nhận trong kỳ:                 %lld (trực tiếp %lld, trực tuyến %lld, bưu "
	       "chính %lld)\n",
	       (long long)s->received.total, (long long)s->received.direct,
	       (long long)s->received.online, (long long)s->received.postal);
	printf("Đã giải quyết:                      %lld (trước hạn %lld, đúng hạn %lld, quá hạn "
	       "%lld)\n",
	       (long long)s->finished.resolved.total, (long long)s->finished.resolved.early,
	       (long long)s->finished.resolved.on_time, (long long)s->finished.resolved.late);
	printf("Từ chối / rút hồ sơ:                %lld / %lld\n", (long long)s->finished.rejected,
	       (long long)s->finished.withdrawn);
	printf(
	    "Đang giải quyết:                    %lld (trong hạn %lld, quá hạn %lld, chờ bổ sung "
	    "%lld)\n",
	    (long long)s->pending.total, (long long)s->pending.within,
	    (long long)s->pending.overdue, (long long)s->pending.awaiting_supplement);
	printf("Tỷ lệ:\n");
	print_rate("đúng hạn", s->rates.on_time);
	print_rate("nộp trực tuyến", s->rates.online);
	print_rate("số hóa thành phần hồ sơ", s->rates.digitized_input);
	print_rate("số hóa kết quả", s->rates.digitized_result);
	print_rate("cấp kết quả điện tử", s->rates.e_result);
	print_rate("thanh toán trực tuyến", s->rates.paid_online);
	print_rate("tái sử dụng dữ liệu", s->rates.reuse);
}

static void print_percent(hc_rate r)
{
	if (r.den)
		printf(" %8.2f%%", 100.0 * (double)r.num / (double)r.den);
	else
		printf(" %9s", "-");
}

static void print_overview(const hc_stats_overview *o)
{
	static const char *const heads[] = {"Tiếp nhận", "Giải quyết", "Đúng hạn", "Quá hạn",
	                                    "Trực tuyến"};
	print_label("Mã", 8);
	print_label("Đơn vị", 30);
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		size_t n = hc_text_length(heads[i]);
		printf("%*s%s", (int)(n < 10 ? 10 - n : 1), "", heads[i]);
	}
	printf("  Xếp hạng (đúng hạn/quá hạn/trực tuyến)\n");
	for (size_t i = 0; i < o->n; i++) {
		const hc_stats_unit_row *r = &o->rows[i];
		print_label(r->unit.code, 8);
		print_label(r->unit.name, 30);
		printf(" %9lld %9lld", (long long)r->stats.received.total,
		       (long long)r->stats.finished.resolved.total);
		print_percent(r->stats.rates.on_time);
		printf(" %9lld", (long long)r->stats.pending.overdue);
		print_percent(r->stats.rates.online);
		printf("  %d/%zu %d/%zu %d/%zu\n", r->rank.on_time, o->n, r->rank.overdue, o->n,
		       r->rank.online, o->n);
	}
}

static int print_json(json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!text)
		return 1;
	printf("%s\n", text);
	free(text);
	return 0;
}

int hc_cmd_stats(int argc, char **argv)
{
	static const char *const spec[] = {
	    "db:",        "unit:",    "all-units", "from:", "to:", "field:",
	    "procedure:", "channel:", "now:",      "json",  NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path, *from_s, *to_s;
	int64_t from, to;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err) ||
	    hc_args_need(&a, "from", &from_s, &err) || hc_args_need(&a, "to", &to_s, &err) ||
	    hc_parse_date(from_s, "from", &from, &err) || hc_parse_date(to_s, "to", &to, &err))
		return hc_cli_fail(&err);
	hc_clock clock = {0};
	if (hc_args_get(&a, "now") &&
	    hc_parse_local_time(hc_args_get(&a, "now"), "now", &clock.fixed, &err))
		return hc_cli_fail(&err);
	hc_db *db;
	if (hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	hc_tx *tx;
	hc_stats s;
	hc_stats_overview ov = {0};
	bool all = hc_args_flag(&a, "all-units");
	if (all && hc_args_get(&a, "unit")) {
		hc_db_close(db);
		hc_err_set(&err, HC_EINVAL, "all-units",
		           "Chọn --unit hoặc --all-units, không cả hai",
		           "--unit and --all-units exclude each other");
		return hc_cli_fail(&err);
	}
	int rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
	if (!rc) {
		hc_stats_scope scope = {.field = hc_args_get(&a, "field"),
		                        .procedure_code = hc_args_get(&a, "procedure"),
		                        .channel = hc_args_get(&a, "channel")};
		const char *unit_code = hc_args_get(&a, "unit");
		if (all) {
			rc = hc_stats_overview_compute(tx, &scope, hc_local_instant(from, 0),
			                               hc_local_instant(to, 0),
			                               hc_clock_now(&clock), &ov, &err);
		} else if (unit_code) {
			hc_unit u;
			rc = hc_unit_by_code(tx, unit_code, &u, &err);
			scope.unit_id = u.id;
		}
		if (!rc && !all)
			rc = hc_stats_compute(tx, &scope, hc_local_instant(from, 0),
			                      hc_local_instant(to, 0), hc_clock_now(&clock), &s,
			                      &err);
		rc = hc_tx_end(tx, rc, &err);
	}
	hc_db_close(db);
	if (rc)
		return hc_cli_fail(&err);
	int out = 0;
	if (all && hc_args_flag(&a, "json"))
		out = print_json(hc_stats_overview_json(&ov));
	else if (all)
		print_overview(&ov);
	else if (hc_args_flag(&a, "json"))
		out = print_json(hc_stats_json(&s));
	else
		print_text(&s);
	hc_stats_overview_free(&ov);
	return out;
}

int hc_cmd_audit(int argc, char **argv)
{
	static const char *const spec[] = {"db:", "unit:", NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err))
		return hc_cli_fail(&err);
	if (a.npos != 1 || strcmp(a.pos[0], "verify") != 0) {
		fprintf(stderr, "usage: haicap audit verify --db FILE [--unit CODE]\n");
		return 2;
	}
	hc_db *db;
	if (hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	hc_tx *tx;
	hc_audit_report rep;
	int rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
	if (!rc) {
		int64_t unit_id = 0;
		if (hc_args_get(&a, "unit")) {
			hc_unit u;
			rc = hc_unit_by_code(tx, hc_args_get(&a, "unit"), &u, &err);
			unit_id = u.id;
		}
		if (!rc)
			rc = hc_audit_verify(tx, unit_id, &rep, &err);
		rc = hc_tx_end(tx, rc, &err);
	}
	hc_db_close(db);
	if (rc)
		return hc_cli_fail(&err);
	if (rep.bad_unit) {
		printf("audit chain BROKEN: unit %lld at row %lld (%lld rows in %lld chains "
		       "checked)\n",
		       (long long)rep.bad_unit, (long long)rep.bad_seq, (long long)rep.rows,
		       (long long)rep.units);
		return 1;
	}
	printf("audit chain ok: %lld rows in %lld chains\n", (long long)rep.rows,
	       (long long)rep.units);
	return 0;
}
