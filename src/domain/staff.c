#include "domain/staff.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static int check_password(const char *pw, hc_err *err)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n < HC_PASSWORD_MIN || n > HC_PASSWORD_MAX)
		return hc_err_set(err, HC_EINVAL, "password",
		                  "Mật khẩu phải dài từ 8 đến 128 ký tự",
		                  "password length %zu outside 8..128", n);
	return HC_OK;
}

/* argon2id with the limits of staff.h (about 30 ms a login here). */
int hc_staff_hash_password(const char *password, char out[128], hc_err *err)
{
	int rc = check_password(password, err);
	if (rc)
		return rc;
	if (crypto_pwhash_str_alg(out, password, strlen(password), HC_PWHASH_OPSLIMIT,
	                          HC_PWHASH_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "crypto_pwhash_str failed");
	return HC_OK;
}

static bool valid_username(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 3 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* The full name in NFC (*out, heap, caller frees), 1..HC_FULL_NAME_MAX
 * characters counted after normalization: a name typed with combining marks
 * ("e" + U+0302 + U+0301) is as long as the same name precomposed. The raw
 * input is bounded first (a Vietnamese letter decomposes into at most three
 * code points) so normalization never runs on unbounded text. */
static int nfc_name(const char *raw, char **out, hc_err *err)
{
	int rc = hc_text_check(raw, "full_name", "họ tên", 3 * HC_FULL_NAME_MAX, true, err);
	if (rc)
		return rc;
	char *name = NULL;
	if ((rc = hc_text_nfc(raw, "full_name", &name, err)))
		return rc;
	if ((rc = hc_text_check(name, "full_name", "họ tên", HC_FULL_NAME_MAX, true, err))) {
		free(name);
		return rc;
	}
	*out = name;
	return HC_OK;
}

int hc_staff_add(hc_tx *tx, int64_t unit_id, int64_t office_id, const char *username,
                 const char *full_name, enum hc_role role, const char *password, int64_t now,
                 int64_t *id_out, hc_err *err)
{
	if (!valid_username(username))
		return hc_err_set(
		    err, HC_EINVAL, "username",
		    "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, '.', '_', "
		    "'-'",
		    "invalid username");
	if ((unsigned)role >= HC_ROLE_SYSTEM)
		return hc_err_set(err, HC_EINVAL, "role", "Vai trò không hợp lệ", "invalid role");
	char *name = NULL;
	int rc = nfc_name(full_name, &name, err);
	if (rc)
		return rc;
	char hash[128];
	if ((rc = hc_staff_hash_password(password, hash, err))) {
		free(name);
		return rc;
	}
	int64_t taken = 0;
	rc = hc_tx_query_int(tx, err, &taken, "SELECT COUNT(*) FROM staff WHERE username = ?", "t",
	                     username);
	if (!rc && taken)
		rc = hc_err_set(err, HC_ECONFLICT, "username", "Tên đăng nhập đã được dùng",
		                "username %s taken", username);
	if (!rc)
		rc = hc_tx_query_int(
		    tx, err, id_out,
		    "INSERT INTO staff (unit_id, office_id, username, full_name, role,"
		    " password_hash, active, created_at)"
		    " VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, 1, ?) RETURNING id",
		    "iitttti", unit_id, office_id, username, name, hc_role_name(role), hash, now);
	free(name);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

#define ACCOUNT_COLUMNS                                                                            \
	"SELECT id, unit_id, office_id, role, username, full_name, active FROM staff"

/* Reads the current row of ACCOUNT_COLUMNS; false for a role it does not
 * know (the schema's CHECK admits only parseable roles). */
static bool read_row(hc_stmt *st, hc_actor *out, bool *active)
{
	memset(out, 0, sizeof *out);
	out->staff_id = hc_stmt_int(st, 0);
	out->unit_id = hc_stmt_int(st, 1);
	out->office_id = hc_stmt_int(st, 2);
	enum hc_role r = HC_ROLE_CLERK;
	bool known = hc_role_parse(hc_stmt_text(st, 3), &r);
	out->role = r;
	snprintf(out->username, sizeof out->username, "%s", hc_stmt_text(st, 4));
	snprintf(out->full_name, sizeof out->full_name, "%s", hc_stmt_text(st, 5));
	*active = hc_stmt_int(st, 6) != 0;
	return known;
}

/* Reads the one account row a query selected; found false when none. */
static int read_account(hc_stmt *st, hc_actor *out, bool *active, bool *found, hc_err *err)
{
	*found = hc_stmt_next(st) && read_row(st, out, active);
	return hc_stmt_finish(st, err);
}

int hc_staff_each_able(hc_tx *tx, int64_t unit_id, enum hc_perm p,
                       int (*fn)(const hc_actor *s, void *ctx), void *ctx, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st,
	                     ACCOUNT_COLUMNS " WHERE unit_id = ? AND active = 1"
	                                     " ORDER BY full_name, username",
	                     "i", unit_id);
	if (rc)
		return rc;
	int stop = 0;
	while (!stop && hc_stmt_next(st)) {
		hc_actor s;
		bool active;
		if (read_row(st, &s, &active) && hc_perm_check(&s, p, unit_id, NULL) == HC_OK)
			stop = fn(&s, ctx);
	}
	return hc_stmt_finish(st, err);
}

int hc_staff_actor(hc_tx *tx, int64_t staff_id, hc_actor *out, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st, ACCOUNT_COLUMNS " WHERE id = ? AND active = 1", "i",
	                     staff_id);
	if (rc)
		return rc;
	bool found = false, active = false;
	rc = read_account(st, out, &active, &found, err);
	if (!rc && !found)
		rc = hc_err_set(err, HC_ENOTFOUND, NULL, "Không tìm thấy cán bộ",
		                "no active staff %lld", (long long)staff_id);
	return rc;
}

int hc_staff_by_username(hc_tx *tx, const char *username, hc_actor *out, bool *active_out,
                         hc_err *err)
{
	if (!valid_username(username))
		return hc_err_set(err, HC_ENOTFOUND, "username", "Không tìm thấy cán bộ",
		                  "no staff with a malformed username");
	hc_stmt *st;
	int rc = hc_tx_query(tx, err, &st, ACCOUNT_COLUMNS " WHERE username = ?", "t", username);
	if (rc)
		return rc;
	bool found = false, active = false;
	rc = read_account(st, out, &active, &found, err);
	if (!rc && !found)
		rc = hc_err_set(err, HC_ENOTFOUND, "username", "Không tìm thấy cán bộ",
		                "no staff %s", username);
	if (!rc && active_out)
		*active_out = active;
	return rc;
}

int hc_staff_set_password(hc_tx *tx, int64_t staff_id, const char *password, hc_err *err)
{
	char hash[128];
	int rc = hc_staff_hash_password(password, hash, err);
	if (!rc)
		rc = hc_tx_exec(tx, err, "UPDATE staff SET password_hash = ? WHERE id = ?", "ti",
		                hash, staff_id);
	if (!rc && hc_tx_changes(tx) == 0)
		rc = hc_err_set(err, HC_ENOTFOUND, NULL, "Không tìm thấy cán bộ", "no staff");
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int hc_staff_deactivate(hc_tx *tx, int64_t staff_id, hc_err *err)
{
	int rc = hc_tx_exec(tx, err, "UPDATE staff SET active = 0 WHERE id = ?", "i", staff_id);
	if (!rc && hc_tx_changes(tx) == 0)
		rc = hc_err_set(err, HC_ENOTFOUND, NULL, "Không tìm thấy cán bộ", "no staff");
	if (!rc)
		rc = hc_tx_exec(tx, err, "DELETE FROM auth_tokens WHERE staff_id = ?", "i",
		                staff_id);
	return rc;
}
