#include "domain/stats.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/time.h"

/* One pass over the scope's dossiers that can matter for [from, to): those
 * received before `to` and not finished before `from`, plus their period
 * figures. Classification (DESIGN §3.2) in SQL:
 *   late     finished_at > due_at
 *   early    local day of finished_at < local day of due_at (UTC+7: +25200 s)
 *   on time  otherwise
 * Pending dossiers are judged at j = min(to, now): overdue when due_at < j and
 * not waiting for the applicant's supplement.
 * Each figure is COUNT(*) FILTER (WHERE ...) (SQLite 3.30+, PostgreSQL 9.4+):
 * the same counts as SUM(CASE WHEN ... THEN 1 ELSE 0 END), but the aggregate
 * steps only on matching rows, which made a unit's year about a quarter
 * faster on SQLite (bench/city.sh). */
/* The 21 figures, in the order fill() reads them: 0-4 carried over and
 * received by channel; 5-9 finished in the period (early, on time, late,
 * rejected, withdrawn); 10-12 pending at to (awaiting supplement, overdue,
 * all); 13-16 numerators over received (digitized, reused, fee-bearing,
 * paid online); 17-18 over resolved (digitized result, e-result); 19-20
 * ratings of resolved dossiers (rated, unsatisfied). classify() below is
 * the per-row form of the same figures. */
#define STATS_COLUMNS                                                                              \
	" COUNT(*) FILTER (WHERE d.received_at < ?1),"                                             \
	" COUNT(*) FILTER (WHERE d.received_at >= ?1),"                                            \
	" COUNT(*) FILTER (WHERE d.received_at >= ?1 AND d.channel = 'direct'),"                   \
	" COUNT(*) FILTER (WHERE d.received_at >= ?1 AND d.channel = 'online'),"                   \
	" COUNT(*) FILTER (WHERE d.received_at >= ?1 AND d.channel = 'postal'),"                   \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'resolved' AND "               \
	"(d.finished_at + 25200) / 86400 < (d.due_at + 25200) / 86400),"                           \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'resolved' AND d.finished_at " \
	"<= d.due_at AND (d.finished_at + 25200) / 86400 >= (d.due_at + 25200) / 86400),"          \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'resolved' AND d.finished_at " \
	"> d.due_at),"                                                                             \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'rejected'),"                  \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'withdrawn'),"                 \
	" COUNT(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at >= ?2) AND "              \
	"d.supplement_since IS NOT NULL AND d.supplement_since <= ?3),"                            \
	" COUNT(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at >= ?2) AND d.due_at < "   \
	"?3 AND NOT (d.supplement_since IS NOT NULL AND d.supplement_since <= ?3)),"               \
	" COUNT(*) FILTER (WHERE d.finished_at IS NULL OR d.finished_at >= ?2),"                   \
	" COUNT(*) FILTER (WHERE d.received_at >= ?1 AND d.digitized_input = 1),"                  \
	" COUNT(*) FILTER (WHERE d.received_at >= ?1 AND d.reused = 1),"                           \
	" COUNT(*) FILTER (WHERE d.received_at >= ?1 AND d.fee > 0),"                              \
	" COUNT(*) FILTER (WHERE d.received_at >= ?1 AND d.fee > 0 AND d.fee_paid_online = 1),"    \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'resolved' AND "               \
	"d.digitized_result = 1),"                                                                 \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'resolved' AND d.e_result = "  \
	"1),"                                                                                      \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'resolved' AND d.rating IS "   \
	"NOT NULL),"                                                                               \
	" COUNT(*) FILTER (WHERE d.finished_at < ?2 AND d.outcome = 'resolved' AND "               \
	"(d.finished_at > d.due_at OR d.rating <= " HC_STATS_DISSATISFIED_S "))"

/* UNIT is how the rows that matter for the period (received before `to`,
 * not finished before `from`) are read; "d" names them.
 * UNIT_ALL (every unit, the city overview): dossiers filtered by that
 * condition, "?4 = 0" standing for the unit.
 * UNIT_ONE: the same rows of one unit as three disjoint index ranges,
 * UNION ALL: received in the period; received before it and finished in or
 * after it; received before it and not finished. A month late in a year
 * does not walk every dossier received since the start, and each part is
 * an index range on both backends ((unit_id, received_at, id) and (unit_id,
 * finished_at, received_at)). An earlier form picked the ids through an
 * IN (... UNION ALL ...) list, which PostgreSQL ran as one primary-key probe
 * per row (about 95 ms for a commune's year against 20 ms for the ranges).
 * PROC is the field and procedure condition. Only a scope naming a field or a
 * procedure joins procedures; otherwise the statement reads dossiers alone
 * (?5 and ?6 are then '' and still bound): the join found a procedure for
 * every dossier (procedure_id is NOT NULL REFERENCES procedures), so the
 * figures are the same, and the city overview skips one lookup per dossier. */
#define STATS_FROM_WHERE(UNIT, PROC)                                                               \
	" FROM " UNIT##_ROWS " d" PROC " " UNIT##_COND " AND (?7 = '' OR d.channel = ?7)"          \
	                                               " AND (?8 = 0 OR d.handler_id = ?8)"
#define UNIT_ONE_ROWS                                                                              \
	"(SELECT x.* FROM dossiers x WHERE x.unit_id = ?4 AND x.received_at >= ?1"                 \
	" AND x.received_at < ?2"                                                                  \
	" UNION ALL SELECT x.* FROM dossiers x WHERE x.unit_id = ?4 AND x.finished_at >= ?1"       \
	" AND x.received_at < ?1"                                                                  \
	" UNION ALL SELECT x.* FROM dossiers x WHERE x.unit_id = ?4 AND x.finished_at IS NULL"     \
	" AND x.received_at < ?1)"
#define UNIT_ONE_COND "1 = 1"
#define UNIT_ALL_ROWS "dossiers"
#define UNIT_ALL_COND                                                                              \
	"?4 = 0 AND d.received_at < ?2 AND (d.finished_at IS NULL OR d.finished_at >= ?1)"
#define PROC_ANY " WHERE ?5 = '' AND ?6 = '' AND"
#define PROC_SCOPE " (?5 = '' OR p.field = ?5) AND (?6 = '' OR p.code = ?6) AND"
#define PROC_JOIN " JOIN procedures p ON p.id = d.procedure_id WHERE" PROC_SCOPE

#define STATS_NCOLS 21
#define STR_(x) #x
#define STR(x) STR_(x)
#define HC_STATS_DISSATISFIED_S STR(HC_STATS_DISSATISFIED)

/* [names a unit][joins procedures] */
static const char *const stats_sql[2][2] = {
    {"SELECT" STATS_COLUMNS STATS_FROM_WHERE(UNIT_ALL, PROC_ANY),
     "SELECT" STATS_COLUMNS STATS_FROM_WHERE(UNIT_ALL, PROC_JOIN)},
    {"SELECT" STATS_COLUMNS STATS_FROM_WHERE(UNIT_ONE, PROC_ANY),
     "SELECT" STATS_COLUMNS STATS_FROM_WHERE(UNIT_ONE, PROC_JOIN)}};
#define STATS_GROUP " GROUP BY d.unit_id ORDER BY d.unit_id"
static const char *const stats_units_sql[2][2] = {
    {"SELECT d.unit_id," STATS_COLUMNS STATS_FROM_WHERE(UNIT_ALL, PROC_ANY) STATS_GROUP,
     "SELECT d.unit_id," STATS_COLUMNS STATS_FROM_WHERE(UNIT_ALL, PROC_JOIN) STATS_GROUP},
    {"SELECT d.unit_id," STATS_COLUMNS STATS_FROM_WHERE(UNIT_ONE, PROC_ANY) STATS_GROUP,
     "SELECT d.unit_id," STATS_COLUMNS STATS_FROM_WHERE(UNIT_ONE, PROC_JOIN) STATS_GROUP}};

static int joins(const hc_stats_scope *scope)
{
	return (scope->field && *scope->field) || (scope->procedure_code && *scope->procedure_code);
}

/* Fills *out from the STATS_NCOLS figures v[] and checks the identity. */
static int fill(const int64_t *v, int64_t from, int64_t to, int64_t judged, hc_stats *out,
                hc_err *err)
{
	memset(out, 0, sizeof *out);
	out->from = from;
	out->to = to;
	out->judged_at = judged;
	out->carried_over = v[0];
	out->received.total = v[1];
	out->received.direct = v[2];
	out->received.online = v[3];
	out->received.postal = v[4];
	out->finished.resolved.early = v[5];
	out->finished.resolved.on_time = v[6];
	out->finished.resolved.late = v[7];
	out->finished.resolved.total = v[5] + v[6] + v[7];
	out->finished.resolved.rated = v[19];
	out->finished.resolved.unsatisfied = v[20];
	out->finished.rejected = v[8];
	out->finished.withdrawn = v[9];
	out->finished.total = out->finished.resolved.total + v[8] + v[9];
	out->pending.awaiting_supplement = v[10];
	out->pending.overdue = v[11];
	out->pending.total = v[12];
	out->pending.within = v[12] - v[11];
	out->rates.on_time = (hc_rate){v[5] + v[6], out->finished.resolved.total};
	out->rates.online = (hc_rate){v[3], v[1]};
	out->rates.digitized_input = (hc_rate){v[13], v[1]};
	out->rates.reuse = (hc_rate){v[14], v[1]};
	out->rates.paid_online = (hc_rate){v[16], v[15]};
	out->rates.digitized_result = (hc_rate){v[17], out->finished.resolved.total};
	out->rates.e_result = (hc_rate){v[18], out->finished.resolved.total};
	out->rates.satisfied =
	    (hc_rate){out->finished.resolved.total - v[20], out->finished.resolved.total};

	/* DESIGN §3.4: the identity holds on every computation. */
	if (out->carried_over + out->received.total != out->finished.total + out->pending.total ||
	    out->received.total !=
	        out->received.direct + out->received.online + out->received.postal)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Số liệu thống kê không cân đối",
		                  "stats identity failed: %lld + %lld != %lld + %lld",
		                  (long long)out->carried_over, (long long)out->received.total,
		                  (long long)out->finished.total, (long long)out->pending.total);
	return HC_OK;
}

static int run(hc_tx *tx, const char *sql, const hc_stats_scope *scope, int64_t from, int64_t to,
               int64_t judged, hc_stmt **st, hc_err *err)
{
	if (to <= from)
		return hc_err_set(err, HC_EINVAL, "to", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "empty period");
	return hc_tx_query(tx, err, st, sql, "iiiittti", from, to, judged, scope->unit_id,
	                   scope->field ? scope->field : "",
	                   scope->procedure_code ? scope->procedure_code : "",
	                   scope->channel ? scope->channel : "", scope->handler_id);
}

int hc_stats_compute(hc_tx *tx, const hc_stats_scope *scope, int64_t from, int64_t to, int64_t now,
                     hc_stats *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	int64_t judged = now < to ? now : to;
	hc_stmt *st;
	int rc = run(tx, stats_sql[scope->unit_id != 0][joins(scope)], scope, from, to, judged, &st,
	             err);
	if (rc)
		return rc;
	int64_t v[STATS_NCOLS] = {0};
	if (hc_stmt_next(st))
		for (int i = 0; i < STATS_NCOLS; i++)
			v[i] = hc_stmt_int(st, i);
	if ((rc = hc_stmt_finish(st, err)))
		return rc;
	return fill(v, from, to, judged, out, err);
}

int hc_stats_compute_units(hc_tx *tx, const hc_stats_scope *scope, int64_t from, int64_t to,
                           int64_t now, hc_stats_unit_fn fn, void *ctx, hc_err *err)
{
	int64_t judged = now < to ? now : to;
	hc_stmt *st;
	int rc = run(tx, stats_units_sql[scope->unit_id != 0][joins(scope)], scope, from, to,
	             judged, &st, err);
	if (rc)
		return rc;
	while (!rc && hc_stmt_next(st)) {
		int64_t v[STATS_NCOLS];
		int64_t unit_id = hc_stmt_int(st, 0);
		for (int i = 0; i < STATS_NCOLS; i++)
			v[i] = hc_stmt_int(st, i + 1);
		hc_stats s;
		rc = fill(v, from, to, judged, &s, err);
		if (!rc)
			rc = fn(unit_id, &s, ctx, err);
	}
	hc_err e2;
	int rc2 = hc_stmt_finish(st, rc ? &e2 : err);
	return rc ? rc : rc2;
}

static void rate_add(hc_rate *a, hc_rate b)
{
	a->num += b.num;
	a->den += b.den;
}

void hc_stats_add(hc_stats *acc, const hc_stats *s)
{
	acc->from = s->from;
	acc->to = s->to;
	acc->judged_at = s->judged_at;
	acc->carried_over += s->carried_over;
	acc->received.total += s->received.total;
	acc->received.direct += s->received.direct;
	acc->received.online += s->received.online;
	acc->received.postal += s->received.postal;
	acc->finished.total += s->finished.total;
	acc->finished.resolved.total += s->finished.resolved.total;
	acc->finished.resolved.early += s->finished.resolved.early;
	acc->finished.resolved.on_time += s->finished.resolved.on_time;
	acc->finished.resolved.late += s->finished.resolved.late;
	acc->finished.resolved.rated += s->finished.resolved.rated;
	acc->finished.resolved.unsatisfied += s->finished.resolved.unsatisfied;
	acc->finished.rejected += s->finished.rejected;
	acc->finished.withdrawn += s->finished.withdrawn;
	acc->pending.total += s->pending.total;
	acc->pending.within += s->pending.within;
	acc->pending.overdue += s->pending.overdue;
	acc->pending.awaiting_supplement += s->pending.awaiting_supplement;
	rate_add(&acc->rates.on_time, s->rates.on_time);
	rate_add(&acc->rates.online, s->rates.online);
	rate_add(&acc->rates.digitized_input, s->rates.digitized_input);
	rate_add(&acc->rates.digitized_result, s->rates.digitized_result);
	rate_add(&acc->rates.e_result, s->rates.e_result);
	rate_add(&acc->rates.paid_online, s->rates.paid_online);
	rate_add(&acc->rates.reuse, s->rates.reuse);
	rate_add(&acc->rates.satisfied, s->rates.satisfied);
}

/* ---- the period, its fields and its months from one pass ------------------ */

/* The breakdown reads the rows that matter for the period (the selection
 * and scope of hc_stats_compute, through the same indexes) and classifies
 * each in C: grouping them in SQL by field and month made SQLite sort every
 * row with all its aggregates' inputs, about 2.5 times the cost of reading
 * them (bench/web.sh). classify() is the per-row form of STATS_COLUMNS,
 * figure for figure (same order, same NULL semantics); the unit tests hold
 * the breakdown equal to hc_stats_compute over random histories, periods
 * and scopes, so the two forms cannot drift apart unnoticed. */
#define ROW_COLUMNS                                                                                \
	"SELECT p.field, d.received_at, d.finished_at, d.due_at, d.outcome, d.channel,"            \
	" d.supplement_since, d.digitized_input, d.reused, d.fee, d.fee_paid_online,"              \
	" d.digitized_result, d.e_result, d.rating"
#define ROW_JOIN " JOIN procedures p ON p.id = d.procedure_id WHERE"
static const char *const rows_sql[2] = {
    ROW_COLUMNS STATS_FROM_WHERE(UNIT_ALL, ROW_JOIN PROC_SCOPE),
    ROW_COLUMNS STATS_FROM_WHERE(UNIT_ONE, ROW_JOIN PROC_SCOPE)};

typedef struct stats_row {
	int64_t received, finished, due, supplement_since, fee, rating;
	bool finished_set, supplement_set, rated;
	const char *outcome, *channel; /* outcome NULL while pending */
	bool digitized_input, reused, paid_online, digitized_result, e_result;
} stats_row;

static bool is(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* Local (UTC+7) day number, as the SQL's (x + 25200) / 86400. */
static int64_t local_day(int64_t t)
{
	return (t + 25200) / 86400;
}

/* Adds row r to the STATS_NCOLS figures v (see STATS_COLUMNS). */
static void classify(const stats_row *r, int64_t from, int64_t to, int64_t judged, int64_t *v)
{
	bool received = r->received >= from;
	bool fin = r->finished_set && r->finished < to;
	bool pending = !r->finished_set || r->finished >= to;
	bool resolved = fin && is(r->outcome, "resolved");
	bool waiting = r->supplement_set && r->supplement_since <= judged;
	v[0] += !received;
	v[1] += received;
	v[2] += received && is(r->channel, "direct");
	v[3] += received && is(r->channel, "online");
	v[4] += received && is(r->channel, "postal");
	v[5] += resolved && local_day(r->finished) < local_day(r->due);
	v[6] += resolved && r->finished <= r->due && local_day(r->finished) >= local_day(r->due);
	v[7] += resolved && r->finished > r->due;
	v[8] += fin && is(r->outcome, "rejected");
	v[9] += fin && is(r->outcome, "withdrawn");
	v[10] += pending && waiting;
	v[11] += pending && r->due < judged && !waiting;
	v[12] += pending;
	v[13] += received && r->digitized_input;
	v[14] += received && r->reused;
	v[15] += received && r->fee > 0;
	v[16] += received && r->fee > 0 && r->paid_online;
	v[17] += resolved && r->digitized_result;
	v[18] += resolved && r->e_result;
	v[19] += resolved && r->rated;
	v[20] +=
	    resolved && (r->finished > r->due || (r->rated && r->rating <= HC_STATS_DISSATISFIED));
}

static void read_stats_row(hc_stmt *st, stats_row *r)
{
	r->received = hc_stmt_int(st, 1);
	r->finished_set = !hc_stmt_is_null(st, 2);
	r->finished = hc_stmt_int(st, 2);
	r->due = hc_stmt_int(st, 3);
	r->outcome = hc_stmt_text(st, 4);
	r->channel = hc_stmt_text(st, 5);
	r->supplement_set = !hc_stmt_is_null(st, 6);
	r->supplement_since = hc_stmt_int(st, 6);
	r->digitized_input = hc_stmt_int(st, 7) == 1;
	r->reused = hc_stmt_int(st, 8) == 1;
	r->fee = hc_stmt_int(st, 9);
	r->paid_online = hc_stmt_int(st, 10) == 1;
	r->digitized_result = hc_stmt_int(st, 11) == 1;
	r->e_result = hc_stmt_int(st, 12) == 1;
	r->rated = !hc_stmt_is_null(st, 13);
	r->rating = hc_stmt_int(st, 13);
}

/* The month (0..n-1) of instant t among the months; -1 before the first,
 * n at or after the last one's end. */
static int64_t month_index(const hc_stats_month *m, size_t n, int64_t t)
{
	if (t < m[0].from)
		return -1;
	size_t lo = 0, hi = n; /* the first month whose end is after t */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (m[mid].to <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int64_t)lo;
}

/* The local calendar months that meet [from, to), clipped to it. */
static int months_of(int64_t from, int64_t to, hc_stats_month *out, size_t *n, hc_err *err)
{
	*n = 0;
	hc_date c = hc_civil_from_days(hc_local_day(from));
	int y = c.y, m = c.m;
	for (int64_t at = from; at < to; (*n)++) {
		if (*n == HC_STATS_MONTHS_MAX) {
			*n = 0;
			return hc_err_set(err, HC_EINVAL, "to", "Khoảng thời gian quá dài",
			                  "more than %d months", HC_STATS_MONTHS_MAX);
		}
		int ny = m == 12 ? y + 1 : y, nmo = m == 12 ? 1 : m + 1;
		int64_t next = hc_local_instant(hc_days_from_civil(ny, nmo, 1), 0);
		hc_stats_month *o = &out[*n];
		memset(o, 0, sizeof *o);
		o->y = y;
		o->m = m;
		o->from = at;
		o->to = next < to ? next : to;
		at = o->to;
		y = ny;
		m = nmo;
	}
	return HC_OK;
}

void hc_stats_breakdown_free(hc_stats_breakdown *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nfields; i++)
		free(b->fields[i].field);
	free(b->fields);
	b->fields = NULL;
	b->nfields = 0;
}

/* A field's figures as they are summed. */
typedef struct field_sum {
	char *field; /* owned */
	int64_t v[STATS_NCOLS];
} field_sum;

typedef struct field_sums {
	field_sum *f;
	size_t n, cap;
} field_sums;

static void field_sums_free(field_sums *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		free(fs->f[i].field);
	free(fs->f);
	memset(fs, 0, sizeof *fs);
}

/* The field's sums, added when first seen; NULL when out of memory. */
static int64_t *field_v(field_sums *fs, const char *field)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->f[i].field, field) == 0)
			return fs->f[i].v;
	if (fs->n == fs->cap) {
		size_t nc = fs->cap ? 2 * fs->cap : 16;
		field_sum *f = realloc(fs->f, nc * sizeof *f);
		if (!f)
			return NULL;
		fs->f = f;
		fs->cap = nc;
	}
	field_sum *f = &fs->f[fs->n];
	memset(f, 0, sizeof *f);
	if (!(f->field = strdup(field)))
		return NULL;
	fs->n++;
	return f->v;
}

static int field_cmp(const void *a, const void *b)
{
	return strcmp(((const hc_stats_field *)a)->field, ((const hc_stats_field *)b)->field);
}

/* hc_stats_compute over month i counts a dossier received in it when it was
 * not finished before the month, and one finished in it when it was
 * received before the month's end: both are "month of receipt <= month of
 * finishing" (always true when finished_at >= received_at). */
static void add_months(hc_stats_breakdown *b, const stats_row *r)
{
	int64_t n = (int64_t)b->nmonths;
	int64_t rm = month_index(b->months, b->nmonths, r->received);
	int64_t fm = r->finished_set ? month_index(b->months, b->nmonths, r->finished) : n;
	if (rm > fm)
		return;
	if (rm >= 0 && rm < n)
		b->months[rm].received++;
	if (fm >= 0 && fm < n && r->outcome) {
		b->months[fm].finished++;
		b->months[fm].resolved += is(r->outcome, "resolved");
	}
}

/* Moves the sums into out->fields (sorted) and fills every figure; the
 * period's are the fields' added (a dossier has one field). */
static int finish_breakdown(field_sums *fs, int64_t from, int64_t to, int64_t judged,
                            hc_stats_breakdown *out, hc_err *err)
{
	int64_t total[STATS_NCOLS] = {0};
	for (size_t i = 0; i < fs->n; i++)
		for (int k = 0; k < STATS_NCOLS; k++)
			total[k] += fs->f[i].v[k];
	int rc = fill(total, from, to, judged, &out->total, err);
	if (rc || fs->n == 0)
		return rc;
	if (!(out->fields = calloc(fs->n, sizeof *out->fields)))
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "breakdown fields");
	for (size_t i = 0; i < fs->n; i++) {
		out->fields[i].field = fs->f[i].field;
		fs->f[i].field = NULL;
		out->nfields++;
		if ((rc = fill(fs->f[i].v, from, to, judged, &out->fields[i].s, err)))
			return rc;
	}
	qsort(out->fields, out->nfields, sizeof *out->fields, field_cmp);
	return HC_OK;
}

int hc_stats_compute_breakdown(hc_tx *tx, const hc_stats_scope *scope, int64_t from, int64_t to,
                               int64_t now, hc_stats_breakdown *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	int64_t judged = now < to ? now : to;
	hc_stmt *st = NULL;
	int rc = run(tx, rows_sql[scope->unit_id != 0], scope, from, to, judged, &st, err);
	if (!rc && (rc = months_of(from, to, out->months, &out->nmonths, err))) {
		hc_err e2;
		hc_stmt_finish(st, &e2);
	}
	if (rc)
		return rc;
	field_sums fs = {0};
	while (!rc && hc_stmt_next(st)) {
		stats_row r;
		read_stats_row(st, &r);
		const char *field = hc_stmt_text(st, 0);
		int64_t *v = field_v(&fs, field ? field : "");
		if (!v) {
			rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "breakdown fields");
			break;
		}
		classify(&r, from, to, judged, v);
		add_months(out, &r);
	}
	hc_err e2;
	int rc2 = hc_stmt_finish(st, rc ? &e2 : err);
	rc = rc ? rc : rc2;
	if (!rc)
		rc = finish_breakdown(&fs, from, to, judged, out, err);
	field_sums_free(&fs);
	if (rc) {
		hc_stats_breakdown_free(out);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

/* ---- the overview of every unit ----------------------------------------- */

/* A rate as a comparable number; no denominator sorts below every rate. */
static double rate_key(hc_rate r)
{
	return r.den ? (double)r.num / (double)r.den : -1.0;
}

/* Standard competition ranks ("1, 2, 2, 4") of n keys, higher first. */
static void rank_desc(const double *key, int n, int *rank)
{
	for (int i = 0; i < n; i++) {
		int better = 0;
		for (int j = 0; j < n; j++)
			better += key[j] > key[i];
		rank[i] = better + 1;
	}
}

void hc_stats_overview_free(hc_stats_overview *o)
{
	if (!o)
		return;
	free(o->rows);
	o->rows = NULL;
	o->n = 0;
}

static int add_unit(const hc_unit *u, void *ctx)
{
	hc_stats_overview *o = ctx;
	if (strcmp(u->kind, "tinh") == 0) /* the city body itself receives nothing */
		return 0;
	if (o->n == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 128;
		hc_stats_unit_row *rows = realloc(o->rows, cap * sizeof *rows);
		if (!rows)
			return HC_ENOMEM;
		o->rows = rows;
		o->cap = cap;
	}
	hc_stats_unit_row *r = &o->rows[o->n++];
	memset(r, 0, sizeof *r);
	r->unit = *u;
	return 0;
}

typedef struct placing {
	hc_stats_overview *o;
	size_t at;
} placing;

/* Units come in id order, as the rows are. */
static int place_unit(int64_t unit_id, const hc_stats *s, void *ctx, hc_err *err)
{
	(void)err;
	placing *p = ctx;
	while (p->at < p->o->n && p->o->rows[p->at].unit.id < unit_id)
		p->at++;
	if (p->at < p->o->n && p->o->rows[p->at].unit.id == unit_id)
		p->o->rows[p->at].stats = *s;
	return HC_OK;
}

static int row_cmp_id(const void *a, const void *b)
{
	int64_t x = ((const hc_stats_unit_row *)a)->unit.id;
	int64_t y = ((const hc_stats_unit_row *)b)->unit.id;
	return (x > y) - (x < y);
}

int hc_stats_overview_compute(hc_tx *tx, const hc_stats_scope *scope, int64_t from, int64_t to,
                              int64_t now, hc_stats_overview *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	int64_t judged = now < to ? now : to;
	int rc = hc_unit_each(tx, add_unit, out, err);
	if (rc == HC_ENOMEM)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "overview rows");
	if (rc) {
		hc_stats_overview_free(out);
		return rc;
	}
	qsort(out->rows, out->n, sizeof *out->rows, row_cmp_id);
	/* every unit's figures: zero unless its group is reported */
	int64_t zero[STATS_NCOLS] = {0};
	for (size_t i = 0; !rc && i < out->n; i++)
		rc = fill(zero, from, to, judged, &out->rows[i].stats, err);
	hc_stats_scope all = *scope;
	all.unit_id = 0;
	placing pl = {out, 0};
	if (!rc)
		rc = hc_stats_compute_units(tx, &all, from, to, now, place_unit, &pl, err);
	int n = (int)out->n;
	double *key = rc ? NULL : malloc((size_t)(n ? n : 1) * sizeof *key);
	int *rank = rc ? NULL : malloc((size_t)(n ? n : 1) * sizeof *rank);
	if (!rc && (!key || !rank))
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "overview ranks");
	if (!rc) {
		for (int i = 0; i < n; i++)
			key[i] = rate_key(out->rows[i].stats.rates.on_time);
		rank_desc(key, n, rank);
		for (int i = 0; i < n; i++)
			out->rows[i].rank.on_time = rank[i];
		for (int i = 0; i < n; i++) /* fewer overdue ranks higher */
			key[i] = -(double)out->rows[i].stats.pending.overdue;
		rank_desc(key, n, rank);
		for (int i = 0; i < n; i++)
			out->rows[i].rank.overdue = rank[i];
		for (int i = 0; i < n; i++)
			key[i] = rate_key(out->rows[i].stats.rates.online);
		rank_desc(key, n, rank);
		for (int i = 0; i < n; i++)
			out->rows[i].rank.online = rank[i];
	}
	free(key);
	free(rank);
	if (rc)
		hc_stats_overview_free(out);
	return rc;
}

static json_t *rate_json(hc_rate r)
{
	return r.den ? json_real((double)r.num / (double)r.den) : json_null();
}

json_t *hc_stats_json(const hc_stats *s)
{
	return json_pack(
	    "{sI s{sIsIsIsI} s{sI s{sIsIsIsIsIsI} sIsI} s{sIsIsIsI}"
	    " s{sosososososososo}}",
	    "carried_over", (json_int_t)s->carried_over, "received", "total",
	    (json_int_t)s->received.total, "direct", (json_int_t)s->received.direct, "online",
	    (json_int_t)s->received.online, "postal", (json_int_t)s->received.postal, "finished",
	    "total", (json_int_t)s->finished.total, "resolved", "total",
	    (json_int_t)s->finished.resolved.total, "early", (json_int_t)s->finished.resolved.early,
	    "on_time", (json_int_t)s->finished.resolved.on_time, "late",
	    (json_int_t)s->finished.resolved.late, "rated", (json_int_t)s->finished.resolved.rated,
	    "unsatisfied", (json_int_t)s->finished.resolved.unsatisfied, "rejected",
	    (json_int_t)s->finished.rejected, "withdrawn", (json_int_t)s->finished.withdrawn,
	    "pending", "total", (json_int_t)s->pending.total, "within",
	    (json_int_t)s->pending.within, "overdue", (json_int_t)s->pending.overdue,
	    "awaiting_supplement", (json_int_t)s->pending.awaiting_supplement, "rates", "on_time",
	    rate_json(s->rates.on_time), "online", rate_json(s->rates.online), "digitized_input",
	    rate_json(s->rates.digitized_input), "digitized_result",
	    rate_json(s->rates.digitized_result), "e_result", rate_json(s->rates.e_result),
	    "paid_online", rate_json(s->rates.paid_online), "reuse", rate_json(s->rates.reuse),
	    "satisfied", rate_json(s->rates.satisfied));
}

json_t *hc_stats_overview_json(const hc_stats_overview *o)
{
	json_t *units = json_array();
	if (!units)
		return NULL;
	for (size_t i = 0; i < o->n; i++) {
		const hc_stats_unit_row *r = &o->rows[i];
		json_t *stats = hc_stats_json(&r->stats);
		json_t *u = stats ? json_pack("{ss ss ss so s{sisisi}}", "code", r->unit.code,
		                              "name", r->unit.name, "kind", r->unit.kind, "stats",
		                              stats, "rank", "on_time", r->rank.on_time, "overdue",
		                              r->rank.overdue, "online", r->rank.online)
		                  : NULL;
		if (!u || json_array_append_new(units, u)) {
			json_decref(units);
			return NULL;
		}
	}
	return json_pack("{sI so}", "count", (json_int_t)o->n, "units", units);
}
