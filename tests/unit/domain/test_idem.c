/* Idempotency store on a temporary SQLite database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/idem.h"
#include "../db/testdb.h"

static char path[256];

static int setup(void **state)
{
	if (testdb_create(path, sizeof path))
		return -1;
	hc_db *db;
	hc_err e;
	if (hc_db_open(path, 2, &db, &e) != HC_OK)
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	hc_db_close(*state);
	testdb_drop(path);
	return 0;
}

static void keys(void **state)
{
	(void)state;
	hc_err e;
	assert_int_equal(hc_idem_check_key("a", &e), HC_OK);
	assert_int_equal(hc_idem_check_key("550e8400-e29b-41d4-a716-446655440000", &e), HC_OK);
	assert_int_equal(hc_idem_check_key("", &e), HC_EINVAL);
	assert_string_equal(e.field, "Idempotency-Key");
	assert_int_equal(hc_idem_check_key("a b", &e), HC_EINVAL);
	assert_int_equal(hc_idem_check_key("ạ", &e), HC_EINVAL);
	char k[HC_IDEM_KEY_MAX + 2];
	memset(k, 'k', HC_IDEM_KEY_MAX);
	k[HC_IDEM_KEY_MAX] = '\0';
	assert_int_equal(hc_idem_check_key(k, &e), HC_OK);
	k[HC_IDEM_KEY_MAX] = 'k';
	k[HC_IDEM_KEY_MAX + 1] = '\0';
	assert_int_equal(hc_idem_check_key(k, &e), HC_EINVAL);
}

static void hashes(void **state)
{
	(void)state;
	char a[HC_IDEM_HASH_HEX], b[HC_IDEM_HASH_HEX], c[HC_IDEM_HASH_HEX];
	hc_idem_hash("POST", "/api/v1/dossiers", "{}", 2, a);
	hc_idem_hash("POST", "/api/v1/dossiers", "{}", 2, b);
	hc_idem_hash("POST", "/api/v1/dossiers", "{ }", 3, c);
	assert_int_equal(strlen(a), 64);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	hc_idem_hash("POST", "/api/v1/dossiers/X/actions", "{}", 2, c);
	assert_string_not_equal(a, c);
}

static int lookup(hc_db *db, const char *key, const char *hash, int64_t now, bool *found,
                  int *status, char **body, hc_err *e)
{
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, e), HC_OK);
	int rc = hc_idem_lookup(tx, 1, 7, key, hash, now, found, status, body, e);
	hc_err e2;
	assert_int_equal(hc_tx_commit(tx, &e2), HC_OK);
	return rc;
}

static void store_and_replay(void **state)
{
	hc_db *db = *state;
	hc_err e;
	bool found;
	int status;
	char *body;
	const int64_t t0 = 1767225600;
	assert_int_equal(lookup(db, "k1", "h1", t0, &found, &status, &body, &e), HC_OK);
	assert_false(found);
	assert_null(body);

	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_idem_store(tx, 1, 7, "k1", "h1", 201, "{\"code\":\"A\"}", t0, &e),
	                 HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);

	/* same key, same request: the stored reply */
	assert_int_equal(lookup(db, "k1", "h1", t0 + 60, &found, &status, &body, &e), HC_OK);
	assert_true(found);
	assert_int_equal(status, 201);
	assert_string_equal(body, "{\"code\":\"A\"}");
	free(body);

	/* same key, another request: conflict */
	assert_int_equal(lookup(db, "k1", "h2", t0 + 60, &found, &status, &body, &e), HC_ECONFLICT);
	assert_string_equal(e.message, "Khóa Idempotency-Key đã dùng cho một yêu cầu khác");
	assert_null(body);

	/* the key is scoped by staff: another staff member may use it */
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_idem_lookup(tx, 1, 8, "k1", "h2", t0, &found, &status, &body, &e),
	                 HC_OK);
	assert_false(found);
	hc_tx_rollback(tx);

	/* after 24 hours the row expires */
	assert_int_equal(lookup(db, "k1", "h2", t0 + HC_IDEM_TTL_S + 1, &found, &status, &body, &e),
	                 HC_OK);
	assert_false(found);
}

static void rolled_back_store_leaves_nothing(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_idem_store(tx, 1, 7, "k2", "h", 200, "{}", 1767225600, &e), HC_OK);
	hc_tx_rollback(tx);
	bool found;
	int status;
	char *body;
	assert_int_equal(lookup(db, "k2", "h", 1767225600, &found, &status, &body, &e), HC_OK);
	assert_false(found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(keys),
	    cmocka_unit_test(hashes),
	    cmocka_unit_test_setup_teardown(store_and_replay, setup, teardown),
	    cmocka_unit_test_setup_teardown(rolled_back_store_leaves_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
