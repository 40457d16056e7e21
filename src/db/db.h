/* db: the storage interface every other module uses (DESIGN §2 Storage).
 * Owns: connections, transactions, prepared statements, migrations. One
 * interface, backends behind struct hc_db_ops (db_int.h): SQLite always,
 * PostgreSQL when built with libpq. SQL given here uses '?' placeholders and
 * portable types; nothing outside src/db knows which backend runs.
 * Must not: hold domain rules.
 *
 * Usage:
 *   hc_tx *tx; hc_stmt *st;
 *   if (hc_tx_begin(db, HC_TX_READ, &tx, err)) return err->code;
 *   if (hc_stmt_prepare(tx, "SELECT a FROM t WHERE b = ?", &st, err)) ...;
 *   hc_stmt_bind_int(st, 1, 42);
 *   while (hc_stmt_next(st)) use(hc_stmt_int(st, 0));
 *   rc = hc_stmt_finish(st, err);   // always call: releases st
 *   rc ? hc_tx_rollback(tx) : (rc = hc_tx_commit(tx, err));
 */
#ifndef HC_DB_H
#define HC_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

typedef struct hc_db hc_db;
typedef struct hc_tx hc_tx;
typedef struct hc_stmt hc_stmt;

enum hc_tx_mode { HC_TX_READ = 0, HC_TX_WRITE = 1 };

/* Opens the database named by url: a file path (SQLite) or
 * "postgresql://..." (PostgreSQL). Applies pending migrations in one
 * transaction. readers: size of the read-connection pool (0 = default 4).
 * *out is owned by the caller: hc_db_close. */
int hc_db_open(const char *url, int readers, hc_db **out, hc_err *err);
void hc_db_close(hc_db *db);
/* "sqlite" or "postgresql" */
const char *hc_db_backend(const hc_db *db);
/* Current schema version after migrations. */
int hc_db_schema_version(hc_db *db, int *out, hc_err *err);

/* Backup and restore (`haicap backup` / `haicap restore`, backup.c).
 * hc_db_backup writes a consistent snapshot of the whole database to a new
 * file at path while others keep reading and writing: SQLite's online backup
 * API (the file is a SQLite database) or pg_dump's custom format of an
 * exported snapshot. in_snapshot (may be NULL) runs first inside the read
 * transaction whose snapshot is written, so what it counts is exactly what
 * the file holds. An existing file is never replaced (HC_ECONFLICT); the
 * file appears only once complete and flushed to disk.
 * hc_db_restore loads such a file into the database named by url, which
 * must be new: a SQLite path that does not exist, or a PostgreSQL database
 * without tables (pg_restore in one transaction). Open it afterwards with
 * hc_db_open, which applies any migration newer than the backup. */
int hc_db_backup(hc_db *db, const char *path, int (*in_snapshot)(hc_tx *tx, void *ctx, hc_err *err),
                 void *ctx, hc_err *err);
int hc_db_restore(const char *url, const char *path, hc_err *err);
/* Calls fn for every table of the schema, by name (schema_version too). */
int hc_db_tables(hc_tx *tx, int (*fn)(const char *name, void *ctx, hc_err *err), void *ctx,
                 hc_err *err);

/* A transaction holds one connection until commit or rollback, which both
 * free the tx (commit also on failure, after rolling back). Write
 * transactions are serialized; a busy database gives HC_EUNAVAIL. */
int hc_tx_begin(hc_db *db, enum hc_tx_mode mode, hc_tx **out, hc_err *err);
int hc_tx_commit(hc_tx *tx, hc_err *err);
void hc_tx_rollback(hc_tx *tx); /* NULL is ignored */
/* Commits when rc == HC_OK, otherwise rolls back; returns the final code. */
int hc_tx_end(hc_tx *tx, int rc, hc_err *err);

/* Statements: prepared (and cached) per connection. Binding copies text.
 * Columns are valid until the next hc_stmt_next or hc_stmt_finish. */
int hc_stmt_prepare(hc_tx *tx, const char *sql, hc_stmt **out, hc_err *err);
void hc_stmt_bind_int(hc_stmt *st, int idx, int64_t v);      /* idx from 1 */
void hc_stmt_bind_text(hc_stmt *st, int idx, const char *s); /* NULL binds NULL */
void hc_stmt_bind_null(hc_stmt *st, int idx);
bool hc_stmt_next(hc_stmt *st);                 /* true while a row is available */
int64_t hc_stmt_int(hc_stmt *st, int col);      /* NULL reads as 0 */
const char *hc_stmt_text(hc_stmt *st, int col); /* NULL reads as NULL */
bool hc_stmt_is_null(hc_stmt *st, int col);
int hc_stmt_finish(hc_stmt *st, hc_err *err); /* error of any step; frees st */

/* Convenience, binding by a type string: 'i' int64_t, 't' const char *
 * (NULL binds NULL), 'n' NULL (no argument). */
int hc_tx_exec(hc_tx *tx, hc_err *err, const char *sql, const char *types, ...);
/* Runs sql and reads the first column of the first row as an integer.
 * No row gives HC_ENOTFOUND. */
int hc_tx_query_int(hc_tx *tx, hc_err *err, int64_t *out, const char *sql, const char *types, ...);
/* Prepares and binds in one call (the statement is the caller's). */
int hc_tx_query(hc_tx *tx, hc_err *err, hc_stmt **out, const char *sql, const char *types, ...);
/* Rows changed by the last statement of this transaction. */
int64_t hc_tx_changes(hc_tx *tx);

#endif
