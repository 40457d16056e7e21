/* census: whole-installation counts for operators (the /metrics gauges).
 * Owns: read-only aggregate queries across every unit; nothing here is
 * tenant-scoped, so callers expose it only to operators, never per user.
 * Must not: change data or apply domain rules. */
#ifndef HC_CENSUS_H
#define HC_CENSUS_H

#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* Calls fn once per dossier status present (status name, count), ordered by
 * status name; a non-zero return from fn stops and is returned. */
int hc_census_dossiers(hc_tx *tx, int (*fn)(const char *status, int64_t count, void *ctx),
                       void *ctx, hc_err *err);

#endif
