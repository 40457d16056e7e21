/* Storage suite: runs against the backend named by HC_TEST_DB (a
 * postgresql:// URL) or, by default, a fresh SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>

#include "db/db.h"
#include "../testfiles.h"

static char path[256];

static int setup(void **state)
{
	snprintf(path, sizeof path, "/tmp/haicap-test-storage-%d.db", (int)getpid());
	unlink(path);
	hc_db *db;
	hc_err e;
	if (hc_db_open(path, 2, &db, &e) != HC_OK) {
		fprintf(stderr, "open: %s\n", e.detail);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	hc_db_close(*state);
	test_remove_db(path);
	return 0;
}

static void migrations_recorded(void **state)
{
	hc_db *db = *state;
	int v = 0;
	hc_err e;
	assert_int_equal(hc_db_schema_version(db, &v, &e), HC_OK);
	assert_true(v >= 1);
	/* reopening applies nothing new and keeps the version */
	hc_db *db2;
	assert_int_equal(hc_db_open(path, 1, &db2, &e), HC_OK);
	int v2 = 0;
	assert_int_equal(hc_db_schema_version(db2, &v2, &e), HC_OK);
	assert_int_equal(v, v2);
	hc_db_close(db2);
}

static void write_read_rollback(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_exec(tx, &e,
	                            "INSERT INTO counters (unit_id, name, value) VALUES (?, ?, ?)",
	                            "iti", (int64_t)1, "a", (int64_t)5),
	                 HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);

	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(
	    hc_tx_exec(tx, &e, "UPDATE counters SET value = 99 WHERE name = ?", "t", "a"), HC_OK);
	assert_int_equal(hc_tx_changes(tx), 1);
	hc_tx_rollback(tx);

	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	int64_t v = 0;
	assert_int_equal(
	    hc_tx_query_int(tx, &e, &v, "SELECT value FROM counters WHERE name = ?", "t", "a"),
	    HC_OK);
	assert_int_equal(v, 5);
	assert_int_equal(
	    hc_tx_query_int(tx, &e, &v, "SELECT value FROM counters WHERE name = ?", "t", "zz"),
	    HC_ENOTFOUND);
	hc_stmt *st;
	assert_int_equal(hc_tx_query(tx, &e, &st, "SELECT name, value, NULL FROM counters", ""),
	                 HC_OK);
	int rows = 0;
	while (hc_stmt_next(st)) {
		assert_string_equal(hc_stmt_text(st, 0), "a");
		assert_true(hc_stmt_is_null(st, 2));
		rows++;
	}
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
}

static void constraint_is_conflict(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_tx_exec(tx, &e,
	                    "INSERT INTO counters (unit_id, name, value) VALUES (1, 'a', 1)", "");
	assert_int_equal(rc, HC_ECONFLICT);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_ECONFLICT);
	/* a syntax error is a storage fault, not a crash */
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	hc_stmt *st;
	assert_int_equal(hc_tx_query(tx, &e, &st, "SELEC nothing", ""), HC_EDB);
	hc_tx_rollback(tx);
}

static void *bump(void *arg)
{
	hc_db *db = arg;
	for (int i = 0; i < 200; i++) {
		hc_tx *tx;
		hc_err e;
		if (hc_tx_begin(db, HC_TX_WRITE, &tx, &e))
			return (void *)1;
		int64_t v;
		int rc =
		    hc_tx_query_int(tx, &e, &v,
		                    "INSERT INTO counters (unit_id, name, value) VALUES (2, 'n', 1)"
		                    " ON CONFLICT (unit_id, name) DO UPDATE SET value = "
		                    "counters.value + 1 RETURNING value",
		                    "");
		if (hc_tx_end(tx, rc, &e))
			return (void *)1;
	}
	return NULL;
}

static void concurrent_writers_serialize(void **state)
{
	hc_db *db = *state;
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, bump, db);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(th[i], &r);
		assert_null(r);
	}
	hc_tx *tx;
	hc_err e;
	int64_t v = 0;
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(
	    hc_tx_query_int(tx, &e, &v, "SELECT value FROM counters WHERE unit_id = 2", ""), HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(v, 800);
}

struct member_ctx {
	hc_db *db;
	int id;
	int committed;
	int failures;
};

/* Writers that interleave commits and rollbacks: with group commit several
 * of them share one SQLite transaction, and a rollback must undo only its own
 * writes. */
static void *member(void *arg)
{
	struct member_ctx *m = arg;
	for (int i = 0; i < 150; i++) {
		hc_tx *tx;
		hc_err e;
		if (hc_tx_begin(m->db, HC_TX_WRITE, &tx, &e)) {
			m->failures++;
			continue;
		}
		char name[32];
		snprintf(name, sizeof name, "m%d-%d", m->id, i);
		int rc = hc_tx_exec(tx, &e,
		                    "INSERT INTO counters (unit_id, name, value) VALUES (3, ?, ?)",
		                    "ti", name, (int64_t)i);
		if (rc || i % 3 == 0) {
			hc_tx_rollback(tx);
			continue;
		}
		if (hc_tx_commit(tx, &e))
			m->failures++;
		else
			m->committed++;
	}
	return NULL;
}

static void group_commit_keeps_members_apart(void **state)
{
	hc_db *db = *state;
	enum { N = 8 };
	pthread_t th[N];
	struct member_ctx m[N];
	for (int i = 0; i < N; i++) {
		m[i] = (struct member_ctx){db, i, 0, 0};
		pthread_create(&th[i], NULL, member, &m[i]);
	}
	int committed = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(m[i].failures, 0);
		committed += m[i].committed;
	}
	assert_int_equal(committed, N * 100);
	hc_tx *tx;
	hc_err e;
	int64_t rows = 0, rolled_back = -1;
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(
	    hc_tx_query_int(tx, &e, &rows, "SELECT COUNT(*) FROM counters WHERE unit_id = 3", ""),
	    HC_OK);
	/* every third write of each thread was rolled back: none of them is there */
	assert_int_equal(hc_tx_query_int(tx, &e, &rolled_back,
	                                 "SELECT COUNT(*) FROM counters WHERE unit_id = 3"
	                                 " AND value % 3 = 0",
	                                 ""),
	                 HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(rows, committed);
	assert_int_equal(rolled_back, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(migrations_recorded),
	    cmocka_unit_test(write_read_rollback),
	    cmocka_unit_test(constraint_is_conflict),
	    cmocka_unit_test(concurrent_writers_serialize),
	    cmocka_unit_test(group_commit_keeps_members_apart),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
