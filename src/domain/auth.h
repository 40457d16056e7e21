/* auth: who is calling. Owns: login with password (argon2id verify), session
 * and API tokens (random 32 bytes, base64url; only a keyed hash is stored in
 * auth_tokens), their expiry, and the citizen's lookup secret printed on the
 * receipt. Must not: decide permissions (perm.h).
 *
 * Sessions last at most HC_SESSION_MAX_S (12 h, a working day with margin)
 * and end after HC_SESSION_IDLE_S (2 h) without use, so a counter PC left
 * signed in does not stay open overnight. */
#ifndef HC_AUTH_H
#define HC_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"

#define HC_SESSION_MAX_S (12 * 3600)
#define HC_SESSION_IDLE_S (2 * 3600)
#define HC_SECRET_LEN 8
#define HC_SECRET_HASH_BUF 128

/* Initializes libsodium; call once at program start before any other auth,
 * staff or dossier function. */
int hc_auth_init(hc_err *err);

/* Verifies username and password; on success creates a session token
 * (*token_out: heap string, caller frees) and fills *actor_out. Unknown user,
 * wrong password and inactive account give the same HC_EUNAUTH. */
int hc_auth_login(hc_tx *tx, const char *username, const char *password, int64_t now,
                  char **token_out, hc_actor *actor_out, hc_err *err);
/* Resolves a bearer token to its actor; HC_EUNAUTH when unknown, past its
 * absolute expiry, idle for HC_SESSION_IDLE_S (sessions) or the account is
 * inactive. Reads only, so it runs in a read transaction: the use that
 * slides the idle timeout is recorded by hc_auth_touch. */
int hc_auth_resolve(hc_tx *tx, const char *token, int64_t now, hc_actor *out, hc_err *err);
/* The same, also giving when the token was last used (NULL: not wanted), so
 * a caller holding only a read transaction knows when to call
 * hc_auth_touch (at most once a minute). */
int hc_auth_resolve_used(hc_tx *tx, const char *token, int64_t now, hc_actor *out,
                         int64_t *last_used, hc_err *err);
/* Records the token's use at now (write transaction); a no-op when it was
 * recorded less than a minute before, so the row is written at most once a
 * minute however often the token is used. */
int hc_auth_touch(hc_tx *tx, const char *token, int64_t now, hc_err *err);
/* Ends the session of token (audited); an unknown token is not an error. */
int hc_auth_logout(hc_tx *tx, const char *token, int64_t now, hc_err *err);
/* A long-lived API token for staff_id valid until expires_at. */
int hc_auth_api_token_new(hc_tx *tx, int64_t staff_id, int64_t now, int64_t expires_at,
                          char **token_out, hc_err *err);

/* The citizen's secret: HC_SECRET_LEN characters from an alphabet without
 * 0/O/1/I/L, NUL-terminated in out. */
void hc_auth_secret_new(char out[16]);
/* Keyed hash (hex) of a secret, stored instead of the secret. */
void hc_auth_secret_hash(const char *secret, char out[HC_SECRET_HASH_BUF]);
/* Constant-time check of a secret against its stored hash; lower-case
 * input is accepted (the alphabet has upper-case letters only). */
bool hc_auth_secret_verify(const char *secret, const char *hash);

#endif
