/* audit: the hash-chained audit trail (DESIGN §4.9).
 * Owns: the audit table. Every state change appends one row in the same
 * transaction as the change. Rows of a unit form a chain: each row's hash is
 * SHA-256 over the previous row's hash and the row's own fields, so editing
 * or deleting any row breaks verification from that row on.
 * Must not: decide what is audited (callers do). */
#ifndef HC_AUDIT_H
#define HC_AUDIT_H

#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* Appends a row to unit_id's chain. actor: username or "system"; object:
 * e.g. "dossier:TRANLIEU-260213-0001"; detail: free text (JSON by convention). */
int hc_audit_append(hc_tx *tx, int64_t unit_id, int64_t at, const char *actor, const char *action,
                    const char *object, const char *detail, hc_err *err);

typedef struct hc_audit_report {
	int64_t rows;     /* rows checked */
	int64_t units;    /* chains checked */
	int64_t bad_unit; /* first broken chain's unit, 0 if all good */
	int64_t bad_seq;  /* and the first row that fails */
} hc_audit_report;

/* Verifies the chain of one unit (unit_id > 0) or of every unit (0).
 * HC_OK with bad_unit == 0 when intact; a broken chain is still HC_OK with
 * bad_unit/bad_seq set (it is a finding, not a failure to check). */
int hc_audit_verify(hc_tx *tx, int64_t unit_id, hc_audit_report *out, hc_err *err);

#endif
