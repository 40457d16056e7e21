/* `haicap feedback stats`: argument parsing and printing only; the counts
 * come from feedback.c. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/clock.h"
#include "core/time.h"
#include "db/db.h"
#include "domain/feedback.h"
#include "domain/unit.h"

static void print_rate(const char *label, int64_t num, int64_t den)
{
	if (den)
		printf("%s%6.2f%%  (%lld/%lld)\n", label, 100.0 * (double)num / (double)den,
		       (long long)num, (long long)den);
	else
		printf("%s     -\n", label);
}

static void print_text(const hc_feedback_counts *c)
{
	printf("Kỳ trước chuyển sang:           %lld\n", (long long)c->carried_over);
	printf("Tiếp nhận trong kỳ:             %lld (cổng trực tuyến %lld, trực tiếp %lld, điện "
	       "thoại %lld, thư %lld, đường dây nóng %lld)\n",
	       (long long)c->received.total, (long long)c->received.web,
	       (long long)c->received.direct, (long long)c->received.phone,
	       (long long)c->received.mail, (long long)c->received.hotline);
	printf("Từ chối tiếp nhận:              %lld\n", (long long)c->refused);
	printf("Đã xử lý, trả lời:              %lld (đúng hạn %lld, quá hạn %lld)\n",
	       (long long)c->handled.total, (long long)c->handled.on_time,
	       (long long)c->handled.late);
	printf("Đang xử lý:                     %lld (trong hạn %lld, quá hạn %lld, chờ bổ sung "
	       "thông tin %lld)\n",
	       (long long)c->pending.total, (long long)c->pending.within,
	       (long long)c->pending.overdue, (long long)c->pending.awaiting_info);
	printf("Đã công khai kết quả:           %lld (đúng hạn %lld, quá hạn %lld)\n",
	       (long long)c->published.total, (long long)c->published.on_time,
	       (long long)c->published.late);
	printf("Đánh giá hồ sơ đã trả kết quả:  %lld có đánh giá / %lld hồ sơ, hài lòng %lld\n",
	       (long long)c->ratings.rated, (long long)c->ratings.returned,
	       (long long)c->ratings.satisfied);
	printf("Tỷ lệ:\n");
	print_rate("  trả lời đúng hạn              ", c->handled.on_time, c->handled.total);
	print_rate("  hài lòng                      ", c->ratings.satisfied, c->ratings.rated);
}

static int feedback_stats(int argc, char **argv)
{
	static const char *const spec[] = {"db:", "unit:", "from:", "to:", "now:", "json", NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path, *from_s, *to_s, *unit_code;
	int64_t from, to;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err) ||
	    hc_args_need(&a, "unit", &unit_code, &err) || hc_args_need(&a, "from", &from_s, &err) ||
	    hc_args_need(&a, "to", &to_s, &err) || hc_parse_date(from_s, "from", &from, &err) ||
	    hc_parse_date(to_s, "to", &to, &err))
		return hc_cli_fail(&err);
	if (a.npos) {
		fprintf(stderr, "haicap: unexpected argument '%s'\n", a.pos[0]);
		return 2;
	}
	hc_clock clock = {0};
	if (hc_args_get(&a, "now") &&
	    hc_parse_local_time(hc_args_get(&a, "now"), "now", &clock.fixed, &err))
		return hc_cli_fail(&err);
	hc_db *db;
	if (hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	hc_tx *tx;
	hc_feedback_counts c;
	int rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
	if (!rc) {
		hc_unit u;
		rc = hc_unit_by_code(tx, unit_code, &u, &err);
		if (rc == HC_ENOTFOUND)
			rc = hc_err_set(&err, HC_EINVAL, "unit", "Không tìm thấy đơn vị",
			                "unknown unit %.31s", unit_code);
		if (!rc)
			rc = hc_feedback_counts_compute(tx, u.id, hc_local_instant(from, 0),
			                                hc_local_instant(to, 0),
			                                hc_clock_now(&clock), &c, &err);
		rc = hc_tx_end(tx, rc, &err);
	}
	hc_db_close(db);
	if (rc)
		return hc_cli_fail(&err);
	if (hc_args_flag(&a, "json")) {
		json_t *j = hc_feedback_counts_json(&c);
		char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (!text)
			return 1;
		printf("%s\n", text);
		free(text);
	} else {
		print_text(&c);
	}
	return 0;
}

int hc_cmd_feedback(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "stats") != 0) {
		fprintf(stderr, "usage: haicap feedback stats --db FILE --unit CODE --from DATE "
		                "--to DATE [--json]\n");
		return 2;
	}
	return feedback_stats(argc - 1, argv + 1);
}
