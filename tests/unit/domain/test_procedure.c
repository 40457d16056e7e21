/* Procedures: upsert, read back, search (diacritics-insensitive), validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/procedure.h"
#include "domain/unit.h"
#include "testdb.h"

typedef struct env {
	testdb t;
	int64_t unit, unit2, office, office2;
} env;

static int setup(void **state)
{
	static env v;
	memset(&v, 0, sizeof v);
	if (testdb_open(&v.t, "procedure"))
		return -1;
	hc_err e;
	hc_unit u = {0};
	snprintf(u.code, sizeof u.code, "10528");
	snprintf(u.identifier, sizeof u.identifier, "TRANLIEU");
	snprintf(u.name, sizeof u.name, "Phường Trần Liễu");
	snprintf(u.kind, sizeof u.kind, "phuong");
	snprintf(u.province, sizeof u.province, "Thành phố Hải Phòng");
	hc_unit u2 = u;
	snprintf(u2.code, sizeof u2.code, "19969");
	snprintf(u2.identifier, sizeof u2.identifier, "KIMTRA");
	hc_office o = {0}, o2 = {0};
	snprintf(o.code, sizeof o.code, "VP");
	snprintf(o.name, sizeof o.name, "Văn phòng");
	o2 = o;
	if (hc_unit_upsert(v.t.tx, &u, 0, &e) || hc_unit_upsert(v.t.tx, &u2, 0, &e))
		return -1;
	o.unit_id = u.id;
	o2.unit_id = u2.id;
	if (hc_office_upsert(v.t.tx, &o, &e) || hc_office_upsert(v.t.tx, &o2, &e))
		return -1;
	v.unit = u.id;
	v.unit2 = u2.id;
	v.office = o.id;
	v.office2 = o2.id;
	*state = &v;
	return 0;
}

static int teardown(void **state)
{
	env *v = *state;
	testdb_close(&v->t);
	return 0;
}

static hc_procedure proc(int64_t unit, const char *code, const char *name, const char *field)
{
	hc_procedure p;
	memset(&p, 0, sizeof p);
	p.unit_id = unit;
	snprintf(p.code, sizeof p.code, "%s", code);
	snprintf(p.name, sizeof p.name, "%s", name);
	snprintf(p.field, sizeof p.field, "%s", field);
	p.limit = (hc_limit){HC_LIMIT_SAMEDAY, 0};
	p.online_level = HC_ONLINE_FULL;
	p.supplement_policy = HC_SUPPLEMENT_RESET;
	p.active = true;
	return p;
}

static void add(env *v, int64_t unit, const char *code, const char *name, const char *field)
{
	hc_procedure p = proc(unit, code, name, field);
	hc_err e;
	if (hc_procedure_upsert(v->t.tx, &p, &e))
		fail_msg("upsert %s: %s", code, e.detail);
}

static void upsert_and_read_back(void **state)
{
	env *v = *state;
	hc_err e;
	hc_procedure p = proc(v->unit, "2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực");
	p.limit = (hc_limit){HC_LIMIT_DAYS, 2};
	p.online_level = HC_ONLINE_PARTIAL;
	p.fee = 2000;
	p.supplement_policy = HC_SUPPLEMENT_PAUSE;
	p.office_id = v->office;
	p.boundary_free = true;
	p.components_json = strdup("[ \"Bản chính\" , \"Bản sao\" ]");
	snprintf(p.legal_basis, sizeof p.legal_basis, "Nghị định 23/2015/NĐ-CP");
	assert_int_equal(hc_procedure_upsert(v->t.tx, &p, &e), HC_OK);
	int64_t id = p.id;
	assert_true(id > 0);
	hc_procedure_clear(&p);
	assert_null(p.components_json);

	hc_procedure got;
	assert_int_equal(hc_procedure_by_code(v->t.tx, v->unit, "2.000815", &got, &e), HC_OK);
	assert_int_equal(got.id, id);
	assert_int_equal(got.unit_id, v->unit);
	assert_string_equal(got.name, "Chứng thực bản sao từ bản chính");
	assert_string_equal(got.field, "Chứng thực");
	assert_int_equal(got.limit.kind, HC_LIMIT_DAYS);
	assert_int_equal(got.limit.value, 2);
	assert_int_equal(got.online_level, HC_ONLINE_PARTIAL);
	assert_int_equal(got.fee, 2000);
	assert_int_equal(got.supplement_policy, HC_SUPPLEMENT_PAUSE);
	assert_int_equal(got.office_id, v->office);
	assert_true(got.boundary_free);
	assert_true(got.active);
	assert_string_equal(got.components_json, "[\"Bản chính\",\"Bản sao\"]");
	assert_string_equal(got.legal_basis, "Nghị định 23/2015/NĐ-CP");
	hc_procedure_clear(&got);

	/* update: same (unit, code) keeps the id */
	hc_procedure u = proc(v->unit, "2.000815", "Chứng thực bản sao", "Chứng thực");
	u.fee = 3000;
	u.active = false;
	assert_int_equal(hc_procedure_upsert(v->t.tx, &u, &e), HC_OK);
	assert_int_equal(u.id, id);
	assert_int_equal(hc_procedure_by_id(v->t.tx, id, &got, &e), HC_OK);
	assert_int_equal(got.fee, 3000);
	assert_false(got.active);
	assert_int_equal(got.office_id, 0);
	assert_int_equal(got.limit.kind, HC_LIMIT_SAMEDAY);
	assert_string_equal(got.components_json, "[]");
	hc_procedure_clear(&got);
	int64_t fold_n = testdb_count(v->t.tx, "SELECT COUNT(*) FROM procedures WHERE name_fold = "
	                                       "'chung thuc ban sao'");
	assert_int_equal(fold_n, 1);

	/* the same code in another unit is another procedure */
	hc_procedure w = proc(v->unit2, "2.000815", "Chứng thực bản sao", "Chứng thực");
	assert_int_equal(hc_procedure_upsert(v->t.tx, &w, &e), HC_OK);
	assert_true(w.id != id);
	assert_int_equal(hc_procedure_by_code(v->t.tx, v->unit, "9.999999", &got, &e),
	                 HC_ENOTFOUND);
	assert_int_equal(hc_procedure_by_id(v->t.tx, 99999, &got, &e), HC_ENOTFOUND);
}

typedef struct hits {
	int n;
	char codes[512];
} hits;

static int collect(const hc_procedure *p, void *ctx)
{
	hits *h = ctx;
	h->n++;
	strcat(h->codes, p->code);
	strcat(h->codes, " ");
	return 0;
}

static hits search(env *v, const char *q, const char *field, int limit)
{
	hits h;
	memset(&h, 0, sizeof h);
	hc_procedure_query query = {.unit_id = v->unit, .q = q, .field = field, .limit = limit};
	hc_err e;
	if (hc_procedure_search(v->t.tx, &query, collect, &h, &e))
		fail_msg("search '%s': %s", q ? q : "", e.detail);
	return h;
}

static void search_is_diacritic_insensitive(void **state)
{
	env *v = *state;
	add(v, v->unit, "1.001193", "Đăng ký khai sinh", "Hộ tịch");
	add(v, v->unit, "1.000894", "Đăng ký kết hôn", "Hộ tịch");
	add(v, v->unit, "1.000656", "Đăng ký khai tử", "Hộ tịch");
	add(v, v->unit, "1.001612", "Đăng ký thành lập hộ kinh doanh",
	    "Thành lập và hoạt động của hộ kinh doanh");
	add(v, v->unit, "2.000815", "Chứng thực bản sao 100% từ bản chính", "Chứng thực");
	add(v, v->unit2, "1.001193", "Đăng ký khai sinh", "Hộ tịch"); /* other unit */

	hits h = search(v, "dang ky khai sinh", NULL, 0);
	assert_string_equal(h.codes, "1.001193 ");
	h = search(v, "Đăng ký khai sinh", NULL, 0);
	assert_string_equal(h.codes, "1.001193 ");
	h = search(v, "  ĐĂNG   KÝ  ", NULL, 0);
	assert_int_equal(h.n, 4);
	h = search(v, "đang", NULL, 0); /* đ folds to d, diacritics ignored */
	assert_int_equal(h.n, 4);
	h = search(v, "khai sinh dang", NULL, 0); /* words in any order */
	assert_string_equal(h.codes, "1.001193 ");
	h = search(v, "kết", NULL, 0);
	assert_string_equal(h.codes, "1.000894 ");
	/* code search, also partial */
	h = search(v, "1.001193", NULL, 0);
	assert_string_equal(h.codes, "1.001193 ");
	h = search(v, "2.000", NULL, 0);
	assert_string_equal(h.codes, "2.000815 ");
	/* LIKE wildcards are literal */
	h = search(v, "100%", NULL, 0);
	assert_string_equal(h.codes, "2.000815 ");
	h = search(v, "%", NULL, 0);
	assert_string_equal(h.codes, "2.000815 ");
	h = search(v, "_", NULL, 0);
	assert_int_equal(h.n, 0);
	h = search(v, "khai_sinh", NULL, 0);
	assert_int_equal(h.n, 0);
	/* field filter and ordering by field then name */
	h = search(v, NULL, "Hộ tịch", 0);
	assert_string_equal(h.codes, "1.000894 1.001193 1.000656 ");
	h = search(v, "dang ky", "Hộ tịch", 2);
	assert_string_equal(h.codes, "1.000894 1.001193 ");
	h = search(v, NULL, "Không có", 0);
	assert_int_equal(h.n, 0);
	h = search(v, NULL, NULL, 0);
	assert_int_equal(h.n, 5);
}

static void search_limits(void **state)
{
	env *v = *state;
	hits h;
	memset(&h, 0, sizeof h);
	hc_err e;
	hc_procedure_query q = {.unit_id = v->unit, .q = "a b c d e f g h i"};
	assert_int_equal(hc_procedure_search(v->t.tx, &q, collect, &h, &e), HC_EINVAL);
	assert_string_equal(e.field, "q");
	q.q = "a b c d e f g h";
	assert_int_equal(hc_procedure_search(v->t.tx, &q, collect, &h, &e), HC_OK);
	q.limit = -1;
	assert_int_equal(hc_procedure_search(v->t.tx, &q, collect, &h, &e), HC_EINVAL);
	assert_string_equal(e.field, "limit");
	char longq[300];
	memset(longq, 'a', 201);
	longq[201] = '\0';
	q.limit = 0;
	q.q = longq;
	assert_int_equal(hc_procedure_search(v->t.tx, &q, collect, &h, &e), HC_EINVAL);
	q.q = "\xC3";
	assert_int_equal(hc_procedure_search(v->t.tx, &q, collect, &h, &e), HC_EINVAL);
}

static void expect_invalid(env *v, hc_procedure p, const char *field)
{
	hc_err e;
	hc_err_clear(&e);
	int rc = hc_procedure_upsert(v->t.tx, &p, &e);
	free(p.components_json);
	assert_int_not_equal(rc, HC_OK);
	assert_string_equal(e.field, field);
	assert_true(e.message[0] != '\0');
}

static void validation_names_the_field(void **state)
{
	env *v = *state;
	hc_procedure p = proc(v->unit, "1 001", "Tên", "Hộ tịch");
	expect_invalid(v, p, "code");
	p = proc(v->unit, "", "Tên", "Hộ tịch");
	expect_invalid(v, p, "code");
	p = proc(v->unit, "1.001", "", "Hộ tịch");
	expect_invalid(v, p, "name");
	p = proc(v->unit, "1.001", "Tên\tthủ tục", "Hộ tịch");
	expect_invalid(v, p, "name");
	p = proc(v->unit, "1.001", "Tên", "");
	expect_invalid(v, p, "field");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.limit = (hc_limit){HC_LIMIT_DAYS, 0};
	expect_invalid(v, p, "limit");
	p.limit = (hc_limit){HC_LIMIT_HOURS, 2001};
	expect_invalid(v, p, "limit");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.fee = -1;
	expect_invalid(v, p, "fee");
	p.fee = 1000000000001LL;
	expect_invalid(v, p, "fee");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.online_level = (enum hc_online_level)7;
	expect_invalid(v, p, "online_level");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.supplement_policy = (enum hc_supplement_policy)9;
	expect_invalid(v, p, "supplement_policy");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.office_id = v->office2; /* another unit's office */
	expect_invalid(v, p, "office");
	p.office_id = 4242;
	expect_invalid(v, p, "office");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.components_json = strdup("{\"a\":1}");
	expect_invalid(v, p, "components");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.components_json = strdup("[\"Tờ khai\", 3]");
	expect_invalid(v, p, "components");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.components_json = strdup("[\"Tờ khai\", \"\"]");
	expect_invalid(v, p, "components");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	p.components_json = strdup("[\"a\",");
	expect_invalid(v, p, "components");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	snprintf(p.effective_on, sizeof p.effective_on, "2025-02-30");
	expect_invalid(v, p, "effective_on");
	p = proc(v->unit, "1.001", "Tên", "Hộ tịch");
	snprintf(p.published_on, sizeof p.published_on, "1/7/2025");
	expect_invalid(v, p, "published_on");
	p = proc(4242, "1.001", "Tên", "Hộ tịch");
	expect_invalid(v, p, "unit");
	assert_int_equal(testdb_count(v->t.tx, "SELECT COUNT(*) FROM procedures"), 0);
}

static void online_level_names(void **state)
{
	(void)state;
	enum hc_online_level l;
	hc_err e;
	assert_int_equal(hc_online_level_parse("partial", "online_level", &l, &e), HC_OK);
	assert_int_equal(l, HC_ONLINE_PARTIAL);
	assert_int_equal(hc_online_level_parse("none", "online_level", &l, &e), HC_OK);
	assert_int_equal(l, HC_ONLINE_NONE);
	assert_string_equal(hc_online_level_name(HC_ONLINE_FULL), "full");
	assert_int_equal(hc_online_level_parse("Full", "online_level", &l, &e), HC_EINVAL);
	assert_string_equal(e.field, "online_level");
	assert_int_equal(hc_online_level_parse(NULL, "x", &l, &e), HC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(upsert_and_read_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(search_is_diacritic_insensitive, setup, teardown),
	    cmocka_unit_test_setup_teardown(search_limits, setup, teardown),
	    cmocka_unit_test_setup_teardown(validation_names_the_field, setup, teardown),
	    cmocka_unit_test(online_level_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
