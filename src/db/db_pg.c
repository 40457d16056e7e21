/* db_pg: the PostgreSQL backend of db.h (built when libpq is found).
 * Owns: a pool of libpq connections, a per-connection cache of prepared
 * statements, the translation of the portable SQL's placeholders, and the
 * mapping of PostgreSQL errors onto enum hc_code. Must not: hold domain rules
 * or SQL of its own beyond transaction control.
 *
 * Choices:
 * - Pool. readers + 1 connections shared by read and write transactions
 *   (PostgreSQL locks rows, so writers need not be serialized as in SQLite).
 *   A transaction holds one connection until commit or rollback; when none is
 *   free the caller waits on a condition variable for up to POOL_WAIT_S
 *   seconds, then gets HC_EUNAVAIL. Connections are opened at start.
 * - Transactions. Writes run in READ COMMITTED: the code serializes its
 *   sequences (receipt codes, audit chains) through
 *   INSERT ... ON CONFLICT DO UPDATE ... RETURNING on a counters row, which
 *   READ COMMITTED makes wait and re-read. Reads run REPEATABLE READ READ
 *   ONLY, one snapshot for the whole transaction like a SQLite read
 *   transaction (a read-only transaction never fails serialization).
 *   synchronous_commit is left as the server sets it (on by default: an
 *   acknowledged commit is durable); "off" is reported in the log at start.
 *   PostgreSQL aborts a transaction at its first failed statement (SQLite
 *   keeps it usable): later statements and the commit return that first
 *   error, never a silent rollback.
 * - Prepared statements. Each connection prepares a distinct (SQL text,
 *   parameter types) pair once, under a name of its own, and reuses it with
 *   PQexecPrepared; the cache is an open-addressed table of CACHE_SLOTS
 *   entries (PQexecParams, unprepared, once it is full) and is emptied when
 *   the connection is reset, since the server forgets prepared statements
 *   with the session. Preparation waits for the first hc_stmt_next because
 *   the parameter types are only known once bound: a syntax error therefore
 *   shows at hc_stmt_next/hc_stmt_finish. Results are read whole (PQexec*
 *   buffers them): several statements of one transaction can be open at
 *   once, as with SQLite; listings bound their size with LIMIT. Named
 *   prepared statements need session-level connection pooling (a pooler in
 *   transaction mode would lose them).
 * - Placeholders. '?' (sequential, SQLite's rule: one more than the largest
 *   index so far) and '?N' become '$n' outside string literals (also E''
 *   strings), quoted identifiers and comments. Dollar quoting and the jsonb
 *   '?' operators are not portable SQL and are not supported. Hand-written:
 *   libpq has no placeholder translation.
 * - Typing. Parameters go as text: 'i' typed int8 (OID 20), text typed text
 *   (25), NULL untyped (0, inferred from the context). Columns are read as
 *   text; hc_stmt_int parses with strtoll (NULL reads 0; numeric from
 *   SUM(bigint) such as "123" parses, a fraction is truncated toward zero as
 *   SQLite does); booleans read as 1/0 and "1"/"0" as in SQLite.
 * - Errors. SQLSTATE class 23 (unique, foreign key, check, not null) ->
 *   HC_ECONFLICT; 40001 serialization failure, 40P01 deadlock, 55P03 lock
 *   not available, 57014 cancel (statement_timeout) -> HC_EUNAVAIL (retry);
 *   53100 disk full -> HC_EUNAVAIL; 25006 read-only transaction ->
 *   HC_EUNAVAIL; a lost or refused connection (CONNECTION_BAD, class 08,
 *   57P01..57P03, 53300 too many connections) -> HC_EUNAVAIL "Không kết nối
 *   được cơ sở dữ liệu" and the connection is reset (PQreset) before its next
 *   use, so service resumes by itself after a PostgreSQL restart. A
 *   connection found dead at BEGIN is reset and BEGIN retried once, nothing
 *   of the transaction having run; a transaction cut mid-way gets
 *   HC_EUNAVAIL (a failed COMMIT has an unknown outcome: clients retry with
 *   an Idempotency-Key). Everything else -> HC_EDB.
 * - Migrations take pg_advisory_xact_lock so two processes starting at once
 *   apply them one after the other. */
#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/log.h"
#include "db/db_int.h"

#define CACHE_SLOTS 512
#define CACHE_PROBES 8
#define MAX_PARAMS 32766 /* SQLite's default limit: portable SQL stays under it */
#define MAX_CONNS 256
#define POOL_WAIT_S 30
#define DETAIL_MAX 200 /* = sizeof hc_stmt.err_detail */
#define CONNECT_TIMEOUT "10"
/* 'haicap' in ASCII: the advisory lock key of migrations */
#define MIGRATION_LOCK "114767589237104"

#define OID_UNKNOWN 0
#define OID_BOOL 16
#define OID_INT8 20
#define OID_TEXT 25

_Static_assert(sizeof(((hc_stmt *)0)->err_detail) == DETAIL_MAX, "DETAIL_MAX");

static const char MSG_CONN[] = "Không kết nối được cơ sở dữ liệu, vui lòng thử lại";
static const char MSG_BUSY[] = "Cơ sở dữ liệu đang bận, vui lòng thử lại";
static const char MSG_CONFLICT[] = "Dữ liệu bị trùng hoặc mâu thuẫn";
static const char MSG_FULL[] = "Hết dung lượng lưu trữ trên máy chủ";
static const char MSG_READONLY[] = "Không ghi được cơ sở dữ liệu (chỉ đọc hoặc không mở được)";
static const char MSG_DB[] = "Lỗi cơ sở dữ liệu";
static const char MSG_NOMEM[] = "Hết bộ nhớ";
static const char MSG_INTERNAL[] = "Lỗi hệ thống";

typedef struct centry {
	char *sql; /* translated text; NULL: free slot */
	char *sig; /* parameter types, one of 'i' 't' 'n' each */
	unsigned id;
} centry;

typedef struct conn {
	PGconn *h;
	centry cache[CACHE_SLOTS];
	unsigned next_id;
	int in_use;
	int broken; /* lost: PQreset before the next use */
	/* first failure of the current transaction (PostgreSQL aborted it) */
	int failed;
	const char *failed_msg;
	char failed_detail[DETAIL_MAX];
	int64_t changes;
} conn;

typedef struct pool {
	char *url; /* for the client tools (backup) */
	conn *conns;
	int n;
	pthread_mutex_t lock;
	pthread_cond_t free;
} pool;

typedef struct stmt_impl {
	char *sql; /* translated, owned */
	int nparams;
	char **values; /* owned copies, NULL = SQL NULL */
	Oid *types;
	char *sig;
	PGresult *res;
	int row;
	int nrows;
	int executed;
	const char *msg; /* Vietnamese message of st->err_code */
} stmt_impl;

/* ---- errors ------------------------------------------------------------ */

typedef struct failure {
	int code;
	const char *msg;
	int lost; /* the connection is gone: reset it */
} failure;

static failure classify(const char *state, int conn_bad)
{
	if (conn_bad)
		return (failure){HC_EUNAVAIL, MSG_CONN, 1};
	if (!state || strlen(state) != 5)
		return (failure){HC_EDB, MSG_DB, 0};
	if (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
	    strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0 ||
	    strcmp(state, "53300") == 0)
		return (failure){HC_EUNAVAIL, MSG_CONN, 1};
	if (strncmp(state, "23", 2) == 0)
		return (failure){HC_ECONFLICT, MSG_CONFLICT, 0};
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
		return (failure){HC_EUNAVAIL, MSG_BUSY, 0};
	if (strcmp(state, "53100") == 0)
		return (failure){HC_EUNAVAIL, MSG_FULL, 0};
	if (strcmp(state, "25006") == 0)
		return (failure){HC_EUNAVAIL, MSG_READONLY, 0};
	return (failure){HC_EDB, MSG_DB, 0};
}

/* Copies a libpq message without its trailing newline. */
static void one_line(char *dst, size_t cap, const char *what, const char *state, const char *msg)
{
	snprintf(dst, cap, "pg %s: %s%s%s", what, state ? state : "", state ? " " : "",
	         msg && *msg ? msg : "unknown error");
	size_t n = strlen(dst);
	while (n > 0 && (dst[n - 1] == '\n' || dst[n - 1] == '\r' || dst[n - 1] == ' '))
		dst[--n] = '\0';
}

/* Classifies a failed result (r may be NULL) on c, marks c lost when it is,
 * and fills detail. */
static failure fail_of(conn *c, const PGresult *r, const char *what, char *detail, size_t cap)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg || !*msg)
		msg = r ? PQresultErrorMessage(r) : NULL;
	if (!msg || !*msg)
		msg = PQerrorMessage(c->h);
	int bad = PQstatus(c->h) == CONNECTION_BAD;
	failure f = r || bad ? classify(state, bad) : (failure){HC_ENOMEM, MSG_NOMEM, 0};
	if (f.lost)
		c->broken = 1;
	one_line(detail, cap, what, state, msg);
	return f;
}

/* Records the first failure of the transaction running on c. */
static void note_failed(conn *c, failure f, const char *detail)
{
	if (c->failed)
		return;
	c->failed = f.code;
	c->failed_msg = f.msg;
	snprintf(c->failed_detail, sizeof c->failed_detail, "%s", detail);
}

/* Runs a statement without parameters nor rows (transaction control). */
static int run(conn *c, const char *sql, const char *what, hc_err *err)
{
	PGresult *r = PQexec(c->h, sql);
	if (r && PQresultStatus(r) == PGRES_COMMAND_OK) {
		PQclear(r);
		return HC_OK;
	}
	char detail[DETAIL_MAX];
	failure f = fail_of(c, r, what, detail, sizeof detail);
	PQclear(r);
	return hc_err_set(err, f.code, NULL, f.msg, "%s", detail);
}

/* ---- connections ------------------------------------------------------- */

static void notice(void *arg, const PGresult *r)
{
	(void)arg;
	const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	/* NOTICE and below ("relation already exists, skipping") are noise */
	if (sev && strcmp(sev, "WARNING") == 0)
		hc_log_warn("postgresql: %s", msg ? msg : "");
}

static void cache_clear(conn *c)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		free(c->cache[i].sql);
		free(c->cache[i].sig);
		c->cache[i].sql = NULL;
		c->cache[i].sig = NULL;
	}
}

static int conn_open(conn *c, const char *url, hc_err *err)
{
	memset(c, 0, sizeof *c);
	/* Processed in order: the URL (expanded from dbname) may override the
	 * timeout and name; the client encoding is forced to UTF-8. */
	const char *const keys[] = {"connect_timeout", "application_name", "dbname",
	                            "client_encoding", NULL};
	const char *const vals[] = {CONNECT_TIMEOUT, "haicap", url, "UTF8", NULL};
	c->h = PQconnectdbParams(keys, vals, 1);
	if (!c->h)
		return hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "pg connect");
	if (PQstatus(c->h) != CONNECTION_OK) {
		char detail[DETAIL_MAX];
		one_line(detail, sizeof detail, "connect", NULL, PQerrorMessage(c->h));
		PQfinish(c->h);
		c->h = NULL;
		return hc_err_set(err, HC_EUNAVAIL, NULL, MSG_CONN, "%s", detail);
	}
	PQsetNoticeReceiver(c->h, notice, NULL);
	return HC_OK;
}

static void conn_close(conn *c)
{
	cache_clear(c);
	if (c->h)
		PQfinish(c->h);
	memset(c, 0, sizeof *c);
}

/* Reconnects a lost connection with its original parameters. */
static int conn_reset(conn *c, hc_err *err)
{
	cache_clear(c); /* the server forgot the session's statements */
	PQreset(c->h);
	if (PQstatus(c->h) != CONNECTION_OK) {
		char detail[DETAIL_MAX];
		one_line(detail, sizeof detail, "reconnect", NULL, PQerrorMessage(c->h));
		c->broken = 1;
		return hc_err_set(err, HC_EUNAVAIL, NULL, MSG_CONN, "%s", detail);
	}
	c->broken = 0;
	hc_log_warn("postgresql connection re-established");
	return HC_OK;
}

static void warn_async_commit(conn *c)
{
	PGresult *r = PQexec(c->h, "SHOW synchronous_commit");
	if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	    strcmp(PQgetvalue(r, 0, 0), "off") == 0)
		hc_log_warn("postgresql synchronous_commit is off: acknowledged commits may be "
		            "lost in a crash");
	PQclear(r);
}

static int pg_open(hc_db *db, const char *url, int readers, hc_err *err)
{
	if (!PQisthreadsafe())
		return hc_err_set(err, HC_EINTERNAL, NULL, MSG_INTERNAL,
		                  "libpq is not built thread-safe");
	if (readers < 1 || readers >= MAX_CONNS)
		return hc_err_set(err, HC_EINVAL, "readers",
		                  "Số kết nối cơ sở dữ liệu không hợp lệ",
		                  "readers %d outside 1..%d", readers, MAX_CONNS - 1);
	pool *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "pg pool");
	p->n = readers + 1;
	p->conns = calloc((size_t)p->n, sizeof *p->conns);
	p->url = strdup(url);
	if (!p->conns || !p->url) {
		free(p->conns);
		free(p->url);
		free(p);
		return hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "pg pool");
	}
	for (int i = 0; i < p->n; i++) {
		int rc = conn_open(&p->conns[i], url, err);
		if (rc) {
			for (int j = 0; j < i; j++)
				conn_close(&p->conns[j]);
			free(p->conns);
			free(p->url);
			free(p);
			return rc;
		}
	}
	warn_async_commit(&p->conns[0]);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->free, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&p->lock, NULL);
	db->impl = p;
	return HC_OK;
}

static void pg_close(hc_db *db)
{
	pool *p = db->impl;
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		conn_close(&p->conns[i]);
	free(p->conns);
	free(p->url);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->free);
	free(p);
	db->impl = NULL;
}

static int acquire(pool *p, conn **out, hc_err *err)
{
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += POOL_WAIT_S;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		for (int i = 0; i < p->n; i++) {
			if (!p->conns[i].in_use) {
				p->conns[i].in_use = 1;
				pthread_mutex_unlock(&p->lock);
				*out = &p->conns[i];
				return HC_OK;
			}
		}
		if (pthread_cond_timedwait(&p->free, &p->lock, &deadline) == ETIMEDOUT) {
			pthread_mutex_unlock(&p->lock);
			return hc_err_set(err, HC_EUNAVAIL, NULL, MSG_BUSY,
			                  "pg: no free connection among %d after %d s", p->n,
			                  POOL_WAIT_S);
		}
	}
}

static void release(pool *p, conn *c)
{
	if (c->h && PQstatus(c->h) == CONNECTION_BAD)
		c->broken = 1;
	pthread_mutex_lock(&p->lock);
	c->in_use = 0;
	pthread_cond_signal(&p->free);
	pthread_mutex_unlock(&p->lock);
}

/* ---- transactions ------------------------------------------------------ */

static int pg_begin(hc_tx *tx, hc_err *err)
{
	pool *p = tx->db->impl;
	conn *c = NULL;
	int rc = acquire(p, &c, err);
	if (rc)
		return rc;
	const char *sql = tx->mode == HC_TX_WRITE
	                      ? "BEGIN ISOLATION LEVEL READ COMMITTED"
	                      : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	for (int attempt = 0;; attempt++) {
		int was_reset = 0;
		if (c->broken || PQstatus(c->h) != CONNECTION_OK) {
			rc = conn_reset(c, err);
			if (rc) {
				release(p, c);
				return rc;
			}
			was_reset = 1;
		}
		rc = run(c, sql, "begin", err);
		if (!rc)
			break;
		/* Died while idle (e.g. the server restarted): nothing of this
		 * transaction has run, so reconnect and begin once more. */
		if (!c->broken || was_reset || attempt > 0) {
			release(p, c);
			return rc;
		}
	}
	c->failed = 0;
	c->failed_msg = NULL;
	c->failed_detail[0] = '\0';
	c->changes = 0;
	tx->conn = c;
	return HC_OK;
}

static void quiet_rollback(conn *c)
{
	if (!c->broken && PQtransactionStatus(c->h) != PQTRANS_IDLE) {
		PGresult *r = PQexec(c->h, "ROLLBACK");
		if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
			char detail[DETAIL_MAX];
			fail_of(c, r, "rollback", detail, sizeof detail);
			/* unknown state: start the session afresh */
			c->broken = 1;
		}
		PQclear(r);
	}
}

static int pg_commit(hc_tx *tx, hc_err *err)
{
	conn *c = tx->conn;
	int rc;
	if (c->failed) {
		rc = hc_err_set(err, c->failed, NULL, c->failed_msg,
		                "commit refused, transaction aborted by: %s", c->failed_detail);
		quiet_rollback(c);
	} else {
		PGresult *r = PQexec(c->h, "COMMIT");
		if (r && PQresultStatus(r) == PGRES_COMMAND_OK) {
			/* an aborted transaction answers COMMIT with ROLLBACK */
			rc = strcmp(PQcmdStatus(r), "COMMIT") == 0
			         ? HC_OK
			         : hc_err_set(err, HC_EDB, NULL, MSG_DB,
			                      "pg commit: server rolled back (%s)", PQcmdStatus(r));
		} else {
			char detail[DETAIL_MAX];
			failure f = fail_of(c, r, "commit", detail, sizeof detail);
			rc = hc_err_set(err, f.code, NULL, f.msg, "%s", detail);
		}
		PQclear(r);
		if (rc)
			quiet_rollback(c);
	}
	release(tx->db->impl, c);
	return rc;
}

static void pg_rollback(hc_tx *tx)
{
	conn *c = tx->conn;
	quiet_rollback(c);
	release(tx->db->impl, c);
}

static int pg_lock_migrations(hc_tx *tx, hc_err *err)
{
	conn *c = tx->conn;
	PGresult *r = PQexec(c->h, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")");
	if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
		PQclear(r);
		return HC_OK;
	}
	char detail[DETAIL_MAX];
	failure f = fail_of(c, r, "migration lock", detail, sizeof detail);
	PQclear(r);
	note_failed(c, f, detail);
	return hc_err_set(err, f.code, NULL, f.msg, "%s", detail);
}

static int pg_script(hc_tx *tx, const char *sql, hc_err *err)
{
	conn *c = tx->conn;
	PGresult *r = PQexec(c->h, sql);
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY) {
		PQclear(r);
		return HC_OK;
	}
	char detail[DETAIL_MAX];
	failure f = fail_of(c, r, "script", detail, sizeof detail);
	PQclear(r);
	hc_log_error("postgresql script failed: %s", detail);
	note_failed(c, f, detail);
	return hc_err_set(err, f.code, NULL, f.msg, "%s", detail);
}

static int64_t pg_changes(hc_tx *tx)
{
	return ((conn *)tx->conn)->changes;
}

/* ---- placeholders ------------------------------------------------------ */

static int ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || (unsigned char)ch >= 0x80;
}

/* End of the literal or quoted identifier opening at p (quote char *p). */
static const char *skip_quoted(const char *start, const char *p)
{
	char q = *p;
	int backslash = q == '\'' && p > start && (p[-1] == 'E' || p[-1] == 'e') &&
	                (p - 1 == start || !ident_char(p[-2]));
	for (p++; *p; p++) {
		if (backslash && *p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == q) {
			if (p[1] == q) {
				p++;
				continue;
			}
			return p + 1;
		}
	}
	return p; /* unterminated: the server reports it */
}

static const char *skip_block_comment(const char *p)
{
	int depth = 0; /* PostgreSQL nests block comments */
	while (*p) {
		if (p[0] == '/' && p[1] == '*') {
			depth++;
			p += 2;
		} else if (p[0] == '*' && p[1] == '/') {
			p += 2;
			if (--depth == 0)
				return p;
		} else {
			p++;
		}
	}
	return p;
}

/* Rewrites '?' and '?N' as '$n'. *out is the caller's (free). */
static int translate(const char *sql, char **out, int *nparams, hc_err *err)
{
	hc_buf b = HC_BUF_INIT;
	long max = 0;
	const char *p = sql;
	while (*p) {
		const char *q;
		if (*p == '\'' || *p == '"') {
			q = skip_quoted(sql, p);
		} else if (p[0] == '-' && p[1] == '-') {
			q = strchr(p, '\n');
			q = q ? q + 1 : p + strlen(p);
		} else if (p[0] == '/' && p[1] == '*') {
			q = skip_block_comment(p);
		} else if (*p == '?') {
			long n = max + 1; /* SQLite's rule for a bare '?' */
			q = p + 1;
			if (isdigit((unsigned char)*q)) {
				n = 0;
				while (isdigit((unsigned char)*q) && n <= MAX_PARAMS)
					n = n * 10 + (*q++ - '0');
			}
			if (n < 1 || n > MAX_PARAMS || isdigit((unsigned char)*q)) {
				hc_buf_free(&b);
				return hc_err_set(
				    err, HC_EDB, NULL, MSG_DB,
				    "pg prepare: placeholder outside 1..%d at offset %ld",
				    MAX_PARAMS, (long)(p - sql));
			}
			if (n > max)
				max = n;
			hc_buf_printf(&b, "$%ld", n);
			p = q;
			continue;
		} else {
			q = p + 1;
			while (*q && *q != '\'' && *q != '"' && *q != '-' && *q != '/' && *q != '?')
				q++;
		}
		hc_buf_append(&b, p, (size_t)(q - p));
		p = q;
	}
	if (b.failed) {
		hc_buf_free(&b);
		return hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "pg translate");
	}
	*out = b.data ? hc_buf_take(&b) : strdup("");
	if (!*out)
		return hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "pg translate");
	*nparams = (int)max;
	return HC_OK;
}

/* ---- statements -------------------------------------------------------- */

static void stmt_free(stmt_impl *si)
{
	if (!si)
		return;
	for (int i = 0; si->values && i < si->nparams; i++)
		free(si->values[i]);
	free(si->values);
	free(si->types);
	free(si->sig);
	free(si->sql);
	PQclear(si->res);
	free(si);
}

static int pg_prepare(hc_tx *tx, const char *sql, hc_stmt *st, hc_err *err)
{
	stmt_impl *si = calloc(1, sizeof *si);
	if (!si)
		return hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "prepare");
	int rc = translate(sql, &si->sql, &si->nparams, err);
	if (rc) {
		free(si);
		return rc;
	}
	size_t n = (size_t)si->nparams;
	si->values = calloc(n ? n : 1, sizeof *si->values);
	si->types = calloc(n ? n : 1, sizeof *si->types);
	si->sig = malloc(n + 1);
	if (!si->values || !si->types || !si->sig) {
		stmt_free(si);
		return hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "prepare");
	}
	memset(si->sig, 'n', n); /* unbound parameters are NULL, as in SQLite */
	si->sig[n] = '\0';
	si->row = -1;
	st->impl = si;
	return HC_OK;
}

static void bind_fail(hc_stmt *st, const char *why, int idx)
{
	if (st->err_code)
		return;
	st->err_code = HC_EINTERNAL;
	((stmt_impl *)st->impl)->msg = MSG_INTERNAL;
	snprintf(st->err_detail, sizeof st->err_detail, "bind %d: %s", idx, why);
}

static void set_param(hc_stmt *st, int idx, const char *text, Oid type, char kind)
{
	stmt_impl *si = st->impl;
	if (idx < 1 || idx > si->nparams) {
		bind_fail(st, "column index out of range", idx);
		return;
	}
	if (si->executed) {
		bind_fail(st, "statement already running", idx);
		return;
	}
	char *copy = NULL;
	if (text && !(copy = strdup(text))) {
		bind_fail(st, "out of memory", idx);
		return;
	}
	free(si->values[idx - 1]);
	si->values[idx - 1] = copy;
	si->types[idx - 1] = type;
	si->sig[idx - 1] = kind;
}

static void pg_bind_int(hc_stmt *st, int idx, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)v);
	set_param(st, idx, num, OID_INT8, 'i');
}

static void pg_bind_text(hc_stmt *st, int idx, const char *s)
{
	set_param(st, idx, s, OID_TEXT, 't');
}

static void pg_bind_null(hc_stmt *st, int idx)
{
	set_param(st, idx, NULL, OID_UNKNOWN, 'n');
}

static unsigned hash_key(const char *sql, const char *sig)
{
	unsigned h = 2166136261u;
	for (const char *s = sql; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	h = (h ^ '|') * 16777619u;
	for (const char *s = sig; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Finds or creates the connection's prepared statement for si; *name is ""
 * when the cache is full (run unprepared). */
static PGresult *cached_prepare(conn *c, stmt_impl *si, char *name, size_t cap, int *ok)
{
	*ok = 1;
	name[0] = '\0';
	unsigned h = hash_key(si->sql, si->sig);
	for (int probe = 0; probe < CACHE_PROBES; probe++) {
		centry *e = &c->cache[(h + (unsigned)probe) % CACHE_SLOTS];
		if (e->sql && strcmp(e->sql, si->sql) == 0 && strcmp(e->sig, si->sig) == 0) {
			snprintf(name, cap, "hc%u", e->id);
			return NULL;
		}
		if (!e->sql) {
			char *sql = strdup(si->sql), *sig = strdup(si->sig);
			if (!sql || !sig) {
				free(sql);
				free(sig);
				return NULL; /* run unprepared */
			}
			unsigned id = ++c->next_id;
			snprintf(name, cap, "hc%u", id);
			PGresult *r = PQprepare(c->h, name, si->sql, si->nparams, si->types);
			if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
				free(sql);
				free(sig);
				*ok = 0;
				return r;
			}
			PQclear(r);
			e->sql = sql;
			e->sig = sig;
			e->id = id;
			return NULL;
		}
	}
	return NULL;
}

static int execute(hc_stmt *st)
{
	stmt_impl *si = st->impl;
	conn *c = st->tx->conn;
	si->executed = 1;
	if (c->failed) {
		st->err_code = c->failed;
		si->msg = c->failed_msg;
		snprintf(st->err_detail, sizeof st->err_detail, "transaction aborted by: %.170s",
		         c->failed_detail);
		return st->err_code;
	}
	char name[24];
	int ok;
	PGresult *r = cached_prepare(c, si, name, sizeof name, &ok);
	if (ok) {
		const char *const *vals = (const char *const *)si->values;
		r = name[0]
		        ? PQexecPrepared(c->h, name, si->nparams, vals, NULL, NULL, 0)
		        : PQexecParams(c->h, si->sql, si->nparams, si->types, vals, NULL, NULL, 0);
	}
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (ok && (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK || s == PGRES_EMPTY_QUERY)) {
		const char *cmd = PQcmdStatus(r);
		if (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
		    strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "MERGE", 5) == 0)
			c->changes = strtoll(PQcmdTuples(r), NULL, 10);
		si->res = r;
		si->nrows = PQntuples(r);
		return HC_OK;
	}
	failure f;
	if (ok && r && s != PGRES_FATAL_ERROR && s != PGRES_NONFATAL_ERROR) {
		/* COPY and the like: not part of the portable interface */
		f = (failure){HC_EDB, MSG_DB, 0};
		snprintf(st->err_detail, sizeof st->err_detail, "pg exec: unexpected result %s",
		         PQresStatus(s));
	} else {
		f = fail_of(c, r, ok ? "exec" : "prepare", st->err_detail, sizeof st->err_detail);
	}
	PQclear(r);
	st->err_code = f.code;
	si->msg = f.msg;
	note_failed(c, f, st->err_detail);
	return f.code;
}

static bool pg_next(hc_stmt *st)
{
	stmt_impl *si = st->impl;
	if (!si->executed && execute(st))
		return false;
	if (!si->res || si->row >= si->nrows)
		return false;
	si->row++;
	return si->row < si->nrows;
}

static int valid_cell(stmt_impl *si, int col)
{
	return si->res && si->row >= 0 && si->row < si->nrows && col >= 0 &&
	       col < PQnfields(si->res);
}

static const char *pg_col_text(hc_stmt *st, int col)
{
	stmt_impl *si = st->impl;
	if (!valid_cell(si, col) || PQgetisnull(si->res, si->row, col))
		return NULL;
	const char *v = PQgetvalue(si->res, si->row, col);
	if (PQftype(si->res, col) == OID_BOOL)
		return v[0] == 't' ? "1" : "0";
	return v;
}

static int64_t pg_col_int(hc_stmt *st, int col)
{
	const char *v = pg_col_text(st, col);
	if (!v)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (end == v)
		return 0; /* not a number: 0, as SQLite reads text */
	/* strtoll clamps to LLONG_MIN/MAX on overflow, as SQLite does; a
	 * fraction (numeric, real) is truncated toward zero */
	return (int64_t)n;
}

static bool pg_col_null(hc_stmt *st, int col)
{
	stmt_impl *si = st->impl;
	return !valid_cell(si, col) || PQgetisnull(si->res, si->row, col);
}

static int pg_finish(hc_stmt *st, hc_err *err)
{
	stmt_impl *si = st->impl;
	int rc = HC_OK;
	if (st->err_code)
		rc = hc_err_set(err, st->err_code, NULL, si->msg ? si->msg : MSG_DB, "%s",
		                st->err_detail);
	stmt_free(si);
	st->impl = NULL;
	return rc;
}

/* ---- backup and restore ------------------------------------------------ */

/* The snapshot of tx is exported and pg_dump reads exactly it, while tx
 * stays open (an exported snapshot lives as long as its transaction). */
static int pg_backup(hc_tx *tx, const char *path, hc_err *err)
{
	conn *c = tx->conn;
	pool *p = tx->db->impl;
	PGresult *r = PQexec(c->h, "SELECT pg_export_snapshot()");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		char detail[DETAIL_MAX];
		failure f = fail_of(c, r, "export snapshot", detail, sizeof detail);
		PQclear(r);
		return hc_err_set(err, f.code, NULL, f.msg, "%s", detail);
	}
	char snapshot[128];
	snprintf(snapshot, sizeof snapshot, "--snapshot=%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	hc_buf file = HC_BUF_INIT, dbname = HC_BUF_INIT;
	hc_buf_printf(&file, "--file=%s", path);
	hc_buf_printf(&dbname, "--dbname=%s", p->url);
	int rc;
	if (file.failed || dbname.failed) {
		rc = hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "backup arguments");
	} else {
		const char *const argv[] = {"pg_dump", "--format=custom", "--no-owner", snapshot,
		                            file.data, dbname.data,       NULL};
		rc = hc_db_run_tool(argv, err);
	}
	hc_buf_free(&file);
	hc_buf_free(&dbname);
	return rc;
}

static int pg_restore(const char *url, const char *path, hc_err *err)
{
	conn c;
	int rc = conn_open(&c, url, err);
	if (rc)
		return rc;
	PGresult *r = PQexec(c.h, "SELECT COUNT(*) FROM pg_catalog.pg_tables"
	                          " WHERE schemaname = current_schema()");
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	int empty = ok && strcmp(PQgetvalue(r, 0, 0), "0") == 0;
	if (!ok) {
		char detail[DETAIL_MAX];
		failure f = fail_of(&c, r, "restore target", detail, sizeof detail);
		rc = hc_err_set(err, f.code, NULL, f.msg, "%s", detail);
	} else if (!empty) {
		rc = hc_err_set(err, HC_ECONFLICT, "db",
		                "Cơ sở dữ liệu đích đã có dữ liệu; hãy phục hồi vào một cơ sở "
		                "dữ liệu mới",
		                "restore target already has tables");
	}
	PQclear(r);
	conn_close(&c);
	if (rc)
		return rc;
	hc_buf dbname = HC_BUF_INIT;
	hc_buf_printf(&dbname, "--dbname=%s", url);
	if (dbname.failed)
		return hc_err_set(err, HC_ENOMEM, NULL, MSG_NOMEM, "restore arguments");
	const char *const argv[] = {"pg_restore",
	                            "--single-transaction",
	                            "--exit-on-error",
	                            "--no-owner",
	                            "--no-privileges",
	                            dbname.data,
	                            path,
	                            NULL};
	rc = hc_db_run_tool(argv, err);
	hc_buf_free(&dbname);
	return rc;
}

const struct hc_db_ops hc_db_pg_ops = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .next = pg_next,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_null = pg_col_null,
    .finish = pg_finish,
    .changes = pg_changes,
    .script = pg_script,
    .lock_migrations = pg_lock_migrations,
    .backup = pg_backup,
    .restore = pg_restore,
    .tables_sql = "SELECT tablename FROM pg_catalog.pg_tables"
                  " WHERE schemaname = current_schema() ORDER BY tablename",
};
