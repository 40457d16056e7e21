/* Citizens' feedback (PAKN): codes, time rules across holidays, late steps,
 * the state machine, permissions, field validation, public reads, and the
 * counts against a brute-force count of random histories. Expected due
 * instants are worked out by hand from the embedded calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/time.h"
#include "domain/audit.h"
#include "domain/dossier.h"
#include "domain/feedback.h"
#include "fixture.h"

static int64_t at(const char *local)
{
	int64_t t = 0;
	hc_err e;
	assert_int_equal(hc_parse_local_time(local, "t", &t, &e), HC_OK);
	return t;
}

static hc_feedback_in good_in(void)
{
	return (hc_feedback_in){.unit_code = "90001",
	                        .category = "delay",
	                        .content =
	                            "Hồ sơ đăng ký khai sinh của tôi đã quá hạn trả kết quả.",
	                        .sender_name = "Phạm Thị Hương",
	                        .sender_phone = "0912 345 678",
	                        .sender_email = "huong.pham@example.vn",
	                        .sender_address = "Thôn Đông, xã Thử",
	                        .content_public = true};
}

/* Submits as a citizen (a == NULL) or staff; returns the error code. */
static int submit(fixture *f, const hc_actor *a, const char *when, const hc_feedback_in *in,
                  hc_feedback_result *r, hc_err *e)
{
	hc_env env = fixture_env(f, when);
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, e), HC_OK);
	hc_feedback_result tmp;
	int rc = hc_feedback_submit(tx, &env, a, in, r ? r : &tmp, e);
	return hc_tx_end(tx, rc, e);
}

static void submit_ok(fixture *f, const char *when, hc_feedback_result *r)
{
	hc_feedback_in in = good_in();
	hc_err e;
	int rc = submit(f, NULL, when, &in, r, &e);
	if (rc)
		fail_msg("submit: %s", e.detail);
}

static int act(fixture *f, const hc_actor *a, const char *when, const char *code,
               hc_feedback_act_in in, hc_err *e)
{
	hc_env env = fixture_env(f, when);
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, e), HC_OK);
	int rc = hc_feedback_act(tx, &env, a, code, &in, NULL, e);
	return hc_tx_end(tx, rc, e);
}

static void act_ok(fixture *f, const hc_actor *a, const char *when, const char *code,
                   hc_feedback_act_in in)
{
	hc_err e;
	int rc = act(f, a, when, code, in, &e);
	if (rc)
		fail_msg("%s at %s: %s", in.action, when, e.detail);
}

static hc_feedback *get(fixture *f, const char *code)
{
	hc_tx *tx;
	hc_err e;
	hc_feedback *fb = NULL;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	const hc_actor *sys = &f->staff_a[HC_ROLE_SYSTEM];
	int rc = hc_feedback_get(tx, sys, code, &fb, &e);
	hc_tx_rollback(tx);
	if (rc)
		fail_msg("get: %s", e.detail);
	return fb;
}

static void assert_time(int64_t got, const char *want)
{
	char buf[HC_TIME_BUF];
	hc_fmt_local_short(got, buf);
	assert_string_equal(buf, want);
}

static const hc_feedback_act_in CLASSIFY = {.action = "classify"};
static const hc_feedback_act_in ANSWER = {.action = "answer",
                                          .answer = "Đơn vị đã trả kết quả ngày 20/02."};
static const hc_feedback_act_in PUBLISH = {.action = "publish"};

static void codes_per_unit_and_day(void **state)
{
	fixture *f = *state;
	hc_feedback_result r1, r2, r3, r4;
	submit_ok(f, "2026-03-02T09:00", &r1);
	submit_ok(f, "2026-03-02T10:00", &r2);
	submit_ok(f, "2026-03-03T08:00", &r3);
	hc_feedback_in in = good_in();
	in.unit_code = "90002";
	hc_err e;
	assert_int_equal(submit(f, NULL, "2026-03-02T09:30", &in, &r4, &e), HC_OK);
	assert_string_equal(r1.code, "TESTA-PA-260302-0001");
	assert_string_equal(r2.code, "TESTA-PA-260302-0002");
	assert_string_equal(r3.code, "TESTA-PA-260303-0001");
	assert_string_equal(r4.code, "TESTB-PA-260302-0001");
	/* a refused submission gives its number back: no gap */
	in = good_in();
	in.sender_phone = "12";
	assert_int_equal(submit(f, NULL, "2026-03-02T11:00", &in, NULL, &e), HC_EINVAL);
	hc_feedback_result r5;
	submit_ok(f, "2026-03-02T11:00", &r5);
	assert_string_equal(r5.code, "TESTA-PA-260302-0003");
	/* dossier receipt codes keep their own series */
	hc_intake it = {.procedure_code = "P3D",
	                .channel = "direct",
	                .applicant_name = "Lê Văn Tâm",
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678"};
	hc_env env = fixture_env(f, "2026-03-02T14:00");
	hc_tx *tx;
	hc_intake_result ir;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_receive(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], &it, &ir, &e);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
	assert_string_equal(ir.code, "TESTA-260302-0001");
	hc_feedback *fb = get(f, r1.code);
	assert_string_equal(fb->channel, "web");
	assert_string_equal(fb->sender_name, "Phạm Thị Hương");
	assert_int_equal(fb->status, HC_FB_RECEIVED);
	assert_int_equal(fb->nactions, 1);
	assert_string_equal(fb->actions[0].action, "submit");
	assert_string_equal(fb->actions[0].actor_name, "Công dân");
	hc_feedback_free(fb);
}

/* Tết 2026: 14–22/2 off. Received Thursday 12/2 09:00. */
static void dues_across_tet_2026(void **state)
{
	fixture *f = *state;
	hc_feedback_result r;
	submit_ok(f, "2026-02-12T09:00", &r);
	hc_feedback *fb = get(f, r.code);
	assert_time(fb->refuse_due_at, "2026-02-23T09:00");   /* Fri 13, then Mon 23 */
	assert_time(fb->ask_due_at, "2026-02-26T09:00");      /* 13, 23, 24, 25, 26 */
	assert_time(fb->classify_due_at, "2026-02-26T09:00"); /* same 5 days */
	assert_time(fb->answer_due_at, "2026-03-12T09:00");   /* 15 working days */
	assert_int_equal(fb->publish_due_at, 0);
	assert_time(r.answer_due_at, "2026-03-12T09:00");
	hc_feedback_free(fb);
	/* received on a holiday: the clock starts at Monday 23/2 07:30 */
	submit_ok(f, "2026-02-17T10:00", &r);
	fb = get(f, r.code);
	assert_time(fb->refuse_due_at, "2026-02-24T17:00");
	assert_time(fb->ask_due_at, "2026-02-27T17:00");
	assert_time(fb->answer_due_at, "2026-03-13T17:00");
	hc_feedback_free(fb);
}

/* 30/4 and 1/5 2026 off (and Giỗ Tổ on Monday 27/4): the publication rule
 * counts from the answer. */
static void publish_due_across_may_day_2026(void **state)
{
	fixture *f = *state;
	hc_feedback_result r;
	submit_ok(f, "2026-04-24T09:00", &r);
	/* refuse due: Fri 24 09:00 -> 28/4 (27/4 off) -> 29/4 09:00 */
	hc_feedback *fb = get(f, r.code);
	assert_time(fb->refuse_due_at, "2026-04-29T09:00");
	hc_feedback_free(fb);
	const hc_actor *spec = &f->staff_a[HC_ROLE_SPECIALIST];
	act_ok(f, spec, "2026-04-28T08:00", r.code, CLASSIFY);
	act_ok(f, spec, "2026-04-29T10:00", r.code, ANSWER);
	fb = get(f, r.code);
	assert_time(fb->publish_due_at, "2026-05-05T10:00"); /* 4/5, 5/5 */
	hc_feedback_free(fb);
	/* published at the due instant: on time */
	act_ok(f, &f->staff_a[HC_ROLE_HEAD], "2026-05-05T10:00", r.code, PUBLISH);
	fb = get(f, r.code);
	assert_int_equal(fb->status, HC_FB_PUBLISHED);
	assert_int_equal(fb->flags, 0);
	assert_int_equal(fb->actions[fb->nactions - 1].on_time, 1);
	hc_feedback_free(fb);
	/* one minute after it: late */
	submit_ok(f, "2026-04-24T09:00", &r);
	act_ok(f, spec, "2026-04-28T08:00", r.code, CLASSIFY);
	act_ok(f, spec, "2026-04-29T10:00", r.code, ANSWER);
	act_ok(f, &f->staff_a[HC_ROLE_LEADER], "2026-05-05T10:01", r.code, PUBLISH);
	fb = get(f, r.code);
	assert_int_equal(fb->flags, HC_FBF_LATE(HC_FBS_PUBLISH));
	assert_int_equal(fb->actions[fb->nactions - 1].on_time, 0);
	assert_time(fb->actions[fb->nactions - 1].due_at, "2026-05-05T10:00");
	hc_feedback_free(fb);
}

/* 2025 schedules: Quốc khánh 1–2/9 off; Tết 25/1–2/2 off. */
static void dues_across_2025_holidays(void **state)
{
	fixture *f = *state;
	hc_feedback_result r;
	submit_ok(f, "2025-08-29T16:00", &r);
	hc_feedback *fb = get(f, r.code);
	/* 1 h on Fri 29/8, then Wed 3/9 07:30 + 7 h = 16:00; second day 4/9 */
	assert_time(fb->refuse_due_at, "2025-09-04T16:00");
	hc_feedback_free(fb);
	/* after hours on the eve of Tết: the clock starts Monday 3/2 07:30 */
	submit_ok(f, "2025-01-24T18:00", &r);
	fb = get(f, r.code);
	assert_time(fb->refuse_due_at, "2025-02-04T17:00");
	assert_time(fb->ask_due_at, "2025-02-07T17:00");
	hc_feedback_free(fb);
}

static void late_steps_flagged_and_supplement_restarts_clock(void **state)
{
	fixture *f = *state;
	const hc_actor *spec = &f->staff_a[HC_ROLE_SPECIALIST];
	const hc_actor *rec = &f->staff_a[HC_ROLE_RECEPTION];
	hc_feedback_result r;
	/* refused one minute after the 2-day limit */
	submit_ok(f, "2026-03-02T09:00", &r);
	act_ok(f, spec, "2026-03-04T09:01", r.code,
	       (hc_feedback_act_in){.action = "refuse", .note = "Không thuộc thẩm quyền của xã"});
	hc_feedback *fb = get(f, r.code);
	assert_int_equal(fb->status, HC_FB_REFUSED);
	assert_int_equal(fb->flags, HC_FBF_LATE(HC_FBS_REFUSE));
	assert_int_equal(fb->actions[1].on_time, 0);
	hc_feedback_free(fb);
	/* asked on time (5 days), supplemented: every due from the arrival */
	submit_ok(f, "2026-03-02T09:00", &r);
	act_ok(f, spec, "2026-03-09T09:00", r.code,
	       (hc_feedback_act_in){.action = "ask", .note = "Cần mã hồ sơ và ngày nộp"});
	act_ok(f, rec, "2026-03-20T15:00", r.code,
	       (hc_feedback_act_in){.action = "supplement", .note = "Mã hồ sơ TESTA-260301-0001"});
	fb = get(f, r.code);
	assert_int_equal(fb->status, HC_FB_RECEIVED);
	assert_int_equal(fb->flags, 0);
	assert_time(fb->clock_at, "2026-03-20T15:00");
	assert_time(fb->refuse_due_at, "2026-03-24T15:00");
	assert_time(fb->answer_due_at, "2026-04-10T15:00");
	assert_int_equal(fb->actions[2].on_time, -1); /* a supplement has no due */
	hc_feedback_free(fb);
	/* classified late (5 days from the arrival: 27/3 15:00), answered on time */
	act_ok(f, spec, "2026-03-27T15:30", r.code, CLASSIFY);
	act_ok(f, spec, "2026-04-10T15:00", r.code, ANSWER);
	fb = get(f, r.code);
	assert_int_equal(fb->flags, HC_FBF_LATE(HC_FBS_CLASSIFY));
	assert_string_equal(fb->answer, "Đơn vị đã trả kết quả ngày 20/02.");
	assert_int_equal(fb->actions[4].on_time, 1);
	hc_feedback_free(fb);
	/* answered late */
	submit_ok(f, "2026-03-02T09:00", &r);
	act_ok(f, spec, "2026-03-02T10:00", r.code, CLASSIFY);
	act_ok(f, spec, "2026-03-24T09:01", r.code, ANSWER); /* due 23/3 09:00 */
	fb = get(f, r.code);
	assert_time(fb->answer_due_at, "2026-03-23T09:00");
	assert_int_equal(fb->flags, HC_FBF_LATE(HC_FBS_ANSWER));
	hc_feedback_free(fb);
}

/* A unit's own rule replaces the default of unit 0. */
static void unit_rule_overrides_default(void **state)
{
	fixture *f = *state;
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_exec(tx, &e,
	                            "INSERT INTO feedback_rules (unit_id, step, anchor, time_limit)"
	                            " VALUES (?, 'answer', 'clock', '10d')",
	                            "i", f->unit_a),
	                 HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
	hc_feedback_result r;
	submit_ok(f, "2026-03-02T09:00", &r);
	hc_feedback *fb = get(f, r.code);
	assert_time(fb->answer_due_at, "2026-03-16T09:00");
	assert_time(fb->refuse_due_at, "2026-03-04T09:00");
	hc_feedback_free(fb);
	hc_feedback_in in = good_in();
	in.unit_code = "90002";
	assert_int_equal(submit(f, NULL, "2026-03-02T09:00", &in, &r, &e), HC_OK);
	fb = get(f, r.code);
	assert_time(fb->answer_due_at, "2026-03-23T09:00");
	hc_feedback_free(fb);
}

static void illegal_transitions_refused(void **state)
{
	fixture *f = *state;
	const hc_actor *head = &f->staff_a[HC_ROLE_HEAD];
	hc_feedback_result r;
	submit_ok(f, "2026-03-02T09:00", &r);
	hc_err e;
	static const char *const illegal_from_received[] = {"answer", "publish", "supplement"};
	for (int i = 0; i < 3; i++) {
		hc_feedback_act_in in = {
		    .action = illegal_from_received[i], .answer = "x", .note = "x"};
		assert_int_equal(act(f, head, "2026-03-02T10:00", r.code, in, &e), HC_ECONFLICT);
		assert_string_equal(e.field, "action");
		assert_non_null(strstr(e.message, "Đã tiếp nhận"));
	}
	assert_int_equal(
	    act(f, head, "2026-03-02T10:00", r.code, (hc_feedback_act_in){.action = "fly"}, &e),
	    HC_EINVAL);
	assert_int_equal(
	    act(f, head, "2026-03-02T10:00", r.code, (hc_feedback_act_in){.action = NULL}, &e),
	    HC_EINVAL);
	/* refuse needs a reason, ask what is missing, answer its text */
	assert_int_equal(
	    act(f, head, "2026-03-02T10:00", r.code, (hc_feedback_act_in){.action = "refuse"}, &e),
	    HC_EINVAL);
	assert_string_equal(e.field, "note");
	assert_int_equal(act(f, head, "2026-03-02T10:00", r.code,
	                     (hc_feedback_act_in){.action = "ask", .note = ""}, &e),
	                 HC_EINVAL);
	assert_int_equal(act(f, head, "2026-03-02T10:00", r.code,
	                     (hc_feedback_act_in){.action = "classify", .category = "nope"}, &e),
	                 HC_EINVAL);
	assert_string_equal(e.field, "category");
	act_ok(f, head, "2026-03-02T10:00", r.code,
	       (hc_feedback_act_in){.action = "ask", .note = "Thiếu mã hồ sơ"});
	act_ok(f, head, "2026-03-03T10:00", r.code,
	       (hc_feedback_act_in){.action = "supplement", .note = "Đã có"});
	/* a second request for information is refused */
	assert_int_equal(act(f, head, "2026-03-03T11:00", r.code,
	                     (hc_feedback_act_in){.action = "ask", .note = "Lại thiếu"}, &e),
	                 HC_ECONFLICT);
	act_ok(f, head, "2026-03-03T11:00", r.code,
	       (hc_feedback_act_in){.action = "classify", .category = "result"});
	assert_int_equal(act(f, head, "2026-03-03T11:00", r.code, CLASSIFY, &e), HC_ECONFLICT);
	assert_int_equal(act(f, head, "2026-03-03T11:00", r.code,
	                     (hc_feedback_act_in){.action = "answer", .answer = ""}, &e),
	                 HC_EINVAL);
	assert_string_equal(e.field, "answer");
	act_ok(f, head, "2026-03-04T11:00", r.code, ANSWER);
	assert_int_equal(act(f, head, "2026-03-04T11:00", r.code, ANSWER, &e), HC_ECONFLICT);
	act_ok(f, head, "2026-03-04T14:00", r.code, PUBLISH);
	assert_int_equal(act(f, head, "2026-03-04T15:00", r.code, PUBLISH, &e), HC_ECONFLICT);
	assert_non_null(strstr(e.message, "Đã công khai"));
	hc_feedback *fb = get(f, r.code);
	assert_string_equal(fb->category, "result");
	assert_int_equal(fb->nactions, 6);
	hc_feedback_free(fb);
	/* after a refusal nothing more */
	submit_ok(f, "2026-03-02T09:00", &r);
	act_ok(f, head, "2026-03-02T10:00", r.code,
	       (hc_feedback_act_in){.action = "refuse", .note = "Nội dung không rõ ràng"});
	static const char *const all[] = {"classify",   "refuse", "ask",
	                                  "supplement", "answer", "publish"};
	for (int i = 0; i < 6; i++)
		assert_int_equal(
		    act(f, head, "2026-03-02T11:00", r.code,
		        (hc_feedback_act_in){.action = all[i], .note = "x", .answer = "x"}, &e),
		    HC_ECONFLICT);
	assert_int_equal(act(f, head, "2026-03-02T11:00", "TESTA-PA-000000-9999", CLASSIFY, &e),
	                 HC_ENOTFOUND);
}

static void permissions_and_tenants(void **state)
{
	fixture *f = *state;
	hc_feedback_result r;
	submit_ok(f, "2026-03-02T09:00", &r);
	hc_err e;
	const hc_actor *rec = &f->staff_a[HC_ROLE_RECEPTION];
	const hc_actor *spec = &f->staff_a[HC_ROLE_SPECIALIST];
	const hc_actor *clerk = &f->staff_a[HC_ROLE_CLERK];
	const hc_actor *admin = &f->staff_a[HC_ROLE_ADMIN];
	assert_int_equal(act(f, rec, "2026-03-02T10:00", r.code, CLASSIFY, &e), HC_EFORBIDDEN);
	assert_non_null(strstr(e.message, "Vai trò"));
	assert_int_equal(act(f, clerk, "2026-03-02T10:00", r.code, CLASSIFY, &e), HC_EFORBIDDEN);
	assert_int_equal(act(f, admin, "2026-03-02T10:00", r.code, CLASSIFY, &e), HC_EFORBIDDEN);
	assert_int_equal(act(f, &f->reception_b, "2026-03-02T10:00", r.code, CLASSIFY, &e),
	                 HC_EFORBIDDEN);
	assert_string_equal(e.message, "Không được truy cập dữ liệu của đơn vị khác");
	act_ok(f, spec, "2026-03-02T10:00", r.code, CLASSIFY);
	act_ok(f, spec, "2026-03-03T10:00", r.code, ANSWER);
	assert_int_equal(act(f, spec, "2026-03-03T11:00", r.code, PUBLISH, &e), HC_EFORBIDDEN);
	assert_int_equal(act(f, rec, "2026-03-03T11:00", r.code, PUBLISH, &e), HC_EFORBIDDEN);
	/* reads */
	hc_tx *tx;
	hc_feedback *fb = NULL;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_feedback_get(tx, &f->reception_b, r.code, &fb, &e), HC_EFORBIDDEN);
	assert_null(fb);
	assert_int_equal(hc_feedback_get(tx, clerk, r.code, &fb, &e), HC_OK);
	hc_feedback_free(fb);
	hc_actor sup = {.unit_id = f->unit_b, .role = HC_ROLE_SUPERVISOR};
	assert_int_equal(hc_feedback_get(tx, &sup, r.code, &fb, &e), HC_OK);
	hc_feedback_free(fb);
	hc_tx_rollback(tx);
	/* staff record feedback on their own unit, with a channel */
	hc_feedback_in in = good_in();
	in.unit_code = "90002"; /* ignored for staff */
	in.channel = "hotline";
	assert_int_equal(submit(f, clerk, "2026-03-02T09:00", &in, &r, &e), HC_OK);
	assert_true(strncmp(r.code, "TESTA-PA-", 9) == 0);
	fb = get(f, r.code);
	assert_string_equal(fb->channel, "hotline");
	assert_string_equal(fb->actions[0].actor_name, "Nguyễn Văn Thử");
	hc_feedback_free(fb);
	assert_int_equal(submit(f, spec, "2026-03-02T09:00", &in, &r, &e), HC_EFORBIDDEN);
	/* the audit chain holds every step */
	hc_audit_report rep;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_audit_verify(tx, f->unit_a, &rep, &e), HC_OK);
	int64_t n = 0;
	assert_int_equal(
	    hc_tx_query_int(tx, &e, &n, "SELECT COUNT(*) FROM audit WHERE object LIKE 'feedback:%'",
	                    ""),
	    HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(rep.bad_unit, 0);
	assert_int_equal(n, 4); /* submit, classify, answer, staff submit */
}

static void expect_bad(fixture *f, const hc_actor *a, hc_feedback_in in, const char *field,
                       int code)
{
	hc_err e;
	int rc = submit(f, a, "2026-03-02T09:00", &in, NULL, &e);
	if (rc != code)
		fail_msg("field %s: got %d (%s)", field, rc, e.detail);
	assert_string_equal(e.field, field);
	assert_true(strlen(e.message) > 0);
}

static char *repeat(const char *s, int n)
{
	size_t len = strlen(s);
	char *p = malloc(len * (size_t)n + 1);
	assert_non_null(p);
	for (int i = 0; i < n; i++)
		memcpy(p + len * (size_t)i, s, len);
	p[len * (size_t)n] = '\0';
	return p;
}

static void bad_input_on_every_field(void **state)
{
	fixture *f = *state;
	hc_feedback_in in;
	char *name129 = repeat("Đ", 129), *name128 = repeat("Đ", 128);
	char *content5001 = repeat("ệ", 5001), *addr301 = repeat("a", 301);
	char *email255 = repeat("a", 260); /* 255 characters */
	memcpy(email255 + 244, "@example.vn", 11);
	email255[255] = '\0';
#define BAD(stmt, field)                                                                           \
	do {                                                                                       \
		in = good_in();                                                                    \
		stmt;                                                                              \
		expect_bad(f, NULL, in, field, HC_EINVAL);                                         \
	} while (0)
	BAD(in.unit_code = NULL, "unit");
	BAD(in.unit_code = "", "unit");
	BAD(in.unit_code = "99999", "unit");
	BAD(in.channel = "phone", "channel");
	BAD(in.category = NULL, "category");
	BAD(in.category = "gossip", "category");
	BAD(in.content = "", "content");
	BAD(in.content = content5001, "content");
	BAD(in.content = "\xc3\x28 hỏng", "content");
	BAD(in.sender_name = "", "sender.name");
	BAD(in.sender_name = NULL, "sender.name");
	BAD(in.sender_name = name129, "sender.name");
	BAD(in.sender_name = "Phạm\nHương", "sender.name");
	BAD(in.sender_phone = "09123", "sender.phone");
	BAD(in.sender_phone = "0912-345-678", "sender.phone");
	BAD(in.sender_phone = "0912345678901234567890", "sender.phone");
	BAD(in.sender_email = "huong", "sender.email");
	BAD(in.sender_email = "huong@", "sender.email");
	BAD(in.sender_email = "@example.vn", "sender.email");
	BAD(in.sender_email = "huong@example", "sender.email");
	BAD(in.sender_email = "huong@@example.vn", "sender.email");
	BAD(in.sender_email = "hương@example.vn", "sender.email");
	BAD(in.sender_email = "huong@-example.vn", "sender.email");
	BAD(in.sender_email = "huong @example.vn", "sender.email");
	BAD(in.sender_email = email255, "sender.email");
	BAD((in.sender_phone = NULL, in.sender_email = ""), "sender.phone");
	BAD(in.sender_address = addr301, "sender.address");
	BAD(in.sender_address = "Thôn\nĐông", "sender.address");
	BAD(in.dossier_code = "TESTA-260101-0001", "dossier_code");
	BAD(in.procedure_code = "NO-SUCH", "procedure_code");
	/* staff: channel checked, B's procedure is not A's */
	in = good_in();
	in.channel = "pigeon";
	expect_bad(f, &f->staff_a[HC_ROLE_RECEPTION], in, "channel", HC_EINVAL);
	in.channel = NULL;
	expect_bad(f, &f->staff_a[HC_ROLE_RECEPTION], in, "channel", HC_EINVAL);
#undef BAD
	/* the limits themselves pass; one contact is enough */
	in = good_in();
	in.sender_name = name128;
	in.sender_phone = NULL;
	hc_err e;
	hc_feedback_result r;
	assert_int_equal(submit(f, NULL, "2026-03-02T09:00", &in, &r, &e), HC_OK);
	in = good_in();
	in.sender_email = NULL;
	in.procedure_code = "P3D";
	assert_int_equal(submit(f, NULL, "2026-03-02T09:00", &in, &r, &e), HC_OK);
	hc_feedback *fb = get(f, r.code);
	assert_string_equal(fb->procedure_code, "P3D");
	hc_feedback_free(fb);
	/* a dossier of another unit is unknown here */
	hc_intake it = {.procedure_code = "P3D",
	                .channel = "direct",
	                .applicant_name = "Lê Văn Tâm",
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678"};
	hc_env env = fixture_env(f, "2026-03-02T08:00");
	hc_tx *tx;
	hc_intake_result ir;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_receive(tx, &env, &f->reception_b, &it, &ir, &e);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
	in = good_in();
	in.dossier_code = ir.code;
	expect_bad(f, NULL, in, "dossier_code", HC_EINVAL);
	in.unit_code = "90002";
	assert_int_equal(submit(f, NULL, "2026-03-02T09:00", &in, &r, &e), HC_OK);
	fb = get(f, r.code);
	assert_string_equal(fb->dossier_code, ir.code);
	assert_string_equal(fb->procedure_code, "P3D"); /* taken from the dossier */
	hc_feedback_free(fb);
	free(name129);
	free(name128);
	free(content5001);
	free(addr301);
	free(email255);
}

static int collect(const hc_feedback *fb, void *ctx)
{
	char *codes = ctx;
	strcat(codes, fb->code);
	strcat(codes, " ");
	return 0;
}

static void lists_and_public_reads(void **state)
{
	fixture *f = *state;
	const hc_actor *head = &f->staff_a[HC_ROLE_HEAD];
	hc_feedback_result r1, r2, r3;
	submit_ok(f, "2026-03-02T09:00", &r1);
	submit_ok(f, "2026-03-03T09:00", &r2);
	submit_ok(f, "2026-03-04T09:00", &r3);
	act_ok(f, head, "2026-03-04T10:00", r1.code, CLASSIFY);
	act_ok(f, head, "2026-03-05T10:00", r1.code, ANSWER);
	act_ok(f, head, "2026-03-05T11:00", r1.code, PUBLISH);
	act_ok(f, head, "2026-03-05T10:00", r2.code, CLASSIFY);
	hc_tx *tx;
	hc_err e;
	char codes[1024];
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	hc_env env = fixture_env(f, "2026-03-26T09:00"); /* r2, r3 past their answer due */
	hc_feedback_filter fl = {.overdue = -1};
	codes[0] = '\0';
	assert_int_equal(hc_feedback_list(tx, &env, head, &fl, collect, codes, &e), HC_OK);
	char want[512];
	snprintf(want, sizeof want, "%s %s %s ", r3.code, r2.code, r1.code);
	assert_string_equal(codes, want);
	fl.overdue = 1;
	codes[0] = '\0';
	assert_int_equal(hc_feedback_list(tx, &env, head, &fl, collect, codes, &e), HC_OK);
	snprintf(want, sizeof want, "%s %s ", r3.code, r2.code);
	assert_string_equal(codes, want);
	fl = (hc_feedback_filter){.overdue = -1, .status = "published"};
	codes[0] = '\0';
	assert_int_equal(hc_feedback_list(tx, &env, head, &fl, collect, codes, &e), HC_OK);
	snprintf(want, sizeof want, "%s ", r1.code);
	assert_string_equal(codes, want);
	fl.status = "lost";
	assert_int_equal(hc_feedback_list(tx, &env, head, &fl, collect, codes, &e), HC_EINVAL);
	fl = (hc_feedback_filter){.overdue = -1, .limit = 501};
	assert_int_equal(hc_feedback_list(tx, &env, head, &fl, collect, codes, &e), HC_EINVAL);
	fl.limit = 0;
	codes[0] = '\0';
	assert_int_equal(hc_feedback_list(tx, &env, &f->reception_b, &fl, collect, codes, &e),
	                 HC_OK);
	assert_string_equal(codes, ""); /* B sees only its own */
	codes[0] = '\0';
	assert_int_equal(hc_feedback_list_public(tx, "90001", 0, 0, collect, codes, &e), HC_OK);
	snprintf(want, sizeof want, "%s ", r1.code);
	assert_string_equal(codes, want);
	assert_int_equal(hc_feedback_list_public(tx, "99999", 0, 0, collect, codes, &e), HC_EINVAL);
	assert_string_equal(e.field, "unit");
	hc_feedback *fb = NULL;
	assert_int_equal(hc_feedback_get_public(tx, r2.code, &fb, &e), HC_OK);
	assert_int_equal(fb->status, HC_FB_PROCESSING);
	hc_feedback_free(fb);
	assert_int_equal(hc_feedback_get_public(tx, "NOPE", &fb, &e), HC_ENOTFOUND);
	hc_tx_rollback(tx);
}

/* ---- counts against brute force ---------------------------------------- */

typedef struct hist {
	int64_t received, answer_due, refused, asked, supplemented, answered, publish_due,
	    published;
	int channel;
} hist;

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static int64_t rnd(int64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int64_t)(rng % (uint64_t)n);
}

static const char *const chans[] = {"web", "direct", "phone", "mail", "hotline"};

static void brute(const hist *h, int n, int64_t from, int64_t to, int64_t now,
                  hc_feedback_counts *b)
{
	memset(b, 0, sizeof *b);
	int64_t j = now < to ? now : to;
	for (int i = 0; i < n; i++) {
		const hist *x = &h[i];
		int64_t closed = x->refused ? x->refused : x->answered;
		if (x->received < from && !(closed && closed < from))
			b->carried_over++;
		if (x->received >= from && x->received < to) {
			b->received.total++;
			int64_t *c[] = {&b->received.web, &b->received.direct, &b->received.phone,
			                &b->received.mail, &b->received.hotline};
			(*c[x->channel])++;
		}
		if (x->refused >= from && x->refused && x->refused < to)
			b->refused++;
		if (x->answered && x->answered >= from && x->answered < to) {
			if (x->answered <= x->answer_due)
				b->handled.on_time++;
			else
				b->handled.late++;
			bool pub_ok =
			    x->published && x->published <= j && x->published <= x->publish_due;
			bool pub_ahead = (!x->published || x->published > j) && x->publish_due >= j;
			if (x->answered <= x->answer_due && (pub_ok || pub_ahead))
				b->handled.fully_on_time++;
		}
		if (x->received < to && (!closed || closed >= to)) {
			b->pending.total++;
			bool waiting =
			    x->asked && x->asked <= j && (!x->supplemented || x->supplemented > j);
			if (waiting)
				b->pending.awaiting_info++;
			else if (x->answer_due < j)
				b->pending.overdue++;
		}
		if (x->published && x->published >= from && x->published < to) {
			if (x->published <= x->publish_due)
				b->published.on_time++;
			else
				b->published.late++;
		}
	}
	b->handled.total = b->handled.on_time + b->handled.late;
	b->published.total = b->published.on_time + b->published.late;
	b->pending.within = b->pending.total - b->pending.overdue - b->pending.awaiting_info;
}

static void fmt(int64_t t, char buf[HC_TIME_BUF])
{
	hc_fmt_local_short(t, buf);
}

static void counts_match_brute_force(void **state)
{
	fixture *f = *state;
	enum { N = 160 };
	static hist h[N];
	const hc_actor *head = &f->staff_a[HC_ROLE_HEAD];
	int64_t base = at("2026-01-05T07:00");
	for (int i = 0; i < N; i++) {
		hist *x = &h[i];
		memset(x, 0, sizeof *x);
		x->channel = (int)rnd(5);
		x->received = base + rnd(90) * 86400 + 3600 + rnd(10) * 3600;
		char when[HC_TIME_BUF];
		fmt(x->received, when);
		hc_feedback_in in = good_in();
		in.channel = chans[x->channel];
		hc_feedback_result r;
		hc_err e;
		const hc_actor *who = x->channel == 0 ? NULL : &f->staff_a[HC_ROLE_RECEPTION];
		if (submit(f, who, when, &in, &r, &e))
			fail_msg("submit: %s", e.detail);
		int64_t t = x->received;
		int path = (int)rnd(6);
		if (path == 0)
			continue; /* left pending */
		if (path == 1) {
			t += rnd(5) * 86400 + 600;
			fmt(t, when);
			act_ok(f, head, when, r.code,
			       (hc_feedback_act_in){.action = "refuse",
			                            .note = "Không thuộc thẩm quyền"});
			x->refused = t;
			continue;
		}
		if (path == 2 || path == 3) {
			t += rnd(6) * 86400 + 600;
			fmt(t, when);
			act_ok(f, head, when, r.code,
			       (hc_feedback_act_in){.action = "ask", .note = "Bổ sung mã hồ sơ"});
			x->asked = t;
			if (path == 2)
				continue; /* never supplemented */
			t += rnd(10) * 86400 + 600;
			fmt(t, when);
			act_ok(f, head, when, r.code,
			       (hc_feedback_act_in){.action = "supplement", .note = "Đã bổ sung"});
			x->supplemented = t;
		}
		t += rnd(4) * 86400 + 600;
		fmt(t, when);
		act_ok(f, head, when, r.code, CLASSIFY);
		if (rnd(5) == 0)
			continue; /* processing */
		t += rnd(30) * 86400 + 600;
		fmt(t, when);
		act_ok(f, head, when, r.code, ANSWER);
		x->answered = t;
		if (rnd(3) == 0)
			continue;
		t += rnd(5) * 86400 + 600;
		fmt(t, when);
		act_ok(f, head, when, r.code, PUBLISH);
		x->published = t;
		hc_feedback *fb = get(f, r.code);
		x->publish_due = fb->publish_due_at;
		hc_feedback_free(fb);
	}
	/* due instants as stored (computed by deadline.c, checked above) */
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	for (int i = 0; i < N; i++) {
		hc_stmt *st;
		assert_int_equal(hc_tx_query(tx, &e, &st,
		                             "SELECT answer_due_at, COALESCE(publish_due_at, 0)"
		                             " FROM feedback WHERE unit_id = ? ORDER BY id LIMIT 1"
		                             " OFFSET ?",
		                             "ii", f->unit_a, (int64_t)i),
		                 HC_OK);
		assert_true(hc_stmt_next(st));
		h[i].answer_due = hc_stmt_int(st, 0);
		if (h[i].published)
			assert_int_equal(hc_stmt_int(st, 1), h[i].publish_due);
		h[i].publish_due = hc_stmt_int(st, 1);
		assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	}
	int64_t periods[][3] = {
	    {at("2026-01-01T00:00"), at("2026-02-01T00:00"), at("2026-12-01T00:00")},
	    {at("2026-02-01T00:00"), at("2026-03-01T00:00"), at("2026-12-01T00:00")},
	    {at("2026-02-10T00:00"), at("2026-04-10T00:00"), at("2026-03-20T12:00")},
	    {at("2026-01-01T00:00"), at("2027-01-01T00:00"), at("2026-12-01T00:00")},
	    {at("2026-03-15T00:00"), at("2026-03-16T00:00"), at("2026-03-15T10:00")},
	};
	int nonzero = 0;
	for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++) {
		hc_feedback_counts c, b;
		int rc = hc_feedback_counts_compute(tx, f->unit_a, periods[p][0], periods[p][1],
		                                    periods[p][2], &c, &e);
		if (rc)
			fail_msg("counts: %s", e.detail);
		brute(h, N, periods[p][0], periods[p][1], periods[p][2], &b);
		assert_int_equal(c.carried_over, b.carried_over);
		assert_int_equal(c.received.total, b.received.total);
		assert_int_equal(c.received.web, b.received.web);
		assert_int_equal(c.received.hotline, b.received.hotline);
		assert_int_equal(c.refused, b.refused);
		assert_int_equal(c.handled.on_time, b.handled.on_time);
		assert_int_equal(c.handled.late, b.handled.late);
		assert_int_equal(c.pending.total, b.pending.total);
		assert_int_equal(c.pending.awaiting_info, b.pending.awaiting_info);
		assert_int_equal(c.pending.overdue, b.pending.overdue);
		assert_int_equal(c.pending.within, b.pending.within);
		assert_int_equal(c.published.on_time, b.published.on_time);
		assert_int_equal(c.published.late, b.published.late);
		assert_int_equal(c.handled.fully_on_time, b.handled.fully_on_time);
		/* the grouped pass gives the same entry for the unit */
		hc_feedback_counts *u = NULL;
		int nu = 0;
		assert_int_equal(hc_feedback_counts_units(tx, 0, periods[p][0], periods[p][1],
		                                          periods[p][2], &u, &nu, &e),
		                 HC_OK);
		assert_int_equal(nu, c.carried_over + c.received.total + c.published.total ? 1 : 0);
		for (int k = 0; k < nu; k++) {
			assert_int_equal(u[k].unit_id, f->unit_a);
			assert_int_equal(u[k].handled.on_time, c.handled.on_time);
			assert_int_equal(u[k].handled.fully_on_time, c.handled.fully_on_time);
			assert_int_equal(u[k].pending.overdue, c.pending.overdue);
			assert_int_equal(u[k].published.total, c.published.total);
		}
		free(u);
		assert_int_equal(c.carried_over + c.received.total,
		                 c.refused + c.handled.total + c.pending.total);
		nonzero += c.handled.late > 0 && c.handled.on_time > 0 && c.pending.overdue > 0;
	}
	assert_true(nonzero >= 1); /* the histories exercise every class */
	hc_feedback_counts c;
	assert_int_equal(hc_feedback_counts_compute(tx, f->unit_a, periods[0][1], periods[0][0],
	                                            periods[0][2], &c, &e),
	                 HC_EINVAL);
	/* every unit (0) includes nothing of B here but A's */
	assert_int_equal(
	    hc_feedback_counts_compute(tx, 0, periods[3][0], periods[3][1], periods[3][2], &c, &e),
	    HC_OK);
	assert_int_equal(c.received.total, N);
	hc_tx_rollback(tx);
}

/* Satisfaction ratings of dossiers returned in the period. */
static void ratings_in_counts(void **state)
{
	fixture *f = *state;
	hc_actor sysa = hc_actor_system();
	sysa.unit_id = f->unit_a;
	const hc_actor *sys = &sysa;
	int ratings[] = {5, 4, 2, 0, 5}; /* 0: not rated */
	for (int i = 0; i < 5; i++) {
		hc_intake it = {.procedure_code = "P3D",
		                .channel = "direct",
		                .applicant_name = "Lê Văn Tâm",
		                .applicant_id_number = "031190001234",
		                .applicant_phone = "0912345678"};
		hc_env env = fixture_env(f, "2026-03-02T08:00");
		hc_tx *tx;
		hc_err e;
		hc_intake_result ir;
		assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
		int rc = hc_dossier_receive(tx, &env, sys, &it, &ir, &e);
		static const char *const steps[] = {"assign", "submit_for_signature", "resolve",
		                                    "return_result", "rate"};
		for (int s = 0; !rc && s < 5; s++) {
			if (s == 4 && !ratings[i])
				break;
			if (s == 3)
				env = fixture_env(f,
				                  i == 4 ? "2026-04-02T09:00" : "2026-03-03T09:00");
			hc_action_in a = {
			    .action = steps[s], .office_code = "VP", .rating = ratings[i]};
			rc = hc_dossier_act(tx, &env, sys, ir.code, &a, NULL, &e);
		}
		if (rc)
			fail_msg("dossier: %s", e.detail);
		assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
	}
	hc_tx *tx;
	hc_err e;
	hc_feedback_counts c;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_feedback_counts_compute(tx, f->unit_a, at("2026-03-01T00:00"),
	                                            at("2026-04-01T00:00"), at("2026-05-01T00:00"),
	                                            &c, &e),
	                 HC_OK);
	assert_int_equal(c.ratings.returned, 4);
	assert_int_equal(c.ratings.rated, 3);
	assert_int_equal(c.ratings.satisfied, 2);
	json_t *j = hc_feedback_counts_json(&c);
	assert_non_null(j);
	double share = json_real_value(json_object_get(json_object_get(j, "rates"), "satisfied"));
	assert_true(share > 0.66 && share < 0.67);
	assert_true(json_is_null(json_object_get(json_object_get(j, "rates"), "handled_on_time")));
	json_decref(j);
	assert_int_equal(hc_feedback_counts_compute(tx, f->unit_b, at("2026-03-01T00:00"),
	                                            at("2026-04-01T00:00"), at("2026-05-01T00:00"),
	                                            &c, &e),
	                 HC_OK);
	assert_int_equal(c.ratings.returned, 0);
	hc_tx_rollback(tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
	    T(codes_per_unit_and_day),
	    T(dues_across_tet_2026),
	    T(publish_due_across_may_day_2026),
	    T(dues_across_2025_holidays),
	    T(late_steps_flagged_and_supplement_restarts_clock),
	    T(unit_rule_overrides_default),
	    T(illegal_transitions_refused),
	    T(permissions_and_tenants),
	    T(bad_input_on_every_field),
	    T(lists_and_public_reads),
	    T(counts_match_brute_force),
	    T(ratings_in_counts),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
