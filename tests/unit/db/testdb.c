#include "testdb.h"
#include "../testfiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HC_HAVE_PG
#include <libpq-fe.h>
#endif

static int counter;

static const char *pg_target(void)
{
	const char *u = getenv("HC_TEST_DB");
	if (u && (strncmp(u, "postgresql://", 13) == 0 || strncmp(u, "postgres://", 11) == 0))
		return u;
	return NULL;
}

bool testdb_is_pg(void)
{
	return pg_target() != NULL;
}

#ifdef HC_HAVE_PG
/* Runs one statement on the maintenance database (outside a transaction,
 * as CREATE/DROP DATABASE need). */
static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int maint(const char *sql)
{
	PGconn *c = PQconnectdb(pg_target());
	int rc = -1;
	PQsetNoticeProcessor(c, quiet, NULL);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "testdb: connect: %s", PQerrorMessage(c));
	} else {
		PGresult *r = PQexec(c, sql);
		if (PQresultStatus(r) == PGRES_COMMAND_OK)
			rc = 0;
		else
			fprintf(stderr, "testdb: %s: %s", sql, PQerrorMessage(c));
		PQclear(r);
	}
	PQfinish(c);
	return rc;
}

/* The URL with its database (the path after the authority) replaced. */
static int with_dbname(const char *url, const char *name, char *out, size_t cap)
{
	const char *auth = strstr(url, "://") + 3;
	const char *path = auth + strcspn(auth, "/?");
	const char *query = path + strcspn(path, "?");
	int n = snprintf(out, cap, "%.*s/%s%s", (int)(path - url), url, name, query);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Database name of a URL made by with_dbname (ours: letters, digits, _). */
static int dbname_of(const char *url, char *out, size_t cap)
{
	const char *auth = strstr(url, "://") + 3;
	const char *path = auth + strcspn(auth, "/?");
	if (*path != '/')
		return -1;
	size_t n = strcspn(path + 1, "?");
	if (n == 0 || n >= cap)
		return -1;
	memcpy(out, path + 1, n);
	out[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!(out[i] == '_' || (out[i] >= 'a' && out[i] <= 'z') ||
		      (out[i] >= '0' && out[i] <= '9')))
			return -1;
	return 0;
}
#endif

int testdb_create(char *url, size_t cap)
{
	counter++;
	if (pg_target()) {
#ifdef HC_HAVE_PG
		char name[64], sql[160];
		snprintf(name, sizeof name, "hct_%d_%d", (int)getpid(), counter);
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
		if (maint(sql))
			return -1;
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
		if (maint(sql))
			return -1;
		if (with_dbname(pg_target(), name, url, cap)) {
			fprintf(stderr, "testdb: URL too long\n");
			return -1;
		}
		return 0;
#else
		fprintf(stderr, "testdb: HC_TEST_DB is PostgreSQL but this build has no libpq\n");
		return -1;
#endif
	}
	int n = snprintf(url, cap, "/tmp/haicap-test-%d-%d.db", (int)getpid(), counter);
	if (n < 0 || (size_t)n >= cap)
		return -1;
	testdb_drop(url);
	return 0;
}

void testdb_drop(const char *url)
{
	if (!url || !*url)
		return;
	if (strncmp(url, "postgres", 8) == 0) {
#ifdef HC_HAVE_PG
		char name[64], sql[160];
		if (dbname_of(url, name, sizeof name) == 0) {
			snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
			maint(sql);
		}
#endif
		return;
	}
	test_remove_db(url);
}
