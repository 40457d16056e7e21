/* Units and offices: validation, upsert, lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/unit.h"
#include "testdb.h"

static int setup(void **state)
{
	static testdb t;
	if (testdb_open(&t, "unit"))
		return -1;
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	testdb_close(*state);
	return 0;
}

static hc_unit sample(const char *code, const char *ident)
{
	hc_unit u;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.identifier, sizeof u.identifier, "%s", ident);
	snprintf(u.name, sizeof u.name, "Phường Trần Liễu");
	snprintf(u.kind, sizeof u.kind, "phuong");
	snprintf(u.province, sizeof u.province, "Thành phố Hải Phòng");
	return u;
}

static void insert_update_lookup(void **state)
{
	testdb *t = *state;
	hc_err e;
	hc_unit u = sample("10528", "TRANLIEU");
	assert_int_equal(hc_unit_upsert(t->tx, &u, 1750000000, &e), HC_OK);
	assert_true(u.id > 0);
	assert_string_equal(u.office_hours, "07:30-11:30,13:00-17:00");
	int64_t uid = 0;
	assert_int_equal(
	    hc_tx_query_int(t->tx, &e, &uid, "SELECT unit_id FROM units WHERE id = ?", "i", u.id),
	    HC_OK);
	assert_int_equal(uid, u.id);

	/* same code: update, same id; empty office hours keep the stored ones */
	hc_unit v = sample("10528", "TRANLIEU2");
	snprintf(v.name, sizeof v.name, "Phường Trần Liễu mới");
	assert_int_equal(hc_unit_upsert(t->tx, &v, 1750000001, &e), HC_OK);
	assert_int_equal(v.id, u.id);
	hc_unit got;
	assert_int_equal(hc_unit_by_code(t->tx, "10528", &got, &e), HC_OK);
	assert_string_equal(got.identifier, "TRANLIEU2");
	assert_string_equal(got.name, "Phường Trần Liễu mới");
	assert_string_equal(got.office_hours, "07:30-11:30,13:00-17:00");
	assert_int_equal(hc_unit_by_id(t->tx, u.id, &got, &e), HC_OK);
	assert_string_equal(got.code, "10528");
	assert_int_equal(testdb_count(t->tx, "SELECT COUNT(*) FROM units"), 1);

	snprintf(v.office_hours, sizeof v.office_hours, "07:00-11:00,13:30-17:30");
	assert_int_equal(hc_unit_upsert(t->tx, &v, 0, &e), HC_OK);
	assert_int_equal(hc_unit_by_id(t->tx, u.id, &got, &e), HC_OK);
	assert_string_equal(got.office_hours, "07:00-11:00,13:30-17:30");

	assert_int_equal(hc_unit_by_code(t->tx, "99999", &got, &e), HC_ENOTFOUND);
	assert_int_equal(hc_unit_by_id(t->tx, 4242, &got, &e), HC_ENOTFOUND);
}

static void identifier_taken(void **state)
{
	testdb *t = *state;
	hc_err e;
	hc_unit a = sample("10528", "TRANLIEU");
	hc_unit b = sample("19969", "TRANLIEU");
	assert_int_equal(hc_unit_upsert(t->tx, &a, 0, &e), HC_OK);
	assert_int_equal(hc_unit_upsert(t->tx, &b, 0, &e), HC_ECONFLICT);
	assert_string_equal(e.field, "identifier");
}

static void expect_invalid(testdb *t, hc_unit u, const char *field)
{
	hc_err e;
	hc_err_clear(&e);
	assert_int_equal(hc_unit_upsert(t->tx, &u, 0, &e), HC_EINVAL);
	assert_string_equal(e.field, field);
	assert_true(e.message[0] != '\0');
}

static void validation(void **state)
{
	testdb *t = *state;
	hc_unit u = sample("105-28", "X");
	expect_invalid(t, u, "code");
	u = sample("", "X");
	expect_invalid(t, u, "code");
	u = sample("10528", "X");
	u.name[0] = '\0';
	expect_invalid(t, u, "name");
	u = sample("10528", "tranlieu");
	expect_invalid(t, u, "identifier");
	u = sample("10528", "ABCDEFGHIJKLMNOPQRSTUVWXY"); /* 25 */
	expect_invalid(t, u, "identifier");
	u = sample("10528", "HP.TRANLIEU");
	u.kind[0] = 'x';
	u.kind[1] = '\0';
	expect_invalid(t, u, "kind");
	u = sample("10528", "A");
	memset(u.province, 0, sizeof u.province);
	expect_invalid(t, u, "province");
	u = sample("10528", "A");
	snprintf(u.name, sizeof u.name, "Phường\nTrần");
	expect_invalid(t, u, "name");
	u = sample("10528", "A");
	snprintf(u.province, sizeof u.province, "Hải\tPhòng");
	expect_invalid(t, u, "province");
	const char *bad_hours[] = {"7:30-11:30",
	                           "07:30-11:30,",
	                           "11:30-07:30",
	                           "07:30-11:30,11:00-17:00",
	                           "07:30-11:60",
	                           "25:00-26:00",
	                           "07:00-08:00,08:00-09:00,09:00-10:00,10:00-11:00,11:00-12:00"};
	for (size_t i = 0; i < sizeof bad_hours / sizeof *bad_hours; i++) {
		u = sample("10528", "A");
		snprintf(u.office_hours, sizeof u.office_hours, "%s", bad_hours[i]);
		expect_invalid(t, u, "office_hours");
	}
	assert_int_equal(testdb_count(t->tx, "SELECT COUNT(*) FROM units"), 0);
	hc_err e;
	u = sample("10528", "HP.TRANLIEU");
	memset(u.name, 'a', sizeof u.name - 1); /* the longest name the record holds */
	u.name[sizeof u.name - 1] = '\0';
	snprintf(u.office_hours, sizeof u.office_hours, "07:00-11:00,13:00-24:00");
	assert_int_equal(hc_unit_upsert(t->tx, &u, 0, &e), HC_OK);
}

static void names_are_nfc(void **state)
{
	testdb *t = *state;
	hc_err e;
	hc_unit u = sample("10891", "HABAC");
	/* "Xã Hà Bắc" with combining marks: a + U+0300, a + U+0306 + U+0301 */
	snprintf(u.name, sizeof u.name, "X\x61\xCC\x83 H\x61\xCC\x80 B\x61\xCC\x86\xCC\x81\x63");
	assert_int_equal(hc_unit_upsert(t->tx, &u, 0, &e), HC_OK);
	assert_string_equal(u.name, "Xã Hà Bắc");
	hc_unit got;
	assert_int_equal(hc_unit_by_code(t->tx, "10891", &got, &e), HC_OK);
	assert_string_equal(got.name, "Xã Hà Bắc");
}

static int collect(const hc_unit *u, void *ctx)
{
	char *out = ctx;
	strcat(out, u->code);
	strcat(out, " ");
	return strcmp(u->code, "11341") == 0; /* stop after this one */
}

static void each_in_code_order(void **state)
{
	testdb *t = *state;
	hc_err e;
	const char *codes[] = {"19969", "00127", "11341", "11440"};
	const char *ids[] = {"KIMTRA", "VIETHUNG", "ANPHONG", "HAIAN"};
	for (int i = 0; i < 4; i++) {
		hc_unit u = sample(codes[i], ids[i]);
		assert_int_equal(hc_unit_upsert(t->tx, &u, 0, &e), HC_OK);
	}
	char seen[64] = "";
	assert_int_equal(hc_unit_each(t->tx, collect, seen, &e), HC_OK);
	assert_string_equal(seen, "00127 11341 ");
}

static void offices(void **state)
{
	testdb *t = *state;
	hc_err e;
	hc_unit a = sample("10528", "TRANLIEU");
	hc_unit b = sample("19969", "KIMTRA");
	assert_int_equal(hc_unit_upsert(t->tx, &a, 0, &e), HC_OK);
	assert_int_equal(hc_unit_upsert(t->tx, &b, 0, &e), HC_OK);
	hc_office o = {.unit_id = a.id};
	snprintf(o.code, sizeof o.code, "VP");
	snprintf(o.name, sizeof o.name, "Văn phòng HĐND và UBND");
	assert_int_equal(hc_office_upsert(t->tx, &o, &e), HC_OK);
	assert_true(o.id > 0);
	hc_office o2 = {.unit_id = b.id};
	snprintf(o2.code, sizeof o2.code, "VP");
	snprintf(o2.name, sizeof o2.name, "Văn phòng");
	assert_int_equal(hc_office_upsert(t->tx, &o2, &e), HC_OK);
	assert_true(o2.id != o.id);
	/* update by (unit, code) */
	hc_office o3 = {.unit_id = a.id};
	snprintf(o3.code, sizeof o3.code, "VP");
	snprintf(o3.name, sizeof o3.name, "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân");
	assert_int_equal(hc_office_upsert(t->tx, &o3, &e), HC_OK);
	assert_int_equal(o3.id, o.id);
	hc_office got;
	assert_int_equal(hc_office_by_code(t->tx, a.id, "VP", &got, &e), HC_OK);
	assert_string_equal(got.name, "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân");
	assert_int_equal(hc_office_by_id(t->tx, o2.id, &got, &e), HC_OK);
	assert_int_equal(got.unit_id, b.id);
	assert_int_equal(hc_office_by_code(t->tx, a.id, "KT", &got, &e), HC_ENOTFOUND);
	/* validation */
	hc_office bad = {.unit_id = a.id};
	snprintf(bad.code, sizeof bad.code, "V P");
	snprintf(bad.name, sizeof bad.name, "x");
	assert_int_equal(hc_office_upsert(t->tx, &bad, &e), HC_EINVAL);
	assert_string_equal(e.field, "code");
	snprintf(bad.code, sizeof bad.code, "KT");
	bad.name[0] = '\0';
	assert_int_equal(hc_office_upsert(t->tx, &bad, &e), HC_EINVAL);
	assert_string_equal(e.field, "name");
	bad.unit_id = 777;
	snprintf(bad.name, sizeof bad.name, "Phòng Kinh tế");
	assert_int_equal(hc_office_upsert(t->tx, &bad, &e), HC_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(insert_update_lookup, setup, teardown),
	    cmocka_unit_test_setup_teardown(identifier_taken, setup, teardown),
	    cmocka_unit_test_setup_teardown(validation, setup, teardown),
	    cmocka_unit_test_setup_teardown(names_are_nfc, setup, teardown),
	    cmocka_unit_test_setup_teardown(each_in_code_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(offices, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
