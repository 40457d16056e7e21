#include "domain/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/counter.h"

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void put_field(crypto_hash_sha256_state *st, const char *s)
{
	/* length-prefixed so field boundaries cannot be shifted */
	uint64_t n = strlen(s);
	unsigned char len[8];
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i));
	crypto_hash_sha256_update(st, len, sizeof len);
	crypto_hash_sha256_update(st, (const unsigned char *)s, n);
}

static void row_hash(const char *prev, int64_t unit_id, int64_t seq, int64_t at, const char *actor,
                     const char *action, const char *object, const char *detail, char out[HASH_HEX])
{
	char nums[96];
	snprintf(nums, sizeof nums, "%lld|%lld|%lld", (long long)unit_id, (long long)seq,
	         (long long)at);
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	put_field(&st, prev);
	put_field(&st, nums);
	put_field(&st, actor);
	put_field(&st, action);
	put_field(&st, object);
	put_field(&st, detail);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

int hc_audit_append(hc_tx *tx, int64_t unit_id, int64_t at, const char *actor, const char *action,
                    const char *object, const char *detail, hc_err *err)
{
	if (!detail)
		detail = "";
	int64_t seq;
	/* The counter row serializes appenders of one unit on every backend. */
	int rc = hc_counter_next(tx, unit_id, "audit", &seq, err);
	if (rc)
		return rc;
	char prev[HASH_HEX] = GENESIS;
	if (seq > 1) {
		hc_stmt *st;
		rc = hc_tx_query(tx, err, &st,
		                 "SELECT hash FROM audit WHERE unit_id = ? AND seq = ?", "ii",
		                 unit_id, seq - 1);
		if (rc)
			return rc;
		if (hc_stmt_next(st))
			snprintf(prev, sizeof prev, "%s", hc_stmt_text(st, 0));
		rc = hc_stmt_finish(st, err);
		if (rc)
			return rc;
	}
	char hash[HASH_HEX];
	row_hash(prev, unit_id, seq, at, actor, action, object, detail, hash);
	return hc_tx_exec(tx, err,
	                  "INSERT INTO audit (unit_id, seq, at, actor, action, object, detail,"
	                  " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                  "iiittttt"
	                  "t",
	                  unit_id, seq, at, actor, action, object, detail, prev, hash);
}

int hc_audit_verify(hc_tx *tx, int64_t unit_id, hc_audit_report *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	hc_stmt *st;
	int rc =
	    hc_tx_query(tx, err, &st,
	                "SELECT unit_id, seq, at, actor, action, object, detail, prev_hash, hash"
	                " FROM audit WHERE (? = 0 OR unit_id = ?) ORDER BY unit_id, seq",
	                "ii", unit_id, unit_id);
	if (rc)
		return rc;
	int64_t cur_unit = -1, expect_seq = 0;
	char prev[HASH_HEX] = GENESIS;
	while (hc_stmt_next(st)) {
		int64_t u = hc_stmt_int(st, 0), seq = hc_stmt_int(st, 1);
		if (u != cur_unit) {
			cur_unit = u;
			expect_seq = 1;
			snprintf(prev, sizeof prev, "%s", GENESIS);
			out->units++;
		}
		out->rows++;
		if (out->bad_unit)
			continue;
		char hash[HASH_HEX];
		row_hash(prev, u, seq, hc_stmt_int(st, 2), hc_stmt_text(st, 3), hc_stmt_text(st, 4),
		         hc_stmt_text(st, 5), hc_stmt_text(st, 6), hash);
		if (seq != expect_seq || strcmp(prev, hc_stmt_text(st, 7)) != 0 ||
		    strcmp(hash, hc_stmt_text(st, 8)) != 0) {
			out->bad_unit = u;
			out->bad_seq = seq != expect_seq ? expect_seq : seq;
			continue;
		}
		snprintf(prev, sizeof prev, "%s", hash);
		expect_seq++;
	}
	return hc_stmt_finish(st, err);
}
