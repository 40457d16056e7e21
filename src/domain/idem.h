/* idem: Idempotency-Key storage (DESIGN §4.8: clients on unstable networks
 * retry writes). Owns: the idempotency table: one row per (unit, staff, key)
 * with a hash of the request and the stored reply (status and body), rows
 * expiring after HC_IDEM_TTL_S. Every call works inside the caller's write
 * transaction, the same one that runs the action, so the reply is stored if
 * and only if the action commits. Must not: format HTTP or run actions. */
#ifndef HC_IDEM_H
#define HC_IDEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

#define HC_IDEM_KEY_MAX 128
#define HC_IDEM_TTL_S (24 * 3600)
#define HC_IDEM_HASH_HEX 65 /* SHA-256 in hex plus NUL */

/* HC_OK when key is 1..128 printable ASCII characters (0x21..0x7e), else
 * HC_EINVAL naming the field "Idempotency-Key". */
int hc_idem_check_key(const char *key, hc_err *err);

/* SHA-256 (hex) of method, path and body: what "the same request" means. */
void hc_idem_hash(const char *method, const char *path, const void *body, size_t n,
                  char out[HC_IDEM_HASH_HEX]);

/* Looks up (unit, staff, key), first deleting rows of the unit older than
 * HC_IDEM_TTL_S before now. Not found: HC_OK with *found = false. Found with
 * the same request hash: HC_OK, *found = true, *status and *body (heap,
 * caller frees) set to the stored reply. Found with another hash:
 * HC_ECONFLICT ("Khóa Idempotency-Key đã dùng cho một yêu cầu khác"). */
int hc_idem_lookup(hc_tx *tx, int64_t unit_id, int64_t staff_id, const char *key,
                   const char *request_hash, int64_t now, bool *found, int *status, char **body,
                   hc_err *err);

/* Stores the reply of a completed action under (unit, staff, key). */
int hc_idem_store(hc_tx *tx, int64_t unit_id, int64_t staff_id, const char *key,
                  const char *request_hash, int status, const char *body, int64_t now, hc_err *err);

#endif
