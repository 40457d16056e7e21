/* Decision 766/QĐ-TTg index: hand-built scenarios (dossiers created through
 * the dossier engine on the shared fixture) whose expected scores are derived
 * here from the rows of the embedded formula table; edge cases (no dossiers,
 * no fee-bearing procedures, all late); ranking ties; the table reader's
 * refusals, one per kind of error. */
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
#include "domain/feedback.h"
#include "domain/index766.h"
#include "domain/procedure.h"
#include "domain/stats.h"
#include "fixture.h"

/* ---- helpers ----------------------------------------------------------- */

static int64_t day_of(const char *ymd)
{
	int64_t d = 0;
	hc_err e;
	assert_int_equal(hc_parse_date(ymd, "d", &d, &e), HC_OK);
	return d;
}

static const hc_component_in digitized_comps[] = {
    {"Tờ khai", true, false},
    {"Giấy chứng sinh", true, true},
};

/* Receives a dossier in unit A (or B) through the dossier engine. */
static void receive(fixture *f, bool unit_b, const char *when, const char *proc,
                    const char *channel, bool with_components, bool paid_online,
                    hc_intake_result *r)
{
	hc_env env = fixture_env(f, when);
	hc_intake in = {.procedure_code = proc,
	                .channel = channel,
	                .applicant_name = "Lê Thị Hoa",
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678",
	                .components = with_components ? digitized_comps : NULL,
	                .ncomponents = with_components ? 2 : 0,
	                .fee_paid = paid_online,
	                .fee_paid_online = paid_online};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	const hc_actor *a = unit_b ? &f->reception_b : &f->staff_a[HC_ROLE_RECEPTION];
	int rc = hc_dossier_receive(tx, &env, a, &in, r, &e);
	if (rc)
		fail_msg("receive: %s", e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static void act(fixture *f, const hc_actor *a, const char *when, const char *code, hc_action_in in)
{
	hc_env env = fixture_env(f, when);
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_act(tx, &env, a, code, &in, NULL, &e);
	if (rc)
		fail_msg("%s on %s: %s", in.action, code, e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

/* Unit A: assign, submit, resolve at `when` (with the result flags),
 * return, and rate (0: no rating). */
static void resolve_a(fixture *f, const char *code, const char *when, bool digitized, bool e_res,
                      int rating)
{
	act(f, &f->staff_a[HC_ROLE_HEAD], when, code,
	    (hc_action_in){.action = "assign", .handler = "a.specialist"});
	act(f, &f->staff_a[HC_ROLE_SPECIALIST], when, code,
	    (hc_action_in){.action = "submit_for_signature"});
	act(f, &f->staff_a[HC_ROLE_LEADER], when, code,
	    (hc_action_in){.action = "resolve", .digitized_result = digitized, .e_result = e_res});
	act(f, &f->staff_a[HC_ROLE_RECEPTION], when, code,
	    (hc_action_in){.action = "return_result"});
	if (rating)
		act(f, &f->staff_a[HC_ROLE_RECEPTION], when, code,
		    (hc_action_in){.action = "rate", .rating = rating});
}

static void set_dates(fixture *f, int64_t unit, const char *code, const char *effective,
                      const char *published, const char *legal_basis, const char *components)
{
	hc_tx *tx;
	hc_err e;
	hc_procedure p;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_procedure_by_code(tx, unit, code, &p, &e), HC_OK);
	snprintf(p.effective_on, sizeof p.effective_on, "%s", effective);
	snprintf(p.published_on, sizeof p.published_on, "%s", published);
	if (legal_basis)
		snprintf(p.legal_basis, sizeof p.legal_basis, "%s", legal_basis);
	if (components) {
		free(p.components_json);
		p.components_json = strdup(components);
	}
	int rc = hc_procedure_upsert(tx, &p, &e);
	if (rc)
		fail_msg("upsert: %s", e.detail);
	hc_procedure_clear(&p);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static hc_i766_table builtin(void)
{
	hc_i766_table t = {0};
	hc_err e;
	if (hc_i766_table_builtin(&t, &e))
		fail_msg("builtin table: %s", e.detail);
	return t;
}

/* The table row of metric name m (version valid on `day`). */
static const hc_i766_row *row_of(const hc_i766_table *t, const char *m, int64_t day)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(hc_i766_metric_name(t->rows[i].metric), m) == 0 &&
		    day >= t->rows[i].valid_from && day < t->rows[i].valid_to)
			return &t->rows[i];
	fail_msg("no row for metric %s", m);
	return NULL;
}

/* The expected score, written from the table's documented kinds
 * (index766.h), independently of hc_i766_score. */
static double expect_score(const hc_i766_row *r, int64_t num, int64_t den)
{
	double max = (double)r->max_c / 100.0;
	if (den == 0)
		return r->empty_full ? max : 0.0;
	double ratio = (double)num / (double)den, t = r->threshold_bp / 10000.0;
	if (r->kind == HC_K766_THRESHOLD)
		return ratio >= t ? max : 0.0;
	if (r->kind == HC_K766_TARGET)
		return ratio >= t ? max : max * ratio / t;
	return max * ratio;
}

static json_t *report(fixture *f, const hc_i766_table *t, int64_t unit, const char *from,
                      const char *to, const char *now)
{
	hc_tx *tx;
	hc_err e;
	json_t *j = NULL;
	hc_env env = fixture_env(f, now);
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	int rc = hc_i766_unit_report(tx, t, unit, day_of(from), day_of(to), env.now, &j, &e);
	hc_tx_rollback(tx);
	if (rc)
		fail_msg("report: %s", e.detail);
	return j;
}

/* The indicator object of metric m in a report. */
static const json_t *indicator(const json_t *j, const char *m)
{
	size_t gi, ii;
	const json_t *g, *ind;
	json_array_foreach(json_object_get(j, "groups"), gi, g) json_array_foreach(
	    json_object_get(g, "indicators"), ii,
	    ind) if (strcmp(json_string_value(json_object_get(ind, "metric")), m) == 0) return ind;
	fail_msg("no indicator %s", m);
	return NULL;
}

typedef struct want {
	const char *metric;
	int64_t num, den;
} want;

/* Checks num/den of every listed metric and its score against the table,
 * and that the total is the sum of all scores; returns the total. */
static double check_report(const hc_i766_table *t, const json_t *j, const want *w, int n,
                           int64_t day)
{
	for (int i = 0; i < n; i++) {
		const json_t *ind = indicator(j, w[i].metric);
		int64_t num = json_integer_value(json_object_get(ind, "num"));
		int64_t den = json_integer_value(json_object_get(ind, "den"));
		if (num != w[i].num || den != w[i].den)
			fail_msg("%s: got %lld/%lld, want %lld/%lld", w[i].metric, (long long)num,
			         (long long)den, (long long)w[i].num, (long long)w[i].den);
		double want_s = expect_score(row_of(t, w[i].metric, day), w[i].num, w[i].den);
		double got = json_real_value(json_object_get(ind, "score"));
		if (fabs(got - round(want_s * 100) / 100) > 1e-9)
			fail_msg("%s: score %.4f, want %.4f", w[i].metric, got, want_s);
	}
	double sum = 0;
	size_t gi, ii;
	const json_t *g, *ind;
	json_array_foreach(json_object_get(j, "groups"), gi, g)
	{
		double gs = 0;
		json_array_foreach(json_object_get(g, "indicators"), ii, ind)
		{
			const hc_i766_row *r =
			    row_of(t, json_string_value(json_object_get(ind, "metric")), day);
			double s = expect_score(r, json_integer_value(json_object_get(ind, "num")),
			                        json_integer_value(json_object_get(ind, "den")));
			gs += s;
		}
		assert_true(fabs(json_real_value(json_object_get(g, "score")) - gs) < 0.006);
		sum += gs;
	}
	assert_true(fabs(json_real_value(json_object_get(j, "total")) - sum) < 0.006);
	return sum;
}

/* ---- the built-in table ------------------------------------------------ */

static void builtin_table(void **state)
{
	(void)state;
	hc_i766_table t = builtin();
	int first, count;
	hc_err e;
	assert_int_equal(hc_i766_table_version(&t, day_of("2026-03-01"), &first, &count, &e), 0);
	assert_int_equal(t.rows[first].version, 1);
	assert_int_equal(hc_i766_table_version(&t, day_of("2022-06-22"), &first, &count, &e),
	                 HC_ENOTFOUND);
	/* the six groups of Decision 766 and their points; every metric used */
	static const struct {
		const char *group;
		int64_t max_c;
	} groups[] = {{"cong_khai", 1800},  {"tien_do", 2000},  {"truc_tuyen", 1200},
	              {"thanh_toan", 1000}, {"hai_long", 1800}, {"so_hoa", 2200}};
	int64_t sum[6] = {0};
	bool used[HC_M766_COUNT] = {0};
	for (int i = 0; i < t.n; i++) {
		int g = 0;
		while (g < 6 && strcmp(groups[g].group, t.rows[i].group) != 0)
			g++;
		assert_true(g < 6);
		sum[g] += t.rows[i].max_c;
		used[t.rows[i].metric] = true;
		assert_true(strlen(t.rows[i].source) > 0);
	}
	for (int g = 0; g < 6; g++)
		assert_int_equal(sum[g], groups[g].max_c);
	for (int m = 0; m < HC_M766_COUNT; m++)
		assert_true(used[m]);
	hc_i766_table_free(&t);
	assert_null(t.rows);
}

/* ---- scenarios --------------------------------------------------------- */

static const char *FROM = "2026-03-09", *TO = "2026-03-23", *LATER = "2026-04-01T09:00";

static void scenario_scores(void **state)
{
	fixture *f = *state;
	/* catalog of unit A: P3D published on time inside the period, PFEE late
	 * inside it, PSAME published long before (public, but no legal basis),
	 * PNONE takes effect after the period and is unpublished */
	set_dates(f, f->unit_a, "P3D", "2026-03-15", "2026-03-10", "Luật Hộ tịch 2014",
	          "[\"Tờ khai\"]");
	set_dates(f, f->unit_a, "PFEE", "2026-03-10", "2026-03-12", "Nghị định 23/2015/NĐ-CP",
	          "[\"Giấy tờ cần chứng thực\"]");
	set_dates(f, f->unit_a, "PSAME", "2026-01-01", "2026-01-05", NULL, NULL);
	set_dates(f, f->unit_a, "PNONE", "2026-04-01", "", NULL, NULL);
	hc_intake_result d1, d2, d3, d4, d5, b1;
	/* D1: direct, digitized components, resolved early with an electronic
	 * result, rated 5 */
	receive(f, false, "2026-03-09T08:00", "P3D", "direct", true, false, &d1);
	resolve_a(f, d1.code, "2026-03-09T10:00", true, true, 5);
	/* D2: online, paid online, resolved late (5 working days), rated 2 */
	receive(f, false, "2026-03-09T08:30", "PFEE", "online", false, true, &d2);
	resolve_a(f, d2.code, "2026-03-20T10:00", true, false, 2);
	/* D3: online same-day, still pending at the end: overdue */
	receive(f, false, "2026-03-10T08:00", "PSAME", "online", true, false, &d3);
	/* D4: pending, due after the period: within */
	receive(f, false, "2026-03-20T08:00", "P3D", "direct", false, false, &d4);
	/* D5: resolved early, electronic result, rated 1 */
	receive(f, false, "2026-03-11T08:00", "P3D", "direct", true, false, &d5);
	resolve_a(f, d5.code, "2026-03-11T09:00", false, true, 1);
	/* unit B's dossier never counts for A */
	receive(f, true, "2026-03-10T09:00", "PFEE", "online", true, false, &b1);

	hc_i766_table t = builtin();
	json_t *j = report(f, &t, f->unit_a, FROM, TO, LATER);
	const want w[] = {
	    {"procedure_published_on_time", 1, 2},
	    {"procedure_public", 3, 3},
	    {"procedure_complete", 2, 4},
	    {"dossier_on_time", 2, 3},
	    {"dossier_pending_within", 1, 2},
	    {"procedure_fully_online", 3, 4},
	    {"online_procedure_used", 2, 3},
	    {"dossier_online", 2, 5},
	    {"fee_procedure_paid_online", 1, 1},
	    {"dossier_paid_online", 1, 1},
	    {"feedback_on_time", 0, 0},
	    {"feedback_satisfied", 0, 0},
	    {"dossier_satisfied", 1, 3}, /* D2 late (and rated 2), D5 rated 1 */
	    {"dossier_e_result", 2, 3},
	    {"dossier_digitized_input", 3, 5},
	    {"dossier_digitized_result", 2, 3},
	    {"dossier_reuse", 3, 5},
	};
	double total = check_report(&t, j, w, (int)(sizeof w / sizeof w[0]), day_of(TO) - 1);
	assert_true(total > 0 && total < 100);
	/* no feedback in the period: recorded (haicap keeps feedback), the
	 * table's empty value applies */
	assert_true(json_is_true(json_object_get(indicator(j, "feedback_on_time"), "recorded")));
	assert_true(json_is_true(json_object_get(indicator(j, "dossier_on_time"), "recorded")));
	assert_true(json_is_null(json_object_get(indicator(j, "feedback_on_time"), "ratio")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "unit"), "code")),
	                    "90001");
	json_decref(j);
	hc_i766_table_free(&t);
}

/* ---- feedback (PAKN), through the feedback module ---------------------- */

/* Staff of unit A (or B) record feedback at `when`; returns its code. */
static void fb_submit(fixture *f, bool unit_b, const char *when, char *code, size_t cap)
{
	hc_env env = fixture_env(f, when);
	hc_feedback_in in = {.channel = "direct",
	                     .category = "delay",
	                     .content = "Đề nghị trả lời về thời hạn giải quyết hồ sơ.",
	                     .sender_name = "Phạm Thị Hương",
	                     .sender_phone = "0912345678"};
	hc_tx *tx;
	hc_err e;
	hc_feedback_result r;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	const hc_actor *a = unit_b ? &f->reception_b : &f->staff_a[HC_ROLE_RECEPTION];
	int rc = hc_feedback_submit(tx, &env, a, &in, &r, &e);
	if (rc)
		fail_msg("feedback submit: %s", e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
	snprintf(code, cap, "%s", r.code);
}

static void fb_act(fixture *f, const hc_actor *a, const char *when, const char *code,
                   const char *action)
{
	hc_env env = fixture_env(f, when);
	hc_feedback_act_in in = {.action = action,
	                         .note = "Không thuộc thẩm quyền của đơn vị.",
	                         .answer = "Đơn vị đã trả lời và hẹn ngày trả kết quả."};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_feedback_act(tx, &env, a, code, &in, NULL, &e);
	if (rc)
		fail_msg("feedback %s at %s: %s", action, when, e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

/* classify then answer at `when` */
static void fb_answer(fixture *f, const hc_actor *a, const char *code, const char *when)
{
	fb_act(f, a, when, code, "classify");
	fb_act(f, a, when, code, "answer");
}

static void feedback_scores(void **state)
{
	fixture *f = *state;
	const hc_actor *head = &f->staff_a[HC_ROLE_HEAD];
	char c1[64], c2[64], c3[64], c4[64], c5[64], c6[64], c7[64], b1[64];
	/* F1: answered and published on time */
	fb_submit(f, false, "2026-03-09T08:00", c1, sizeof c1);
	fb_answer(f, head, c1, "2026-03-10T09:00");
	fb_act(f, head, "2026-03-10T10:00", c1, "publish");
	/* F2: answered on time, published late (due two working days after the
	 * answer: 13/3 09:00) */
	fb_submit(f, false, "2026-03-09T08:00", c2, sizeof c2);
	fb_answer(f, head, c2, "2026-03-11T09:00");
	fb_act(f, head, "2026-03-20T09:00", c2, "publish");
	/* F3: carried over (received 2/2, answer due 27/2 after Tết), answered
	 * late inside the period */
	fb_submit(f, false, "2026-02-02T08:00", c3, sizeof c3);
	fb_answer(f, head, c3, "2026-03-12T09:00");
	/* F4: carried over, never answered: overdue at the end */
	fb_submit(f, false, "2026-02-02T09:00", c4, sizeof c4);
	/* F5: pending within its due: not counted */
	fb_submit(f, false, "2026-03-16T08:00", c5, sizeof c5);
	/* F6: refused (not within the unit's competence): not counted */
	fb_submit(f, false, "2026-03-09T08:00", c6, sizeof c6);
	fb_act(f, head, "2026-03-10T08:00", c6, "refuse");
	/* F7: answered on time, not yet published, publication due 24/3 is
	 * after the end: fully on time so far */
	fb_submit(f, false, "2026-03-09T08:00", c7, sizeof c7);
	fb_answer(f, head, c7, "2026-03-20T09:00");
	/* unit B: one answered on time, never counted for A */
	fb_submit(f, true, "2026-03-09T08:00", b1, sizeof b1);

	hc_i766_table t = builtin();
	json_t *j = report(f, &t, f->unit_a, FROM, TO, LATER);
	/* handled F1 F2 F3 F7 + overdue F4 */
	const want w[] = {
	    {"feedback_on_time", 3, 5},   /* F1 F2 F7 */
	    {"feedback_satisfied", 2, 5}, /* F1 F7 */
	};
	check_report(&t, j, w, 2, day_of(TO) - 1);
	assert_true(json_is_true(json_object_get(indicator(j, "feedback_on_time"), "recorded")));
	assert_true(json_is_true(json_object_get(indicator(j, "feedback_satisfied"), "recorded")));
	json_decref(j);

	j = report(f, &t, f->unit_b, FROM, TO, LATER);
	/* B's feedback is pending within its due: nothing handled, nothing overdue */
	const want wb[] = {{"feedback_on_time", 0, 0}, {"feedback_satisfied", 0, 0}};
	check_report(&t, j, wb, 2, day_of(TO) - 1);
	json_decref(j);

	/* every unit from the grouped pass: the same figures per unit */
	hc_tx *tx;
	hc_err e;
	hc_i766_figures *fig = NULL;
	int n = 0;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	hc_env env = fixture_env(f, LATER);
	assert_int_equal(
	    hc_i766_figures_compute(tx, 0, day_of(FROM), day_of(TO), env.now, &fig, &n, &e), HC_OK);
	hc_tx_rollback(tx);
	int seen = 0;
	for (int i = 0; i < n; i++) {
		hc_i766_rate on = fig[i].m[HC_M766_FEEDBACK_ON_TIME];
		hc_i766_rate sat = fig[i].m[HC_M766_FEEDBACK_SATISFIED];
		if (fig[i].unit_id == f->unit_a) {
			assert_int_equal(on.num, 3);
			assert_int_equal(on.den, 5);
			assert_int_equal(sat.num, 2);
			assert_int_equal(sat.den, 5);
			seen++;
		} else if (fig[i].unit_id == f->unit_b) {
			assert_int_equal(on.den, 0);
			assert_true(on.recorded);
			seen++;
		}
	}
	assert_int_equal(seen, 2);
	free(fig);
	hc_i766_table_free(&t);
}

static void no_dossiers_at_all(void **state)
{
	fixture *f = *state;
	hc_i766_table t = builtin();
	/* unit B: the fixture's catalog, no dates, no dossiers */
	json_t *j = report(f, &t, f->unit_b, FROM, TO, LATER);
	const want w[] = {
	    {"procedure_published_on_time", 0, 0},
	    {"procedure_public", 0, 4}, /* dates unknown: in effect, not published */
	    {"procedure_complete", 0, 4},
	    {"dossier_on_time", 0, 0},
	    {"dossier_pending_within", 0, 0},
	    {"procedure_fully_online", 3, 4},
	    {"online_procedure_used", 0, 3},
	    {"dossier_online", 0, 0},
	    {"fee_procedure_paid_online", 0, 1},
	    {"dossier_paid_online", 0, 0},
	    {"dossier_satisfied", 0, 0},
	    {"dossier_e_result", 0, 0},
	    {"dossier_digitized_input", 0, 0},
	    {"dossier_digitized_result", 0, 0},
	    {"dossier_reuse", 0, 0},
	};
	check_report(&t, j, w, (int)(sizeof w / sizeof w[0]), day_of(TO) - 1);
	/* den == 0 takes the table's value: full marks for timeliness */
	const hc_i766_row *r = row_of(&t, "dossier_on_time", day_of(TO) - 1);
	assert_true(
	    fabs(json_real_value(json_object_get(indicator(j, "dossier_on_time"), "score")) -
	         (r->empty_full ? r->max_c / 100.0 : 0)) < 1e-9);
	json_decref(j);
	hc_i766_table_free(&t);
}

static void no_fee_bearing_procedures(void **state)
{
	fixture *f = *state;
	/* unit B's only fee-bearing procedure becomes free of charge */
	hc_tx *tx;
	hc_err e;
	hc_procedure p;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_procedure_by_code(tx, f->unit_b, "PFEE", &p, &e), HC_OK);
	p.fee = 0;
	assert_int_equal(hc_procedure_upsert(tx, &p, &e), HC_OK);
	hc_procedure_clear(&p);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
	hc_intake_result r;
	receive(f, true, "2026-03-10T09:00", "PFEE", "direct", false, false, &r);
	hc_i766_table t = builtin();
	json_t *j = report(f, &t, f->unit_b, FROM, TO, LATER);
	const want w[] = {
	    {"fee_procedure_paid_online", 0, 0},
	    {"dossier_paid_online", 0, 0},
	    {"dossier_online", 0, 1},
	};
	check_report(&t, j, w, 3, day_of(TO) - 1);
	const hc_i766_row *r1 = row_of(&t, "fee_procedure_paid_online", day_of(TO) - 1);
	const hc_i766_row *r2 = row_of(&t, "dossier_paid_online", day_of(TO) - 1);
	assert_true(r1->empty_full && r2->empty_full); /* full marks when nothing to pay */
	size_t gi;
	const json_t *g;
	json_array_foreach(
	    json_object_get(j, "groups"), gi,
	    g) if (strcmp(json_string_value(json_object_get(g, "code")), "thanh_toan") == 0)
	    assert_true(fabs(json_real_value(json_object_get(g, "score")) -
	                     json_real_value(json_object_get(g, "max"))) < 1e-9);
	json_decref(j);
	hc_i766_table_free(&t);
}

static void all_late(void **state)
{
	fixture *f = *state;
	hc_intake_result a, b;
	receive(f, false, "2026-03-09T08:00", "P3D", "direct", false, false, &a);
	receive(f, false, "2026-03-09T09:00", "PFEE", "direct", false, false, &b);
	resolve_a(f, a.code, "2026-03-19T10:00", false, false, 5);
	/* PFEE collects its fee before signature: paid at the desk, not online */
	act(f, &f->staff_a[HC_ROLE_HEAD], "2026-03-20T09:00", b.code,
	    (hc_action_in){.action = "assign", .handler = "a.specialist"});
	act(f, &f->staff_a[HC_ROLE_SPECIALIST], "2026-03-20T09:05", b.code,
	    (hc_action_in){.action = "request_payment", .amount = 50000});
	act(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-20T09:10", b.code,
	    (hc_action_in){.action = "record_payment", .online = false});
	act(f, &f->staff_a[HC_ROLE_SPECIALIST], "2026-03-20T09:15", b.code,
	    (hc_action_in){.action = "submit_for_signature"});
	act(f, &f->staff_a[HC_ROLE_LEADER], "2026-03-20T10:00", b.code,
	    (hc_action_in){.action = "resolve"});
	hc_i766_table t = builtin();
	json_t *j = report(f, &t, f->unit_a, FROM, TO, LATER);
	const want w[] = {
	    {"dossier_on_time", 0, 2},
	    {"dossier_satisfied", 0, 2}, /* late counts as not satisfied, whatever the rating */
	    {"dossier_paid_online", 0, 1},
	    {"fee_procedure_paid_online", 0, 1},
	    {"dossier_pending_within", 0, 0},
	};
	check_report(&t, j, w, 5, day_of(TO) - 1);
	assert_true(json_real_value(json_object_get(indicator(j, "dossier_on_time"), "score")) ==
	            0.0);
	json_decref(j);
	hc_i766_table_free(&t);
}

/* Two identical units share position 1; a better one then leads. */
static void ranking_ties(void **state)
{
	fixture *f = *state;
	hc_i766_table t = builtin();
	hc_tx *tx;
	hc_err e;
	hc_i766_ranking r;
	int64_t from = day_of(FROM), to = day_of(TO);
	hc_env env = fixture_env(f, LATER);
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_i766_ranking_compute(tx, &t, from, to, env.now, &r, &e), HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.units[0].code, "90001");
	assert_string_equal(r.units[1].code, "90002");
	assert_int_equal(r.units[0].position, 1);
	assert_int_equal(r.units[1].position, 1);
	assert_int_equal(r.units[1].of, 2);
	assert_true(r.units[0].total == r.units[1].total);
	json_t *j = hc_i766_ranking_json(&r, NULL, NULL);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(j, "units"), 1), "rank")),
	                    "1/2");
	json_decref(j);
	hc_i766_ranking_free(&r);

	/* unit B resolves a digitized online dossier on time: B leads */
	hc_intake_result d;
	receive(f, true, "2026-03-10T08:00", "P3D", "online", true, false, &d);
	/* B's own staff: the fixture has only B's reception officer, which
	 * may assign but not decide; the system actor acts for the others */
	hc_actor sys = hc_actor_system();
	act(f, &sys, "2026-03-10T09:00", d.code,
	    (hc_action_in){.action = "assign", .office_code = "VP"});
	act(f, &sys, "2026-03-10T09:30", d.code, (hc_action_in){.action = "submit_for_signature"});
	act(f, &sys, "2026-03-10T10:00", d.code,
	    (hc_action_in){.action = "resolve", .digitized_result = true, .e_result = true});
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_i766_ranking_compute(tx, &t, from, to, env.now, &r, &e), HC_OK);
	/* the ranking's totals are the units' own reports' totals */
	json_t *rb;
	assert_int_equal(hc_i766_unit_report(tx, &t, f->unit_b, from, to, env.now, &rb, &e), 0);
	hc_tx_rollback(tx);
	assert_string_equal(r.units[0].code, "90002");
	assert_int_equal(r.units[0].position, 1);
	assert_int_equal(r.units[1].position, 2);
	assert_true(r.units[0].total > r.units[1].total);
	assert_true(fabs(json_real_value(json_object_get(rb, "total")) -
	                 round(r.units[0].total * 100) / 100) < 1e-9);
	json_decref(rb);
	hc_i766_ranking_free(&r);
	/* a period before the first version of the table is refused */
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_i766_ranking_compute(tx, &t, day_of("2021-01-01"), day_of("2021-02-01"),
	                                         env.now, &r, &e),
	                 HC_EINVAL);
	assert_string_equal(e.field, "to");
	assert_int_equal(hc_i766_unit_report(tx, &t, f->unit_a, day_of("2021-01-01"),
	                                     day_of("2021-02-01"), env.now, &rb, &e),
	                 HC_EINVAL);
	assert_int_equal(hc_i766_unit_report(tx, &t, f->unit_a, day_of("2026-02-01"),
	                                     day_of("2026-02-01"), env.now, &rb, &e),
	                 HC_EINVAL);
	hc_tx_rollback(tx);
	hc_i766_table_free(&t);
}

static bool only_a(int64_t unit_id, void *ctx)
{
	return unit_id == *(int64_t *)ctx;
}

static void ranking_filter(void **state)
{
	fixture *f = *state;
	hc_i766_table t = builtin();
	hc_tx *tx;
	hc_err e;
	hc_i766_ranking r;
	hc_intake_result d;
	receive(f, true, "2026-03-10T08:00", "P3D", "online", true, false, &d);
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(
	    hc_i766_ranking_compute(tx, &t, day_of(FROM), day_of(TO), day_of(TO) * 86400, &r, &e),
	    0);
	hc_tx_rollback(tx);
	json_t *j = hc_i766_ranking_json(&r, only_a, &f->unit_a);
	json_t *units = json_object_get(j, "units");
	assert_int_equal(json_array_size(units), 1);
	json_t *u = json_array_get(units, 0);
	assert_string_equal(json_string_value(json_object_get(u, "code")), "90001");
	assert_string_equal(json_string_value(json_object_get(u, "rank")), "2/2");
	json_decref(j);
	hc_i766_ranking_free(&r);
	hc_i766_table_free(&t);
}

/* ---- scoring kinds and versions from tables written here --------------- */

#define HDR                                                                                        \
	"version\tvalid_from\tvalid_to\tgroup\tgroup_name\tcode\tname\tmetric\tkind\tthreshold\tm" \
	"ax\tempty\tconfirmed\tsource\n"

static void kinds_and_versions(void **state)
{
	(void)state;
	const char *text =
	    HDR "1\t2024-01-01\t2026-01-01\tg\tNhóm\tA\tTỷ lệ A\tdossier_on_time\tthreshold\t0.9"
	        "\t40\tzero\t1\tthử\n"
	        "1\t2024-01-01\t2026-01-01\tg\tNhóm\tB\tTỷ lệ B\tdossier_online\ttarget\t0.5\t60"
	        "\tfull\t0\t\n"
	        "2\t2026-01-01\t\th\tNhóm mới\tC\tTỷ lệ C\tdossier_reuse\tproportional\t\t100"
	        "\tzero\t0\t\n";
	hc_i766_table t = {0};
	hc_err e;
	if (hc_i766_table_parse(&t, "k.tsv", text, strlen(text), &e))
		fail_msg("%s", e.detail);
	assert_int_equal(t.n, 3);
	const hc_i766_row *a = &t.rows[0], *b = &t.rows[1], *c = &t.rows[2];
	assert_true(a->confirmed && !b->confirmed);
	/* threshold: all or nothing at 90% */
	assert_true(hc_i766_score(a, (hc_i766_rate){9, 10, true}) == 40.0);
	assert_true(hc_i766_score(a, (hc_i766_rate){89, 100, true}) == 0.0);
	assert_true(hc_i766_score(a, (hc_i766_rate){0, 0, true}) == 0.0);
	/* target: proportional up to 50%, full from there */
	assert_true(fabs(hc_i766_score(b, (hc_i766_rate){1, 4, true}) - 30.0) < 1e-9);
	assert_true(hc_i766_score(b, (hc_i766_rate){3, 4, true}) == 60.0);
	assert_true(hc_i766_score(b, (hc_i766_rate){0, 0, false}) == 60.0);
	assert_true(fabs(hc_i766_score(c, (hc_i766_rate){1, 3, true}) - 100.0 / 3) < 1e-9);
	int first, count;
	assert_int_equal(hc_i766_table_version(&t, day_of("2025-12-31"), &first, &count, &e), 0);
	assert_int_equal(t.rows[first].version, 1);
	assert_int_equal(count, 2);
	assert_int_equal(hc_i766_table_version(&t, day_of("2026-01-01"), &first, &count, &e), 0);
	assert_int_equal(t.rows[first].version, 2);
	assert_int_equal(count, 1);
	assert_int_equal(hc_i766_table_version(&t, day_of("2023-12-31"), &first, &count, &e),
	                 HC_ENOTFOUND);
	hc_i766_table_free(&t);
}

/* Each kind of malformed table is refused with NAME:LINE: and its reason. */
static void malformed_tables(void **state)
{
	(void)state;
#define OK1                                                                                        \
	"1\t2024-01-01\t\tg\tNhóm\tA\tTỷ lệ A\tdossier_on_time\tproportional\t\t100\tfull\t0\t\n"
#define ROW(v, f, t, g, gn, c, m, k, thr, mx, em, cf)                                              \
	v "\t" f "\t" t "\t" g "\t" gn "\t" c "\tTên\t" m "\t" k "\t" thr "\t" mx "\t" em "\t" cf  \
	  "\t\n"
	static const struct {
		const char *text, *where, *why;
	} cases[] = {
	    {"", "t.tsv:1:", "header"},
	    {"version\tvalid_from\n1\t2024-01-01\n", "t.tsv:1:", "columns"},
	    {"version\tvalid_from\tvalid_to\tgroup\tgroup_name\tcode\tname\tmetric\tkind\tthreshold"
	     "\tmaximum\tempty\tconfirmed\tsource\n",
	     "t.tsv:1:", "header column 11"},
	    {HDR, "t.tsv:1:", "no indicator rows"},
	    {HDR ROW("x", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "100", "full", "0"),
	     "t.tsv:2:", "version"},
	    {HDR ROW("1", "2024-13-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "100", "full", "0"),
	     "t.tsv:2:", "valid_from"},
	    {HDR ROW("1", "2024-01-01", "2024-1-1", "g", "N", "A", "dossier_on_time",
	             "proportional", "", "100", "full", "0"),
	     "t.tsv:2:", "valid_to"},
	    {HDR ROW("1", "2024-01-01", "2024-01-01", "g", "N", "A", "dossier_on_time",
	             "proportional", "", "100", "full", "0"),
	     "t.tsv:2:", "not after"},
	    {HDR ROW("1", "2024-01-01", "", "G!", "N", "A", "dossier_on_time", "proportional", "",
	             "100", "full", "0"),
	     "t.tsv:2:", "group"},
	    {HDR ROW("1", "2024-01-01", "", "g", "", "A", "dossier_on_time", "proportional", "",
	             "100", "full", "0"),
	     "t.tsv:2:", "group_name"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "a b", "dossier_on_time", "proportional", "",
	             "100", "full", "0"),
	     "t.tsv:2:", "code"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_late", "proportional", "",
	             "100", "full", "0"),
	     "t.tsv:2:", "unknown metric"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "linear", "", "100",
	             "full", "0"),
	     "t.tsv:2:", "kind"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "0.5",
	             "100", "full", "0"),
	     "t.tsv:2:", "threshold given"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "threshold", "",
	             "100", "full", "0"),
	     "t.tsv:2:", "threshold"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "target", "1.5",
	             "100", "full", "0"),
	     "t.tsv:2:", "threshold"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "1e2", "full", "0"),
	     "t.tsv:2:", "max"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "100.001", "full", "0"),
	     "t.tsv:2:", "max"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "100", "half", "0"),
	     "t.tsv:2:", "empty"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "100", "full", "yes"),
	     "t.tsv:2:", "confirmed"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "60", "full", "0") ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_online",
	                                    "proportional", "", "40", "full", "0"),
	     "t.tsv:3:", "appears twice"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "60", "full", "0") ROW("1", "2025-01-01", "", "g", "N", "B", "dossier_online",
	                                    "proportional", "", "40", "full", "0"),
	     "t.tsv:3:", "another validity"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "60", "full", "0") ROW("1", "2024-01-01", "", "g", "M", "B", "dossier_online",
	                                    "proportional", "", "40", "full", "0"),
	     "t.tsv:3:", "another name"},
	    {HDR ROW("1", "2024-01-01", "", "g", "N", "A", "dossier_on_time", "proportional", "",
	             "60", "full", "0") ROW("1", "2024-01-01", "", "g", "N", "B", "dossier_online",
	                                    "proportional", "", "39.5", "full", "0"),
	     "t.tsv:2:", "99.50 points"},
	    {HDR OK1 ROW("2", "2025-01-01", "", "g", "N", "A", "dossier_on_time", "proportional",
	                 "", "100", "full", "0"),
	     "t.tsv:3:", "overlaps version 1"},
	    {HDR "1\t2024-01-01\n", "t.tsv:2:", "fields"},
	    {HDR
	     "1\t2024-01-01\t\tg\tN\tA\tT\xC3\tdossier_on_time\tproportional\t\t100\tfull\t0\t\n",
	     "t.tsv:2:", "UTF-8"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hc_i766_table t = {0};
		hc_err e;
		hc_err_clear(&e);
		int rc = hc_i766_table_parse(&t, "t.tsv", cases[i].text, strlen(cases[i].text), &e);
		if (rc == HC_OK)
			fail_msg("case %zu accepted", i);
		if (strncmp(e.detail, cases[i].where, strlen(cases[i].where)) != 0 ||
		    !strstr(e.detail, cases[i].why))
			fail_msg("case %zu: got '%s', want '%s ... %s'", i, e.detail,
			         cases[i].where, cases[i].why);
		assert_non_null(strstr(e.message, "t.tsv"));
		assert_int_equal(t.n, 0);
		hc_i766_table_free(&t);
	}
}

/* Over-limit rows and text are refused with HC_ETOOBIG. */
static void limits(void **state)
{
	(void)state;
	size_t cap = (HC_I766_MAX_ROWS + 2) * 128 + 8192;
	char *text = malloc(cap);
	assert_non_null(text);
	size_t n = (size_t)snprintf(text, cap, "%s", HDR);
	for (int i = 0; i <= HC_I766_MAX_ROWS; i++)
		n += (size_t)snprintf(
		    text + n, cap - n,
		    "1\t2024-01-01\t\tg\tN\tA%d\tT\tdossier_on_time\tproportional\t\t"
		    "0.01\tfull\t0\t\n",
		    i);
	hc_i766_table t = {0};
	hc_err e;
	assert_int_equal(hc_i766_table_parse(&t, "big.tsv", text, n, &e), HC_ETOOBIG);
	assert_non_null(strstr(e.detail, "big.tsv:258:"));
	/* a name of 201 characters */
	n = (size_t)snprintf(text, cap, "%s1\t2024-01-01\t\tg\tN\tA\t", HDR);
	for (int i = 0; i < HC_I766_MAX_NAME + 1; i++)
		text[n++] = 'x';
	n += (size_t)snprintf(text + n, cap - n,
	                      "\tdossier_on_time\tproportional\t\t100\tfull\t0\t\n");
	int rc = hc_i766_table_parse(&t, "long.tsv", text, n, &e);
	assert_true(rc == HC_EINVAL || rc == HC_ETOOBIG);
	assert_non_null(strstr(e.detail, "long.tsv:2:"));
	assert_non_null(strstr(e.detail, "name"));
	free(text);
	hc_i766_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(builtin_table),
	    cmocka_unit_test_setup_teardown(scenario_scores, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(feedback_scores, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(no_dossiers_at_all, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(no_fee_bearing_procedures, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(all_late, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(ranking_ties, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(ranking_filter, fixture_setup, fixture_teardown),
	    cmocka_unit_test(kinds_and_versions),
	    cmocka_unit_test(malformed_tables),
	    cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
