/* Storage suite: the same tests for every backend. The target comes from
 * the environment (testdb.h): HC_TEST_DB set to a postgresql:// URL runs
 * them on a fresh PostgreSQL database, otherwise on a fresh SQLite file.
 * HC_TEST_PG_CTL (scripts/pg-test.sh) names a pg_ctl wrapper with which the
 * reconnection test stops and restarts the server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pthread.h>
#include <cmocka.h>

#include "db/db.h"
#include "testdb.h"

static char url[512];

static int setup(void **state)
{
	if (testdb_create(url, sizeof url))
		return -1;
	hc_db *db;
	hc_err e;
	if (hc_db_open(url, 2, &db, &e) != HC_OK) {
		fprintf(stderr, "open %s: %s\n", url, e.detail);
		return -1;
	}
	hc_tx *tx;
	if (hc_tx_begin(db, HC_TX_WRITE, &tx, &e) ||
	    hc_tx_end(tx,
	              hc_tx_exec(tx, &e,
	                         "CREATE TABLE scratch (k TEXT NOT NULL PRIMARY KEY, n BIGINT,"
	                         " s TEXT)",
	                         ""),
	              &e)) {
		fprintf(stderr, "scratch table: %s\n", e.detail);
		hc_db_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	hc_db_close(*state);
	testdb_drop(url);
	return 0;
}

static int64_t read_int(hc_db *db, const char *sql, const char *text)
{
	hc_tx *tx;
	hc_err e;
	int64_t v = -12345;
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_query_int(tx, &e, &v, sql, text ? "t" : "", text), HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
	return v;
}

/* Runs one statement in its own write transaction; returns its code. */
static int write_one(hc_db *db, const char *sql)
{
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_tx_exec(tx, &e, sql, "");
	return hc_tx_end(tx, rc, &e);
}

static void migrations_recorded(void **state)
{
	hc_db *db = *state;
	int v = 0;
	hc_err e;
	assert_int_equal(hc_db_schema_version(db, &v, &e), HC_OK);
	assert_true(v >= 1);
	assert_string_equal(hc_db_backend(db), testdb_is_pg() ? "postgresql" : "sqlite");
	/* reopening applies nothing new and keeps the version */
	hc_db *db2;
	assert_int_equal(hc_db_open(url, 1, &db2, &e), HC_OK);
	int v2 = 0;
	assert_int_equal(hc_db_schema_version(db2, &v2, &e), HC_OK);
	assert_int_equal(v, v2);
	hc_db_close(db2);
}

typedef struct opener {
	const char *url;
	int rc;
	int version;
} opener;

static void *open_concurrently(void *arg)
{
	opener *o = arg;
	hc_db *db;
	hc_err e;
	o->rc = hc_db_open(o->url, 1, &db, &e);
	if (o->rc) {
		fprintf(stderr, "concurrent open: %s\n", e.detail);
		return NULL;
	}
	o->rc = hc_db_schema_version(db, &o->version, &e);
	hc_db_close(db);
	return NULL;
}

#define OPENERS 6
#define OPEN_ROUNDS 5

/* Processes starting at once on an empty database: one migrates, the
 * others wait and find the schema in place. PostgreSQL only: a city runs
 * several nodes on one database; a SQLite file has one server process (and
 * its first-open PRAGMA journal_mode=WAL is not retried on contention). */
static void concurrent_migrations(void **state)
{
	(void)state;
	if (!testdb_is_pg())
		skip();
	for (int round = 0; round < OPEN_ROUNDS; round++) {
		char fresh[512];
		assert_int_equal(testdb_create(fresh, sizeof fresh), 0);
		opener o[OPENERS];
		pthread_t th[OPENERS];
		for (int i = 0; i < OPENERS; i++) {
			o[i] = (opener){fresh, -1, 0};
			pthread_create(&th[i], NULL, open_concurrently, &o[i]);
		}
		for (int i = 0; i < OPENERS; i++)
			pthread_join(th[i], NULL);
		for (int i = 0; i < OPENERS; i++) {
			assert_int_equal(o[i].rc, HC_OK);
			assert_true(o[i].version >= 1);
			assert_int_equal(o[i].version, o[0].version);
		}
		hc_db *db;
		hc_err e;
		assert_int_equal(hc_db_open(fresh, 1, &db, &e), HC_OK);
		hc_tx *tx;
		int64_t rows = 0;
		assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
		assert_int_equal(
		    hc_tx_query_int(tx, &e, &rows, "SELECT COUNT(*) FROM schema_version", ""),
		    HC_OK);
		assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
		assert_int_equal(rows, o[0].version); /* each migration recorded once */
		hc_db_close(db);
		testdb_drop(fresh);
	}
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
	assert_int_equal(hc_tx_query(tx, &e, &st,
	                             "SELECT name, value, NULL FROM counters WHERE unit_id = 1",
	                             ""),
	                 HC_OK);
	int rows = 0;
	while (hc_stmt_next(st)) {
		assert_string_equal(hc_stmt_text(st, 0), "a");
		assert_false(hc_stmt_is_null(st, 1));
		assert_true(hc_stmt_is_null(st, 2));
		rows++;
	}
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
}

static void changes_count_last_write(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	for (int i = 0; i < 3; i++)
		assert_int_equal(hc_tx_exec(tx, &e,
		                            "INSERT INTO counters (unit_id, name, value)"
		                            " VALUES (3, ?, 0)",
		                            "t",
		                            i == 0   ? "x"
		                            : i == 1 ? "y"
		                                     : "z"),
		                 HC_OK);
	assert_int_equal(hc_tx_changes(tx), 1);
	assert_int_equal(hc_tx_exec(tx, &e, "UPDATE counters SET value = 1 WHERE unit_id = 3", ""),
	                 HC_OK);
	assert_int_equal(hc_tx_changes(tx), 3);
	int64_t n = 0;
	/* a read does not change the count */
	assert_int_equal(hc_tx_query_int(tx, &e, &n, "SELECT COUNT(*) FROM counters", ""), HC_OK);
	assert_int_equal(hc_tx_changes(tx), 3);
	assert_int_equal(
	    hc_tx_exec(tx, &e, "DELETE FROM counters WHERE unit_id = 3 AND name <> ?", "t", "x"),
	    HC_OK);
	assert_int_equal(hc_tx_changes(tx), 2);
	assert_int_equal(hc_tx_exec(tx, &e, "UPDATE counters SET value = 1 WHERE unit_id = -1", ""),
	                 HC_OK);
	assert_int_equal(hc_tx_changes(tx), 0);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
}

static void numbered_placeholders(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	/* ?1 used twice, ?2 once */
	assert_int_equal(
	    hc_tx_exec(tx, &e,
	               "INSERT INTO counters (unit_id, name, value) VALUES (?1, ?2, ?1 * 10)", "it",
	               (int64_t)7, "np"),
	    HC_OK);
	hc_stmt *st;
	assert_int_equal(
	    hc_tx_query(tx, &e, &st,
	                "SELECT value + ?1, ?2 FROM counters WHERE unit_id = ?1 AND name = ?2",
	                "it", (int64_t)7, "np"),
	    HC_OK);
	assert_true(hc_stmt_next(st));
	assert_int_equal(hc_stmt_int(st, 0), 77);
	assert_string_equal(hc_stmt_text(st, 1), "np");
	assert_false(hc_stmt_next(st));
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	/* a bare '?' after ?2 is ?3 (SQLite's rule) */
	assert_int_equal(hc_tx_query(tx, &e, &st, "SELECT ?2 - ?1, ?", "iii", (int64_t)1,
	                             (int64_t)10, (int64_t)100),
	                 HC_OK);
	assert_true(hc_stmt_next(st));
	assert_int_equal(hc_stmt_int(st, 0), 9);
	assert_int_equal(hc_stmt_int(st, 1), 100);
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	/* question marks inside literals, quoted identifiers and comments are
	 * text, not placeholders */
	assert_int_equal(hc_tx_query(tx, &e, &st,
	                             "SELECT 'it''s ?' || ? AS \"col?\", /* ?9 ' */ ? -- ? '\n"
	                             " , \"q?\" FROM (SELECT 4 AS \"q?\") t",
	                             "ti", "x", (int64_t)5),
	                 HC_OK);
	assert_true(hc_stmt_next(st));
	assert_string_equal(hc_stmt_text(st, 0), "it's ?x");
	assert_int_equal(hc_stmt_int(st, 1), 5);
	assert_int_equal(hc_stmt_int(st, 2), 4);
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);

	/* ?0 is no placeholder: a storage fault, at prepare or at first step */
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	int rc = hc_tx_query(tx, &e, &st, "SELECT ?0", "");
	if (rc == HC_OK) {
		while (hc_stmt_next(st))
			;
		rc = hc_stmt_finish(st, &e);
	}
	assert_int_equal(rc, HC_EDB);
	hc_tx_rollback(tx);
}

static void null_binding(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	hc_stmt *st;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_exec(tx, &e, "INSERT INTO scratch (k, n, s) VALUES (?, ?, ?)", "tnt",
	                            "null", (const char *)NULL),
	                 HC_OK);
	assert_int_equal(
	    hc_stmt_prepare(tx, "INSERT INTO scratch (k, n, s) VALUES (?, ?, ?)", &st, &e), HC_OK);
	hc_stmt_bind_text(st, 1, "null2");
	hc_stmt_bind_null(st, 2);
	/* parameter 3 left unbound: NULL */
	assert_false(hc_stmt_next(st));
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);

	assert_int_equal(read_int(db,
	                          "SELECT COUNT(*) FROM scratch WHERE k LIKE ?"
	                          " AND n IS NULL AND s IS NULL",
	                          "null%"),
	                 2);
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(
	    hc_tx_query(tx, &e, &st, "SELECT n, s FROM scratch WHERE k = ?", "t", "null"), HC_OK);
	assert_true(hc_stmt_next(st));
	assert_true(hc_stmt_is_null(st, 0));
	assert_true(hc_stmt_is_null(st, 1));
	assert_int_equal(hc_stmt_int(st, 0), 0);
	assert_null(hc_stmt_text(st, 1));
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	/* NULL equals nothing */
	int64_t v;
	assert_int_equal(hc_tx_query_int(tx, &e, &v, "SELECT 1 FROM scratch WHERE k = ?", "n"),
	                 HC_ENOTFOUND);
	/* the same text bound NULL, then a number */
	assert_int_equal(hc_tx_query_int(tx, &e, &v, "SELECT COALESCE(?, 5)", "n"), HC_OK);
	assert_int_equal(v, 5);
	assert_int_equal(hc_tx_query_int(tx, &e, &v, "SELECT COALESCE(?, 5)", "i", (int64_t)3),
	                 HC_OK);
	assert_int_equal(v, 3);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
}

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void vietnamese_text_and_quotes(void **state)
{
	hc_db *db = *state;
	static const char *const texts[] = {
	    "Nguyễn Thị Ánh Tuyết",
	    "Phường Đồ Sơn, thành phố Hải Phòng — \"Tổ dân phố số 5\"",
	    "O'Brien's 'quoted' ''double'' \\backslash\\ ?1 ? $1 %_ -- /* */ ;",
	    "Giấy chứng nhận quyền sử dụng đất; Ủy ban nhân dân xã Ẳ ẵ ặ ỹ ỵ",
	    "",
	};
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char k[16];
		snprintf(k, sizeof k, "vi%zu", i);
		assert_int_equal(hc_tx_exec(tx, &e, "INSERT INTO scratch (k, s) VALUES (?, ?)",
		                            "tt", k, texts[i]),
		                 HC_OK);
	}
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);

	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char k[16];
		snprintf(k, sizeof k, "vi%zu", i);
		hc_stmt *st;
		assert_int_equal(hc_tx_query(tx, &e, &st,
		                             "SELECT s, LENGTH(s), k FROM scratch WHERE s = ?", "t",
		                             texts[i]),
		                 HC_OK);
		assert_true(hc_stmt_next(st));
		assert_string_equal(hc_stmt_text(st, 0), texts[i]);
		assert_int_equal(hc_stmt_int(st, 1), (int64_t)code_points(texts[i]));
		assert_string_equal(hc_stmt_text(st, 2), k);
		assert_false(hc_stmt_next(st));
		assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	}
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
}

static void numbers_and_booleans(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	hc_stmt *st;
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_query(tx, &e, &st, "SELECT ?, ?, ?, 1 = 1, 1 = 2, 7 / 2", "iii",
	                             INT64_MAX, INT64_MIN, (int64_t)-1),
	                 HC_OK);
	assert_true(hc_stmt_next(st));
	assert_true(hc_stmt_int(st, 0) == INT64_MAX);
	assert_true(hc_stmt_int(st, 1) == INT64_MIN);
	assert_int_equal(hc_stmt_int(st, 2), -1);
	assert_int_equal(hc_stmt_int(st, 3), 1);
	assert_int_equal(hc_stmt_int(st, 4), 0);
	assert_string_equal(hc_stmt_text(st, 3), "1");
	assert_string_equal(hc_stmt_text(st, 4), "0");
	assert_int_equal(hc_stmt_int(st, 5), 3);
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	/* SUM of BIGINT (numeric on PostgreSQL), COUNT, AVG truncated */
	assert_int_equal(hc_tx_query(tx, &e, &st,
	                             "SELECT SUM(v), COUNT(*), AVG(v) FROM (SELECT ? AS v"
	                             " UNION ALL SELECT ? UNION ALL SELECT ? UNION ALL SELECT ?) t",
	                             "iiii", (int64_t)4000000000000, (int64_t)3, (int64_t)1,
	                             (int64_t)2),
	                 HC_OK);
	assert_true(hc_stmt_next(st));
	assert_true(hc_stmt_int(st, 0) == 4000000000006);
	assert_int_equal(hc_stmt_int(st, 1), 4);
	assert_true(hc_stmt_int(st, 2) == 1000000000001);
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
}

/* More distinct statements than a connection caches: all still run. */
static void many_distinct_statements(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 700; i++) {
			char sql[64];
			snprintf(sql, sizeof sql, "SELECT ? + %d", i);
			int64_t v = 0;
			assert_int_equal(hc_tx_query_int(tx, &e, &v, sql, "i", (int64_t)round),
			                 HC_OK);
			assert_int_equal(v, i + round);
		}
	}
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
}

static void bind_out_of_range(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	hc_stmt *st;
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_stmt_prepare(tx, "SELECT ?", &st, &e), HC_OK);
	hc_stmt_bind_int(st, 2, 1);
	assert_false(hc_stmt_next(st));
	assert_int_equal(hc_stmt_finish(st, &e), HC_EINTERNAL);
	hc_tx_rollback(tx);
}

static void constraint_is_conflict(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	/* unique */
	assert_int_equal(
	    write_one(db, "INSERT INTO counters (unit_id, name, value) VALUES (1, 'a', 1)"),
	    HC_ECONFLICT);
	/* foreign key */
	assert_int_equal(write_one(db, "INSERT INTO offices (unit_id, code, name)"
	                               " VALUES (424242, 'VP', 'Văn phòng')"),
	                 HC_ECONFLICT);
	/* check */
	assert_int_equal(write_one(db, "INSERT INTO units (code, identifier, name, kind, province,"
	                               " created_at) VALUES ('1', 'X', 'Xã X', 'huyen', 'P', 0)"),
	                 HC_ECONFLICT);
	/* not null */
	assert_int_equal(write_one(db, "INSERT INTO counters (unit_id, name, value)"
	                               " VALUES (1, 'nn', NULL)"),
	                 HC_ECONFLICT);
	/* the message is for users */
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_tx_exec(tx, &e,
	                    "INSERT INTO counters (unit_id, name, value) VALUES (1, 'a', 1)", "");
	assert_int_equal(rc, HC_ECONFLICT);
	assert_string_equal(e.message, "Dữ liệu bị trùng hoặc mâu thuẫn");
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_ECONFLICT);
	/* nothing of the failed transactions remains; the database works on */
	assert_int_equal(read_int(db, "SELECT COUNT(*) FROM counters WHERE name = ?", "nn"), 0);
	assert_int_equal(read_int(db, "SELECT value FROM counters WHERE name = ?", "a"), 5);
}

static void syntax_error_is_db(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *tx;
	hc_stmt *st;
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &tx, &e), HC_OK);
	/* reported at prepare (SQLite) or at the first step (PostgreSQL, which
	 * prepares once the parameter types are bound) */
	int rc = hc_tx_query(tx, &e, &st, "SELEC nothing", "");
	if (rc == HC_OK) {
		assert_false(hc_stmt_next(st));
		rc = hc_stmt_finish(st, &e);
	}
	assert_int_equal(rc, HC_EDB);
	assert_string_equal(e.message, "Lỗi cơ sở dữ liệu");
	hc_tx_rollback(tx);
	rc = write_one(db, "UPDATE no_such_table SET x = 1");
	assert_int_equal(rc, HC_EDB);
	assert_int_equal(read_int(db, "SELECT COUNT(*) FROM counters WHERE name = ?", "a"), 1);
}

/* PostgreSQL aborts a transaction at its first error: the commit must say
 * so instead of rolling back in silence. */
static void failed_statement_fails_commit(void **state)
{
	hc_db *db = *state;
	if (strcmp(hc_db_backend(db), "postgresql") != 0)
		skip();
	hc_err e;
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_exec(tx, &e, "INSERT INTO scratch (k) VALUES ('abort1')", ""),
	                 HC_OK);
	assert_int_equal(hc_tx_exec(tx, &e, "INSERT INTO scratch (k) VALUES ('abort1')", ""),
	                 HC_ECONFLICT);
	/* later statements report the first error */
	int64_t v;
	assert_int_equal(hc_tx_query_int(tx, &e, &v, "SELECT 1", ""), HC_ECONFLICT);
	assert_int_equal(hc_tx_commit(tx, &e), HC_ECONFLICT);
	assert_int_equal(read_int(db, "SELECT COUNT(*) FROM scratch WHERE k = ?", "abort1"), 0);
	/* the statement prepared in the aborted transaction is still usable */
	assert_int_equal(write_one(db, "INSERT INTO scratch (k) VALUES ('abort1')"), HC_OK);
	assert_int_equal(read_int(db, "SELECT COUNT(*) FROM scratch WHERE k = ?", "abort1"), 1);
}

/* A read transaction keeps its snapshot while a writer commits. */
static void readers_see_committed_snapshots(void **state)
{
	hc_db *db = *state;
	hc_err e;
	hc_tx *w, *r1, *r2;
	int64_t v = 0;
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &r1, &e), HC_OK);
	assert_int_equal(
	    hc_tx_query_int(r1, &e, &v, "SELECT value FROM counters WHERE name = 'a'", ""), HC_OK);
	assert_int_equal(v, 5);
	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &w, &e), HC_OK);
	assert_int_equal(hc_tx_exec(w, &e, "UPDATE counters SET value = 6 WHERE name = 'a'", ""),
	                 HC_OK);
	/* uncommitted: invisible */
	assert_int_equal(hc_tx_begin(db, HC_TX_READ, &r2, &e), HC_OK);
	assert_int_equal(
	    hc_tx_query_int(r2, &e, &v, "SELECT value FROM counters WHERE name = 'a'", ""), HC_OK);
	assert_int_equal(v, 5);
	hc_tx_rollback(r2);
	assert_int_equal(hc_tx_commit(w, &e), HC_OK);
	/* committed: r1 keeps its snapshot, a new reader sees it */
	assert_int_equal(
	    hc_tx_query_int(r1, &e, &v, "SELECT value FROM counters WHERE name = 'a'", ""), HC_OK);
	assert_int_equal(v, 5);
	hc_tx_rollback(r1);
	assert_int_equal(read_int(db, "SELECT value FROM counters WHERE name = ?", "a"), 6);
	assert_int_equal(write_one(db, "UPDATE counters SET value = 5 WHERE name = 'a'"), HC_OK);
}

#define BUMPERS 4
#define BUMPS 200

typedef struct bumper {
	hc_db *db;
	int64_t got[BUMPS];
	int failed;
} bumper;

static void *bump(void *arg)
{
	bumper *b = arg;
	for (int i = 0; i < BUMPS; i++) {
		hc_tx *tx;
		hc_err e;
		if (hc_tx_begin(b->db, HC_TX_WRITE, &tx, &e)) {
			b->failed = 1;
			return NULL;
		}
		int64_t v = 0;
		int rc =
		    hc_tx_query_int(tx, &e, &v,
		                    "INSERT INTO counters (unit_id, name, value) VALUES (2, 'n', 1)"
		                    " ON CONFLICT (unit_id, name) DO UPDATE SET value = "
		                    "counters.value + 1 RETURNING value",
		                    "");
		if (hc_tx_end(tx, rc, &e)) {
			fprintf(stderr, "bump: %s\n", e.detail);
			b->failed = 1;
			return NULL;
		}
		b->got[i] = v;
	}
	return NULL;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Four writers on one counters row: no lost update, every value handed out
 * once (what receipt codes and audit chains rely on). */
static void concurrent_writers_on_counter(void **state)
{
	hc_db *db = *state;
	static bumper b[BUMPERS];
	pthread_t th[BUMPERS];
	for (int i = 0; i < BUMPERS; i++) {
		memset(&b[i], 0, sizeof b[i]);
		b[i].db = db;
		pthread_create(&th[i], NULL, bump, &b[i]);
	}
	for (int i = 0; i < BUMPERS; i++)
		pthread_join(th[i], NULL);
	static int64_t all[BUMPERS * BUMPS];
	for (int i = 0; i < BUMPERS; i++) {
		assert_int_equal(b[i].failed, 0);
		memcpy(all + i * BUMPS, b[i].got, sizeof b[i].got);
	}
	qsort(all, BUMPERS * BUMPS, sizeof all[0], cmp64);
	for (int i = 0; i < BUMPERS * BUMPS; i++)
		assert_int_equal(all[i], i + 1);
	assert_int_equal(
	    read_int(db, "SELECT value FROM counters WHERE unit_id = 2 AND name = ?", "n"),
	    BUMPERS * BUMPS);
}

static int pg_ctl(const char *action)
{
	const char *ctl = getenv("HC_TEST_PG_CTL");
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl(ctl, ctl, action, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* The server restarts under a running pool: the transaction cut mid-way
 * gets HC_EUNAVAIL once, then service resumes without reopening. */
/* Holds a read transaction on each of the 3 pooled connections at once and
 * reads the restart marker through every one of them. */
static void read_on_every_connection(hc_db *db, int64_t want)
{
	hc_tx *held[3];
	hc_err e;
	for (int i = 0; i < 3; i++) {
		int64_t v = 0;
		assert_int_equal(hc_tx_begin(db, HC_TX_READ, &held[i], &e), HC_OK);
		assert_int_equal(hc_tx_query_int(held[i], &e, &v,
		                                 "SELECT n FROM scratch WHERE k = 'restart'", ""),
		                 HC_OK);
		assert_int_equal(v, want);
	}
	for (int i = 0; i < 3; i++)
		hc_tx_rollback(held[i]);
}

static void reconnect_after_restart(void **state)
{
	hc_db *db = *state;
	if (!testdb_is_pg() || !getenv("HC_TEST_PG_CTL"))
		skip();
	hc_err e;
	hc_tx *tx;
	assert_int_equal(write_one(db, "INSERT INTO scratch (k, n) VALUES ('restart', 1)"), HC_OK);

	assert_int_equal(hc_tx_begin(db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(pg_ctl("restart"), 0);
	int rc = hc_tx_exec(tx, &e, "UPDATE scratch SET n = 2 WHERE k = 'restart'", "");
	assert_int_equal(rc, HC_EUNAVAIL);
	assert_string_equal(e.message, "Không kết nối được cơ sở dữ liệu, vui lòng thử lại");
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_EUNAVAIL);

	/* every pooled connection (3: two readers + one) died; each reconnects
	 * on its next use, without an error for transactions begun after */
	read_on_every_connection(db, 1);
	assert_int_equal(write_one(db, "UPDATE scratch SET n = 3 WHERE k = 'restart'"), HC_OK);
	assert_int_equal(read_int(db, "SELECT n FROM scratch WHERE k = ?", "restart"), 3);

	/* server down: unavailable, not a crash nor a hang; back when it is */
	assert_int_equal(pg_ctl("stop"), 0);
	rc = hc_tx_begin(db, HC_TX_READ, &tx, &e);
	if (rc == HC_OK)
		hc_tx_rollback(tx);
	assert_int_equal(rc, HC_EUNAVAIL);
	assert_string_equal(e.message, "Không kết nối được cơ sở dữ liệu, vui lòng thử lại");
	assert_int_equal(pg_ctl("start"), 0);
	read_on_every_connection(db, 3);
	assert_int_equal(write_one(db, "UPDATE scratch SET n = 4 WHERE k = 'restart'"), HC_OK);
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
		                    "INSERT INTO counters (unit_id, name, value) VALUES (30, ?, ?)",
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
	    hc_tx_query_int(tx, &e, &rows, "SELECT COUNT(*) FROM counters WHERE unit_id = 30", ""),
	    HC_OK);
	/* every third write of each thread was rolled back: none of them is there */
	assert_int_equal(hc_tx_query_int(tx, &e, &rolled_back,
	                                 "SELECT COUNT(*) FROM counters WHERE unit_id = 30"
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
	    cmocka_unit_test(concurrent_migrations),
	    cmocka_unit_test(write_read_rollback),
	    cmocka_unit_test(changes_count_last_write),
	    cmocka_unit_test(numbered_placeholders),
	    cmocka_unit_test(null_binding),
	    cmocka_unit_test(vietnamese_text_and_quotes),
	    cmocka_unit_test(numbers_and_booleans),
	    cmocka_unit_test(many_distinct_statements),
	    cmocka_unit_test(bind_out_of_range),
	    cmocka_unit_test(constraint_is_conflict),
	    cmocka_unit_test(syntax_error_is_db),
	    cmocka_unit_test(failed_statement_fails_commit),
	    cmocka_unit_test(readers_see_committed_snapshots),
	    cmocka_unit_test(concurrent_writers_on_counter),
	    cmocka_unit_test(group_commit_keeps_members_apart),
	    cmocka_unit_test(reconnect_after_restart),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
