/* db_int: what a storage backend implements (struct hc_db_ops) and the
 * shared objects of db.c. Private to src/db. */
#ifndef HC_DB_INT_H
#define HC_DB_INT_H

#include <stdarg.h>

#include "db/db.h"

struct hc_db_ops {
	const char *name;
	int (*open)(hc_db *db, const char *url, int readers, hc_err *err);
	void (*close)(hc_db *db);
	/* Acquires a connection and begins; sets tx->conn. */
	int (*begin)(hc_tx *tx, hc_err *err);
	int (*commit)(hc_tx *tx, hc_err *err);
	void (*rollback)(hc_tx *tx);
	int (*prepare)(hc_tx *tx, const char *sql, hc_stmt *st, hc_err *err);
	void (*bind_int)(hc_stmt *st, int idx, int64_t v);
	void (*bind_text)(hc_stmt *st, int idx, const char *s);
	void (*bind_null)(hc_stmt *st, int idx);
	bool (*next)(hc_stmt *st);
	int64_t (*col_int)(hc_stmt *st, int col);
	const char *(*col_text)(hc_stmt *st, int col);
	bool (*col_null)(hc_stmt *st, int col);
	int (*finish)(hc_stmt *st, hc_err *err);
	int64_t (*changes)(hc_tx *tx);
	/* Runs a multi-statement script (migrations) inside tx. */
	int (*script)(hc_tx *tx, const char *sql, hc_err *err);
	/* Optional (NULL: the write transaction already excludes other
	 * migrators): called first in the migration transaction, blocks until
	 * no other process migrates the same database. */
	int (*lock_migrations)(hc_tx *tx, hc_err *err);
	/* Writes the snapshot of read transaction tx to a new file at path
	 * (backup.c publishes it). */
	int (*backup)(hc_tx *tx, const char *path, hc_err *err);
	/* Loads the backup file at path into the empty database named by url
	 * (the file's kind already checked to be this backend's). */
	int (*restore)(const char *url, const char *path, hc_err *err);
	/* Lists the schema's tables as one text column, ordered by name. */
	const char *tables_sql;
};

struct hc_db {
	const struct hc_db_ops *ops;
	void *impl;
};

struct hc_tx {
	hc_db *db;
	enum hc_tx_mode mode;
	void *conn;
};

struct hc_stmt {
	hc_tx *tx;
	void *impl;
	int err_code; /* first error seen while binding or stepping */
	char err_detail[200];
};

extern const struct hc_db_ops hc_db_sqlite_ops;
#ifdef HC_HAVE_PG
extern const struct hc_db_ops hc_db_pg_ops;
#endif

/* The backend a URL names, NULL when this build lacks it. (db.c) */
const struct hc_db_ops *hc_db_pick_backend(const char *url);
/* The file path of a SQLite URL ("sqlite:" prefix optional). (db_sqlite.c) */
const char *hc_db_sqlite_path(const char *url);

/* backup.c, for the backends: the name DEST.partial to write a new file at
 * (refused when DEST exists); moving it into place durably; running a
 * command-line tool (argv[0] found on PATH) whose output, on failure, gives
 * the error detail. */
int hc_db_file_partial(const char *path, char *out, size_t cap, hc_err *err);
int hc_db_file_publish(const char *partial, const char *path, hc_err *err);
int hc_db_run_tool(const char *const argv[], hc_err *err);

/* Migration scripts, in order; '@ID@' is the backend's auto-increment
 * primary key type. Returns the count. (schema.c) */
int hc_schema_migrations(const char *const **out);

#endif
