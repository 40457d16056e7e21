/* staff: staff accounts (cán bộ, công chức) of a unit.
 * Owns: the staff table: username, full name, role, office, password hash
 * (argon2id via libsodium's crypto_pwhash_str), active flag. Must not:
 * create sessions (auth.h) or decide permissions (perm.h, which
 * hc_staff_each_able asks). */
#ifndef HC_STAFF_H
#define HC_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/perm.h"

/* argon2id cost: 2 passes over 19 MiB, the minimum OWASP recommends for
 * argon2id; libsodium's "interactive" 64 MiB would triple a commune
 * server's peak memory at every login for no gain at these password rules. */
#define HC_PWHASH_OPSLIMIT 2
#define HC_PWHASH_MEMLIMIT ((size_t)19 << 20)

#define HC_PASSWORD_MIN 8
#define HC_PASSWORD_MAX 128
#define HC_FULL_NAME_MAX 128

/* Validates (username [a-z0-9._-]{3,32}, full name 1..128 characters after
 * NFC normalization, password 8..128 bytes) and inserts; the name is stored
 * in NFC. office_id 0 = none. *id_out set. A
 * taken username gives HC_ECONFLICT. */
int hc_staff_add(hc_tx *tx, int64_t unit_id, int64_t office_id, const char *username,
                 const char *full_name, enum hc_role role, const char *password, int64_t now,
                 int64_t *id_out, hc_err *err);
/* Reads the actor of an active account; HC_ENOTFOUND otherwise. */
int hc_staff_actor(hc_tx *tx, int64_t staff_id, hc_actor *out, hc_err *err);
/* Reads an account by username, active or not, into *out; *active_out (may
 * be NULL) tells whether it may sign in. HC_ENOTFOUND when no account has
 * that username. The password hash never leaves this module and auth.c. */
int hc_staff_by_username(hc_tx *tx, const char *username, hc_actor *out, bool *active_out,
                         hc_err *err);
/* Calls fn, in the order of their names, for every active account of
 * unit_id whose role holds permission p there (asked of perm.h, which
 * alone knows the roles' rights); a non-zero return stops. */
int hc_staff_each_able(hc_tx *tx, int64_t unit_id, enum hc_perm p,
                       int (*fn)(const hc_actor *s, void *ctx), void *ctx, hc_err *err);
int hc_staff_set_password(hc_tx *tx, int64_t staff_id, const char *password, hc_err *err);
int hc_staff_deactivate(hc_tx *tx, int64_t staff_id, hc_err *err);
/* Hashes a password with argon2id at the cost above. out >= 128 bytes. */
int hc_staff_hash_password(const char *password, char out[128], hc_err *err);

#endif
