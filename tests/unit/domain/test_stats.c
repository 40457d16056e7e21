/* Statistics: hand-built scenarios, then random histories checked against a
 * brute-force count written independently of the SQL in stats.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/time.h"
#include "domain/stats.h"
#include "fixture.h"

typedef struct row {
	int64_t received, due, finished; /* finished 0 = pending */
	int outcome;                     /* 0 resolved, 1 rejected, 2 withdrawn */
	int channel;                     /* 0 direct 1 online 2 postal */
	int64_t supplement_since;
	int dig_in, dig_res, e_res, reused, fee, paid_online;
	int rating; /* 0 none, 1..5 */
	int in_b;   /* received by unit B (the brute force counts unit A) */
} row;

static const char *channels[] = {"direct", "online", "postal"};
static const char *outcomes[] = {"resolved", "rejected", "withdrawn"};

static void insert_proc(hc_tx *tx, int64_t unit, const char *proc_code, const row *r, int n)
{
	hc_err e;
	int64_t proc;
	assert_int_equal(hc_tx_query_int(tx, &e, &proc,
	                                 "SELECT id FROM procedures WHERE unit_id = ? AND code = ?",
	                                 "it", unit, proc_code),
	                 0);
	char code[64];
	snprintf(code, sizeof code, "R-%lld-%s-%d", (long long)unit, proc_code, n);
	int rc = hc_tx_exec(
	    tx, &e,
	    "INSERT INTO dossiers (unit_id, deciding_unit_id, code, secret_hash, procedure_id,"
	    " channel, status, applicant_name, applicant_fold, received_at, due_at,"
	    " original_due_at, supplement_since, finished_at, outcome, fee, fee_paid_online,"
	    " digitized_input, digitized_result, e_result, reused, rating, legacy, updated_at)"
	    " VALUES (?, ?, ?, 'x', ?, ?, ?, 'A', 'a', ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0),"
	    " ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), 1, 0)",
	    "iititt"
	    "iiiii"
	    "tiiiiiii",
	    unit, unit, code, proc, channels[r->channel],
	    r->finished ? outcomes[r->outcome] : "processing", r->received, r->due, r->due,
	    r->supplement_since, r->finished, r->finished ? outcomes[r->outcome] : NULL,
	    (int64_t)(r->fee ? 1000 : 0), (int64_t)r->paid_online, (int64_t)r->dig_in,
	    (int64_t)r->dig_res, (int64_t)r->e_res, (int64_t)r->reused, (int64_t)r->rating);
	if (rc)
		fail_msg("insert: %s", e.detail);
}

static void insert_in(hc_tx *tx, int64_t unit, const row *r, int n)
{
	insert_proc(tx, unit, "P3D", r, n);
}

static void insert(fixture *f, hc_tx *tx, const row *r, int n)
{
	insert_in(tx, r->in_b ? f->unit_b : f->unit_a, r, n);
}

static hc_stats compute(fixture *f, int64_t from, int64_t to, int64_t now)
{
	hc_tx *tx;
	hc_err e;
	hc_stats s;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	hc_stats_scope scope = {.unit_id = f->unit_a};
	int rc = hc_stats_compute(tx, &scope, from, to, now, &s, &e);
	if (rc)
		fail_msg("stats: %s", e.detail);
	/* the breakdown's per-row form gives the same figures */
	static hc_stats_breakdown b;
	if ((rc = hc_stats_compute_breakdown(tx, &scope, from, to, now, &b, &e)))
		fail_msg("breakdown: %s", e.detail);
	assert_memory_equal(&b.total, &s, sizeof s);
	hc_stats_breakdown_free(&b);
	hc_tx_rollback(tx);
	return s;
}

static void brute(const row *rows, int n, int64_t from, int64_t to, int64_t now, hc_stats *b)
{
	memset(b, 0, sizeof *b);
	int64_t j = now < to ? now : to;
	for (int i = 0; i < n; i++) {
		const row *r = &rows[i];
		if (r->in_b)
			continue;
		bool fin_before_from = r->finished && r->finished < from;
		bool fin_in = r->finished && r->finished >= from && r->finished < to;
		if (r->received < from && !fin_before_from)
			b->carried_over++;
		if (r->received >= from && r->received < to) {
			b->received.total++;
			if (r->channel == 0)
				b->received.direct++;
			else if (r->channel == 1)
				b->received.online++;
			else
				b->received.postal++;
			b->rates.digitized_input.num += r->dig_in;
			b->rates.reuse.num += r->reused;
			b->rates.paid_online.den += r->fee;
			b->rates.paid_online.num += r->fee && r->paid_online;
		}
		if (fin_in) {
			b->finished.total++;
			if (r->outcome == 0) {
				b->finished.resolved.total++;
				int64_t fd = hc_local_day(r->finished), dd = hc_local_day(r->due);
				if (r->finished > r->due)
					b->finished.resolved.late++;
				else if (fd < dd)
					b->finished.resolved.early++;
				else
					b->finished.resolved.on_time++;
				b->rates.digitized_result.num += r->dig_res;
				b->rates.e_result.num += r->e_res;
				b->finished.resolved.rated += r->rating > 0;
				b->finished.resolved.unsatisfied +=
				    r->finished > r->due ||
				    (r->rating > 0 && r->rating <= HC_STATS_DISSATISFIED);
			} else if (r->outcome == 1) {
				b->finished.rejected++;
			} else {
				b->finished.withdrawn++;
			}
		}
		if (r->received < to && (!r->finished || r->finished >= to)) {
			b->pending.total++;
			bool waiting = r->supplement_since && r->supplement_since <= j;
			if (waiting)
				b->pending.awaiting_supplement++;
			else if (r->due < j)
				b->pending.overdue++;
		}
	}
	b->pending.within = b->pending.total - b->pending.overdue;
}

static int64_t at(const char *s)
{
	int64_t t;
	hc_err e;
	assert_int_equal(hc_parse_local_time(s, "t", &t, &e), 0);
	return t;
}

static void hand_built(void **state)
{
	fixture *f = *state;
	/* due Thursday 5/3 09:00: early on Wednesday, on time Thursday 08:00,
	 * on time exactly at 09:00, late at 09:01 */
	int64_t due = at("2026-03-05T09:00");
	row rows[] = {
	    {at("2026-03-02T09:00"), due, at("2026-03-04T16:00"), 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0},
	    {at("2026-03-02T09:00"), due, at("2026-03-05T08:00"), 0, 1, 0, 1, 0, 0, 1, 1, 1, 3, 0},
	    {at("2026-03-02T09:00"), due, at("2026-03-05T09:00"), 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0},
	    {at("2026-03-02T09:00"), due, at("2026-03-05T09:01"), 0, 2, 0, 0, 0, 0, 0, 0, 0, 5, 0},
	    {at("2026-02-27T09:00"), due, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	     0}, /* carried, pending */
	    {at("2026-03-03T09:00"), due, at("2026-03-03T10:00"), 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	     0}, /* rejected */
	    {at("2026-03-03T09:00"), due, 0, 0, 1, at("2026-03-04T09:00"), 0, 0, 0, 0, 0, 0, 0, 0},
	};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		insert(f, tx, &rows[i], (int)i);
	assert_int_equal(hc_tx_commit(tx, &e), 0);
	hc_stats s =
	    compute(f, at("2026-03-01T00:00"), at("2026-04-01T00:00"), at("2026-11-01T00:00"));
	assert_int_equal(s.carried_over, 1);
	assert_int_equal(s.received.total, 6);
	assert_int_equal(s.received.online, 3);
	assert_int_equal(s.received.postal, 1);
	assert_int_equal(s.finished.resolved.early, 1);
	assert_int_equal(s.finished.resolved.on_time, 2);
	assert_int_equal(s.finished.resolved.late, 1);
	assert_int_equal(s.finished.rejected, 1);
	assert_int_equal(s.pending.total, 2);
	assert_int_equal(s.pending.overdue, 1);
	assert_int_equal(s.pending.awaiting_supplement, 1);
	assert_int_equal(s.rates.on_time.num, 3);
	assert_int_equal(s.rates.on_time.den, 4);
	assert_int_equal(s.rates.paid_online.num, 1);
	assert_int_equal(s.rates.paid_online.den, 2);
	/* rated 1 (dissatisfied), 3, 5 on the late one: two unsatisfied */
	assert_int_equal(s.finished.resolved.rated, 3);
	assert_int_equal(s.finished.resolved.unsatisfied, 2);
	assert_int_equal(s.rates.satisfied.num, 2);
	assert_int_equal(s.rates.satisfied.den, 4);
	json_t *j = hc_stats_json(&s);
	assert_non_null(j);
	assert_true(json_is_real(json_object_get(json_object_get(j, "rates"), "on_time")));
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(j, "received"), "total")), 6);
	json_decref(j);
	/* an empty period has null rates */
	s = compute(f, at("2030-01-01T00:00"), at("2030-02-01T00:00"), at("2030-03-01T00:00"));
	assert_int_equal(s.rates.on_time.den, 0);
	j = hc_stats_json(&s);
	assert_true(json_is_null(json_object_get(json_object_get(j, "rates"), "online")));
	json_decref(j);
}

static uint64_t rng = 88172645463325252ull;
static int64_t rnd(int64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int64_t)(rng % (uint64_t)n);
}

typedef struct units_seen {
	int n;
	int64_t unit[4];
	hc_stats s[4];
} units_seen;

static int collect_unit(int64_t unit_id, const hc_stats *s, void *ctx, hc_err *err)
{
	units_seen *u = ctx;
	if (u->n == 4)
		return hc_err_set(err, HC_EINTERNAL, NULL, "x", "too many units");
	if (u->n && u->unit[u->n - 1] >= unit_id)
		return hc_err_set(err, HC_EINTERNAL, NULL, "x", "units out of order");
	u->unit[u->n] = unit_id;
	u->s[u->n++] = *s;
	return HC_OK;
}

static void random_histories(void **state)
{
	fixture *f = *state;
	enum { N = 3000 };
	static row rows[N];
	int64_t base = at("2025-07-01T00:00"), span = 400LL * 86400;
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	for (int i = 0; i < N; i++) {
		row *r = &rows[i];
		memset(r, 0, sizeof *r);
		r->received = base + rnd(span);
		r->due = r->received + rnd(15 * 86400);
		if (rnd(10) < 8)
			r->finished = r->received + rnd(20 * 86400);
		r->outcome = (int)(rnd(20) == 0 ? 1 + rnd(2) : 0);
		r->channel = (int)rnd(3);
		if (rnd(8) == 0)
			r->supplement_since = r->received + rnd(5 * 86400);
		r->dig_in = (int)rnd(2);
		r->dig_res = (int)rnd(2);
		r->e_res = (int)rnd(2);
		r->reused = (int)rnd(2);
		r->fee = (int)rnd(2);
		r->paid_online = (int)rnd(2);
		r->rating = (int)rnd(6);
		r->in_b = rnd(4) == 0;
		insert(f, tx, r, i);
	}
	assert_int_equal(hc_tx_commit(tx, &e), 0);
	for (int k = 0; k < 150; k++) {
		int64_t from = base - 30 * 86400 + rnd(span);
		int64_t to = from + 1 + rnd(120 * 86400);
		int64_t now = from + rnd(200 * 86400);
		hc_stats s = compute(f, from, to, now), b;
		brute(rows, N, from, to, now, &b);
		assert_int_equal(s.carried_over + s.received.total,
		                 s.finished.total + s.pending.total);
		assert_int_equal(s.carried_over, b.carried_over);
		assert_int_equal(s.received.total, b.received.total);
		assert_int_equal(s.received.direct, b.received.direct);
		assert_int_equal(s.received.online, b.received.online);
		assert_int_equal(s.received.postal, b.received.postal);
		assert_int_equal(s.finished.total, b.finished.total);
		assert_int_equal(s.finished.resolved.early, b.finished.resolved.early);
		assert_int_equal(s.finished.resolved.on_time, b.finished.resolved.on_time);
		assert_int_equal(s.finished.resolved.late, b.finished.resolved.late);
		assert_int_equal(s.finished.rejected, b.finished.rejected);
		assert_int_equal(s.finished.withdrawn, b.finished.withdrawn);
		assert_int_equal(s.pending.total, b.pending.total);
		assert_int_equal(s.pending.overdue, b.pending.overdue);
		assert_int_equal(s.pending.within, b.pending.within);
		assert_int_equal(s.pending.awaiting_supplement, b.pending.awaiting_supplement);
		assert_int_equal(s.rates.digitized_input.num, b.rates.digitized_input.num);
		assert_int_equal(s.rates.reuse.num, b.rates.reuse.num);
		assert_int_equal(s.rates.paid_online.num, b.rates.paid_online.num);
		assert_int_equal(s.rates.paid_online.den, b.rates.paid_online.den);
		assert_int_equal(s.rates.digitized_result.num, b.rates.digitized_result.num);
		assert_int_equal(s.rates.e_result.num, b.rates.e_result.num);
		assert_int_equal(s.finished.resolved.rated, b.finished.resolved.rated);
		assert_int_equal(s.finished.resolved.unsatisfied, b.finished.resolved.unsatisfied);
		assert_int_equal(s.rates.satisfied.num,
		                 b.finished.resolved.total - b.finished.resolved.unsatisfied);
		/* the grouped pass gives every unit's own figures */
		units_seen u = {0};
		hc_tx *rt;
		assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &rt, &e), 0);
		hc_stats_scope all = {0};
		hc_stats whole;
		assert_int_equal(hc_stats_compute(rt, &all, from, to, now, &whole, &e), 0);
		assert_int_equal(
		    hc_stats_compute_units(rt, &all, from, to, now, collect_unit, &u, &e), 0);
		/* the breakdown's per-row form gives the same figures, for one unit
		 * and for every unit */
		static hc_stats_breakdown bd;
		hc_stats_scope one = {.unit_id = f->unit_a};
		assert_int_equal(hc_stats_compute_breakdown(rt, &one, from, to, now, &bd, &e), 0);
		assert_memory_equal(&bd.total, &s, sizeof s);
		hc_stats_breakdown_free(&bd);
		assert_int_equal(hc_stats_compute_breakdown(rt, &all, from, to, now, &bd, &e), 0);
		assert_memory_equal(&bd.total, &whole, sizeof whole);
		hc_stats_breakdown_free(&bd);
		hc_tx_rollback(rt);
		assert_true(u.n <= 2);
		int64_t received = 0, pending = 0;
		for (int k2 = 0; k2 < u.n; k2++) {
			received += u.s[k2].received.total;
			pending += u.s[k2].pending.total;
			if (u.unit[k2] == f->unit_a)
				assert_memory_equal(&u.s[k2], &s, sizeof s);
		}
		assert_int_equal(received, whole.received.total);
		assert_int_equal(pending, whole.pending.total);
	}
}

static hc_stats_overview overview(fixture *f, int64_t from, int64_t to, int64_t now)
{
	hc_tx *tx;
	hc_err e;
	hc_stats_overview o;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	hc_stats_scope scope = {.unit_id = f->unit_b}; /* ignored: every unit */
	int rc = hc_stats_overview_compute(tx, &scope, from, to, now, &o, &e);
	hc_tx_rollback(tx);
	if (rc)
		fail_msg("overview: %s", e.detail);
	return o;
}

static const hc_stats_unit_row *row_of(const hc_stats_overview *o, int64_t unit)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->rows[i].unit.id == unit)
			return &o->rows[i];
	fail_msg("unit %lld missing from the overview", (long long)unit);
	return NULL;
}

static int64_t add_unit(fixture *f, const char *code, const char *kind)
{
	hc_tx *tx;
	hc_err e;
	hc_unit u = {0};
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.identifier, sizeof u.identifier, "U%s", code);
	snprintf(u.name, sizeof u.name, "Đơn vị %s", code);
	snprintf(u.kind, sizeof u.kind, "%s", kind);
	snprintf(u.province, sizeof u.province, "Thành phố Hải Phòng");
	snprintf(u.office_hours, sizeof u.office_hours, "07:30-11:30,13:00-17:00");
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	assert_int_equal(hc_unit_upsert(tx, &u, 0, &e), 0);
	assert_int_equal(hc_tx_commit(tx, &e), 0);
	return u.id;
}

/* Ranks of a hand-built city: A resolves on time but has one overdue
 * dossier; B resolves late and has none overdue; C received nothing; the
 * city body (kind tinh) is not ranked. */
static void overview_ranks(void **state)
{
	fixture *f = *state;
	int64_t unit_c = add_unit(f, "90003", "xa");
	int64_t city = add_unit(f, "31", "tinh");
	int64_t due = at("2026-03-05T09:00");
	row on_time = {
	    at("2026-03-02T09:00"), due, at("2026-03-04T16:00"), 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	row overdue = {at("2026-03-02T09:00"), due, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	row late = {
	    at("2026-03-02T09:00"), due, at("2026-03-06T09:00"), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	insert_in(tx, f->unit_a, &on_time, 0);
	insert_in(tx, f->unit_a, &overdue, 1);
	insert_in(tx, f->unit_b, &late, 0);
	assert_int_equal(hc_tx_commit(tx, &e), 0);
	hc_stats_overview o =
	    overview(f, at("2026-03-01T00:00"), at("2026-04-01T00:00"), at("2026-11-01T00:00"));
	assert_int_equal(o.n, 3);
	for (size_t i = 0; i < o.n; i++)
		assert_true(o.rows[i].unit.id != city);
	const hc_stats_unit_row *a = row_of(&o, f->unit_a), *b = row_of(&o, f->unit_b),
	                        *c = row_of(&o, unit_c);
	assert_int_equal(a->stats.received.total, 2);
	assert_int_equal(a->stats.pending.overdue, 1);
	assert_int_equal(b->stats.finished.resolved.late, 1);
	assert_int_equal(c->stats.received.total, 0);
	/* on time: A 1/1, B 0/1, C none */
	assert_int_equal(a->rank.on_time, 1);
	assert_int_equal(b->rank.on_time, 2);
	assert_int_equal(c->rank.on_time, 3);
	/* overdue: B and C 0 share rank 1, A 1 */
	assert_int_equal(b->rank.overdue, 1);
	assert_int_equal(c->rank.overdue, 1);
	assert_int_equal(a->rank.overdue, 3);
	/* online: A 1/2 first, B 0/1, C none */
	assert_int_equal(a->rank.online, 1);
	assert_int_equal(b->rank.online, 2);
	assert_int_equal(c->rank.online, 3);
	json_t *j = hc_stats_overview_json(&o);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "count")), 3);
	json_t *first = json_array_get(json_object_get(j, "units"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "90001");
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(first, "rank"), "overdue")), 3);
	json_decref(j);
	hc_stats_overview_free(&o);
	/* a period before anything: every unit present, all tied or unranked */
	o = overview(f, at("2020-01-01T00:00"), at("2020-02-01T00:00"), at("2026-11-01T00:00"));
	assert_int_equal(o.n, 3);
	for (size_t i = 0; i < o.n; i++) {
		assert_int_equal(o.rows[i].rank.on_time, 1);
		assert_int_equal(o.rows[i].rank.overdue, 1);
	}
	hc_stats_overview_free(&o);
}

/* Each unit's row of the overview equals hc_stats_compute for that unit,
 * over random histories in two units. */
static void overview_equals_per_unit(void **state)
{
	fixture *f = *state;
	enum { N = 600 };
	int64_t base = at("2025-07-01T00:00");
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	for (int i = 0; i < N; i++) {
		row r = {0};
		r.received = base + rnd(300 * 86400);
		r.due = r.received + rnd(20 * 86400);
		r.finished = rnd(4) ? r.received + rnd(30 * 86400) : 0;
		r.outcome = (int)rnd(3);
		r.channel = (int)rnd(3);
		r.dig_in = (int)rnd(2);
		r.fee = (int)rnd(2);
		r.paid_online = r.fee && rnd(2);
		insert_in(tx, i % 3 ? f->unit_a : f->unit_b, &r, i);
	}
	assert_int_equal(hc_tx_commit(tx, &e), 0);
	for (int k = 0; k < 20; k++) {
		int64_t from = base + rnd(330) * 86400, to = from + (1 + rnd(120)) * 86400;
		int64_t now = base + rnd(400) * 86400;
		hc_stats_overview o = overview(f, from, to, now);
		assert_int_equal(o.n, 2);
		for (size_t i = 0; i < o.n; i++) {
			hc_stats one;
			hc_stats_scope scope = {.unit_id = o.rows[i].unit.id};
			assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
			assert_int_equal(hc_stats_compute(tx, &scope, from, to, now, &one, &e), 0);
			hc_tx_rollback(tx);
			json_t *x = hc_stats_json(&one), *y = hc_stats_json(&o.rows[i].stats);
			assert_true(json_equal(x, y));
			json_decref(x);
			json_decref(y);
		}
		hc_stats_overview_free(&o);
	}
}

static hc_stats compute_scope(fixture *f, const hc_stats_scope *scope, int64_t from, int64_t to,
                              int64_t now)
{
	hc_tx *tx;
	hc_err e;
	hc_stats s;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	int rc = hc_stats_compute(tx, scope, from, to, now, &s, &e);
	hc_tx_rollback(tx);
	if (rc)
		fail_msg("stats: %s", e.detail);
	return s;
}

/* A field or procedure in the scope keeps that field's or procedure's
 * dossiers (the statement joins procedures); without one every dossier
 * counts (the statement reads dossiers alone). P3D is in Hộ tịch, PFEE in
 * Chứng thực (fixture.c). */
static void scope_by_field_and_procedure(void **state)
{
	fixture *f = *state;
	int64_t due = at("2026-03-05T09:00");
	row done = {
	    at("2026-03-02T09:00"), due, at("2026-03-04T16:00"), 0, 1, 0, 1, 1, 1, 0, 0, 0, 4, 0};
	row open = {at("2026-03-03T09:00"), due, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	for (int i = 0; i < 3; i++)
		insert_proc(tx, f->unit_a, "P3D", &done, i);
	insert_proc(tx, f->unit_a, "PFEE", &done, 3);
	insert_proc(tx, f->unit_a, "PFEE", &open, 4);
	insert_proc(tx, f->unit_b, "PFEE", &open, 5);
	assert_int_equal(hc_tx_commit(tx, &e), 0);
	int64_t from = at("2026-03-01T00:00"), to = at("2026-04-01T00:00");
	int64_t now = at("2026-11-01T00:00");
	hc_stats_scope any = {.unit_id = f->unit_a};
	hc_stats_scope civil = {.unit_id = f->unit_a, .field = "Hộ tịch"};
	hc_stats_scope cert = {.unit_id = f->unit_a, .field = "Chứng thực"};
	hc_stats_scope pfee = {.unit_id = f->unit_a, .procedure_code = "PFEE"};
	hc_stats_scope none = {
	    .unit_id = f->unit_a, .field = "Chứng thực", .procedure_code = "P3D"};
	hc_stats_scope empty = {.unit_id = f->unit_a, .field = "", .procedure_code = ""};
	hc_stats s = compute_scope(f, &any, from, to, now);
	assert_int_equal(s.received.total, 5);
	assert_int_equal(s.finished.resolved.total, 4);
	assert_int_equal(s.pending.total, 1);
	hc_stats e2 = compute_scope(f, &empty, from, to, now);
	assert_memory_equal(&e2, &s, sizeof s);
	s = compute_scope(f, &civil, from, to, now);
	assert_int_equal(s.received.total, 3);
	assert_int_equal(s.finished.resolved.total, 3);
	assert_int_equal(s.pending.total, 0);
	s = compute_scope(f, &cert, from, to, now);
	assert_int_equal(s.received.total, 2);
	assert_int_equal(s.finished.resolved.total, 1);
	assert_int_equal(s.pending.total, 1);
	hc_stats p = compute_scope(f, &pfee, from, to, now);
	assert_memory_equal(&p, &s, sizeof s);
	s = compute_scope(f, &none, from, to, now);
	assert_int_equal(s.received.total, 0);
	assert_int_equal(s.carried_over + s.pending.total + s.finished.total, 0);
	/* the grouped pass filters the same way, for every unit */
	units_seen u = {0};
	hc_stats_scope all_cert = {.field = "Chứng thực"};
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	assert_int_equal(hc_stats_compute_units(tx, &all_cert, from, to, now, collect_unit, &u, &e),
	                 0);
	hc_tx_rollback(tx);
	assert_int_equal(u.n, 2);
	assert_int_equal(u.unit[0] == f->unit_a ? u.s[0].received.total : u.s[1].received.total, 2);
	assert_int_equal(u.unit[0] == f->unit_b ? u.s[0].received.total : u.s[1].received.total, 1);
}

static void rejects_empty_period(void **state)
{
	fixture *f = *state;
	hc_tx *tx;
	hc_err e;
	hc_stats s;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	hc_stats_scope scope = {0};
	assert_int_equal(hc_stats_compute(tx, &scope, 100, 100, 200, &s, &e), HC_EINVAL);
	assert_string_equal(e.field, "to");
	hc_tx_rollback(tx);
}

/* Random dossiers of unit A in two fields (P3D Hộ tịch, PFEE Chứng thực)
 * and a few of unit B, for the grouped functions. */
static void random_two_fields(fixture *f, int n)
{
	int64_t base = at("2025-07-01T00:00");
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	for (int i = 0; i < n; i++) {
		row r = {0};
		r.received = base + rnd(365 * 86400);
		r.due = r.received + rnd(20 * 86400);
		r.finished = rnd(4) ? r.received + rnd(30 * 86400) : 0;
		r.outcome = (int)(rnd(10) == 0 ? 1 + rnd(2) : 0);
		r.channel = (int)rnd(3);
		if (rnd(8) == 0)
			r.supplement_since = r.received + rnd(5 * 86400);
		r.dig_in = (int)rnd(2);
		r.rating = (int)rnd(6);
		insert_in(tx, i % 5 ? f->unit_a : f->unit_b, &r, i);
	}
	assert_int_equal(
	    hc_tx_exec(tx, &e,
	               "UPDATE dossiers SET procedure_id = (SELECT p.id FROM procedures p"
	               " WHERE p.unit_id = dossiers.unit_id AND p.code = 'PFEE')"
	               " WHERE id % 3 = 0",
	               ""),
	    0);
	assert_int_equal(hc_tx_commit(tx, &e), 0);
}

typedef struct seen {
	int n;
	char name[8][64];
	hc_stats s[16];
} seen;

static void assert_same(const hc_stats *a, const hc_stats *b)
{
	json_t *x = hc_stats_json(a), *y = hc_stats_json(b);
	assert_true(json_equal(x, y));
	json_decref(x);
	json_decref(y);
}

/* The breakdown's fields into *x; its total must be hc_stats_compute's. */
static void breakdown_fields(hc_tx *tx, const hc_stats_scope *sc, int64_t from, int64_t to,
                             int64_t now, seen *x)
{
	static hc_stats_breakdown b;
	hc_err e;
	assert_int_equal(hc_stats_compute_breakdown(tx, sc, from, to, now, &b, &e), 0);
	assert_true(b.nfields <= 8);
	for (size_t i = 0; i < b.nfields; i++) {
		snprintf(x->name[x->n], sizeof x->name[x->n], "%s", b.fields[i].field);
		x->s[x->n++] = b.fields[i].s;
	}
	hc_stats whole;
	assert_int_equal(hc_stats_compute(tx, sc, from, to, now, &whole, &e), 0);
	assert_same(&b.total, &whole);
	hc_stats_breakdown_free(&b);
}

/* Each field's group equals hc_stats_compute scoped to that field; the
 * groups add up to the unit's figures. */
static void grouped_by_field(void **state)
{
	fixture *f = *state;
	random_two_fields(f, 900);
	int64_t base = at("2025-07-01T00:00");
	hc_err e;
	for (int k = 0; k < 25; k++) {
		int64_t from = base + rnd(330) * 86400, to = from + (1 + rnd(150)) * 86400;
		int64_t now = base + rnd(420) * 86400;
		hc_tx *tx;
		assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
		hc_stats_scope sc = {.unit_id = f->unit_a};
		seen x = {0};
		breakdown_fields(tx, &sc, from, to, now, &x);
		hc_stats whole;
		assert_int_equal(hc_stats_compute(tx, &sc, from, to, now, &whole, &e), 0);
		assert_true(x.n <= 2);
		int64_t carried = 0, received = 0, finished = 0, pending = 0, overdue = 0;
		for (int i = 0; i < x.n; i++) {
			hc_stats_scope one = {.unit_id = f->unit_a, .field = x.name[i]};
			hc_stats s;
			assert_int_equal(hc_stats_compute(tx, &one, from, to, now, &s, &e), 0);
			assert_same(&s, &x.s[i]);
			assert_int_equal(x.s[i].carried_over + x.s[i].received.total,
			                 x.s[i].finished.total + x.s[i].pending.total);
			carried += x.s[i].carried_over;
			received += x.s[i].received.total;
			finished += x.s[i].finished.total;
			pending += x.s[i].pending.total;
			overdue += x.s[i].pending.overdue;
		}
		if (x.n == 2)
			assert_true(strcmp(x.name[0], x.name[1]) < 0);
		/* the groups add up to every figure of the whole */
		hc_stats sum;
		memset(&sum, 0, sizeof sum);
		for (int i = 0; i < x.n; i++)
			hc_stats_add(&sum, &x.s[i]);
		if (x.n)
			assert_same(&sum, &whole);
		assert_int_equal(carried, whole.carried_over);
		assert_int_equal(received, whole.received.total);
		assert_int_equal(finished, whole.finished.total);
		assert_int_equal(pending, whole.pending.total);
		assert_int_equal(overdue, whole.pending.overdue);
		/* a field in the scope: that group alone */
		hc_stats_scope civil = {.unit_id = f->unit_a, .field = "Hộ tịch"};
		seen y = {0};
		breakdown_fields(tx, &civil, from, to, now, &y);
		assert_true(y.n <= 1);
		if (y.n)
			assert_string_equal(y.name[0], "Hộ tịch");
		hc_tx_rollback(tx);
	}
}

/* Each month's received, finished and resolved figures equal
 * hc_stats_compute over the month's (clipped) bounds, for several scopes;
 * the months follow each other and add up to the period. */
static void flow_by_month(void **state)
{
	fixture *f = *state;
	random_two_fields(f, 900);
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	hc_stats_scope scopes[] = {
	    {.unit_id = f->unit_a},
	    {.unit_id = 0},
	    {.unit_id = f->unit_a, .field = "Hộ tịch"},
	    {.unit_id = f->unit_a, .channel = "online"},
	};
	struct {
		const char *from, *to;
		size_t months;
		int y0, m0;
	} cases[] = {
	    {"2025-07-01T00:00", "2026-07-01T00:00", 12, 2025, 7},
	    {"2025-07-15T00:00", "2025-09-10T00:00", 3, 2025, 7},
	    {"2025-12-31T00:00", "2026-01-01T00:00", 1, 2025, 12},
	    {"2025-11-20T00:00", "2026-02-02T00:00", 4, 2025, 11},
	    {"2024-01-01T00:00", "2027-01-01T00:00", 36, 2024, 1},
	};
	int64_t now = at("2026-03-15T10:00");
	int64_t nonzero = 0;
	static hc_stats_breakdown b;
	const hc_stats_month *mo = b.months;
	for (size_t sc = 0; sc < sizeof scopes / sizeof scopes[0]; sc++)
		for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
			int64_t from = at(cases[c].from), to = at(cases[c].to);
			assert_int_equal(
			    hc_stats_compute_breakdown(tx, &scopes[sc], from, to, now, &b, &e), 0);
			hc_stats_breakdown_free(&b);
			size_t n = b.nmonths;
			assert_int_equal(n, cases[c].months);
			assert_int_equal(mo[0].y, cases[c].y0);
			assert_int_equal(mo[0].m, cases[c].m0);
			assert_int_equal(mo[0].from, from);
			assert_int_equal(mo[n - 1].to, to);
			hc_stats whole;
			assert_int_equal(
			    hc_stats_compute(tx, &scopes[sc], from, to, now, &whole, &e), 0);
			assert_same(&b.total, &whole);
			int64_t received = 0, finished = 0, resolved = 0;
			for (size_t i = 0; i < n; i++) {
				if (i) {
					assert_int_equal(mo[i].from, mo[i - 1].to);
					assert_int_equal(mo[i].m, mo[i - 1].m % 12 + 1);
				}
				hc_date d = hc_civil_from_days(hc_local_day(mo[i].from));
				assert_int_equal(d.y, mo[i].y);
				assert_int_equal(d.m, mo[i].m);
				hc_stats s;
				assert_int_equal(hc_stats_compute(tx, &scopes[sc], mo[i].from,
				                                  mo[i].to, now, &s, &e),
				                 0);
				assert_int_equal(mo[i].received, s.received.total);
				assert_int_equal(mo[i].finished, s.finished.total);
				assert_int_equal(mo[i].resolved, s.finished.resolved.total);
				received += mo[i].received;
				finished += mo[i].finished;
				resolved += mo[i].resolved;
			}
			assert_int_equal(received, whole.received.total);
			assert_int_equal(finished, whole.finished.total);
			assert_int_equal(resolved, whole.finished.resolved.total);
			nonzero += received + finished;
		}
	assert_true(nonzero > 0); /* the histories fall in the periods */
	/* limits: an empty period, and more than HC_STATS_MONTHS_MAX months */
	hc_stats_scope one = {.unit_id = f->unit_a};
	int64_t t = at("2026-01-01T00:00");
	assert_int_equal(hc_stats_compute_breakdown(tx, &one, t, t, now, &b, &e), HC_EINVAL);
	assert_int_equal(b.nmonths, 0);
	assert_int_equal(b.nfields, 0);
	int64_t ten_years = hc_local_instant(hc_days_from_civil(2016, 1, 1), 0);
	int64_t past = hc_local_instant(hc_days_from_civil(2026, 1, 2), 0);
	assert_int_equal(hc_stats_compute_breakdown(tx, &one, ten_years, t, now, &b, &e), HC_OK);
	assert_int_equal(b.nmonths, HC_STATS_MONTHS_MAX);
	hc_stats_breakdown_free(&b);
	assert_int_equal(hc_stats_compute_breakdown(tx, &one, ten_years, past, now, &b, &e),
	                 HC_EINVAL);
	assert_int_equal(b.nfields, 0);
	hc_tx_rollback(tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(hand_built, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(random_histories, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(rejects_empty_period, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(scope_by_field_and_procedure, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(overview_ranks, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(overview_equals_per_unit, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(grouped_by_field, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(flow_by_month, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
