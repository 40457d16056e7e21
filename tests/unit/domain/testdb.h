/* Fresh SQLite database per test for the catalog-side domain tests. */
#ifndef HC_TEST_TESTDB_H
#define HC_TEST_TESTDB_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "../testfiles.h"

typedef struct testdb {
	char path[256];
	hc_db *db;
	hc_tx *tx; /* an open write transaction */
} testdb;

static inline int testdb_open(testdb *t, const char *name)
{
	memset(t, 0, sizeof *t);
	snprintf(t->path, sizeof t->path, "/tmp/haicap-test-%s-%d.db", name, (int)getpid());
	unlink(t->path);
	hc_err e;
	if (hc_db_open(t->path, 1, &t->db, &e) || hc_tx_begin(t->db, HC_TX_WRITE, &t->tx, &e)) {
		fprintf(stderr, "testdb: %s\n", e.detail);
		return -1;
	}
	return 0;
}

static inline void testdb_close(testdb *t)
{
	hc_tx_rollback(t->tx);
	hc_db_close(t->db);
	test_remove_db(t->path);
}

/* COUNT(*) of a table (name is a literal of the test). */
static inline int64_t testdb_count(hc_tx *tx, const char *sql)
{
	int64_t n = -1;
	hc_err e;
	if (hc_tx_query_int(tx, &e, &n, sql, ""))
		fprintf(stderr, "count: %s\n", e.detail);
	return n;
}

#endif
