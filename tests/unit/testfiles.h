/* Helpers shared by the unit tests for their temporary SQLite files. */
#ifndef HC_TEST_FILES_H
#define HC_TEST_FILES_H

#include <stdio.h>
#include <unistd.h>

/* Removes a test database with its WAL and shared-memory companions. */
static inline void test_remove_db(const char *path)
{
	char p[512];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

#endif
