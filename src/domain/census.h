/* census: whole-installation counts for operators (the /metrics gauges).
 * Owns: read-only aggregate queries across every unit; nothing here is
 * tenant-scoped, so callers expose it only to operators, never per user.
 * Must not: change data or apply domain rules. */
#ifndef HC_CENSUS_H
#define HC_CENSUS_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* Calls fn once per dossier status present (status name, count), ordered by
 * status name; a non-zero return from fn stops and is returned. */
int hc_census_dossiers(hc_tx *tx, int (*fn)(const char *status, int64_t count, void *ctx),
                       void *ctx, hc_err *err);

/* What a backup or a restore holds, for comparing the two: the row count of
 * every table, and the audit chains verified (audit.h), as
 * {"tables": {"audit": N, ...}, "audit": {"ok": true, "rows": N, "chains": N,
 *  "bad_unit": 0, "bad_seq": 0}}. *out is a new reference (caller decrefs). */
int hc_census_snapshot(hc_tx *tx, json_t **out, hc_err *err);

#endif
