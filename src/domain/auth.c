#include "domain/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/staff.h"

#define TOKEN_BYTES 32
#define TOKEN_MAX 64
#define HASH_BYTES 32

/* Domain separation for the stored hashes (not a secret: tokens and receipt
 * secrets carry the entropy; the key keeps the two hash spaces apart). */
static const unsigned char token_key[crypto_generichash_KEYBYTES] =
    "haicap auth token hash key v1..";
static const unsigned char secret_key[crypto_generichash_KEYBYTES] =
    "haicap citizen secret key v1...";

/* Verified instead of a real hash when the username is unknown, so that
 * timing does not reveal which accounts exist: a hash with the cost of
 * staff.h, of a password nobody has. hc_auth_init refuses to start when
 * the cost in staff.h changes and this hash is not regenerated with it. */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=19456,t=2,p=1$rPHe8mg74kZLbUqFJUf/fw$"
    "popBFShC+dlbiHz7niN+QzuakDH7AM3sF8aFmicJcDo";

int hc_auth_init(hc_err *err)
{
	if (sodium_init() < 0)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Không khởi tạo được thư viện mã hóa",
		                  "sodium_init failed");
	if (crypto_pwhash_str_needs_rehash(dummy_hash, HC_PWHASH_OPSLIMIT, HC_PWHASH_MEMLIMIT) != 0)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi cấu hình mã hóa mật khẩu",
		                  "auth: the dummy hash does not have the cost of staff.h");
	return HC_OK;
}

static void keyed_hex(const unsigned char *key, const char *s, char out[HC_SECRET_HASH_BUF])
{
	unsigned char h[HASH_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s), key,
	                   crypto_generichash_KEYBYTES);
	sodium_bin2hex(out, HC_SECRET_HASH_BUF, h, sizeof h);
}

/* Creates a token for the actor and audits it (sign-ins are state changes). */
static int new_token(hc_tx *tx, const hc_actor *a, const char *kind, int64_t now, int64_t expires,
                     char **token_out, hc_err *err)
{
	int64_t unit_id = a->unit_id, staff_id = a->staff_id;
	unsigned char raw[TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	char *token = malloc(TOKEN_MAX);
	if (!token)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "token");
	sodium_bin2base64(token, TOKEN_MAX, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char hash[HC_SECRET_HASH_BUF];
	keyed_hex(token_key, token, hash);
	int rc =
	    hc_tx_exec(tx, err,
	               "INSERT INTO auth_tokens (unit_id, staff_id, token_hash, kind, created_at,"
	               " expires_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	               "iittiii", unit_id, staff_id, hash, kind, now, expires, now);
	if (!rc) {
		char object[48];
		snprintf(object, sizeof object, "staff:%lld", (long long)staff_id);
		rc = hc_audit_append(tx, unit_id, now, a->username,
		                     strcmp(kind, "session") == 0 ? "login" : "api_token.create",
		                     object, "", err);
	}
	if (rc) {
		free(token);
		return rc;
	}
	*token_out = token;
	return HC_OK;
}

static int unauth(hc_err *err, const char *detail)
{
	return hc_err_set(err, HC_EUNAUTH, NULL, "Tên đăng nhập hoặc mật khẩu không đúng", "%s",
	                  detail);
}

int hc_auth_login(hc_tx *tx, const char *username, const char *password, int64_t now,
                  char **token_out, hc_actor *actor_out, hc_err *err)
{
	*token_out = NULL;
	if (!username || !password || strlen(username) > 64 || strlen(password) > HC_PASSWORD_MAX)
		return unauth(err, "login: missing or over-long credentials");
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT id, password_hash, active FROM staff WHERE username = ?", "t",
	                     username);
	if (rc)
		return rc;
	int64_t id = 0, active = 0;
	char hash[crypto_pwhash_STRBYTES] = "";
	if (hc_stmt_next(st)) {
		id = hc_stmt_int(st, 0);
		snprintf(hash, sizeof hash, "%s", hc_stmt_text(st, 1));
		active = hc_stmt_int(st, 2);
	}
	if ((rc = hc_stmt_finish(st, err)))
		return rc;
	if (!id) {
		(void)!crypto_pwhash_str_verify(dummy_hash, password, strlen(password));
		return unauth(err, "login: unknown user");
	}
	if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
		return unauth(err, "login: wrong password");
	if (!active)
		return unauth(err, "login: inactive account");
	if ((rc = hc_staff_actor(tx, id, actor_out, err)))
		return rc;
	/* a hash made at another cost (an older release) is upgraded while the
	 * password is at hand: the only moment it is */
	if (crypto_pwhash_str_needs_rehash(hash, HC_PWHASH_OPSLIMIT, HC_PWHASH_MEMLIMIT) != 0 &&
	    (rc = hc_staff_set_password(tx, id, password, err)))
		return rc;
	/* expired tokens of this account are removed as it signs in again */
	if ((rc = hc_tx_exec(tx, err,
	                     "DELETE FROM auth_tokens WHERE staff_id = ? AND (expires_at <= ?"
	                     " OR (kind = 'session' AND last_used_at <= ?))",
	                     "iii", id, now, now - HC_SESSION_IDLE_S)))
		return rc;
	return new_token(tx, actor_out, "session", now, now + HC_SESSION_MAX_S, token_out, err);
}

int hc_auth_resolve(hc_tx *tx, const char *token, int64_t now, hc_actor *out, hc_err *err)
{
	return hc_auth_resolve_used(tx, token, now, out, NULL, err);
}

int hc_auth_resolve_used(hc_tx *tx, const char *token, int64_t now, hc_actor *out,
                         int64_t *last_used, hc_err *err)
{
	if (!token || !*token || strlen(token) >= TOKEN_MAX)
		return hc_err_set(err, HC_EUNAUTH, NULL,
		                  "Phiên đăng nhập không hợp lệ hoặc đã hết hạn",
		                  "malformed token");
	char hash[HC_SECRET_HASH_BUF];
	keyed_hex(token_key, token, hash);
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT staff_id, kind, expires_at, last_used_at FROM auth_tokens"
	                     " WHERE token_hash = ?",
	                     "t", hash);
	if (rc)
		return rc;
	int64_t staff = 0, expires = 0, last = 0;
	bool session = false;
	if (hc_stmt_next(st)) {
		staff = hc_stmt_int(st, 0);
		session = strcmp(hc_stmt_text(st, 1), "session") == 0;
		expires = hc_stmt_int(st, 2);
		last = hc_stmt_int(st, 3);
	}
	if ((rc = hc_stmt_finish(st, err)))
		return rc;
	if (!staff || now >= expires || (session && now - last >= HC_SESSION_IDLE_S))
		return hc_err_set(err, HC_EUNAUTH, NULL,
		                  "Phiên đăng nhập không hợp lệ hoặc đã hết hạn",
		                  "unknown or expired token");
	if (last_used)
		*last_used = last;
	rc = hc_staff_actor(tx, staff, out, err);
	if (rc == HC_ENOTFOUND)
		return hc_err_set(err, HC_EUNAUTH, NULL, "Tài khoản đã bị khóa",
		                  "token of an inactive account");
	return rc;
}

/* Sliding idle timeout: records use at most once a minute (a write). */
int hc_auth_touch(hc_tx *tx, const char *token, int64_t now, hc_err *err)
{
	if (!token || strlen(token) >= TOKEN_MAX)
		return HC_OK; /* no such token can exist */
	char hash[HC_SECRET_HASH_BUF];
	keyed_hex(token_key, token, hash);
	/* a token already expired (absolutely, or a session idle too long) is
	 * left as it is: a late touch never brings it back */
	return hc_tx_exec(tx, err,
	                  "UPDATE auth_tokens SET last_used_at = ? WHERE token_hash = ?"
	                  " AND last_used_at < ? AND expires_at > ?"
	                  " AND (kind = 'api' OR last_used_at > ?)",
	                  "itiii", now, hash, now - 60, now, now - HC_SESSION_IDLE_S);
}

int hc_auth_logout(hc_tx *tx, const char *token, int64_t now, hc_err *err)
{
	if (!token || strlen(token) >= TOKEN_MAX)
		return HC_OK;
	char hash[HC_SECRET_HASH_BUF];
	keyed_hex(token_key, token, hash);
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     "SELECT t.unit_id, t.staff_id, s.username FROM auth_tokens t"
	                     " JOIN staff s ON s.id = t.staff_id WHERE t.token_hash = ?",
	                     "t", hash);
	if (rc)
		return rc;
	int64_t unit = 0, staff = 0;
	char user[64] = "";
	if (hc_stmt_next(st)) {
		unit = hc_stmt_int(st, 0);
		staff = hc_stmt_int(st, 1);
		snprintf(user, sizeof user, "%s", hc_stmt_text(st, 2));
	}
	if ((rc = hc_stmt_finish(st, err)) || !staff)
		return rc; /* an unknown token: nothing to end */
	rc = hc_tx_exec(tx, err, "DELETE FROM auth_tokens WHERE token_hash = ?", "t", hash);
	if (!rc) {
		char object[48];
		snprintf(object, sizeof object, "staff:%lld", (long long)staff);
		rc = hc_audit_append(tx, unit, now, user, "logout", object, "", err);
	}
	return rc;
}

int hc_auth_api_token_new(hc_tx *tx, int64_t staff_id, int64_t now, int64_t expires_at,
                          char **token_out, hc_err *err)
{
	hc_actor a;
	int rc = hc_staff_actor(tx, staff_id, &a, err);
	if (rc)
		return rc;
	if (expires_at <= now)
		return hc_err_set(err, HC_EINVAL, "expires_at", "Thời hạn phải ở tương lai",
		                  "expiry in the past");
	return new_token(tx, &a, "api", now, expires_at, token_out, err);
}

void hc_auth_secret_new(char out[16])
{
	static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; /* 31, no 0 O 1 I L */
	for (int i = 0; i < HC_SECRET_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[HC_SECRET_LEN] = '\0';
}

void hc_auth_secret_hash(const char *secret, char out[HC_SECRET_HASH_BUF])
{
	keyed_hex(secret_key, secret, out);
}

bool hc_auth_secret_verify(const char *secret, const char *hash)
{
	if (!secret || !*secret || !hash || strlen(secret) > 64)
		return false;
	/* secrets are upper case; a citizen typing on a phone often is not */
	char up[65];
	size_t i = 0;
	for (; secret[i]; i++)
		up[i] = secret[i] >= 'a' && secret[i] <= 'z' ? (char)(secret[i] - 'a' + 'A')
		                                             : secret[i];
	up[i] = '\0';
	char h[HC_SECRET_HASH_BUF];
	keyed_hex(secret_key, up, h);
	size_t n = strlen(h);
	return strlen(hash) == n && sodium_memcmp(h, hash, n) == 0;
}
