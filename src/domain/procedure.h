/* procedure: the catalog of administrative procedures (TTHC) of a unit.
 * Owns: the procedures table: code, name (and its search key), field, time
 * limit, online level, fee, required components, deciding office, supplement
 * policy, boundary-free flag, legal basis, the date the legal basis takes
 * effect and the date the procedure was published (công bố). Must not: know
 * about dossiers. */
#ifndef HC_PROCEDURE_H
#define HC_PROCEDURE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/deadline.h"

enum hc_online_level { HC_ONLINE_FULL, HC_ONLINE_PARTIAL, HC_ONLINE_NONE };

typedef struct hc_procedure {
	int64_t id;
	int64_t unit_id;
	char code[48];
	char name[512];
	char field[160];
	hc_limit limit;
	enum hc_online_level online_level;
	int64_t fee; /* đồng */
	enum hc_supplement_policy supplement_policy;
	int64_t office_id; /* 0 if none */
	bool boundary_free;
	char *components_json; /* heap: JSON array of names; freed by hc_procedure_clear */
	char legal_basis[512];
	char effective_on[11]; /* YYYY-MM-DD local date, "" when unknown */
	char published_on[11]; /* YYYY-MM-DD, "" when unknown */
	bool active;
} hc_procedure;

const char *hc_online_level_name(enum hc_online_level l); /* full | partial | none */
int hc_online_level_parse(const char *s, const char *field, enum hc_online_level *out, hc_err *err);

/* Validates every field and inserts, or updates when (unit, code) exists.
 * Sets p->id. */
int hc_procedure_upsert(hc_tx *tx, hc_procedure *p, hc_err *err);
/* Reads one procedure; *out must be released with hc_procedure_clear. */
int hc_procedure_by_code(hc_tx *tx, int64_t unit_id, const char *code, hc_procedure *out,
                         hc_err *err);
int hc_procedure_by_id(hc_tx *tx, int64_t id, hc_procedure *out, hc_err *err);
void hc_procedure_clear(hc_procedure *p);

typedef struct hc_procedure_query {
	int64_t unit_id;
	const char *q;     /* diacritic- and case-insensitive, on name or code; NULL = all */
	const char *field; /* exact field, NULL = all */
	int limit;         /* 0 = 500 */
} hc_procedure_query;

/* Calls fn for each match ordered by field then name (by its search key);
 * the procedure is valid only during the call. Inactive procedures are
 * included (p->active tells). */
int hc_procedure_search(hc_tx *tx, const hc_procedure_query *q,
                        int (*fn)(const hc_procedure *p, void *ctx), void *ctx, hc_err *err);

/* Active procedures of unit_id by field and online level, one grouped query:
 * fn is called once per field (ordered by field) with the number of active
 * procedures at each level (indexed by enum hc_online_level); the field text
 * is valid only during the call. A non-zero return of fn stops and is
 * returned. Used by the periodic report (report.h). */
int hc_procedure_count_by_field(hc_tx *tx, int64_t unit_id,
                                int (*fn)(const char *field, const int64_t counts[3], void *ctx),
                                void *ctx, hc_err *err);

#endif
