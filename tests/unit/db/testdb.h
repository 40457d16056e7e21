/* testdb: where tests keep their data. HC_TEST_DB names the target: a
 * postgresql:// URL makes each call create a fresh database on that server
 * (through a maintenance connection to the URL's own database); unset or
 * anything else gives a fresh SQLite file under /tmp. */
#ifndef HC_TEST_TESTDB_H
#define HC_TEST_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

/* Fills url (cap bytes) with a fresh, empty database for hc_db_open.
 * Returns 0, or -1 with a message on stderr. */
int testdb_create(char *url, size_t cap);
/* Removes what testdb_create made (NULL or "" is ignored). */
void testdb_drop(const char *url);
/* True when the tests run against PostgreSQL. */
bool testdb_is_pg(void);

#endif
