/* The embedded demo catalog, units and offices load and are complete. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog.h"
#include "domain/procedure.h"
#include "domain/unit.h"
#include "testdb.h"

static int setup(void **state)
{
	static testdb t;
	if (testdb_open(&t, "catalog"))
		return -1;
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	testdb_close(*state);
	return 0;
}

typedef struct tally {
	int n;
	int no_office;
	int with_fee;
	int components_empty;
	char fields[16][160];
	int nfields;
} tally;

static int count(const hc_procedure *p, void *ctx)
{
	tally *t = ctx;
	t->n++;
	if (!p->office_id)
		t->no_office++;
	if (p->fee)
		t->with_fee++;
	if (strcmp(p->components_json, "[]") == 0)
		t->components_empty++;
	for (int i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i], p->field) == 0)
			return 0;
	if (t->nfields < 16)
		snprintf(t->fields[t->nfields++], sizeof t->fields[0], "%s", p->field);
	return 0;
}

static void demo_units_and_offices(void **state)
{
	testdb *t = *state;
	hc_err e;
	long n = 0;
	assert_int_equal(hc_catalog_load_demo_units(t->tx, 1750000000, &n, &e), HC_OK);
	assert_int_equal(n, 8);
	assert_int_equal(testdb_count(t->tx, "SELECT COUNT(*) FROM offices"), 28);
	hc_unit u;
	assert_int_equal(hc_unit_by_code(t->tx, "11953", &u, &e), HC_OK);
	assert_string_equal(u.name, "Đặc khu Bạch Long Vĩ");
	assert_string_equal(u.kind, "dac_khu");
	assert_int_equal(hc_unit_by_code(t->tx, "00127", &u, &e), HC_OK);
	assert_string_equal(u.identifier, "VIETHUNG");
	assert_string_equal(u.province, "Thành phố Hà Nội");
	hc_office o;
	assert_int_equal(hc_office_by_code(t->tx, u.id, "TTPVHCC", &o, &e), HC_OK);
	assert_string_equal(o.name, "Trung tâm Phục vụ hành chính công");
	/* loading twice updates, never duplicates */
	assert_int_equal(hc_catalog_load_demo_units(t->tx, 1750000000, &n, &e), HC_OK);
	assert_int_equal(testdb_count(t->tx, "SELECT COUNT(*) FROM units"), 8);
}

static void demo_catalog(void **state)
{
	testdb *t = *state;
	hc_err e;
	assert_int_equal(hc_catalog_load_demo_units(t->tx, 0, NULL, &e), HC_OK);
	hc_unit u;
	assert_int_equal(hc_unit_by_code(t->tx, "10528", &u, &e), HC_OK);
	int rc = hc_catalog_load_demo(t->tx, u.id, &e);
	if (rc)
		fail_msg("catalog: %s", e.detail);
	tally tl;
	memset(&tl, 0, sizeof tl);
	hc_procedure_query q = {.unit_id = u.id};
	assert_int_equal(hc_procedure_search(t->tx, &q, count, &tl, &e), HC_OK);
	assert_true(tl.n >= 45);
	assert_true(tl.nfields >= 8);
	assert_int_equal(tl.no_office, 0);
	assert_int_equal(tl.components_empty, 0);
	assert_true(tl.with_fee >= 10);

	hc_procedure p;
	assert_int_equal(hc_procedure_by_code(t->tx, u.id, "1.001193", &p, &e), HC_OK);
	assert_string_equal(p.name, "Đăng ký khai sinh");
	assert_int_equal(p.limit.kind, HC_LIMIT_SAMEDAY);
	assert_int_equal(p.fee, 0);
	hc_office vp;
	assert_int_equal(hc_office_by_code(t->tx, u.id, "VP", &vp, &e), HC_OK);
	assert_int_equal(p.office_id, vp.id);
	hc_procedure_clear(&p);
	assert_int_equal(hc_procedure_by_code(t->tx, u.id, "2.000815", &p, &e), HC_OK);
	assert_int_equal(p.fee, 2000);
	assert_true(p.boundary_free);
	hc_procedure_clear(&p);
	assert_int_equal(hc_procedure_by_code(t->tx, u.id, "1.001612", &p, &e), HC_OK);
	assert_int_equal(p.limit.kind, HC_LIMIT_DAYS);
	assert_int_equal(p.limit.value, 3);
	hc_office kt;
	assert_int_equal(hc_office_by_code(t->tx, u.id, "KT", &kt, &e), HC_OK);
	assert_int_equal(p.office_id, kt.id);
	hc_procedure_clear(&p);

	/* search works on the real catalog, with or without diacritics */
	tally a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	hc_procedure_query qa = {.unit_id = u.id, .q = "chung thuc"};
	hc_procedure_query qb = {.unit_id = u.id, .q = "Chứng thực"};
	assert_int_equal(hc_procedure_search(t->tx, &qa, count, &a, &e), HC_OK);
	assert_int_equal(hc_procedure_search(t->tx, &qb, count, &b, &e), HC_OK);
	assert_true(a.n >= 8);
	assert_int_equal(a.n, b.n);

	/* loading into a second unit and twice keeps one row per (unit, code) */
	hc_unit u2;
	assert_int_equal(hc_unit_by_code(t->tx, "10891", &u2, &e), HC_OK);
	assert_int_equal(hc_catalog_load_demo(t->tx, u2.id, &e), HC_OK);
	assert_int_equal(hc_catalog_load_demo(t->tx, u.id, &e), HC_OK);
	int64_t total = testdb_count(t->tx, "SELECT COUNT(*) FROM procedures");
	assert_int_equal(total, 2 * tl.n);
}

static void catalog_needs_the_offices(void **state)
{
	testdb *t = *state;
	hc_err e;
	hc_unit u = {0};
	snprintf(u.code, sizeof u.code, "90001");
	snprintf(u.identifier, sizeof u.identifier, "TEST");
	snprintf(u.name, sizeof u.name, "Xã Thử");
	snprintf(u.kind, sizeof u.kind, "xa");
	snprintf(u.province, sizeof u.province, "Tỉnh Thử");
	assert_int_equal(hc_unit_upsert(t->tx, &u, 0, &e), HC_OK);
	assert_int_equal(hc_catalog_load_demo(t->tx, u.id, &e), HC_EINVAL);
	assert_non_null(strstr(e.detail, "data/catalog/procedures.csv:2: office: no office 'VP'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(demo_units_and_offices, setup, teardown),
	    cmocka_unit_test_setup_teardown(demo_catalog, setup, teardown),
	    cmocka_unit_test_setup_teardown(catalog_needs_the_offices, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
