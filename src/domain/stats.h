/* stats: dossier statistics for a period and scope (DESIGN §3.4), the one
 * module behind the CLI, the API, the web dashboard and the reports.
 * Owns: the definitions of carried over, received, finished, pending and every
 * rate, and the identity carried over + received = finished + pending, which
 * is checked on every computation (a failure is HC_EINTERNAL, never a report).
 * Must not: format output other than its JSON form. */
#ifndef HC_STATS_H
#define HC_STATS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/unit.h"

/* A rating (1..5) at or below this counts as dissatisfied: 1 rất không hài
 * lòng, 2 không hài lòng (3 is neutral). */
#define HC_STATS_DISSATISFIED 2

typedef struct hc_stats_scope {
	int64_t unit_id;            /* 0: every unit */
	const char *field;          /* NULL = any */
	const char *procedure_code; /* NULL = any */
	const char *channel;        /* NULL = any */
	int64_t handler_id;         /* 0 = any */
} hc_stats_scope;

typedef struct hc_rate {
	int64_t num;
	int64_t den; /* rate is null when den == 0 */
} hc_rate;

typedef struct hc_stats {
	int64_t from, to, judged_at; /* judged_at = min(to, now) */
	int64_t carried_over;
	struct {
		int64_t total, direct, online, postal;
	} received;
	struct {
		int64_t total;
		struct {
			int64_t total, early, on_time, late;
			int64_t rated;       /* with a citizen's rating */
			int64_t unsatisfied; /* late, or rated HC_STATS_DISSATISFIED or lower */
		} resolved;
		int64_t rejected, withdrawn;
	} finished;
	struct {
		int64_t total, within, overdue, awaiting_supplement;
	} pending;
	struct {
		hc_rate on_time, online, digitized_input, digitized_result, e_result, paid_online,
		    reuse;
		/* (resolved - unsatisfied) / resolved: Decision 766/QĐ-TTg's satisfaction
		 * in receiving and resolving, from haicap's own records (late
		 * dossiers and low ratings; feedback about a dossier is not counted
		 * here: the feedback module owns it) */
		hc_rate satisfied;
	} rates;
} hc_stats;

/* Computes the figures for [from, to) at instant now. */
int hc_stats_compute(hc_tx *tx, const hc_stats_scope *scope, int64_t from, int64_t to, int64_t now,
                     hc_stats *out, hc_err *err);
/* The same figures for each unit of the scope in one grouped query, calling
 * fn in unit id order; units without any dossier that matters for the period
 * are not reported (their figures are all zero). scope->unit_id 0 = every
 * unit. fn's non-zero return stops the walk and is returned. */
typedef int (*hc_stats_unit_fn)(int64_t unit_id, const hc_stats *s, void *ctx, hc_err *err);
int hc_stats_compute_units(hc_tx *tx, const hc_stats_scope *scope, int64_t from, int64_t to,
                           int64_t now, hc_stats_unit_fn fn, void *ctx, hc_err *err);
/* Adds the figures of s to *acc (counts and each rate's numerator and
 * denominator), for scopes that split the same period's dossiers without
 * overlap (the fields of hc_stats_compute_breakdown): the sum over every group
 * equals hc_stats_compute for the whole scope. acc's period is s's; a
 * zeroed acc starts the sum. */
void hc_stats_add(hc_stats *acc, const hc_stats *s);
/* The leaders' dashboard's figures from one grouped statement: the period's
 * (equal to hc_stats_compute), each field's (lĩnh vực; equal to
 * hc_stats_compute with that field in the scope), and each local calendar
 * month's (UTC+7) that meets [from, to), the first and last clipped to the
 * period: months[i] holds hc_stats_compute's received.total,
 * finished.total and finished.resolved.total over [months[i].from,
 * months[i].to) for the same scope. A field without any dossier that
 * matters for the period is absent; fields are in bytewise order. More
 * than HC_STATS_MONTHS_MAX months is HC_EINVAL. */
#define HC_STATS_MONTHS_MAX 120
typedef struct hc_stats_month {
	int y, m;         /* the month's year and month (1..12) */
	int64_t from, to; /* [from, to): the month within the period */
	int64_t received, finished, resolved;
} hc_stats_month;
typedef struct hc_stats_field {
	char *field; /* owned */
	hc_stats s;
} hc_stats_field;
typedef struct hc_stats_breakdown {
	hc_stats total;
	hc_stats_field *fields; /* owned: hc_stats_breakdown_free */
	size_t nfields;
	hc_stats_month months[HC_STATS_MONTHS_MAX];
	size_t nmonths;
} hc_stats_breakdown;
int hc_stats_compute_breakdown(hc_tx *tx, const hc_stats_scope *scope, int64_t from, int64_t to,
                               int64_t now, hc_stats_breakdown *out, hc_err *err);
void hc_stats_breakdown_free(hc_stats_breakdown *b);

/* The JSON form shared by `haicap stats --json` and GET /stats/dossiers
 * (new reference, caller decrefs). */
json_t *hc_stats_json(const hc_stats *s);

/* The city overview (`haicap stats --all-units`, GET /stats/units): every
 * unit's figures for one period and scope (its unit_id ignored) from one
 * grouped pass over the dossiers, not one query per unit, and each unit's
 * rank among them by on-time rate (higher first), overdue dossiers pending
 * (fewer first) and online rate (higher first). Ranks are competition ranks
 * (equal figures share a rank: 1, 2, 2, 4); a unit without a denominator
 * (nothing resolved, nothing received) ranks after every unit with one.
 * Units of kind 'tinh' (the city body) are not ranked. Rows are ordered by
 * unit id. */
typedef struct hc_stats_unit_row {
	hc_unit unit;
	hc_stats stats;
	struct {
		int on_time, overdue, online;
	} rank;
} hc_stats_unit_row;

typedef struct hc_stats_overview {
	hc_stats_unit_row *rows; /* owned: hc_stats_overview_free */
	size_t n, cap;
} hc_stats_overview;

int hc_stats_overview_compute(hc_tx *tx, const hc_stats_scope *scope, int64_t from, int64_t to,
                              int64_t now, hc_stats_overview *out, hc_err *err);
void hc_stats_overview_free(hc_stats_overview *o);
/* {"count": N, "units": [{"code", "name", "kind", "stats": <hc_stats_json>,
 *  "rank": {"on_time", "overdue", "online"}}]} (new reference). */
json_t *hc_stats_overview_json(const hc_stats_overview *o);

#endif
