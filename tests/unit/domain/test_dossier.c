#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/time.h"
#include "domain/audit.h"
#include "domain/dossier.h"
#include "domain/perm.h"
#include "domain/staff.h"
#include "domain/unit.h"
#include "fixture.h"

static int64_t at(const char *local)
{
	int64_t t = 0;
	hc_err e;
	assert_int_equal(hc_parse_local_time(local, "t", &t, &e), HC_OK);
	return t;
}

static const hc_component_in comps[] = {
    {"Tờ khai", true, false},
    {"Giấy chứng sinh", true, true},
};

static void receive(fixture *f, const hc_actor *a, const char *when, const char *proc,
                    hc_intake_result *r)
{
	hc_env env = fixture_env(f, when);
	hc_intake in = {.procedure_code = proc,
	                .channel = "direct",
	                .applicant_name = "Nguyễn Thị Đào",
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678",
	                .applicant_address = "Tổ dân phố 3",
	                .components = comps,
	                .ncomponents = 2};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_receive(tx, &env, a, &in, r, &e);
	if (rc)
		fprintf(stderr, "receive: %s\n", e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static int act(fixture *f, const hc_actor *a, const char *when, const char *code, hc_action_in in,
               hc_err *e)
{
	hc_env env = fixture_env(f, when);
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, e), HC_OK);
	int rc = hc_dossier_act(tx, &env, a, code, &in, NULL, e);
	return hc_tx_end(tx, rc, e);
}

static hc_dossier *get(fixture *f, const hc_actor *a, const char *code)
{
	hc_tx *tx;
	hc_err e;
	hc_dossier *d = NULL;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	int rc = hc_dossier_get(tx, a, code, &d, &e);
	hc_tx_rollback(tx);
	return rc ? NULL : d;
}

static void intake_code_and_due(void **state)
{
	fixture *f = *state;
	hc_actor *rec = &f->staff_a[HC_ROLE_RECEPTION];
	hc_intake_result r1, r2;
	receive(f, rec, "2026-03-02T09:00", "P3D", &r1);
	receive(f, rec, "2026-03-02T18:00", "PSAME", &r2);
	assert_string_equal(r1.code, "TESTA-260302-0001");
	assert_string_equal(r2.code, "TESTA-260302-0002");
	assert_int_equal(strlen(r1.secret), 8);
	assert_int_equal(r1.due_at, at("2026-03-05T09:00"));
	/* same day after hours: close of the next working day */
	assert_int_equal(r2.due_at, at("2026-03-03T17:00"));
	hc_dossier *d = get(f, rec, r1.code);
	assert_non_null(d);
	assert_int_equal(d->status, HC_DS_RECEIVED);
	assert_int_equal(d->ncomponents, 2);
	assert_true(d->digitized_input);
	assert_true(d->reused);
	assert_int_equal(d->nactions, 1);
	assert_string_equal(d->actions[0].action, "receive");
	assert_string_equal(d->applicant_name, "Nguyễn Thị Đào");
	hc_dossier_free(d);
}

static void intake_rejects_bad_input(void **state)
{
	fixture *f = *state;
	hc_env env = fixture_env(f, "2026-03-02T09:00");
	struct {
		hc_intake in;
		const char *field;
	} cases[] = {
	    {{.procedure_code = "P3D",
	      .channel = "fax",
	      .applicant_name = "A",
	      .applicant_id_number = "031190001234",
	      .applicant_phone = "0912345678"},
	     "channel"},
	    {{.procedure_code = "P3D",
	      .channel = "direct",
	      .applicant_name = "",
	      .applicant_id_number = "031190001234",
	      .applicant_phone = "0912345678"},
	     "applicant.name"},
	    {{.procedure_code = "P3D",
	      .channel = "direct",
	      .applicant_name = "A",
	      .applicant_id_number = "03-11",
	      .applicant_phone = "0912345678"},
	     "applicant.id_number"},
	    {{.procedure_code = "P3D",
	      .channel = "direct",
	      .applicant_name = "A",
	      .applicant_id_number = "031190001234",
	      .applicant_phone = "09x"},
	     "applicant.phone"},
	    {{.procedure_code = "NOPE",
	      .channel = "direct",
	      .applicant_name = "A",
	      .applicant_id_number = "031190001234",
	      .applicant_phone = "0912345678"},
	     "procedure_code"},
	    {{.procedure_code = "PNONE",
	      .channel = "online",
	      .applicant_name = "A",
	      .applicant_id_number = "031190001234",
	      .applicant_phone = "0912345678"},
	     "channel"},
	    {{.procedure_code = "PFEE",
	      .channel = "direct",
	      .applicant_name = "A",
	      .applicant_id_number = "031190001234",
	      .applicant_phone = "0912345678",
	      .deciding_unit_code = "90002"},
	     "deciding_unit_code"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hc_tx *tx;
		hc_err e;
		hc_intake_result r;
		assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
		int rc = hc_dossier_receive(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], &cases[i].in,
		                            &r, &e);
		hc_tx_rollback(tx);
		assert_int_equal(rc, HC_EINVAL);
		assert_string_equal(e.field, cases[i].field);
		assert_true(strlen(e.message) > 0);
	}
}

static void full_life_and_public_view(void **state)
{
	fixture *f = *state;
	hc_actor *rec = &f->staff_a[HC_ROLE_RECEPTION];
	hc_actor *head = &f->staff_a[HC_ROLE_HEAD];
	hc_actor *spec = &f->staff_a[HC_ROLE_SPECIALIST];
	hc_actor *leader = &f->staff_a[HC_ROLE_LEADER];
	hc_intake_result r;
	hc_err e;
	receive(f, rec, "2026-03-09T08:00", "PFEE", &r);
	assert_int_equal(act(f, head, "2026-03-09T08:30", r.code,
	                     (hc_action_in){.action = "assign", .handler = "a.specialist"}, &e),
	                 HC_OK);
	assert_int_equal(act(f, spec, "2026-03-09T09:00", r.code,
	                     (hc_action_in){.action = "request_payment", .amount = 50000}, &e),
	                 HC_OK);
	assert_int_equal(act(f, spec, "2026-03-09T09:10", r.code,
	                     (hc_action_in){.action = "submit_for_signature"}, &e),
	                 HC_ECONFLICT);
	assert_int_equal(act(f, rec, "2026-03-09T10:00", r.code,
	                     (hc_action_in){.action = "record_payment", .online = true}, &e),
	                 HC_OK);
	assert_int_equal(act(f, spec, "2026-03-10T09:00", r.code,
	                     (hc_action_in){.action = "submit_for_signature"}, &e),
	                 HC_OK);
	assert_int_equal(
	    act(f, leader, "2026-03-11T09:00", r.code,
	        (hc_action_in){.action = "resolve", .digitized_result = true, .e_result = true},
	        &e),
	    HC_OK);
	assert_int_equal(
	    act(f, rec, "2026-03-11T15:00", r.code, (hc_action_in){.action = "return_result"}, &e),
	    HC_OK);
	hc_dossier *d = get(f, rec, r.code);
	assert_non_null(d);
	assert_int_equal(d->status, HC_DS_RETURNED);
	assert_string_equal(d->outcome, "resolved");
	assert_true(d->fee_paid && d->fee_paid_online && d->e_result);
	assert_int_equal(d->nactions, 7);
	assert_string_equal(d->handler_name, "Nguyễn Văn Thử");
	hc_dossier_free(d);

	/* the citizen: right secret reads and rates, a wrong one finds nothing */
	hc_tx *tx;
	hc_env env = fixture_env(f, "2026-03-12T09:00");
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_dossier_get_public(tx, r.code, "WRONGSEC", &d, &e), HC_ENOTFOUND);
	assert_int_equal(hc_dossier_get_public(tx, r.code, r.secret, &d, &e), HC_OK);
	hc_dossier_free(d);
	assert_int_equal(hc_dossier_rate_public(tx, &env, r.code, r.secret, 9, &e), HC_EINVAL);
	assert_int_equal(hc_dossier_rate_public(tx, &env, r.code, r.secret, 5, &e), HC_OK);
	/* one rating per dossier: a second is refused, the first kept */
	assert_int_equal(hc_dossier_rate_public(tx, &env, r.code, r.secret, 1, &e), HC_ECONFLICT);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
	d = get(f, rec, r.code);
	assert_int_equal(d->rating, 5);
	hc_dossier_free(d);
}

static void tenant_scoping(void **state)
{
	fixture *f = *state;
	hc_intake_result r;
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-02T09:00", "P3D", &r);
	assert_null(get(f, &f->reception_b, r.code));
	hc_err e;
	assert_int_equal(act(f, &f->reception_b, "2026-03-02T10:00", r.code,
	                     (hc_action_in){.action = "withdraw", .note = "x"}, &e),
	                 HC_EFORBIDDEN);
}

static int recall(fixture *f, const hc_actor *a, const char *id, hc_applicant *out, hc_err *e)
{
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, e), HC_OK);
	int rc = hc_dossier_applicant_recall(tx, a, id, out, e);
	hc_tx_rollback(tx);
	return rc;
}

static void receive_applicant(fixture *f, const hc_actor *a, const char *when, const char *name,
                              const char *id, const char *phone, const char *addr,
                              hc_intake_result *r)
{
	hc_env env = fixture_env(f, when);
	hc_intake in = {.procedure_code = "P3D",
	                .channel = "direct",
	                .applicant_name = name,
	                .applicant_id_number = id,
	                .applicant_phone = phone,
	                .applicant_address = addr,
	                .components = comps,
	                .ncomponents = 1};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_receive(tx, &env, a, &in, r, &e);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static void applicant_recall_latest_of_own_unit(void **state)
{
	fixture *f = *state;
	const hc_actor *ra = &f->staff_a[HC_ROLE_RECEPTION];
	hc_applicant ap;
	hc_err e;
	assert_int_equal(recall(f, ra, "031190001234", &ap, &e), HC_ENOTFOUND);
	assert_string_equal(ap.name, "");

	hc_intake_result old, latest, other, b;
	receive_applicant(f, ra, "2026-03-02T09:00", "Nguyễn Thị Đào", "031190001234", "0912345678",
	                  "Tổ dân phố 3", &old);
	receive_applicant(f, ra, "2026-03-04T09:00", "Nguyễn Thị Đào", "031190001234", "0987654321",
	                  "Thôn Đông, xã Tân Tiến", &latest);
	receive_applicant(f, ra, "2026-03-05T09:00", "Trần Văn Bình", "031190009999", "0911111111",
	                  NULL, &other);
	/* a later dossier of the same number in unit B, with other details */
	receive_applicant(f, &f->reception_b, "2026-03-06T09:00", "Người Đơn Vị Khác",
	                  "031190001234", "0900000000", "Địa chỉ đơn vị B", &b);

	assert_int_equal(recall(f, ra, "031190001234", &ap, &e), HC_OK);
	assert_string_equal(ap.name, "Nguyễn Thị Đào");
	assert_string_equal(ap.id_number, "031190001234");
	assert_string_equal(ap.phone, "0987654321");
	assert_string_equal(ap.address, "Thôn Đông, xã Tân Tiến");
	assert_string_equal(ap.dossier_code, latest.code);
	assert_int_equal(ap.received_at, latest.received_at);

	assert_int_equal(recall(f, ra, "031190009999", &ap, &e), HC_OK);
	assert_string_equal(ap.name, "Trần Văn Bình");
	assert_string_equal(ap.address, "");

	/* unit B sees its own dossier only; a number only A holds is unknown to B */
	assert_int_equal(recall(f, &f->reception_b, "031190001234", &ap, &e), HC_OK);
	assert_string_equal(ap.name, "Người Đơn Vị Khác");
	assert_string_equal(ap.dossier_code, b.code);
	assert_int_equal(recall(f, &f->reception_b, "031190009999", &ap, &e), HC_ENOTFOUND);

	/* malformed numbers, over-long ones and a role without the receive permission */
	assert_int_equal(recall(f, ra, "03119000123'", &ap, &e), HC_EINVAL);
	assert_string_equal(e.field, "applicant.id_number");
	assert_int_equal(recall(f, ra, "", &ap, &e), HC_EINVAL);
	assert_int_equal(recall(f, ra, "031190001234031190001", &ap, &e), HC_EINVAL);
	assert_int_equal(recall(f, &f->staff_a[HC_ROLE_LEADER], "031190001234", &ap, &e),
	                 HC_EFORBIDDEN);
}

/* Drives a fresh dossier to `target` with the system actor. */
static void drive(fixture *f, enum hc_dossier_status target, hc_intake_result *r)
{
	hc_actor sys = hc_actor_system();
	sys.unit_id = f->unit_a;
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-02T09:00", "P3D", r);
	hc_err e;
	const char *t = "2026-03-02T09:30";
	switch (target) {
	case HC_DS_RECEIVED:
		return;
	case HC_DS_WITHDRAWN:
		assert_int_equal(act(f, &sys, t, r->code, (hc_action_in){.action = "withdraw"}, &e),
		                 0);
		return;
	default:
		break;
	}
	assert_int_equal(
	    act(f, &sys, t, r->code, (hc_action_in){.action = "assign", .office_code = "VP"}, &e),
	    0);
	switch (target) {
	case HC_DS_PROCESSING:
		return;
	case HC_DS_AWAITING_SUPPLEMENT:
		assert_int_equal(
		    act(f, &sys, t, r->code,
		        (hc_action_in){.action = "request_supplement", .note = "Thiếu tờ khai"},
		        &e),
		    0);
		return;
	case HC_DS_AWAITING_PAYMENT:
		assert_int_equal(act(f, &sys, t, r->code,
		                     (hc_action_in){.action = "request_payment", .amount = 10000},
		                     &e),
		                 0);
		return;
	case HC_DS_REJECTED:
		assert_int_equal(
		    act(f, &sys, t, r->code,
		        (hc_action_in){.action = "reject", .note = "Không đủ điều kiện"}, &e),
		    0);
		return;
	default:
		break;
	}
	assert_int_equal(
	    act(f, &sys, t, r->code, (hc_action_in){.action = "submit_for_signature"}, &e), 0);
	if (target == HC_DS_AWAITING_SIGNATURE)
		return;
	assert_int_equal(act(f, &sys, t, r->code, (hc_action_in){.action = "resolve"}, &e), 0);
	if (target == HC_DS_RESOLVED)
		return;
	assert_int_equal(act(f, &sys, t, r->code, (hc_action_in){.action = "return_result"}, &e),
	                 0);
}

static void transition_matrix(void **state)
{
	fixture *f = *state;
	static const char *actions[] = {"assign",
	                                "forward",
	                                "request_supplement",
	                                "supplement_received",
	                                "request_payment",
	                                "record_payment",
	                                "submit_for_signature",
	                                "resolve",
	                                "reject",
	                                "extend",
	                                "return_result",
	                                "withdraw",
	                                "rate"};
	/* expected[status][action]: 1 legal, 0 refused as an illegal transition */
	static const int expected[HC_DS_COUNT][13] = {
	    /*                     as fw rs sr rp pay sub res rej ext ret wd rate */
	    [HC_DS_RECEIVED] = {1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0},
	    [HC_DS_PROCESSING] = {1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0},
	    [HC_DS_AWAITING_SUPPLEMENT] = {0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0},
	    [HC_DS_AWAITING_PAYMENT] = {0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0},
	    [HC_DS_AWAITING_SIGNATURE] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0},
	    [HC_DS_RESOLVED] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
	    [HC_DS_RETURNED] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
	    [HC_DS_REJECTED] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
	    [HC_DS_WITHDRAWN] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	};
	hc_actor sys = hc_actor_system();
	sys.unit_id = f->unit_a;
	for (int s = 0; s < HC_DS_COUNT; s++) {
		for (int i = 0; i < 13; i++) {
			hc_intake_result r;
			drive(f, (enum hc_dossier_status)s, &r);
			hc_action_in in = {.action = actions[i],
			                   .note = "Ghi chú",
			                   .office_code = "VP",
			                   .amount = 10000,
			                   .new_due = at("2026-03-10T17:00"),
			                   .rating = 4};
			hc_err e;
			int rc = act(f, &sys, "2026-03-02T10:00", r.code, in, &e);
			if (expected[s][i] ? rc != HC_OK : rc != HC_ECONFLICT)
				fail_msg("status %s action %s: rc %d (%s)",
				         hc_dossier_status_name((enum hc_dossier_status)s),
				         actions[i], rc, e.detail);
		}
	}
}

static void supplement_policies_and_flags(void **state)
{
	fixture *f = *state;
	hc_actor sys = hc_actor_system();
	sys.unit_id = f->unit_a;
	hc_err e;
	hc_intake_result r;
	/* reset: the full 3 days restart when the supplement arrives */
	receive(f, &sys, "2026-03-02T09:00", "P3D", &r);
	act(f, &sys, "2026-03-02T09:10", r.code,
	    (hc_action_in){.action = "assign", .office_code = "VP"}, &e);
	assert_int_equal(act(f, &sys, "2026-03-03T09:00", r.code,
	                     (hc_action_in){.action = "request_supplement", .note = "Thiếu"}, &e),
	                 0);
	assert_int_equal(act(f, &sys, "2026-03-09T09:00", r.code,
	                     (hc_action_in){.action = "supplement_received"}, &e),
	                 0);
	hc_dossier *d = get(f, &sys, r.code);
	assert_int_equal(d->due_at, at("2026-03-12T09:00"));
	assert_int_equal(d->original_due_at, at("2026-03-05T09:00"));
	assert_int_equal(d->flags, 0);
	hc_dossier_free(d);
	/* a second request is flagged, and one past 3 working days too */
	assert_int_equal(act(f, &sys, "2026-03-09T10:00", r.code,
	                     (hc_action_in){.action = "request_supplement", .note = "Thiếu nữa"},
	                     &e),
	                 0);
	d = get(f, &sys, r.code);
	assert_int_equal(d->flags, HC_DF_SECOND_SUPPLEMENT | HC_DF_LATE_SUPPLEMENT);
	hc_dossier_free(d);

	/* pause: the due instant moves by the working time spent waiting */
	receive(f, &sys, "2026-03-02T09:00", "PFEE", &r);
	act(f, &sys, "2026-03-02T09:10", r.code,
	    (hc_action_in){.action = "assign", .office_code = "VP"}, &e);
	act(f, &sys, "2026-03-03T09:00", r.code,
	    (hc_action_in){.action = "request_supplement", .note = "Thiếu"}, &e);
	act(f, &sys, "2026-03-05T09:00", r.code, (hc_action_in){.action = "supplement_received"},
	    &e);
	d = get(f, &sys, r.code);
	assert_int_equal(d->original_due_at, at("2026-03-09T09:00"));
	assert_int_equal(d->due_at, at("2026-03-11T09:00"));
	hc_dossier_free(d);

	/* one extension only, recorded at least one working day before the due */
	receive(f, &sys, "2026-03-02T09:00", "P3D", &r);
	assert_int_equal(act(f, &sys, "2026-03-04T10:00", r.code,
	                     (hc_action_in){.action = "extend",
	                                    .note = "Xin lỗi",
	                                    .new_due = at("2026-03-10T17:00")},
	                     &e),
	                 HC_ECONFLICT);
	assert_int_equal(act(f, &sys, "2026-03-03T09:00", r.code,
	                     (hc_action_in){.action = "extend",
	                                    .note = "Xin lỗi",
	                                    .new_due = at("2026-03-10T17:00")},
	                     &e),
	                 0);
	assert_int_equal(act(f, &sys, "2026-03-03T09:30", r.code,
	                     (hc_action_in){.action = "extend",
	                                    .note = "Lần hai",
	                                    .new_due = at("2026-03-12T17:00")},
	                     &e),
	                 HC_ECONFLICT);
	d = get(f, &sys, r.code);
	assert_int_equal(d->extended_due_at, at("2026-03-10T17:00"));
	assert_int_equal(d->due_at, at("2026-03-05T09:00"));
	hc_dossier_free(d);
}

struct conc {
	fixture *f;
	int fails;
};

static void *intake_thread(void *arg)
{
	struct conc *c = arg;
	hc_env env = fixture_env(c->f, "2026-04-01T09:00");
	hc_intake in = {.procedure_code = "P3D",
	                .channel = "online",
	                .applicant_name = "Lê Văn C",
	                .applicant_id_number = "031190009999",
	                .applicant_phone = "0987654321"};
	for (int i = 0; i < 50; i++) {
		hc_tx *tx;
		hc_err e;
		hc_intake_result r;
		if (hc_tx_begin(c->f->db, HC_TX_WRITE, &tx, &e)) {
			c->fails++;
			continue;
		}
		int rc =
		    hc_dossier_receive(tx, &env, &c->f->staff_a[HC_ROLE_RECEPTION], &in, &r, &e);
		if (hc_tx_end(tx, rc, &e))
			c->fails++;
	}
	return NULL;
}

static void concurrent_codes_gap_free(void **state)
{
	fixture *f = *state;
	pthread_t th[4];
	struct conc c[4];
	for (int i = 0; i < 4; i++) {
		c[i] = (struct conc){f, 0};
		pthread_create(&th[i], NULL, intake_thread, &c[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(c[i].fails, 0);
	}
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	hc_stmt *st;
	assert_int_equal(hc_tx_query(tx, &e, &st,
	                             "SELECT code FROM dossiers WHERE code LIKE 'TESTA-260401-%'"
	                             " ORDER BY code",
	                             ""),
	                 HC_OK);
	int n = 0;
	while (hc_stmt_next(st)) {
		char want[64];
		snprintf(want, sizeof want, "TESTA-260401-%04d", ++n);
		assert_string_equal(hc_stmt_text(st, 0), want);
	}
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(n, 200);
}

static void audit_chain_detects_tampering(void **state)
{
	fixture *f = *state;
	hc_intake_result r;
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-02T09:00", "P3D", &r);
	hc_tx *tx;
	hc_err e;
	hc_audit_report rep;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_audit_verify(tx, 0, &rep, &e), HC_OK);
	assert_int_equal(rep.bad_unit, 0);
	assert_true(rep.rows >= 1);
	assert_int_equal(hc_tx_exec(tx, &e, "UPDATE audit SET actor = 'mallory' WHERE seq = 1", ""),
	                 0);
	assert_int_equal(hc_audit_verify(tx, 0, &rep, &e), HC_OK);
	assert_int_not_equal(rep.bad_unit, 0);
	assert_int_equal(rep.bad_seq, 1);
	hc_tx_rollback(tx);
}

static void long_vietnamese_text_round_trips(void **state)
{
	fixture *f = *state;
	/* 128 three-byte letters for the name, 300 for the address: the largest
	 * values the intake accepts come back whole */
	char name[128 * 3 + 1] = "", addr[300 * 3 + 1] = "";
	for (int i = 0; i < 128; i++)
		strcat(name, "ễ");
	for (int i = 0; i < 300; i++)
		strcat(addr, "ờ");
	hc_env env = fixture_env(f, "2026-03-02T09:00");
	hc_intake in = {.procedure_code = "P3D",
	                .channel = "direct",
	                .applicant_name = name,
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678",
	                .applicant_address = addr};
	hc_tx *tx;
	hc_err e;
	hc_intake_result r;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_dossier_receive(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], &in, &r, &e),
	                 HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
	hc_dossier *d = get(f, &f->staff_a[HC_ROLE_RECEPTION], r.code);
	assert_non_null(d);
	assert_string_equal(d->applicant_name, name);
	assert_string_equal(d->applicant_address, addr);
	hc_dossier_free(d);
}

/* hc_dossier_allowed_actions for every status x role, and the engine agrees:
 * each offered action succeeds (in a transaction rolled back), each other
 * one is refused as forbidden or illegal. */
static void allowed_actions_matrix(void **state)
{
	fixture *f = *state;
	static const char *const actions[] = {"assign",
	                                      "forward",
	                                      "request_supplement",
	                                      "supplement_received",
	                                      "request_payment",
	                                      "record_payment",
	                                      "submit_for_signature",
	                                      "resolve",
	                                      "reject",
	                                      "extend",
	                                      "return_result",
	                                      "withdraw",
	                                      "rate"};
	enum { NA = sizeof actions / sizeof actions[0] };
	static const char *const none = "";
	/* expected[role][status]: the offered actions, space separated */
	static const char *const expected[HC_ROLE_ADMIN + 1][HC_DS_COUNT] = {
	    [HC_ROLE_RECEPTION] =
	        {
	            [HC_DS_RECEIVED] = "assign withdraw",
	            [HC_DS_PROCESSING] = "assign forward withdraw",
	            [HC_DS_AWAITING_SUPPLEMENT] = "supplement_received withdraw",
	            [HC_DS_AWAITING_PAYMENT] = "record_payment withdraw",
	            [HC_DS_AWAITING_SIGNATURE] = "withdraw",
	            [HC_DS_RESOLVED] = "return_result",
	            [HC_DS_RETURNED] = "rate",
	            [HC_DS_REJECTED] = "return_result",
	            [HC_DS_WITHDRAWN] = "",
	        },
	    [HC_ROLE_SPECIALIST] =
	        {
	            [HC_DS_RECEIVED] = "",
	            [HC_DS_PROCESSING] =
	                "forward request_supplement request_payment submit_for_signature",
	            [HC_DS_AWAITING_SUPPLEMENT] = "supplement_received",
	            [HC_DS_AWAITING_PAYMENT] = "record_payment",
	            [HC_DS_AWAITING_SIGNATURE] = "",
	            [HC_DS_RESOLVED] = "",
	            [HC_DS_RETURNED] = "",
	            [HC_DS_REJECTED] = "",
	            [HC_DS_WITHDRAWN] = "",
	        },
	    [HC_ROLE_HEAD] =
	        {
	            [HC_DS_RECEIVED] = "assign extend withdraw",
	            [HC_DS_PROCESSING] = "assign forward request_supplement request_payment "
	                                 "submit_for_signature extend withdraw",
	            [HC_DS_AWAITING_SUPPLEMENT] = "supplement_received extend withdraw",
	            [HC_DS_AWAITING_PAYMENT] = "record_payment extend withdraw",
	            [HC_DS_AWAITING_SIGNATURE] = "extend withdraw",
	            [HC_DS_RESOLVED] = "return_result",
	            [HC_DS_RETURNED] = "rate",
	            [HC_DS_REJECTED] = "return_result",
	            [HC_DS_WITHDRAWN] = "",
	        },
	    [HC_ROLE_LEADER] =
	        {
	            [HC_DS_RECEIVED] = "assign reject extend withdraw",
	            [HC_DS_PROCESSING] = "assign forward request_supplement request_payment "
	                                 "submit_for_signature reject extend withdraw",
	            [HC_DS_AWAITING_SUPPLEMENT] = "supplement_received extend withdraw",
	            [HC_DS_AWAITING_PAYMENT] = "record_payment extend withdraw",
	            [HC_DS_AWAITING_SIGNATURE] = "resolve reject extend withdraw",
	            [HC_DS_RESOLVED] = "return_result",
	            [HC_DS_RETURNED] = "rate",
	            [HC_DS_REJECTED] = "return_result",
	            [HC_DS_WITHDRAWN] = "",
	        },
	    [HC_ROLE_CLERK] = {none, none, none, none, none, none, none, none, none},
	    [HC_ROLE_SUPERVISOR] = {none, none, none, none, none, none, none, none, none},
	    [HC_ROLE_ADMIN] = {none, none, none, none, none, none, none, none, none},
	};
	hc_actor reader = hc_actor_system();
	reader.unit_id = f->unit_a;
	for (int s = 0; s < HC_DS_COUNT; s++) {
		hc_intake_result r;
		drive(f, (enum hc_dossier_status)s, &r);
		hc_dossier *d = get(f, &reader, r.code);
		assert_non_null(d);
		assert_int_equal(d->status, s);
		for (int role = 0; role <= HC_ROLE_ADMIN + 1; role++) {
			/* the last row: the reception officer of another unit */
			const hc_actor *a =
			    role <= HC_ROLE_ADMIN ? &f->staff_a[role] : &f->reception_b;
			const char *want = role <= HC_ROLE_ADMIN ? expected[role][s] : "";
			const char *names[HC_DOSSIER_ACTIONS_MAX];
			int n = hc_dossier_allowed_actions(a, d, names);
			char got[512] = "";
			size_t len = 0;
			for (int i = 0; i < n; i++)
				len += (size_t)snprintf(got + len, sizeof got - len, "%s%s",
				                        i ? " " : "", names[i]);
			if (strcmp(got, want) != 0)
				fail_msg("role %d status %s: got '%s', want '%s'", role,
				         hc_dossier_status_name((enum hc_dossier_status)s), got,
				         want);
			for (int i = 0; i < NA; i++) {
				bool offered = false;
				for (int k = 0; k < n; k++)
					offered |= strcmp(names[k], actions[i]) == 0;
				hc_action_in in = {.action = actions[i],
				                   .note = "Ghi chú",
				                   .office_code = "VP",
				                   .amount = 10000,
				                   .new_due = at("2026-03-10T17:00"),
				                   .rating = 4};
				hc_env env = fixture_env(f, "2026-03-02T10:00");
				hc_tx *tx;
				hc_err e;
				assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
				int rc = hc_dossier_act(tx, &env, a, r.code, &in, NULL, &e);
				hc_tx_rollback(tx);
				if (offered ? rc != HC_OK
				            : rc != HC_EFORBIDDEN && rc != HC_ECONFLICT)
					fail_msg(
					    "role %d status %s action %s offered %d: rc %d (%s)",
					    role, hc_dossier_status_name((enum hc_dossier_status)s),
					    actions[i], offered, rc, e.detail);
			}
		}
		hc_dossier_free(d);
	}
}

/* What the record excludes: a second extension, a second return, a rating
 * once rated, a payment request once paid, a submission before payment. */
static void allowed_actions_follow_the_record(void **state)
{
	(void)state;
	hc_actor leader = {.staff_id = 1, .unit_id = 7, .role = HC_ROLE_LEADER};
	hc_dossier d = {.unit_id = 7, .deciding_unit_id = 7, .status = HC_DS_PROCESSING};
	const char *names[HC_DOSSIER_ACTIONS_MAX];
	int n = hc_dossier_allowed_actions(&leader, &d, names);
	assert_int_equal(n, 8);
	d.extended_due_at = 1;
	d.fee = 50000;
	n = hc_dossier_allowed_actions(&leader, &d, names);
	for (int i = 0; i < n; i++) {
		assert_string_not_equal(names[i], "extend");
		assert_string_not_equal(names[i], "submit_for_signature");
	}
	assert_int_equal(n, 6);
	d.fee_paid = true;
	n = hc_dossier_allowed_actions(&leader, &d, names);
	for (int i = 0; i < n; i++)
		assert_string_not_equal(names[i], "request_payment");
	assert_int_equal(n, 6);
	d.status = HC_DS_RESOLVED;
	d.returned_at = 5;
	assert_int_equal(hc_dossier_allowed_actions(&leader, &d, names), 0);
	d.status = HC_DS_RETURNED;
	assert_int_equal(hc_dossier_allowed_actions(&leader, &d, names), 1);
	assert_string_equal(names[0], "rate");
	d.rating = 5;
	assert_int_equal(hc_dossier_allowed_actions(&leader, &d, names), 0);
	/* a dossier of another unit: nothing */
	d.status = HC_DS_PROCESSING;
	d.unit_id = d.deciding_unit_id = 8;
	assert_int_equal(hc_dossier_allowed_actions(&leader, &d, names), 0);
}

static int count_row(const hc_dossier *d, void *ctx)
{
	(void)d;
	(*(int *)ctx)++;
	return 0;
}

/* The length of the list of flt as actor a at `when`. */
static int count_as(fixture *f, const hc_actor *a, const char *when, hc_dossier_filter flt,
                    int *rc_out)
{
	hc_env env = fixture_env(f, when);
	hc_tx *tx;
	hc_err e;
	int n = 0;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	int rc = hc_dossier_list(tx, &env, a, &flt, count_row, &n, &e);
	/* the count of the same filter is the list's length, or the same refusal */
	int64_t counted = -1;
	hc_err e2;
	int rc2 = hc_dossier_count(tx, &env, a, &flt, &counted, &e2);
	assert_int_equal(rc2, rc);
	if (!rc && flt.limit == 0 && flt.offset == 0)
		assert_int_equal(counted, n);
	hc_tx_rollback(tx);
	if (rc_out)
		*rc_out = rc;
	else if (rc)
		fail_msg("list: %s", e.detail);
	return n;
}

typedef struct codes {
	int n;
	char code[8][64];
} codes;

static int keep_code(const hc_dossier *d, void *ctx)
{
	codes *c = ctx;
	if (c->n < 8)
		snprintf(c->code[c->n++], sizeof c->code[0], "%s", d->code);
	return 0;
}

static codes list_codes(fixture *f, const hc_actor *a, hc_dossier_filter flt)
{
	hc_env env = fixture_env(f, "2026-03-20T09:00");
	hc_tx *tx;
	hc_err e;
	codes c = {0};
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	int rc = hc_dossier_list(tx, &env, a, &flt, keep_code, &c, &e);
	int64_t counted = -1;
	if (!rc && flt.limit == 0 && flt.offset == 0) {
		assert_int_equal(hc_dossier_count(tx, &env, a, &flt, &counted, &e), HC_OK);
		assert_int_equal(counted, c.n);
	}
	hc_tx_rollback(tx);
	if (rc)
		fail_msg("list: %s", e.detail);
	return c;
}

static void receive_as(fixture *f, const hc_actor *a, const char *when, const char *deciding,
                       hc_intake_result *r)
{
	hc_env env = fixture_env(f, when);
	hc_intake in = {.procedure_code = "P3D",
	                .channel = "direct",
	                .applicant_name = "Phạm Văn Đức",
	                .applicant_id_number = "031190005678",
	                .applicant_phone = "0987654321",
	                .deciding_unit_code = deciding,
	                .components = comps,
	                .ncomponents = 1};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_receive(tx, &env, a, &in, r, &e);
	if (rc)
		fail_msg("receive: %s", e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

/* A unit's list holds the dossiers it received and those another unit
 * received for it to decide, merged in receipt order (newest first, or
 * oldest first), with limit and offset across both. */
static void list_merges_received_and_decided(void **state)
{
	fixture *f = *state;
	const hc_actor *rec_a = &f->staff_a[HC_ROLE_RECEPTION];
	hc_intake_result a1, a2, a3, b1;
	receive_as(f, rec_a, "2026-03-02T09:00", NULL, &a1);
	receive_as(f, rec_a, "2026-03-03T09:00", "90002", &a2); /* B decides */
	receive_as(f, &f->reception_b, "2026-03-04T09:00", NULL, &b1);
	receive_as(f, rec_a, "2026-03-05T09:00", NULL, &a3);

	codes c = list_codes(f, rec_a, (hc_dossier_filter){.overdue = -1});
	assert_int_equal(c.n, 3);
	assert_string_equal(c.code[0], a3.code);
	assert_string_equal(c.code[1], a2.code);
	assert_string_equal(c.code[2], a1.code);

	c = list_codes(f, &f->reception_b, (hc_dossier_filter){.overdue = -1});
	assert_int_equal(c.n, 2);
	assert_string_equal(c.code[0], b1.code);
	assert_string_equal(c.code[1], a2.code);
	c = list_codes(f, &f->reception_b,
	               (hc_dossier_filter){.overdue = -1, .oldest_first = true});
	assert_int_equal(c.n, 2);
	assert_string_equal(c.code[0], a2.code);
	assert_string_equal(c.code[1], b1.code);
	c = list_codes(f, &f->reception_b,
	               (hc_dossier_filter){.overdue = -1, .limit = 1, .offset = 1});
	assert_int_equal(c.n, 1);
	assert_string_equal(c.code[0], a2.code);
	/* every condition applies to both parts */
	c = list_codes(
	    f, &f->reception_b,
	    (hc_dossier_filter){.overdue = -1, .q = "duc", .received_to = b1.received_at});
	assert_int_equal(c.n, 1);
	assert_string_equal(c.code[0], a2.code);
	c = list_codes(f, &f->reception_b, (hc_dossier_filter){.overdue = 1});
	assert_int_equal(c.n, 2); /* P3D is due within three working days */
	c = list_codes(f, &f->reception_b, (hc_dossier_filter){.overdue = 0});
	assert_int_equal(c.n, 0);
}

static int count(fixture *f, const char *when, hc_dossier_filter flt, int *rc_out)
{
	return count_as(f, &f->staff_a[HC_ROLE_HEAD], when, flt, rc_out);
}

/* The inboxes' filters: office, handler, open only, due within N working
 * days (walked through the calendar: over a weekend, not 48 hours). */
static void inbox_filters(void **state)
{
	fixture *f = *state;
	hc_actor sys = hc_actor_system();
	sys.unit_id = f->unit_a;
	const hc_actor *spec = &f->staff_a[HC_ROLE_SPECIALIST];
	hc_intake_result r1, r2, r3, r4;
	hc_err e;
	/* Monday: P3D is due Thursday 09:00 */
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-02T09:00", "P3D", &r1);
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-02T09:00", "P3D", &r2);
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-02T09:00", "P3D", &r3);
	/* Thursday: due Tuesday 10/3 09:00, across the weekend */
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-05T09:00", "P3D", &r4);
	assert_int_equal(
	    act(f, &sys, "2026-03-02T09:30", r1.code,
	        (hc_action_in){.action = "assign", .office_code = "VP", .handler = spec->username},
	        &e),
	    0);
	assert_int_equal(
	    act(f, &sys, "2026-03-02T09:30", r3.code, (hc_action_in){.action = "withdraw"}, &e), 0);
	hc_dossier *d1 = get(f, &sys, r1.code);
	assert_non_null(d1);
	assert_true(d1->office_id > 0);
	int64_t office = d1->office_id;
	hc_dossier_free(d1);

	const char *mon = "2026-03-02T10:00";
	assert_int_equal(count(f, mon, (hc_dossier_filter){.overdue = -1}, NULL), 4);
	assert_int_equal(count(f, mon, (hc_dossier_filter){.overdue = -1, .open_only = true}, NULL),
	                 3);
	/* every dossier starts at the procedure's office (VP) */
	assert_int_equal(
	    count(f, mon, (hc_dossier_filter){.overdue = -1, .office_id = office}, NULL), 4);
	assert_int_equal(
	    count(f, mon, (hc_dossier_filter){.overdue = -1, .office_id = office + 1000}, NULL), 0);
	assert_int_equal(
	    count(f, mon, (hc_dossier_filter){.overdue = -1, .handler_id = spec->staff_id}, NULL),
	    1);
	/* Tuesday 09:00 + 2 working days = Thursday 09:00: r1 and r2 (r3 is
	 * finished; r4 is not received yet at that instant but is listed by
	 * its due, Tuesday 10/3, which is later) */
	assert_int_equal(count(f, "2026-03-03T09:00",
	                       (hc_dossier_filter){.overdue = -1, .due_within_days = 2}, NULL),
	                 2);
	/* Monday 10:00 + 2 working days = Wednesday 10:00: none */
	assert_int_equal(
	    count(f, mon, (hc_dossier_filter){.overdue = -1, .due_within_days = 2}, NULL), 0);
	/* Friday 10:00 + 2 working days = Tuesday 10:00, past the weekend: r4
	 * (48 hours would stop on Sunday); r1, r2 are overdue, not "due soon" */
	assert_int_equal(count(f, "2026-03-06T10:00",
	                       (hc_dossier_filter){.overdue = -1, .due_within_days = 2}, NULL),
	                 1);
	assert_int_equal(count(f, "2026-03-06T10:00", (hc_dossier_filter){.overdue = 1}, NULL), 2);
	int rc = 0;
	count(f, mon, (hc_dossier_filter){.overdue = -1, .due_within_days = 31}, &rc);
	assert_int_equal(rc, HC_EINVAL);
}

typedef struct picked {
	char names[16][64];
	int n;
} picked;

static int pick_office(const hc_office *o, void *ctx)
{
	picked *p = ctx;
	snprintf(p->names[p->n++], 64, "%s", o->code);
	return p->n == 16;
}

static int pick_handler(const hc_actor *s, void *ctx)
{
	picked *p = ctx;
	snprintf(p->names[p->n++], 64, "%s", s->username);
	return p->n == 16;
}

/* The choices of assign and forward: the deciding unit's offices, and its
 * active staff whose role may process (perm.h), each of whom the engine
 * then accepts; another unit's officer gets the dossier's refusal. */
static void assign_choices(void **state)
{
	fixture *f = *state;
	hc_intake_result r;
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-02T09:00", "PFEE", &r);
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	hc_office kt = {.unit_id = f->unit_a};
	snprintf(kt.code, sizeof kt.code, "KT");
	snprintf(kt.name, sizeof kt.name, "Phòng Kinh tế");
	assert_int_equal(hc_office_upsert(tx, &kt, &e), HC_OK);
	int64_t id;
	assert_int_equal(hc_staff_add(tx, f->unit_a, kt.id, "a.specialist2", "Lê Thị Nghỉ",
	                              HC_ROLE_SPECIALIST, "mat-khau-thu", 0, &id, &e),
	                 HC_OK);
	assert_int_equal(hc_staff_deactivate(tx, id, &e), HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
	hc_dossier *d = get(f, &f->staff_a[HC_ROLE_RECEPTION], r.code);
	assert_non_null(d);
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	picked offices = {0}, handlers = {0};
	assert_int_equal(hc_dossier_assign_choices(tx, &f->staff_a[HC_ROLE_RECEPTION], d,
	                                           pick_office, NULL, &offices, &e),
	                 HC_OK);
	assert_int_equal(hc_dossier_assign_choices(tx, &f->staff_a[HC_ROLE_RECEPTION], d, NULL,
	                                           pick_handler, &handlers, &e),
	                 HC_OK);
	/* ordered by name: "Phòng Kinh tế" before "Văn phòng HĐND và UBND" */
	assert_int_equal(offices.n, 2);
	assert_string_equal(offices.names[0], "KT");
	assert_string_equal(offices.names[1], "VP");
	/* exactly the roles perm.h lets process, active only */
	int want = 0;
	for (int role = 0; role < HC_ROLE_SYSTEM; role++) {
		bool may = hc_perm_check(&f->staff_a[role], HC_PERM_DOSSIER_PROCESS, f->unit_a,
		                         NULL) == HC_OK;
		bool listed = false;
		for (int i = 0; i < handlers.n; i++)
			listed |= strcmp(handlers.names[i], f->staff_a[role].username) == 0;
		assert_int_equal(listed, may);
		want += may;
	}
	assert_int_equal(handlers.n, want);
	assert_true(want >= 3);
	for (int i = 0; i < handlers.n; i++)
		assert_string_not_equal(handlers.names[i], "a.specialist2");
	/* another unit's officer: the dossier's own refusal */
	picked none = {0};
	assert_int_equal(
	    hc_dossier_assign_choices(tx, &f->reception_b, d, pick_office, pick_handler, &none, &e),
	    HC_EFORBIDDEN);
	assert_int_equal(none.n, 0);
	hc_tx_rollback(tx);
	/* the engine accepts every choice */
	hc_env env = fixture_env(f, "2026-03-02T10:00");
	for (int i = 0; i < handlers.n; i++) {
		for (int k = 0; k < offices.n; k++) {
			hc_action_in in = {.action = "assign",
			                   .office_code = offices.names[k],
			                   .handler = handlers.names[i]};
			hc_dossier *out = NULL;
			assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
			int rc = hc_dossier_act(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], r.code,
			                        &in, &out, &e);
			if (rc)
				fail_msg("assign %s %s: %s", offices.names[k], handlers.names[i],
				         e.detail);
			assert_string_equal(out->handler_name, "Nguyễn Văn Thử");
			hc_dossier_free(out);
			hc_tx_rollback(tx);
		}
	}
	hc_dossier_free(d);
}

/* The length of inbox b's whole list for actor a at `when` (0 when the box
 * is empty by definition). */
static int64_t inbox_length(fixture *f, const hc_actor *a, const char *when, enum hc_inbox b)
{
	hc_dossier_filter flt;
	if (!hc_dossier_inbox_filter(a, b, &flt))
		return 0;
	flt.limit = 500;
	return count_as(f, a, when, flt, NULL);
}

/* Each inbox's count (one grouped statement) equals the length of its list,
 * for every role, at instants where each box holds dossiers, and other
 * units' dossiers count nowhere. */
static void inbox_counts_equal_lists(void **state)
{
	fixture *f = *state;
	hc_actor sys = hc_actor_system();
	sys.unit_id = f->unit_a;
	const hc_actor *spec = &f->staff_a[HC_ROLE_SPECIALIST];
	hc_intake_result r;
	hc_err e;
	/* received Monday 2/3 09:00, P3D due Thursday 5/3 09:00 */
	static const enum hc_dossier_status made[] = {HC_DS_RECEIVED,
	                                              HC_DS_PROCESSING,
	                                              HC_DS_PROCESSING,
	                                              HC_DS_AWAITING_SUPPLEMENT,
	                                              HC_DS_AWAITING_SUPPLEMENT,
	                                              HC_DS_AWAITING_PAYMENT,
	                                              HC_DS_AWAITING_SIGNATURE,
	                                              HC_DS_RESOLVED,
	                                              HC_DS_WITHDRAWN,
	                                              HC_DS_REJECTED};
	for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
		drive(f, made[i], &r);
		if (i == 1 || i == 2) /* two handled by the specialist */
			assert_int_equal(
			    act(f, &sys, "2026-03-02T10:00", r.code,
			        (hc_action_in){.action = "forward", .handler = spec->username}, &e),
			    0);
	}
	/* Thursday 5/3: due Tuesday 10/3; and unit B's dossiers */
	receive(f, &f->staff_a[HC_ROLE_RECEPTION], "2026-03-05T09:00", "P3D", &r);
	receive(f, &f->reception_b, "2026-03-02T09:00", "P3D", &r);
	receive(f, &f->reception_b, "2026-03-05T09:00", "PSAME", &r);
	hc_actor no_office = *spec;
	no_office.office_id = 0;
	hc_actor no_account = f->staff_a[HC_ROLE_LEADER];
	no_account.staff_id = 0;
	const hc_actor *actors[] = {spec,
	                            &f->staff_a[HC_ROLE_RECEPTION],
	                            &f->staff_a[HC_ROLE_HEAD],
	                            &f->staff_a[HC_ROLE_LEADER],
	                            &f->staff_a[HC_ROLE_CLERK],
	                            &no_office,
	                            &no_account,
	                            &f->reception_b};
	const char *whens[] = {"2026-03-02T08:00", "2026-03-03T09:00", "2026-03-06T10:00"};
	int64_t seen[HC_INBOX_COUNT] = {0};
	for (size_t w = 0; w < sizeof whens / sizeof whens[0]; w++) {
		hc_env env = fixture_env(f, whens[w]);
		for (size_t k = 0; k < sizeof actors / sizeof actors[0]; k++) {
			int64_t counts[HC_INBOX_COUNT];
			hc_tx *tx;
			assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
			int rc = hc_dossier_inbox_counts(tx, &env, actors[k], counts, &e);
			hc_tx_rollback(tx);
			assert_int_equal(rc, HC_OK);
			for (int b = 0; b < HC_INBOX_COUNT; b++) {
				int64_t n = inbox_length(f, actors[k], whens[w], (enum hc_inbox)b);
				if (counts[b] != n)
					fail_msg("%s, actor %zu, box %d: count %lld, list %lld",
					         whens[w], k, b, (long long)counts[b],
					         (long long)n);
				if (seen[b] < n)
					seen[b] = n;
			}
		}
	}
	/* the fixture fills every box: processing x2 + received + payment +
	 * signature + supplement x2 + the one of Thursday, all at VP; the
	 * specialist's two; overdue on Friday;
	 * due soon on Tuesday; two awaiting supplement; one awaiting signature */
	assert_int_equal(seen[HC_INBOX_MINE], 2);
	assert_int_equal(seen[HC_INBOX_OFFICE], 8);
	assert_int_equal(seen[HC_INBOX_OVERDUE], 5);
	assert_int_equal(seen[HC_INBOX_DUE_SOON], 5);
	assert_int_equal(seen[HC_INBOX_SUPPLEMENT], 2);
	assert_int_equal(seen[HC_INBOX_SIGNATURE], 1);
	/* no dossier.read: refused like the list */
	int64_t counts[HC_INBOX_COUNT];
	hc_actor stranger = f->staff_a[HC_ROLE_SPECIALIST];
	stranger.role = HC_ROLE_COUNT;
	hc_env env = fixture_env(f, whens[0]);
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_dossier_inbox_counts(tx, &env, &stranger, counts, &e), HC_EFORBIDDEN);
	hc_tx_rollback(tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(intake_code_and_due, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(intake_rejects_bad_input, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(long_vietnamese_text_round_trips, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(full_life_and_public_view, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(tenant_scoping, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(applicant_recall_latest_of_own_unit, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(transition_matrix, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(allowed_actions_matrix, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test(allowed_actions_follow_the_record),
	    cmocka_unit_test_setup_teardown(inbox_filters, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(list_merges_received_and_decided, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(inbox_counts_equal_lists, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(assign_choices, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(supplement_policies_and_flags, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(concurrent_codes_gap_free, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(audit_chain_detects_tampering, fixture_setup,
	                                    fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
