#include "domain/idem.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int hc_idem_check_key(const char *key, hc_err *err)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || n > HC_IDEM_KEY_MAX)
		return hc_err_set(err, HC_EINVAL, "Idempotency-Key",
		                  "Khóa Idempotency-Key phải dài từ 1 đến 128 ký tự",
		                  "idempotency key of %zu bytes", n);
	for (size_t i = 0; i < n; i++)
		if (key[i] < 0x21 || key[i] > 0x7e)
			return hc_err_set(err, HC_EINVAL, "Idempotency-Key",
			                  "Khóa Idempotency-Key chỉ gồm ký tự ASCII in được",
			                  "idempotency key has a non-printable byte");
	return HC_OK;
}

void hc_idem_hash(const char *method, const char *path, const void *body, size_t n,
                  char out[HC_IDEM_HASH_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)method, strlen(method) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)path, strlen(path) + 1);
	if (n)
		crypto_hash_sha256_update(&st, body, n);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, HC_IDEM_HASH_HEX, h, sizeof h);
}

int hc_idem_lookup(hc_tx *tx, int64_t unit_id, int64_t staff_id, const char *key,
                   const char *request_hash, int64_t now, bool *found, int *status, char **body,
                   hc_err *err)
{
	*found = false;
	*status = 0;
	*body = NULL;
	int rc = hc_idem_check_key(key, err);
	if (rc)
		return rc;
	rc = hc_tx_exec(tx, err, "DELETE FROM idempotency WHERE unit_id = ? AND created_at < ?",
	                "ii", unit_id, now - HC_IDEM_TTL_S);
	if (rc)
		return rc;
	hc_stmt *st;
	rc = hc_tx_query(tx, err, &st,
	                 "SELECT request_hash, status, body FROM idempotency"
	                 " WHERE unit_id = ? AND staff_id = ? AND key = ?",
	                 "iit", unit_id, staff_id, key);
	if (rc)
		return rc;
	bool same = false, hit = false;
	if (hc_stmt_next(st)) {
		hit = true;
		const char *h = hc_stmt_text(st, 0);
		same = h && strcmp(h, request_hash) == 0;
		if (same) {
			const char *b = hc_stmt_text(st, 2);
			*status = (int)hc_stmt_int(st, 1);
			*body = strdup(b ? b : "");
		}
	}
	rc = hc_stmt_finish(st, err);
	if (rc) {
		free(*body);
		*body = NULL;
		return rc;
	}
	if (hit && !same)
		return hc_err_set(err, HC_ECONFLICT, "Idempotency-Key",
		                  "Khóa Idempotency-Key đã dùng cho một yêu cầu khác",
		                  "idempotency key reused with a different request");
	if (hit && !*body)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "idem: out of memory");
	*found = hit;
	return HC_OK;
}

int hc_idem_store(hc_tx *tx, int64_t unit_id, int64_t staff_id, const char *key,
                  const char *request_hash, int status, const char *body, int64_t now, hc_err *err)
{
	int rc = hc_idem_check_key(key, err);
	if (rc)
		return rc;
	return hc_tx_exec(tx, err,
	                  "INSERT INTO idempotency (unit_id, staff_id, key, request_hash, status,"
	                  " body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	                  "iittiti", unit_id, staff_id, key, request_hash, (int64_t)status, body,
	                  now);
}
