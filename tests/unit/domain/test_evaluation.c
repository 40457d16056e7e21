/* Evaluation of the handling of dossiers (Circular 01/2018/TT-VPCP): hand-
 * built dossiers through the dossier engine and feedback through the
 * feedback module, covering the 2/1/0 boundaries of every indicator haicap
 * measures, the reasons of those it cannot, the grouping per office and
 * handler, the classification scale and the period shorthands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/time.h"
#include "domain/dossier.h"
#include "domain/evaluation.h"
#include "domain/feedback.h"
#include "domain/procedure.h"
#include "fixture.h"

static int64_t day_of(const char *ymd)
{
	int64_t d = 0;
	hc_err e;
	assert_int_equal(hc_parse_date(ymd, "d", &d, &e), HC_OK);
	return d;
}

static void receive(fixture *f, const char *when, const char *proc, const char *channel,
                    const char *deciding, hc_intake_result *r)
{
	hc_env env = fixture_env(f, when);
	hc_intake in = {.procedure_code = proc,
	                .channel = channel,
	                .applicant_name = "Lê Thị Hoa",
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678",
	                .deciding_unit_code = deciding,
	                .fee_paid = strcmp(proc, "PFEE") == 0,
	                .fee_paid_online = strcmp(proc, "PFEE") == 0};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_receive(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], &in, r, &e);
	if (rc)
		fail_msg("receive: %s", e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static void act_env(fixture *f, const hc_actor *a, hc_env env, const char *code, hc_action_in in)
{
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_act(tx, &env, a, code, &in, NULL, &e);
	if (rc)
		fail_msg("%s on %s: %s", in.action, code, e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static void act(fixture *f, const hc_actor *a, const char *when, const char *code, hc_action_in in)
{
	act_env(f, a, fixture_env(f, when), code, in);
}

/* to a handler, or (handler NULL) to the deciding unit's office VP */
static void assign(fixture *f, const char *code, const char *when, const char *handler)
{
	act(f, &f->staff_a[HC_ROLE_HEAD], when, code,
	    (hc_action_in){
	        .action = "assign", .handler = handler, .office_code = handler ? NULL : "VP"});
}

/* one supplement round: asked at `ask`, complete at `back` */
static void supplement(fixture *f, const char *code, const char *ask, const char *back)
{
	act(f, &f->staff_a[HC_ROLE_SPECIALIST], ask, code,
	    (hc_action_in){.action = "request_supplement", .note = "Thiếu bản sao giấy tờ."});
	act(f, &f->staff_a[HC_ROLE_RECEPTION], back, code,
	    (hc_action_in){.action = "supplement_received"});
}

/* submit and resolve at env; then return and rate (rating 0: neither
 * returned nor rated, -1: returned only) */
static void finish(fixture *f, const char *code, hc_env env, bool e_result, int rating)
{
	act_env(f, &f->staff_a[HC_ROLE_SPECIALIST], env, code,
	        (hc_action_in){.action = "submit_for_signature"});
	act_env(f, &f->staff_a[HC_ROLE_LEADER], env, code,
	        (hc_action_in){.action = "resolve", .e_result = e_result});
	if (rating == 0)
		return;
	act_env(f, &f->staff_a[HC_ROLE_RECEPTION], env, code,
	        (hc_action_in){.action = "return_result"});
	if (rating > 0)
		act_env(f, &f->staff_a[HC_ROLE_RECEPTION], env, code,
		        (hc_action_in){.action = "rate", .rating = rating});
}

static int64_t due_of(fixture *f, const char *code)
{
	hc_tx *tx;
	hc_err e;
	hc_dossier *d = NULL;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	int rc = hc_dossier_get(tx, &f->staff_a[HC_ROLE_HEAD], code, &d, &e);
	hc_tx_rollback(tx);
	if (rc)
		fail_msg("get: %s", e.detail);
	int64_t due = d->due_at;
	hc_dossier_free(d);
	return due;
}

static void set_published(fixture *f, const char *code, const char *published, const char *basis,
                          const char *components)
{
	hc_tx *tx;
	hc_err e;
	hc_procedure p;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_procedure_by_code(tx, f->unit_a, code, &p, &e), HC_OK);
	snprintf(p.effective_on, sizeof p.effective_on, "%s", "2026-01-01");
	snprintf(p.published_on, sizeof p.published_on, "%s", published);
	snprintf(p.legal_basis, sizeof p.legal_basis, "%s", basis);
	free(p.components_json);
	p.components_json = strdup(components);
	int rc = hc_procedure_upsert(tx, &p, &e);
	if (rc)
		fail_msg("upsert: %s", e.detail);
	hc_procedure_clear(&p);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

/* feedback about a dossier recorded at the desk; code out */
static void fb_about(fixture *f, const char *dossier, const char *when, char *code, size_t cap)
{
	hc_env env = fixture_env(f, when);
	hc_feedback_in in = {.channel = "direct",
	                     .category = "result",
	                     .content = "Đề nghị giải thích kết quả giải quyết hồ sơ.",
	                     .sender_name = "Lê Thị Hoa",
	                     .sender_phone = "0912345678",
	                     .dossier_code = dossier};
	hc_tx *tx;
	hc_err e;
	hc_feedback_result r;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_feedback_submit(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], &in, &r, &e);
	if (rc)
		fail_msg("feedback: %s", e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
	snprintf(code, cap, "%s", r.code);
}

static void fb_act(fixture *f, const char *when, const char *code, const char *action)
{
	hc_env env = fixture_env(f, when);
	hc_feedback_act_in in = {.action = action,
	                         .note = "Không thuộc thẩm quyền.",
	                         .answer = "Kết quả đúng quy định; đơn vị đã giải thích."};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_feedback_act(tx, &env, &f->staff_a[HC_ROLE_HEAD], code, &in, NULL, &e);
	if (rc)
		fail_msg("feedback %s: %s", action, e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static json_t *evaluate(fixture *f, int64_t unit, const char *from, const char *to, const char *now,
                        enum hc_eval_by by)
{
	hc_tx *tx;
	hc_err e;
	json_t *j = NULL;
	hc_env env = fixture_env(f, now);
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	int rc = hc_evaluation_report(tx, unit, day_of(from), day_of(to), env.now, by, &j, &e);
	hc_tx_rollback(tx);
	if (rc)
		fail_msg("evaluate: %s", e.detail);
	return j;
}

static const json_t *ind_of(const json_t *group, const char *code)
{
	size_t i;
	const json_t *ind;
	json_array_foreach(json_object_get(group, "indicators"), i,
	                   ind) if (strcmp(json_string_value(json_object_get(ind, "code")), code) ==
	                            0) return ind;
	fail_msg("no indicator %s", code);
	return NULL;
}

typedef struct want {
	const char *code;
	int64_t p2, p1, p0, not_measured;
} want;

static int64_t pts(const json_t *ind, const char *k)
{
	return json_integer_value(json_object_get(json_object_get(ind, "points"), k));
}

/* Checks the counts of every indicator and derives the expected score,
 * scaled score and class from them (the scale written here from
 * evaluation.h, independently of hc_evaluation_classify). */
static void check_group(const json_t *g, const want *w, int n)
{
	double score = 0;
	int measured = 0;
	for (int i = 0; i < n; i++) {
		const json_t *ind = ind_of(g, w[i].code);
		int64_t p2 = pts(ind, "2"), p1 = pts(ind, "1"), p0 = pts(ind, "0");
		int64_t nm = json_integer_value(json_object_get(ind, "not_measured"));
		if (p2 != w[i].p2 || p1 != w[i].p1 || p0 != w[i].p0 || nm != w[i].not_measured)
			fail_msg("%s: got %lld/%lld/%lld nm %lld, want %lld/%lld/%lld nm %lld",
			         w[i].code, (long long)p2, (long long)p1, (long long)p0,
			         (long long)nm, (long long)w[i].p2, (long long)w[i].p1,
			         (long long)w[i].p0, (long long)w[i].not_measured);
		int64_t m = w[i].p2 + w[i].p1 + w[i].p0;
		if (m == 0) {
			assert_true(json_is_null(json_object_get(ind, "average")));
			assert_true(json_is_string(json_object_get(ind, "reason")));
			continue;
		}
		assert_true(json_is_null(json_object_get(ind, "reason")));
		score += (double)(2 * w[i].p2 + w[i].p1) / (double)m;
		measured++;
	}
	assert_int_equal(json_integer_value(json_object_get(g, "max")), 2 * measured);
	double s18 = score / (2.0 * measured) * 18.0;
	assert_true(fabs(json_real_value(json_object_get(g, "score_18")) - round(s18 * 100) / 100) <
	            1e-9);
	const char *want_cls = s18 >= 15   ? "xuat_sac"
	                       : s18 >= 12 ? "tot"
	                       : s18 >= 9  ? "kha"
	                       : s18 >= 6  ? "trung_binh"
	                                   : "yeu";
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(g, "classification"), "code")),
	    want_cls);
}

static const char *FROM = "2026-03-09", *TO = "2026-04-30", *NOW = "2026-05-15T09:00";

static void every_indicator(void **state)
{
	fixture *f = *state;
	/* publicity: P3D published before receipt and complete, PNONE published
	 * without its legal basis, PFEE unpublished */
	set_published(f, "P3D", "2026-03-01", "Luật Hộ tịch 2014", "[\"Tờ khai\"]");
	set_published(f, "PNONE", "2026-03-01", "", "[\"Tờ khai\"]");
	set_published(f, "PFEE", "", "Nghị định 23/2015/NĐ-CP", "[\"Giấy tờ\"]");
	hc_intake_result d1, d2, d3, d4, d5, d6, d7;
	/* D1: direct, early, no supplement, returned, rated 5 */
	receive(f, "2026-03-09T08:00", "P3D", "direct", NULL, &d1);
	assign(f, d1.code, "2026-03-09T08:10", "a.specialist");
	finish(f, d1.code, fixture_env(f, "2026-03-09T10:00"), false, 5);
	/* D2: online, one supplement, resolved exactly at its due (on time),
	 * electronic result, rated 3 */
	receive(f, "2026-03-09T08:00", "P3D", "online", NULL, &d2);
	assign(f, d2.code, "2026-03-09T08:10", "a.specialist");
	supplement(f, d2.code, "2026-03-09T09:00", "2026-03-10T08:00");
	hc_env at_due = {.cal = f->cal, .now = due_of(f, d2.code)};
	finish(f, d2.code, at_due, true, 3);
	/* D3: online, two supplements, late, not returned */
	receive(f, "2026-03-09T08:00", "P3D", "online", NULL, &d3);
	assign(f, d3.code, "2026-03-09T08:10", "a.specialist");
	supplement(f, d3.code, "2026-03-09T09:00", "2026-03-09T10:00");
	supplement(f, d3.code, "2026-03-09T11:00", "2026-03-09T13:30");
	finish(f, d3.code, fixture_env(f, "2026-03-25T10:00"), false, 0);
	/* D4: PNONE direct, early, rated 1 */
	receive(f, "2026-03-11T08:00", "PNONE", "direct", NULL, &d4);
	assign(f, d4.code, "2026-03-11T08:10", "a.specialist");
	finish(f, d4.code, fixture_env(f, "2026-03-11T16:00"), false, 1);
	/* D5: PFEE online, early, no electronic result, rated 4 */
	receive(f, "2026-03-09T08:00", "PFEE", "online", NULL, &d5);
	assign(f, d5.code, "2026-03-09T08:10", "a.specialist");
	finish(f, d5.code, fixture_env(f, "2026-03-09T10:00"), false, 4);
	/* D6: decided by unit B (liên thông), early, not returned */
	receive(f, "2026-03-09T08:00", "P3D", "direct", "90002", &d6);
	assign(f, d6.code, "2026-03-09T08:10", NULL);
	finish(f, d6.code, fixture_env(f, "2026-03-09T10:00"), false, 0);
	/* D7: resolved after the period: not evaluated */
	receive(f, "2026-04-28T08:00", "P3D", "direct", NULL, &d7);
	assign(f, d7.code, "2026-04-28T08:10", "a.specialist");
	/* feedback: about D1 answered on time; about D4 answered late (due 15
	 * working days after 12/3); about D5 never answered (overdue at the
	 * end); about D2 only refused */
	char c1[64], c4[64], c5[64], c2[64];
	fb_about(f, d1.code, "2026-03-10T08:00", c1, sizeof c1);
	fb_act(f, "2026-03-11T08:00", c1, "classify");
	fb_act(f, "2026-03-11T09:00", c1, "answer");
	fb_about(f, d4.code, "2026-03-12T08:00", c4, sizeof c4);
	fb_act(f, "2026-03-12T09:00", c4, "classify");
	fb_act(f, "2026-04-20T09:00", c4, "answer");
	fb_about(f, d5.code, "2026-03-12T08:00", c5, sizeof c5);
	fb_about(f, d2.code, "2026-03-12T08:00", c2, sizeof c2);
	fb_act(f, "2026-03-12T09:00", c2, "refuse");

	json_t *j = evaluate(f, f->unit_a, FROM, TO, NOW, HC_EVAL_BY_NONE);
	const json_t *s = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(s, "dossiers")), 6);
	const want w[] = {
	    {"total_time", 4, 1, 1, 0}, /* D2 on time at its due, D3 late */
	    {"office_time", 0, 0, 0, 6}, {"contacts", 4, 1, 1, 0}, /* D2 one supplement, D3 two */
	    {"bodies", 5, 1, 0, 0},                                /* D6 decided by unit B */
	    {"one_stop", 4, 0, 0, 2},                              /* D3, D6 not returned */
	    {"publicity", 4, 1, 1, 0}, /* D4 PNONE incomplete, D5 PFEE unpublished */
	    {"attitude", 2, 1, 1, 2},  /* 5, 4 | 3 | 1 | D3, D6 unrated */
	    {"feedback", 1, 1, 1, 3},  /* D1 | D4 late | D5 overdue; D2 refused only */
	    {"online", 1, 1, 1, 3},    /* D2 e-result | D5 none | D3 late */
	};
	check_group(s, w, 9);
	assert_string_equal(
	    json_string_value(json_object_get(ind_of(s, "office_time"), "reason")),
	    "haicap không lưu thời hạn giải quyết của từng cơ quan, đơn vị tham gia (quy trình nội "
	    "bộ)");
	assert_true(json_is_null(json_object_get(j, "groups")));
	assert_false(json_is_true(json_object_get(json_object_get(j, "scale"), "confirmed")));
	json_decref(j);

	/* per handler: a.specialist's five, D6 unassigned */
	j = evaluate(f, f->unit_a, FROM, TO, NOW, HC_EVAL_BY_HANDLER);
	const json_t *groups = json_object_get(j, "groups");
	assert_int_equal(json_array_size(groups), 2);
	int64_t sum = 0;
	size_t i;
	const json_t *g;
	json_array_foreach(groups, i, g)
	{
		sum += json_integer_value(json_object_get(g, "dossiers"));
		if (strcmp(json_string_value(json_object_get(g, "handler")), "a.specialist") == 0) {
			const want ws[] = {
			    {"total_time", 3, 1, 1, 0},  {"contacts", 3, 1, 1, 0},
			    {"bodies", 5, 0, 0, 0},      {"one_stop", 4, 0, 0, 1},
			    {"publicity", 3, 1, 1, 0},   {"attitude", 2, 1, 1, 1},
			    {"feedback", 1, 1, 1, 2},    {"online", 1, 1, 1, 2},
			    {"office_time", 0, 0, 0, 5},
			};
			check_group(g, ws, 9);
		}
	}
	assert_int_equal(sum, 6);
	json_decref(j);

	/* per office: every dossier in one office or none; the counts add up */
	j = evaluate(f, f->unit_a, FROM, TO, NOW, HC_EVAL_BY_OFFICE);
	sum = 0;
	json_array_foreach(json_object_get(j, "groups"), i, g) sum +=
	    json_integer_value(json_object_get(g, "dossiers"));
	assert_int_equal(sum, 6);
	json_decref(j);

	/* judged earlier (now 20/3): D4's feedback is then open within its due
	 * (no value yet would be 2: nothing overdue, nothing late), D5's too */
	j = evaluate(f, f->unit_a, FROM, "2026-03-21", "2026-03-20T17:00", HC_EVAL_BY_NONE);
	const json_t *fbi = ind_of(json_object_get(j, "summary"), "feedback");
	assert_int_equal(pts(fbi, "2"), 3);
	assert_int_equal(pts(fbi, "0"), 0);
	json_decref(j);
}

/* The edges: published on the day of receipt counts, the day after does not;
 * a same-day procedure resolved on its day is on time (not early); one
 * second past the due is late; a rating of 2 is poor. */
static void boundaries(void **state)
{
	fixture *f = *state;
	set_published(f, "PSAME", "2026-03-10", "Luật Hộ tịch 2014", "[\"Tờ khai\"]");
	hc_intake_result a, b, c;
	receive(f, "2026-03-09T08:00", "PSAME", "direct", NULL, &a);
	assign(f, a.code, "2026-03-09T08:10", "a.specialist");
	finish(f, a.code, fixture_env(f, "2026-03-09T10:00"), false, 2);
	receive(f, "2026-03-10T08:00", "PSAME", "direct", NULL, &b);
	assign(f, b.code, "2026-03-10T08:10", "a.specialist");
	finish(f, b.code, fixture_env(f, "2026-03-10T10:00"), false, 4);
	receive(f, "2026-03-09T08:00", "P3D", "direct", NULL, &c);
	assign(f, c.code, "2026-03-09T08:10", "a.specialist");
	hc_env late = {.cal = f->cal, .now = due_of(f, c.code) + 1};
	finish(f, c.code, late, false, 0);
	json_t *j = evaluate(f, f->unit_a, FROM, TO, NOW, HC_EVAL_BY_NONE);
	const want w[] = {
	    {"total_time", 0, 2, 1, 0}, {"office_time", 0, 0, 0, 3}, {"contacts", 3, 0, 0, 0},
	    {"bodies", 3, 0, 0, 0},     {"one_stop", 2, 0, 0, 1},    {"publicity", 1, 0, 2, 0},
	    {"attitude", 1, 0, 1, 1},   {"feedback", 0, 0, 0, 3},    {"online", 0, 0, 0, 3},
	};
	check_group(json_object_get(j, "summary"), w, 9);
	json_decref(j);
}

static void nothing_to_evaluate(void **state)
{
	fixture *f = *state;
	json_t *j = evaluate(f, f->unit_b, FROM, TO, NOW, HC_EVAL_BY_OFFICE);
	const json_t *s = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(s, "dossiers")), 0);
	assert_true(json_is_null(json_object_get(s, "classification")));
	assert_true(json_is_null(json_object_get(s, "score_18")));
	assert_int_equal(json_integer_value(json_object_get(s, "max")), 0);
	assert_true(json_is_string(json_object_get(ind_of(s, "total_time"), "reason")));
	assert_int_equal(json_array_size(json_object_get(j, "groups")), 0);
	json_decref(j);
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_evaluation_report(tx, f->unit_a, day_of(TO), day_of(FROM), 0,
	                                      HC_EVAL_BY_NONE, &j, &e),
	                 HC_EINVAL);
	assert_string_equal(e.field, "to");
	hc_tx_rollback(tx);
}

static void classification_scale(void **state)
{
	(void)state;
	static const struct {
		double s;
		const char *code;
	} cases[] = {{18, "xuat_sac"}, {15, "xuat_sac"}, {14.99, "tot"},       {12, "tot"},
	             {11.99, "kha"},   {9, "kha"},       {8.99, "trung_binh"}, {6, "trung_binh"},
	             {5.99, "yeu"},    {0, "yeu"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *label = NULL;
		assert_string_equal(hc_evaluation_classify(cases[i].s, &label), cases[i].code);
		assert_non_null(label);
	}
	const char *label;
	hc_evaluation_classify(13, &label);
	assert_string_equal(label, "Tốt");
}

static void periods(void **state)
{
	(void)state;
	int64_t a, b;
	hc_err e;
	assert_int_equal(hc_evaluation_period("2026-Q1", "period", &a, &b, &e), HC_OK);
	assert_int_equal(a, day_of("2026-01-01"));
	assert_int_equal(b, day_of("2026-04-01"));
	assert_int_equal(hc_evaluation_period("2026-Q4", "period", &a, &b, &e), HC_OK);
	assert_int_equal(a, day_of("2026-10-01"));
	assert_int_equal(b, day_of("2027-01-01"));
	assert_int_equal(hc_evaluation_period("2026", "period", &a, &b, &e), HC_OK);
	assert_int_equal(a, day_of("2026-01-01"));
	assert_int_equal(b, day_of("2027-01-01"));
	const char *bad[] = {"2026-Q5", "2026-Q0", "26", "2026Q1",   "abcd",
	                     "1999",    "2101",    "",   "2026-Q12", "2026-q1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(hc_evaluation_period(bad[i], "period", &a, &b, &e), HC_EINVAL);
		assert_string_equal(e.field, "period");
	}
	assert_int_equal(hc_evaluation_period(NULL, "period", &a, &b, &e), HC_EINVAL);
	enum hc_eval_by by;
	assert_int_equal(hc_evaluation_by_parse("office", &by, &e), HC_OK);
	assert_int_equal(by, HC_EVAL_BY_OFFICE);
	assert_int_equal(hc_evaluation_by_parse("handler", &by, &e), HC_OK);
	assert_int_equal(by, HC_EVAL_BY_HANDLER);
	assert_int_equal(hc_evaluation_by_parse(NULL, &by, &e), HC_OK);
	assert_int_equal(by, HC_EVAL_BY_NONE);
	assert_int_equal(hc_evaluation_by_parse("unit", &by, &e), HC_EINVAL);
	assert_string_equal(e.field, "by");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(every_indicator, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(boundaries, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(nothing_to_evaluate, fixture_setup, fixture_teardown),
	    cmocka_unit_test(classification_scale),
	    cmocka_unit_test(periods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
