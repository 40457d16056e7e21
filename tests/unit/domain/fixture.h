/* Test fixture shared by domain tests: a fresh database (SQLite, or PostgreSQL when HC_TEST_DB
 * names one: testdb.h) with one or two units, their offices, staff of every role and a few
 * procedures. */
#ifndef HC_TEST_FIXTURE_H
#define HC_TEST_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/actor.h"
#include "domain/calendar.h"
#include "domain/env.h"

typedef struct fixture {
	char path[256];
	hc_db *db;
	hc_calendar *cal;
	int64_t unit_a, unit_b;
	hc_actor staff_a[HC_ROLE_COUNT]; /* one actor per role in unit A */
	hc_actor reception_b;            /* reception officer of unit B */
} fixture;

/* Creates the fixture (units A "TESTA" and B "TESTB"; procedures P3D (3d,
 * fee 0, reset), PFEE (5d, fee 50000, pause), PSAME (sameday), PNONE (1d, no
 * online)). Returns 0 on success. */
int fixture_open(fixture *f);
void fixture_close(fixture *f);
/* cmocka group or test setup / teardown: *state becomes a fixture. */
int fixture_setup(void **state);
int fixture_teardown(void **state);
/* A heap buffer of n bytes (n >= 5) that sniffs as a PDF (upload.h), for
 * the size limits; NULL when out of memory. */
char *fixture_big_pdf(size_t n);
/* env for instant "YYYY-MM-DDTHH:MM" local */
hc_env fixture_env(const fixture *f, const char *local);

#endif
