/* counter: gap-free per-unit sequences (the counters table).
 * Owns: incrementing a named counter of a unit inside the caller's write
 * transaction (so a rolled-back action gives its number back: no gaps), and
 * the daily codes built on it: receipt codes of dossiers (Circular 01/2018
 * Art. 19: <unit identifier>-YYMMDD-NNNN) and codes of feedback
 * (<unit identifier>-PA-YYMMDD-NNNN). The audit chain's position uses the
 * same counters. Must not: open transactions or read the clock. */
#ifndef HC_COUNTER_H
#define HC_COUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* Next value (1 for a counter never used) of counter `name` of unit_id. */
int hc_counter_next(hc_tx *tx, int64_t unit_id, const char *name, int64_t *out, hc_err *err);

/* Daily code for the local day of `now`: counter "<series>:YYMMDD" of
 * unit_id, written as "<identifier>-<infix>YYMMDD-NNNN" (infix may be "",
 * e.g. "PA-"; NNNN has at least 4 digits) into out[cap]. */
int hc_counter_daily_code(hc_tx *tx, int64_t unit_id, const char *identifier, const char *series,
                          const char *infix, int64_t now, char *out, size_t cap, hc_err *err);

#endif
