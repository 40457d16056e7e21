/* Report model: figures equal the modules' for the same period, the prose
 * carries them in the Vietnamese number format, the Decree 30 header parts,
 * the catalog table against an independent count, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/time.h"
#include "domain/index766.h"
#include "domain/report.h"
#include "domain/stats.h"
#include "fixture.h"

static int64_t at(const char *s)
{
	int64_t t;
	hc_err e;
	assert_int_equal(hc_parse_local_time(s, "t", &t, &e), 0);
	return t;
}

static int64_t day(const char *s)
{
	int64_t d;
	hc_err e;
	assert_int_equal(hc_parse_date(s, "d", &d, &e), 0);
	return d;
}

/* One dossier of procedure P3D in unit A (finished 0 = pending). */
static void add(hc_tx *tx, int64_t unit, int n, const char *channel, int64_t received, int64_t due,
                int64_t finished)
{
	hc_err e;
	int64_t proc;
	assert_int_equal(
	    hc_tx_query_int(tx, &e, &proc,
	                    "SELECT id FROM procedures WHERE unit_id = ? AND code = 'P3D'", "i",
	                    unit),
	    0);
	char code[64];
	snprintf(code, sizeof code, "RP-%d", n);
	int rc = hc_tx_exec(
	    tx, &e,
	    "INSERT INTO dossiers (unit_id, deciding_unit_id, code, secret_hash, procedure_id,"
	    " channel, status, applicant_name, applicant_fold, received_at, due_at,"
	    " original_due_at, finished_at, outcome, fee, fee_paid_online,"
	    " digitized_input, digitized_result, e_result, reused, legacy, updated_at)"
	    " VALUES (?, ?, ?, 'x', ?, ?, ?, 'A', 'a', ?, ?, ?, NULLIF(?, 0), ?, 0, 0, ?, 1, 0, 1,"
	    " 1, 0)",
	    "iitittiiiiti", unit, unit, code, proc, channel, finished ? "resolved" : "processing",
	    received, due, due, finished, finished ? "resolved" : NULL, (int64_t)(n % 2));
	if (rc)
		fail_msg("insert: %s", e.detail);
}

/* 1,234 dossiers received in the first quarter of 2026 (985 resolved on
 * time, 15 late, 234 pending) and 5 carried over from December. */
static void populate(fixture *f)
{
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	int64_t base = at("2026-01-05T09:00");
	for (int i = 0; i < 1234; i++) {
		int64_t rec = base + (int64_t)(i % 60) * 86400;
		int64_t due = rec + 3 * 86400;
		int64_t fin = i < 985 ? rec + 3600 : i < 1000 ? due + 3600 : 0;
		add(tx, f->unit_a, i, i % 5 == 0 ? "direct" : "online", rec, due, fin);
	}
	for (int i = 0; i < 5; i++)
		add(tx, f->unit_a, 2000 + i, "postal", at("2025-12-10T09:00"),
		    at("2025-12-15T17:00"), 0);
	assert_int_equal(hc_tx_commit(tx, &e), 0);
}

static hc_report_params params(fixture *f)
{
	return (hc_report_params){.unit_id = f->unit_a,
	                          .from_day = day("2026-01-01"),
	                          .to_day = day("2026-04-01"),
	                          .report_day = day("2026-04-03"),
	                          .now = at("2026-04-03T10:00")};
}

static int build(fixture *f, const hc_report_params *p, hc_report *r, hc_err *e)
{
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, e), 0);
	int rc = hc_report_build(tx, p, r, e);
	hc_tx_rollback(tx);
	return rc;
}

static const hc_report_section *section(const hc_report *r, const char *key)
{
	for (int i = 0; i < r->nsections; i++)
		if (strcmp(r->sections[i].key, key) == 0)
			return &r->sections[i];
	fail_msg("no section %s", key);
	return NULL;
}

static const hc_report_table *first_table(const hc_report_section *s)
{
	for (int k = 0; k < s->nblocks; k++)
		if (s->blocks[k].kind == HC_RBLOCK_TABLE)
			return s->blocks[k].table;
	fail_msg("section %s has no table", s->key);
	return NULL;
}

/* Every paragraph of a section, joined. */
static void prose(const hc_report_section *s, char *out, size_t cap)
{
	out[0] = '\0';
	for (int k = 0; k < s->nblocks; k++)
		if (s->blocks[k].kind == HC_RBLOCK_PARAGRAPH) {
			strncat(out, s->blocks[k].text, cap - strlen(out) - 1);
			strncat(out, "\n", cap - strlen(out) - 1);
		}
}

/* Value of the row whose label (column 1) is label, column col. */
static const hc_report_cell *row_cell(const hc_report_table *t, const char *label, int col)
{
	for (int row = 1; row < t->nrows; row++) {
		const hc_report_cell *c = hc_report_cell_at(t, row, 1);
		if (c->kind == HC_RCELL_TEXT && strcmp(c->text, label) == 0)
			return hc_report_cell_at(t, row, col);
	}
	fail_msg("no row %s in %s", label, t->title);
	return NULL;
}

static int64_t int_at(const hc_report_table *t, const char *label, int col)
{
	const hc_report_cell *c = row_cell(t, label, col);
	assert_int_equal(c->kind, HC_RCELL_INT);
	return c->value;
}

static void figures_equal_stats(void **state)
{
	fixture *f = *state;
	populate(f);
	hc_report_params p = params(f);
	hc_report r;
	hc_err e;
	int rc = build(f, &p, &r, &e);
	if (rc)
		fail_msg("build: %s", e.detail);
	/* the same computation through stats.h */
	hc_tx *tx;
	hc_stats s;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	hc_stats_scope scope = {.unit_id = f->unit_a};
	assert_int_equal(hc_stats_compute(tx, &scope, hc_local_instant(p.from_day, 0),
	                                  hc_local_instant(p.to_day, 0), p.now, &s, &e),
	                 0);
	hc_tx_rollback(tx);
	assert_memory_equal(&r.stats, &s, sizeof s);
	assert_int_equal(s.received.total, 1234);
	assert_int_equal(s.carried_over, 5);
	assert_int_equal(s.finished.resolved.late, 15);

	const hc_report_table *t = first_table(section(&r, "dossiers"));
	assert_int_equal(int_at(t, "Kỳ trước chuyển sang", 2), s.carried_over);
	assert_int_equal(int_at(t, "Tiếp nhận trong kỳ", 2), s.received.total);
	assert_int_equal(int_at(t, "Trực tiếp", 2), s.received.direct);
	assert_int_equal(int_at(t, "Trực tuyến", 2), s.received.online);
	assert_int_equal(int_at(t, "Qua bưu chính công ích", 2), s.received.postal);
	assert_int_equal(int_at(t, "Đã giải quyết", 2), s.finished.resolved.total);
	assert_int_equal(int_at(t, "Trước hạn", 2), s.finished.resolved.early);
	assert_int_equal(int_at(t, "Đúng hạn", 2), s.finished.resolved.on_time);
	assert_int_equal(int_at(t, "Quá hạn", 2), s.finished.resolved.late);
	assert_int_equal(int_at(t, "Đang giải quyết", 2), s.pending.total);
	assert_int_equal(int_at(t, "Trong hạn", 2), s.pending.within);
	const hc_report_cell *rate = row_cell(t, "Tỷ lệ giải quyết đúng hạn", 2);
	assert_int_equal(rate->kind, HC_RCELL_PERCENT);
	assert_int_equal(rate->rate.num, 985);
	assert_int_equal(rate->rate.den, 1000);

	rate = row_cell(t, "Tỷ lệ hài lòng của tổ chức, công dân", 2);
	assert_int_equal(rate->kind, HC_RCELL_PERCENT);
	assert_int_equal(rate->rate.num, s.rates.satisfied.num);
	assert_int_equal(rate->rate.den, s.rates.satisfied.den);
	assert_int_equal(s.rates.satisfied.num, 985); /* the late ones are unsatisfied */

	const hc_report_table *d = first_table(section(&r, "digital"));
	assert_int_equal(int_at(d, "Nộp trực tuyến (trên số tiếp nhận)", 2), s.rates.online.num);
	assert_int_equal(int_at(d, "Nộp trực tuyến (trên số tiếp nhận)", 3), s.rates.online.den);
	assert_int_equal(int_at(d, "Số hóa thành phần hồ sơ", 2), s.rates.digitized_input.num);
	assert_int_equal(int_at(d, "Cấp kết quả điện tử", 2), s.rates.e_result.num);

	char text[8192], buf[HC_REPORT_NUM_BUF];
	prose(section(&r, "dossiers"), text, sizeof text);
	assert_non_null(strstr(text, "tiếp nhận 1.234 hồ sơ"));
	assert_non_null(strstr(text, "đạt 98,5%."));
	assert_non_null(strstr(text, "quá hạn 15 hồ sơ"));
	assert_non_null(strstr(text, "chuyển sang là 5 hồ sơ"));
	assert_non_null(strstr(text, "trên số đã giải quyết) đạt 98,5%; 0 hồ sơ được"));
	/* 1,239 to resolve */
	assert_non_null(strstr(text, "phải giải quyết là 1.239 hồ sơ"));
	prose(section(&r, "digital"), text, sizeof text);
	assert_non_null(strstr(text, hc_report_fmt_rate(s.rates.online, buf)));
	assert_string_equal(buf, "79,98%"); /* 987 of 1,234 online */

	/* Decree 30 header parts */
	assert_string_equal(r.superior, "UBND THÀNH PHỐ HẢI PHÒNG");
	assert_string_equal(r.issuer[0], "ỦY BAN NHÂN DÂN");
	assert_string_equal(r.issuer[1], "PHƯỜNG THỬ 90001");
	assert_string_equal(r.nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	assert_string_equal(r.motto, "Độc lập - Tự do - Hạnh phúc");
	assert_string_equal(r.number, "Số: ....../BC-UBND");
	assert_string_equal(r.place_date, "Thử 90001, ngày 03 tháng 4 năm 2026");
	assert_string_equal(r.summary, "Kết quả giải quyết thủ tục hành chính và chuyển đổi số từ "
	                               "ngày 01/1/2026 đến ngày 31/3/2026");
	assert_string_equal(r.sign[0], "TM. ỦY BAN NHÂN DÂN");
	assert_true(r.nrecipients >= 2);
	assert_string_equal(r.recipients[r.nrecipients - 1], "- Lưu: VT.");
	assert_string_equal(r.sections[0].title,
	                    "I. KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH");
	hc_report_free(&r);
}

static void index_and_feedback(void **state)
{
	fixture *f = *state;
	populate(f);
	hc_report_params p = params(f);
	hc_report r;
	hc_err e;
	assert_int_equal(build(f, &p, &r, &e), 0);
	/* the index and rank as index766.h computes them */
	hc_i766_table tab = {0};
	hc_i766_ranking rk;
	hc_tx *tx;
	assert_int_equal(hc_i766_table_builtin(&tab, &e), 0);
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	assert_int_equal(hc_i766_ranking_compute(tx, &tab, p.from_day, p.to_day, p.now, &rk, &e),
	                 0);
	hc_feedback_counts fb;
	assert_int_equal(hc_feedback_counts_compute(tx, f->unit_a, hc_local_instant(p.from_day, 0),
	                                            hc_local_instant(p.to_day, 0), p.now, &fb, &e),
	                 0);
	hc_tx_rollback(tx);
	const hc_i766_ranked *me = NULL;
	for (int i = 0; i < rk.n; i++)
		if (rk.units[i].unit_id == f->unit_a)
			me = &rk.units[i];
	assert_non_null(me);
	assert_true(r.has_index);
	assert_true(r.index_total == me->total);
	assert_int_equal(r.index_rank, me->position);
	assert_int_equal(r.index_of, me->of);
	char text[8192], want[128], pts[HC_REPORT_NUM_BUF];
	prose(section(&r, "index766"), text, sizeof text);
	int64_t c = (int64_t)(me->total * 100.0 + 0.5);
	snprintf(pts, sizeof pts, "%lld,%02lld", (long long)(c / 100), (long long)(c % 100));
	snprintf(want, sizeof want, "đạt %s/100 điểm, xếp thứ %d/%d", pts, me->position, me->of);
	assert_non_null(strstr(text, want));
	const hc_report_table *t = first_table(section(&r, "index766"));
	assert_int_equal(t->nrows, rk.ngroups + 2);
	assert_int_equal(hc_report_cell_at(t, t->nrows - 1, 3)->kind, HC_RCELL_POINTS);
	assert_int_equal(hc_report_cell_at(t, t->nrows - 1, 3)->value, c);
	hc_i766_ranking_free(&rk);
	hc_i766_table_free(&tab);

	assert_memory_equal(&r.feedback, &fb, sizeof fb);
	const hc_report_table *ft = first_table(section(&r, "feedback"));
	assert_int_equal(int_at(ft, "Tiếp nhận trong kỳ", 2), fb.received.total);
	assert_int_equal(int_at(ft, "Đã xử lý, trả lời", 2), fb.handled.total);
	hc_report_free(&r);
}

static void catalog_table(void **state)
{
	fixture *f = *state;
	hc_report_params p = params(f);
	hc_report r;
	hc_err e;
	assert_int_equal(build(f, &p, &r, &e), 0);
	hc_tx *tx;
	int64_t n_all, n_full, n_none;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	assert_int_equal(hc_tx_query_int(tx, &e, &n_all,
	                                 "SELECT COUNT(*) FROM procedures WHERE unit_id = ?"
	                                 " AND active = 1",
	                                 "i", f->unit_a),
	                 0);
	assert_int_equal(hc_tx_query_int(tx, &e, &n_full,
	                                 "SELECT COUNT(*) FROM procedures WHERE unit_id = ?"
	                                 " AND active = 1 AND online_level = 'full'",
	                                 "i", f->unit_a),
	                 0);
	assert_int_equal(hc_tx_query_int(tx, &e, &n_none,
	                                 "SELECT COUNT(*) FROM procedures WHERE unit_id = ?"
	                                 " AND active = 1 AND online_level = 'none'",
	                                 "i", f->unit_a),
	                 0);
	hc_tx_rollback(tx);
	assert_true(n_all >= 4);
	const hc_report_table *t = first_table(section(&r, "catalog"));
	assert_int_equal(int_at(t, "Tổng cộng", 5), n_all);
	assert_int_equal(int_at(t, "Tổng cộng", 2), n_full);
	assert_int_equal(int_at(t, "Tổng cộng", 4), n_none);
	/* the field rows add up to the total */
	int64_t sum = 0;
	for (int row = 1; row < t->nrows - 1; row++)
		sum += hc_report_cell_at(t, row, 5)->value;
	assert_int_equal(sum, n_all);
	/* nothing received: rates are "-" */
	char text[8192];
	prose(section(&r, "dossiers"), text, sizeof text);
	assert_non_null(strstr(text, "tiếp nhận 0 hồ sơ"));
	assert_non_null(strstr(text, "đúng hạn) không phát sinh."));
	/* sheet names fit a spreadsheet */
	for (int i = 0; i < r.nsections; i++)
		for (int k = 0; k < r.sections[i].nblocks; k++)
			if (r.sections[i].blocks[k].kind == HC_RBLOCK_TABLE)
				assert_true(hc_report_sheet_name_valid(
				    r.sections[i].blocks[k].table->sheet));
	hc_report_free(&r);
}

static void refuses_bad_period(void **state)
{
	fixture *f = *state;
	hc_report_params p = params(f);
	p.to_day = p.from_day;
	hc_report r;
	hc_err e;
	assert_int_equal(build(f, &p, &r, &e), HC_EINVAL);
	assert_string_equal(e.field, "to");
	hc_report_free(&r);
	p = params(f);
	p.unit_id = 999999;
	assert_int_equal(build(f, &p, &r, &e), HC_ENOTFOUND);
	hc_report_free(&r);
}

/* A catalog with more fields than a table holds is refused, not cut. */
static void too_many_fields(void **state)
{
	fixture *f = *state;
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	for (int i = 0; i < HC_REPORT_MAX_ROWS; i++) {
		char code[32], field[32];
		snprintf(code, sizeof code, "X%04d", i);
		snprintf(field, sizeof field, "Lĩnh vực %04d", i);
		int rc =
		    hc_tx_exec(tx, &e,
		               "INSERT INTO procedures (unit_id, code, name, name_fold, field,"
		               " limit_kind, limit_value, online_level) VALUES (?, ?, 'Thủ tục',"
		               " 'thu tuc', ?, 'd', 1, 'none')",
		               "itt", f->unit_a, code, field);
		if (rc)
			fail_msg("insert: %s", e.detail);
	}
	assert_int_equal(hc_tx_commit(tx, &e), 0);
	hc_report_params p = params(f);
	hc_report r;
	assert_int_equal(build(f, &p, &r, &e), HC_ETOOBIG);
	hc_report_free(&r);
}

static void number_formats(void **state)
{
	(void)state;
	char b[HC_REPORT_NUM_BUF];
	assert_string_equal(hc_report_fmt_int(0, b), "0");
	assert_string_equal(hc_report_fmt_int(999, b), "999");
	assert_string_equal(hc_report_fmt_int(1000, b), "1.000");
	assert_string_equal(hc_report_fmt_int(1234, b), "1.234");
	assert_string_equal(hc_report_fmt_int(17049, b), "17.049");
	assert_string_equal(hc_report_fmt_int(-1234567, b), "-1.234.567");
	assert_string_equal(hc_report_fmt_int(INT64_MIN, b), "-9.223.372.036.854.775.808");
	assert_string_equal(hc_report_fmt_rate((hc_rate){197, 200}, b), "98,5%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){1, 3}, b), "33,33%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){2, 3}, b), "66,67%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){8554, 8557}, b), "99,96%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){1, 1}, b), "100%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){0, 7}, b), "0%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){1, 200}, b), "0,5%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){1, 10000}, b), "0,01%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){1, 20001}, b), "0%");
	assert_string_equal(hc_report_fmt_rate((hc_rate){0, 0}, b), "-");
	hc_report_cell c = {.kind = HC_RCELL_POINTS, .value = 8532};
	assert_string_equal(hc_report_cell_text(&c, b), "85,32");
	c = (hc_report_cell){.kind = HC_RCELL_POINTS, .value = 10000};
	assert_string_equal(hc_report_cell_text(&c, b), "100,00");
}

static void sheet_names(void **state)
{
	(void)state;
	assert_true(hc_report_sheet_name_valid("Hồ sơ TTHC"));
	/* 31 characters (Vietnamese letters are several bytes) */
	assert_true(hc_report_sheet_name_valid("Đạt đạt đạt đạt đạt đạt đạt đạt"));
	assert_false(hc_report_sheet_name_valid("Đạt đạt đạt đạt đạt đạt đạt đạtx"));
	assert_false(hc_report_sheet_name_valid(""));
	assert_false(hc_report_sheet_name_valid("a/b"));
	assert_false(hc_report_sheet_name_valid("a:b"));
	assert_false(hc_report_sheet_name_valid("[a]"));
	assert_false(hc_report_sheet_name_valid("a*b?"));
	assert_false(hc_report_sheet_name_valid("a\\b"));
	assert_false(hc_report_sheet_name_valid("'a"));
	assert_false(hc_report_sheet_name_valid("\xff"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(figures_equal_stats, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(index_and_feedback, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(catalog_table, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(refuses_bad_period, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(too_many_fields, fixture_setup, fixture_teardown),
	    cmocka_unit_test(number_formats),
	    cmocka_unit_test(sheet_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
