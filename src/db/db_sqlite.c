/* db_sqlite: the SQLite backend of db.h.
 * Owns: one write connection (serialized by a mutex) and a pool of read
 * connections, all in WAL mode with synchronous=FULL so an acknowledged
 * commit survives power loss; a per-connection prepared-statement cache; and
 * a checkpoint thread. Copying the WAL back into the database file is taken
 * off the commit path: a thread with its own connection runs a PASSIVE
 * checkpoint every CHECKPOINT_MS (never blocking writers or readers), and
 * the writer's own automatic checkpoint stays only as a backstop at
 * WAL_BACKSTOP_PAGES. Measured: durable intakes +40% against the default
 * 1,000-page automatic checkpoint inside the writer's commits.
 *
 * Group commit: write transactions from several threads share one SQLite
 * transaction and one fsync when they queue behind each other. Each write
 * transaction runs inside a savepoint of the open batch; at its commit it
 * releases the savepoint and, when another writer is already waiting for the
 * connection (and the batch is under MAX_BATCH), hands the connection on and
 * waits until the batch is committed; the last member commits for all and
 * wakes the others with the outcome. No commit returns before its data is
 * durable, a member's rollback undoes only its savepoint, and when the batch's
 * COMMIT fails every member gets the error. A single writer (the CLI) commits
 * at once, as before. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "db/db_int.h"

#define CACHE_SLOTS 256
#define BUSY_TIMEOUT_MS 5000
#define MAX_BATCH 64
#define CHECKPOINT_MS 500
#define WAL_BACKSTOP_PAGES 20000
#define STR_(x) #x
#define STR(x) STR_(x)

/* Largest part of the file read through the memory map (1 GiB). */
#define MMAP_BYTES 1073741824

typedef struct cached {
	char *sql;
	sqlite3_stmt *stmt;
	int in_use;
} cached;

enum {
	TX_BEGIN,
	TX_BEGIN_IMMEDIATE,
	TX_COMMIT,
	TX_ROLLBACK,
	TX_SAVEPOINT,
	TX_RELEASE,
	TX_ROLLBACK_TO,
	TX_STMTS
};

typedef struct conn {
	sqlite3 *h;
	sqlite3_stmt *tx[TX_STMTS]; /* prepared once: parsing BEGIN costs as much as a lookup */
	cached cache[CACHE_SLOTS];
	int in_use;
} conn;

/* Runs one of the connection's transaction statements. */
static int tx_stmt(conn *c, int which)
{
	int rc = sqlite3_step(c->tx[which]);
	sqlite3_reset(c->tx[which]);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* One group commit: the write transactions sharing a SQLite transaction. */
typedef struct batch {
	int deferred; /* members waiting for the COMMIT (under gc_lock) */
	bool done;
	int rc;
	char detail[200];
} batch;

typedef struct pool {
	conn writer;
	pthread_mutex_t write_lock; /* owns the writer connection and `open` */
	batch *open;                /* the batch in progress, NULL when none */
	atomic_int waiting;         /* writers queued for write_lock */
	pthread_mutex_t gc_lock;
	pthread_cond_t gc_done;
	conn *readers;
	int nreaders;
	pthread_mutex_t read_lock;
	pthread_cond_t read_free;
	conn checkpointer;
	pthread_t ckpt_thread;
	bool ckpt_running;
	bool ckpt_stop;
	pthread_mutex_t ckpt_lock;
	pthread_cond_t ckpt_wake;
} pool;

typedef struct stmt_impl {
	sqlite3_stmt *s;
	cached *slot; /* NULL when not cached: finalize on finish */
} stmt_impl;

static int map_rc(int rc, sqlite3 *h, hc_err *err, const char *what)
{
	const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return hc_err_set(err, HC_EUNAVAIL, NULL,
		                  "Cơ sở dữ liệu đang bận, vui lòng thử lại", "sqlite %s: busy: %s",
		                  what, msg);
	case SQLITE_CONSTRAINT:
		return hc_err_set(err, HC_ECONFLICT, NULL, "Dữ liệu bị trùng hoặc mâu thuẫn",
		                  "sqlite %s: constraint: %s", what, msg);
	case SQLITE_FULL:
		return hc_err_set(err, HC_EUNAVAIL, NULL, "Hết dung lượng lưu trữ trên máy chủ",
		                  "sqlite %s: disk full: %s", what, msg);
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return hc_err_set(err, HC_EUNAVAIL, NULL,
		                  "Không ghi được cơ sở dữ liệu (chỉ đọc hoặc không mở được)",
		                  "sqlite %s: %s", what, msg);
	default:
		return hc_err_set(err, HC_EDB, NULL, "Lỗi cơ sở dữ liệu", "sqlite %s: %s", what,
		                  msg);
	}
}

static int conn_open(conn *c, const char *path, int readonly, hc_err *err)
{
	memset(c, 0, sizeof *c);
	int flags = SQLITE_OPEN_NOMUTEX |
	            (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int rc = sqlite3_open_v2(path, &c->h, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = map_rc(rc, c->h, err, "open");
		sqlite3_close(c->h);
		c->h = NULL;
		return rc;
	}
	sqlite3_busy_timeout(c->h, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(c->h, 1);
	const char *pragmas = readonly
	                          ? "PRAGMA foreign_keys=ON;"
	                          : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	                            " PRAGMA wal_autocheckpoint=" STR(
	                                WAL_BACKSTOP_PAGES) ";"
	                                                    " PRAGMA journal_size_limit=16777216;"
	                                                    " PRAGMA foreign_keys=ON;";
	char *emsg = NULL;
	rc = sqlite3_exec(c->h, pragmas, NULL, NULL, &emsg);
	sqlite3_free(emsg);
	/* Reads through a memory map shared by every connection: a year of a
	 * commune's dossiers is tens of MiB, past the 2 MiB page cache of each
	 * connection, and without the map every statistics query copied it again
	 * through read(). Writes still go through the WAL; a platform without
	 * mmap ignores the pragma. */
	if (rc == SQLITE_OK)
		sqlite3_exec(c->h, "PRAGMA mmap_size=" STR(MMAP_BYTES), NULL, NULL, NULL);
	static const char *const tx_sql[TX_STMTS] = {
	    "BEGIN",          "BEGIN IMMEDIATE",   "COMMIT", "ROLLBACK", "SAVEPOINT member",
	    "RELEASE member", "ROLLBACK TO member"};
	for (int i = 0; rc == SQLITE_OK && i < TX_STMTS; i++)
		rc = sqlite3_prepare_v3(c->h, tx_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->tx[i],
		                        NULL);
	if (rc != SQLITE_OK) {
		rc = map_rc(rc, c->h, err, "pragmas");
		for (int i = 0; i < TX_STMTS; i++)
			sqlite3_finalize(c->tx[i]);
		sqlite3_close(c->h);
		c->h = NULL;
		return rc;
	}
	return HC_OK;
}

static void conn_close(conn *c)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (c->cache[i].stmt)
			sqlite3_finalize(c->cache[i].stmt);
		free(c->cache[i].sql);
	}
	for (int i = 0; i < TX_STMTS; i++)
		sqlite3_finalize(c->tx[i]);
	if (c->h)
		sqlite3_close(c->h);
	memset(c, 0, sizeof *c);
}

static void *checkpoint_loop(void *arg)
{
	pool *p = arg;
	pthread_mutex_lock(&p->ckpt_lock);
	while (!p->ckpt_stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)CHECKPOINT_MS * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&p->ckpt_wake, &p->ckpt_lock, &ts);
		if (p->ckpt_stop)
			break;
		pthread_mutex_unlock(&p->ckpt_lock);
		int log = 0, done = 0;
		int rc = sqlite3_wal_checkpoint_v2(p->checkpointer.h, NULL,
		                                   SQLITE_CHECKPOINT_PASSIVE, &log, &done);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			hc_log_warn("sqlite checkpoint: %s", sqlite3_errmsg(p->checkpointer.h));
		pthread_mutex_lock(&p->ckpt_lock);
	}
	pthread_mutex_unlock(&p->ckpt_lock);
	return NULL;
}

static void start_checkpointer(pool *p, const char *path)
{
	hc_err err;
	pthread_mutex_init(&p->ckpt_lock, NULL);
	pthread_cond_init(&p->ckpt_wake, NULL);
	if (conn_open(&p->checkpointer, path, 0, &err)) {
		hc_log_warn("sqlite checkpointer not started: %s", err.detail);
		return;
	}
	if (pthread_create(&p->ckpt_thread, NULL, checkpoint_loop, p) != 0) {
		conn_close(&p->checkpointer);
		hc_log_warn("sqlite checkpointer thread not started");
		return;
	}
	p->ckpt_running = true;
}

static void stop_checkpointer(pool *p)
{
	if (p->ckpt_running) {
		pthread_mutex_lock(&p->ckpt_lock);
		p->ckpt_stop = true;
		pthread_cond_signal(&p->ckpt_wake);
		pthread_mutex_unlock(&p->ckpt_lock);
		pthread_join(p->ckpt_thread, NULL);
		conn_close(&p->checkpointer);
		p->ckpt_running = false;
	}
	pthread_mutex_destroy(&p->ckpt_lock);
	pthread_cond_destroy(&p->ckpt_wake);
}

const char *hc_db_sqlite_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static int sq_open(hc_db *db, const char *url, int readers, hc_err *err)
{
	const char *path = hc_db_sqlite_path(url);
	/* SQLite's allocation statistics take a global mutex on every malloc,
	 * which the request threads would contend for. Only possible before the
	 * library initializes (the first open, at start-up); later calls are
	 * refused harmlessly. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	pool *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "sqlite pool");
	int rc = conn_open(&p->writer, path, 0, err);
	if (rc) {
		/* say why when the cause is the file system (SQLite's message is
		 * "unable to open database file" either way) */
		if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
			rc = hc_err_set(err, HC_EUNAVAIL, "db",
			                "Không ghi được cơ sở dữ liệu (chỉ đọc hoặc không mở được)",
			                "database %s is not writable: %s (read-only file or file "
			                "system?)",
			                path, strerror(errno));
		free(p);
		return rc;
	}
	p->readers = calloc((size_t)readers, sizeof *p->readers);
	if (!p->readers) {
		conn_close(&p->writer);
		free(p);
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "sqlite readers");
	}
	/* The file now exists in WAL mode: readers open it read-only. */
	for (int i = 0; i < readers; i++) {
		rc = conn_open(&p->readers[i], path, 1, err);
		if (rc) {
			for (int j = 0; j < i; j++)
				conn_close(&p->readers[j]);
			conn_close(&p->writer);
			free(p->readers);
			free(p);
			return rc;
		}
	}
	p->nreaders = readers;
	pthread_mutex_init(&p->write_lock, NULL);
	pthread_mutex_init(&p->read_lock, NULL);
	pthread_cond_init(&p->read_free, NULL);
	pthread_mutex_init(&p->gc_lock, NULL);
	pthread_cond_init(&p->gc_done, NULL);
	start_checkpointer(p, path);
	db->impl = p;
	return HC_OK;
}

static void sq_close(hc_db *db)
{
	pool *p = db->impl;
	if (!p)
		return;
	stop_checkpointer(p);
	for (int i = 0; i < p->nreaders; i++)
		conn_close(&p->readers[i]);
	free(p->readers);
	conn_close(&p->writer);
	pthread_mutex_destroy(&p->write_lock);
	pthread_mutex_destroy(&p->read_lock);
	pthread_cond_destroy(&p->read_free);
	pthread_mutex_destroy(&p->gc_lock);
	pthread_cond_destroy(&p->gc_done);
	free(p);
	db->impl = NULL;
}

static conn *acquire_reader(pool *p)
{
	pthread_mutex_lock(&p->read_lock);
	for (;;) {
		for (int i = 0; i < p->nreaders; i++) {
			if (!p->readers[i].in_use) {
				p->readers[i].in_use = 1;
				pthread_mutex_unlock(&p->read_lock);
				return &p->readers[i];
			}
		}
		pthread_cond_wait(&p->read_free, &p->read_lock);
	}
}

static void release(pool *p, conn *c)
{
	if (c == &p->writer) {
		pthread_mutex_unlock(&p->write_lock);
		return;
	}
	pthread_mutex_lock(&p->read_lock);
	c->in_use = 0;
	pthread_cond_signal(&p->read_free);
	pthread_mutex_unlock(&p->read_lock);
}

/* Ends the open batch with rc (HC_OK or an error code with detail): wakes
 * its deferred members. Called with write_lock held. */
static void finish_batch(pool *p, int rc, const char *detail)
{
	batch *b = p->open;
	p->open = NULL;
	if (!b)
		return;
	pthread_mutex_lock(&p->gc_lock);
	b->done = true;
	b->rc = rc;
	snprintf(b->detail, sizeof b->detail, "%s", detail ? detail : "");
	if (b->deferred == 0)
		free(b);
	else
		pthread_cond_broadcast(&p->gc_done);
	pthread_mutex_unlock(&p->gc_lock);
}

/* Commits the open batch for all its members. write_lock held. */
static int commit_batch(pool *p, hc_err *err)
{
	conn *c = &p->writer;
	int rc = tx_stmt(c, TX_COMMIT);
	if (rc == SQLITE_OK) {
		finish_batch(p, HC_OK, NULL);
		return HC_OK;
	}
	rc = map_rc(rc, c->h, err, "commit");
	if (sqlite3_get_autocommit(c->h) == 0)
		tx_stmt(c, TX_ROLLBACK);
	finish_batch(p, rc, err ? err->detail : "commit failed");
	return rc;
}

/* The SQLite transaction under the open batch disappeared (an I/O error
 * rolls it back): every member of the batch fails. write_lock held. */
static bool batch_lost(pool *p)
{
	if (!p->open || sqlite3_get_autocommit(p->writer.h) == 0)
		return false;
	finish_batch(p, HC_EDB, "transaction rolled back by the storage engine");
	return true;
}

static int begin_write(pool *p, hc_tx *tx, hc_err *err)
{
	atomic_fetch_add(&p->waiting, 1);
	pthread_mutex_lock(&p->write_lock);
	atomic_fetch_sub(&p->waiting, 1);
	conn *c = &p->writer;
	batch_lost(p);
	int rc = SQLITE_OK;
	if (!p->open) {
		rc = tx_stmt(c, TX_BEGIN_IMMEDIATE);
		if (rc == SQLITE_OK && !(p->open = calloc(1, sizeof *p->open))) {
			tx_stmt(c, TX_ROLLBACK);
			pthread_mutex_unlock(&p->write_lock);
			return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "batch");
		}
	}
	if (rc == SQLITE_OK)
		rc = tx_stmt(c, TX_SAVEPOINT);
	if (rc != SQLITE_OK) {
		rc = map_rc(rc, c->h, err, "begin");
		if (p->open && !batch_lost(p) && p->open->deferred == 0 &&
		    atomic_load(&p->waiting) == 0) {
			tx_stmt(c, TX_ROLLBACK);
			finish_batch(p, HC_OK, NULL);
		}
		pthread_mutex_unlock(&p->write_lock);
		return rc;
	}
	tx->conn = c;
	return HC_OK;
}

static int sq_begin(hc_tx *tx, hc_err *err)
{
	pool *p = tx->db->impl;
	if (tx->mode == HC_TX_WRITE)
		return begin_write(p, tx, err);
	conn *c = acquire_reader(p);
	int rc = tx_stmt(c, TX_BEGIN);
	if (rc != SQLITE_OK) {
		rc = map_rc(rc, c->h, err, "begin");
		release(p, c);
		return rc;
	}
	tx->conn = c;
	return HC_OK;
}

/* Leaves the batch after this member's savepoint was released or undone:
 * waits for a later member's COMMIT when writers are queued, else commits.
 * Returns the outcome of the batch. Releases write_lock. */
static int leave_batch(pool *p, hc_err *err)
{
	batch *b = p->open;
	if (b && atomic_load(&p->waiting) > 0 && b->deferred < MAX_BATCH) {
		pthread_mutex_lock(&p->gc_lock);
		b->deferred++;
		pthread_mutex_unlock(&p->write_lock);
		while (!b->done)
			pthread_cond_wait(&p->gc_done, &p->gc_lock);
		int rc = b->rc;
		if (rc)
			hc_err_set(err, rc, NULL, "Không ghi được dữ liệu, vui lòng thử lại",
			           "group commit: %s", b->detail);
		if (--b->deferred == 0)
			free(b);
		pthread_mutex_unlock(&p->gc_lock);
		return rc;
	}
	int rc = b ? commit_batch(p, err) : HC_OK;
	pthread_mutex_unlock(&p->write_lock);
	return rc;
}

static int sq_commit(hc_tx *tx, hc_err *err)
{
	conn *c = tx->conn;
	pool *p = tx->db->impl;
	if (tx->mode != HC_TX_WRITE) {
		int rc = tx_stmt(c, TX_COMMIT);
		if (rc != SQLITE_OK) {
			rc = map_rc(rc, c->h, err, "commit");
			if (sqlite3_get_autocommit(c->h) == 0)
				tx_stmt(c, TX_ROLLBACK);
		}
		release(p, c);
		return rc;
	}
	int rc = batch_lost(p) ? SQLITE_ABORT : tx_stmt(c, TX_RELEASE);
	if (rc != SQLITE_OK) {
		int code = map_rc(rc, c->h, err, "release");
		if (!batch_lost(p) && p->open) {
			tx_stmt(c, TX_ROLLBACK_TO);
			tx_stmt(c, TX_RELEASE);
		}
		hc_err other;
		leave_batch(p, &other);
		return code;
	}
	return leave_batch(p, err);
}

static void sq_rollback(hc_tx *tx)
{
	conn *c = tx->conn;
	pool *p = tx->db->impl;
	if (tx->mode != HC_TX_WRITE) {
		if (sqlite3_get_autocommit(c->h) == 0)
			tx_stmt(c, TX_ROLLBACK);
		release(p, c);
		return;
	}
	if (!batch_lost(p)) {
		tx_stmt(c, TX_ROLLBACK_TO);
		tx_stmt(c, TX_RELEASE);
	}
	hc_err ignored;
	leave_batch(p, &ignored);
}

static unsigned hash_sql(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int sq_prepare(hc_tx *tx, const char *sql, hc_stmt *st, hc_err *err)
{
	conn *c = tx->conn;
	stmt_impl *si = calloc(1, sizeof *si);
	if (!si)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "prepare");
	unsigned h = hash_sql(sql) % CACHE_SLOTS;
	for (int probe = 0; probe < 8; probe++) {
		cached *slot = &c->cache[(h + (unsigned)probe) % CACHE_SLOTS];
		if (slot->sql && strcmp(slot->sql, sql) == 0) {
			if (slot->in_use)
				break; /* same SQL open twice: use a private statement */
			slot->in_use = 1;
			si->s = slot->stmt;
			si->slot = slot;
			st->impl = si;
			return HC_OK;
		}
		if (!slot->sql) {
			sqlite3_stmt *s = NULL;
			int rc =
			    sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
			if (rc != SQLITE_OK) {
				free(si);
				return map_rc(rc, c->h, err, "prepare");
			}
			slot->sql = strdup(sql);
			if (!slot->sql) {
				sqlite3_finalize(s);
				free(si);
				return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "prepare");
			}
			slot->stmt = s;
			slot->in_use = 1;
			si->s = s;
			si->slot = slot;
			st->impl = si;
			return HC_OK;
		}
	}
	int rc = sqlite3_prepare_v2(c->h, sql, -1, &si->s, NULL);
	if (rc != SQLITE_OK) {
		free(si);
		return map_rc(rc, c->h, err, "prepare");
	}
	st->impl = si;
	return HC_OK;
}

static void note_bind(hc_stmt *st, int rc)
{
	if (rc != SQLITE_OK && !st->err_code) {
		st->err_code = HC_EINTERNAL;
		snprintf(st->err_detail, sizeof st->err_detail, "bind: %s", sqlite3_errstr(rc));
	}
}

static void sq_bind_int(hc_stmt *st, int idx, int64_t v)
{
	note_bind(st, sqlite3_bind_int64(((stmt_impl *)st->impl)->s, idx, v));
}

static void sq_bind_text(hc_stmt *st, int idx, const char *s)
{
	note_bind(st, sqlite3_bind_text(((stmt_impl *)st->impl)->s, idx, s, -1, SQLITE_TRANSIENT));
}

static void sq_bind_null(hc_stmt *st, int idx)
{
	note_bind(st, sqlite3_bind_null(((stmt_impl *)st->impl)->s, idx));
}

static bool sq_next(hc_stmt *st)
{
	stmt_impl *si = st->impl;
	int rc = sqlite3_step(si->s);
	if (rc == SQLITE_ROW)
		return true;
	if (rc != SQLITE_DONE) {
		st->err_code = rc;
		snprintf(st->err_detail, sizeof st->err_detail, "%s",
		         sqlite3_errmsg(sqlite3_db_handle(si->s)));
	}
	return false;
}

static int64_t sq_col_int(hc_stmt *st, int col)
{
	return sqlite3_column_int64(((stmt_impl *)st->impl)->s, col);
}

static const char *sq_col_text(hc_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(((stmt_impl *)st->impl)->s, col);
}

static bool sq_col_null(hc_stmt *st, int col)
{
	return sqlite3_column_type(((stmt_impl *)st->impl)->s, col) == SQLITE_NULL;
}

static int sq_finish(hc_stmt *st, hc_err *err)
{
	stmt_impl *si = st->impl;
	int rc = HC_OK;
	if (st->err_code == HC_EINTERNAL)
		rc = hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "%s", st->err_detail);
	else if (st->err_code)
		rc = map_rc(st->err_code, NULL, err, st->err_detail);
	if (si->slot) {
		sqlite3_reset(si->s);
		sqlite3_clear_bindings(si->s);
		si->slot->in_use = 0;
	} else {
		sqlite3_finalize(si->s);
	}
	free(si);
	return rc;
}

static int64_t sq_changes(hc_tx *tx)
{
	return sqlite3_changes64(((conn *)tx->conn)->h);
}

static int sq_script(hc_tx *tx, const char *sql, hc_err *err)
{
	conn *c = tx->conn;
	char *emsg = NULL;
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, &emsg);
	if (rc != SQLITE_OK) {
		hc_log_error("sqlite script failed: %s", emsg ? emsg : "?");
		sqlite3_free(emsg);
		return map_rc(rc, c->h, err, "script");
	}
	return HC_OK;
}

/* Copies every page of src into a new file at path with the online backup
 * API. When src is inside a read transaction the copy is that snapshot. */
static int copy_db(sqlite3 *src, const char *path, hc_err *err)
{
	sqlite3 *dst;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
		if (!b) {
			rc = sqlite3_errcode(dst);
		} else {
			rc = sqlite3_backup_step(b, -1);
			int frc = sqlite3_backup_finish(b);
			rc = rc == SQLITE_DONE ? frc : rc;
		}
	}
	if (rc != SQLITE_OK) {
		int code = map_rc(rc, dst, err, "backup");
		sqlite3_close(dst);
		return code;
	}
	/* one self-contained file: out of the source's WAL mode, so that opening
	 * it (even read-only) leaves no -wal or -shm beside it; hc_db_open turns
	 * WAL on again for a restored database */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int code = map_rc(rc, dst, err, "backup journal mode");
		sqlite3_close(dst);
		return code;
	}
	rc = sqlite3_close(dst);
	if (rc != SQLITE_OK)
		return hc_err_set(err, HC_EIO, NULL, "Không ghi được tệp sao lưu", "close %s: %s",
		                  path, sqlite3_errstr(rc));
	return HC_OK;
}

static int sq_backup(hc_tx *tx, const char *path, hc_err *err)
{
	conn *c = tx->conn;
	return copy_db(c->h, path, err);
}

static int sq_restore(const char *url, const char *path, hc_err *err)
{
	const char *target = hc_db_sqlite_path(url);
	char partial[4096];
	int rc = hc_db_file_partial(target, partial, sizeof partial, err);
	if (rc)
		return rc;
	sqlite3 *src;
	rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		rc = map_rc(rc, src, err, "open backup");
		sqlite3_close(src);
		return rc;
	}
	/* a damaged backup is refused before anything is written */
	sqlite3_stmt *chk = NULL;
	int ok = sqlite3_prepare_v2(src, "PRAGMA integrity_check", -1, &chk, NULL) == SQLITE_OK &&
	         sqlite3_step(chk) == SQLITE_ROW &&
	         strcmp((const char *)sqlite3_column_text(chk, 0), "ok") == 0;
	sqlite3_finalize(chk);
	if (!ok) {
		sqlite3_close(src);
		return hc_err_set(err, HC_EINVAL, "in", "Tệp sao lưu bị hỏng",
		                  "%s fails PRAGMA integrity_check", path);
	}
	rc = copy_db(src, partial, err);
	sqlite3_close(src);
	if (!rc)
		rc = hc_db_file_publish(partial, target, err);
	else
		unlink(partial);
	return rc;
}

const struct hc_db_ops hc_db_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .next = sq_next,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_null = sq_col_null,
    .finish = sq_finish,
    .changes = sq_changes,
    .script = sq_script,
    .backup = sq_backup,
    .restore = sq_restore,
    .tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
                  " AND name NOT LIKE 'sqlite_%' ORDER BY name",
};
