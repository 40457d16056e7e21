/* Baseline for the intake benchmark: single-row inserts into SQLite, each
 * in its own durable transaction, with haicap's pragmas (WAL,
 * synchronous=FULL) and a row of the size of a dossier. Prints inserts/s.
 * Usage: raw_insert DB N */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: raw_insert DB N\n");
		return 2;
	}
	long n = strtol(argv[2], NULL, 10);
	sqlite3 *db;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db,
	             "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	             "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, code TEXT UNIQUE,"
	             " name TEXT, id_number TEXT, phone TEXT, received BIGINT, due BIGINT,"
	             " status TEXT, note TEXT)",
	             NULL, NULL, NULL);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db,
	                   "INSERT INTO t (code, name, id_number, phone, received, due, status,"
	                   " note) VALUES (?, 'Nguyễn Thị Đào', '031190001234', '0912345678',"
	                   " ?, ?, 'received', '')",
	                   -1, &st, NULL);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		char code[32];
		snprintf(code, sizeof code, "RAW-%ld-%ld", (long)a.tv_nsec, i);
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, i);
		sqlite3_bind_int64(st, 3, i + 86400);
		if (sqlite3_step(st) != SQLITE_DONE)
			return 1;
		sqlite3_reset(st);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("%.1f\n", (double)n / s);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
