/* index766: the service index of Decision 766/QĐ-TTg (Bộ chỉ số chỉ đạo,
 * điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực
 * hiện TTHC, DVC theo thời gian thực trên môi trường điện tử), DESIGN §3.5,
 * computed from haicap's own records for a unit and a period, and the
 * ranking of the units of a province.
 *
 * Owns: the formula table (data/index766/ (TSV files), embedded: group, indicator,
 * metric, scoring kind, maximum, value when the denominator is 0, version
 * and validity, confirmed flag), its reader and validation, the definition
 * of every metric (the numerator/denominator pair named in the table) and
 * the scoring. The dossier figures come from stats.h (one grouped pass for
 * every unit); catalog figures from one grouped query each.
 * Must not: count dossiers that stats.h already counts, hold a threshold or
 * a maximum in code (they are table data), check permissions (callers do,
 * through perm.h), or format anything but the JSON form below.
 *
 * Feedback (PAKN): feedback_on_time and feedback_satisfied come from the
 * feedback module's grouped counts (hc_feedback_counts_units); index766 adds
 * no feedback SQL of its own. */
#ifndef HC_INDEX766_H
#define HC_INDEX766_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* Reader limits (each over-limit row is refused with HC_ETOOBIG). */
#define HC_I766_MAX_ROWS 256
#define HC_I766_MAX_NAME 200   /* characters of a group or indicator name */
#define HC_I766_MAX_SOURCE 600 /* characters of the source column */

enum hc_i766_metric {
	HC_M766_PROCEDURE_PUBLISHED_ON_TIME,
	HC_M766_PROCEDURE_PUBLIC,
	HC_M766_PROCEDURE_COMPLETE,
	HC_M766_DOSSIER_ON_TIME,
	HC_M766_DOSSIER_PENDING_WITHIN,
	HC_M766_PROCEDURE_FULLY_ONLINE,
	HC_M766_ONLINE_PROCEDURE_USED,
	HC_M766_DOSSIER_ONLINE,
	HC_M766_FEE_PROCEDURE_PAID_ONLINE,
	HC_M766_DOSSIER_PAID_ONLINE,
	HC_M766_FEEDBACK_ON_TIME,
	HC_M766_FEEDBACK_SATISFIED,
	HC_M766_DOSSIER_SATISFIED,
	HC_M766_DOSSIER_E_RESULT,
	HC_M766_DOSSIER_DIGITIZED_INPUT,
	HC_M766_DOSSIER_DIGITIZED_RESULT,
	HC_M766_DOSSIER_REUSE,
	HC_M766_COUNT
};

/* proportional: score = max × num/den; threshold: max when num/den ≥ t,
 * else 0; target: max × min(1, (num/den)/t). */
enum hc_i766_kind { HC_K766_PROPORTIONAL, HC_K766_THRESHOLD, HC_K766_TARGET };

const char *
hc_i766_metric_name(enum hc_i766_metric m); /* "dossier_on_time"; NULL if out of range */
const char *hc_i766_kind_name(enum hc_i766_kind k);

typedef struct hc_i766_row {
	int version;
	int64_t valid_from, valid_to; /* local days, [from, to); valid_to INT64_MAX when open */
	char group[24];               /* [a-z_]{1,23} */
	char group_name[4 * HC_I766_MAX_NAME + 1];
	char code[16]; /* indicator code, unique in its version */
	char name[4 * HC_I766_MAX_NAME + 1];
	enum hc_i766_metric metric;
	enum hc_i766_kind kind;
	int threshold_bp; /* ratio t in 1/10000 (threshold, target); 0 for proportional */
	int64_t max_c;    /* maximum in hundredths of a point */
	bool empty_full;  /* den == 0: full marks (true) or zero */
	bool confirmed;   /* formula and numbers confirmed against the published text */
	char source[4 * HC_I766_MAX_SOURCE + 1];
	long line; /* line of the table file */
} hc_i766_row;

typedef struct hc_i766_table {
	int n;
	hc_i766_row *rows; /* heap, n rows in file order */
} hc_i766_table;

/* Parses one TSV table file (name is used in messages "NAME:LINE: ...").
 * Appends to *t (initialize with {0}); checks the whole result: every
 * version's rows share one validity, no two versions overlap, a version's
 * maxima add up to 100 points, codes are unique in a version, a group keeps
 * one name. Errors: HC_EINVAL / HC_ETOOBIG with err->detail
 * "NAME:LINE: reason". */
int hc_i766_table_parse(hc_i766_table *t, const char *name, const char *text, size_t len,
                        hc_err *err);
/* Loads every embedded data/index766/ (TSV files). */
int hc_i766_table_builtin(hc_i766_table *t, hc_err *err);
void hc_i766_table_free(hc_i766_table *t); /* frees the rows; *t becomes empty */
/* The version valid on local day `day` (first/last row index in *first,
 * *count), HC_ENOTFOUND when none. */
int hc_i766_table_version(const hc_i766_table *t, int64_t day, int *first, int *count, hc_err *err);

typedef struct hc_i766_rate {
	int64_t num, den;
	bool recorded; /* false: haicap holds no records for this metric */
} hc_i766_rate;

/* One unit's figures for every metric. */
typedef struct hc_i766_figures {
	int64_t unit_id;
	hc_i766_rate m[HC_M766_COUNT];
} hc_i766_figures;

/* Score of one row for a figure (points; full precision). */
double hc_i766_score(const hc_i766_row *r, hc_i766_rate v);

/* Figures of local days [from_day, to_day) judged at `now`: for one unit
 * (unit_id > 0: *out holds one entry) or every commune-level unit
 * (unit_id == 0: one entry per unit of kind xa, phuong or dac_khu, ordered
 * by unit code). *out is the caller's: free(). */
int hc_i766_figures_compute(hc_tx *tx, int64_t unit_id, int64_t from_day, int64_t to_day,
                            int64_t now, hc_i766_figures **out, int *n, hc_err *err);

/* The report of one unit: every indicator of the version valid on the
 * period's last day with num, den, ratio, score and max, group totals and
 * the total. JSON form shared by `haicap index766 --json` and
 * GET /api/v1/index766 (*out: new reference, caller decrefs). A period that
 * no version of the table covers is HC_EINVAL (field "to"). */
int hc_i766_unit_report(hc_tx *tx, const hc_i766_table *t, int64_t unit_id, int64_t from_day,
                        int64_t to_day, int64_t now, json_t **out, hc_err *err);

#define HC_I766_MAX_GROUPS 16

typedef struct hc_i766_ranked {
	int64_t unit_id;
	char code[32];
	char name[160];
	char province[160];
	double total;                      /* points */
	double groups[HC_I766_MAX_GROUPS]; /* in the order of hc_i766_ranking.group_rows */
	int position, of;                  /* "position/of" within the unit's province */
} hc_i766_ranked;

typedef struct hc_i766_ranking {
	int64_t from_day, to_day;
	int version;
	int ngroups;
	const hc_i766_row *group_rows[HC_I766_MAX_GROUPS]; /* first row of each group (in t) */
	int64_t group_max_c[HC_I766_MAX_GROUPS];
	int n;
	hc_i766_ranked *units; /* heap: every commune-level unit, by province then rank */
} hc_i766_ranking;

/* Ranks every commune-level unit (xa, phuong, dac_khu) within its province
 * by total, highest first; equal totals (to the hundredth of a point) share
 * a position (1, 1, 3) and are listed by unit code. One grouped pass per
 * figure across units. *out refers to rows of t: keep t alive while using
 * it; release with hc_i766_ranking_free. */
int hc_i766_ranking_compute(hc_tx *tx, const hc_i766_table *t, int64_t from_day, int64_t to_day,
                            int64_t now, hc_i766_ranking *out, hc_err *err);
void hc_i766_ranking_free(hc_i766_ranking *r);
/* JSON of the ranking, listing only the units for which keep() returns
 * true (keep NULL: every unit); positions stay those among all units. */
json_t *hc_i766_ranking_json(const hc_i766_ranking *r, bool (*keep)(int64_t unit_id, void *ctx),
                             void *ctx);

#endif
