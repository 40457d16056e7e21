/* Import engine: header matching, all-or-nothing, --skip-bad rejects,
 * procedures with office resolution and optional columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/csv.h"
#include "domain/import.h"
#include "domain/procedure.h"
#include "domain/unit.h"
#include "testdb.h"

static int setup(void **state)
{
	static testdb t;
	if (testdb_open(&t, "import"))
		return -1;
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	testdb_close(*state);
	return 0;
}

typedef struct run {
	int rc;
	hc_err err;
	hc_import_result res;
	hc_buf report, rejects;
} run;

static run import(testdb *t, const char *kind, const char *text, int64_t unit, bool skip_bad)
{
	run r;
	memset(&r, 0, sizeof r);
	hc_csv *csv;
	assert_int_equal(hc_csv_open_mem(text, strlen(text), &csv, &r.err), HC_OK);
	const hc_import_kind *k = hc_import_find(kind);
	assert_non_null(k);
	hc_import_opts o = {.name = "in.csv",
	                    .unit_id = unit,
	                    .now = 1750000000,
	                    .skip_bad = skip_bad,
	                    .report = &r.report,
	                    .rejects = &r.rejects};
	r.rc = hc_import_run(t->tx, k, csv, &o, &r.res, &r.err);
	hc_csv_free(csv);
	return r;
}

static void run_free(run *r)
{
	hc_buf_free(&r->report);
	hc_buf_free(&r->rejects);
}

static const char *good_units =
    "code,identifier,name,kind,province\n"
    "10528,TRANLIEU,Phường Trần Liễu,phuong,Thành phố Hải Phòng\n"
    "10891,HABAC,Xã Hà Bắc,xa,Thành phố Hải Phòng\n"
    "11953,BACHLONGVI,Đặc khu Bạch Long Vĩ,dac_khu,Thành phố Hải Phòng\n";

static void good_file(void **state)
{
	testdb *t = *state;
	run r = import(t, "units", good_units, 0, false);
	assert_int_equal(r.rc, HC_OK);
	assert_int_equal(r.res.imported, 3);
	assert_int_equal(r.res.rejected, 0);
	assert_string_equal(hc_buf_str(&r.report), "");
	assert_int_equal(testdb_count(t->tx, "SELECT COUNT(*) FROM units"), 3);
	run_free(&r);
	/* columns in another order, header case-insensitive; re-import updates */
	r = import(t, "units",
	           "Province,KIND,name,identifier,code\r\n"
	           "Thành phố Hải Phòng,xa,Xã Hà Bắc mới,HABAC,10891\r\n",
	           0, false);
	assert_int_equal(r.rc, HC_OK);
	assert_int_equal(r.res.imported, 1);
	hc_unit u;
	hc_err e;
	assert_int_equal(hc_unit_by_code(t->tx, "10891", &u, &e), HC_OK);
	assert_string_equal(u.name, "Xã Hà Bắc mới");
	assert_int_equal(testdb_count(t->tx, "SELECT COUNT(*) FROM units"), 3);
	run_free(&r);
}

static const char *bad_units = "code,identifier,name,kind,province\n"
                               "10528,TRANLIEU,Phường Trần Liễu,phuong,Thành phố Hải Phòng\n"
                               "10891,HABAC,Xã Hà Bắc,town,Thành phố Hải Phòng\n"
                               "11953,BACHLONGVI,\"Đặc khu\nBạch Long Vĩ\",dac_khu,Hải Phòng\n"
                               "11440,HAIAN,Phường Hải An\n"
                               "11341,ANPHONG,Phường An Phong,phuong,Thành phố Hải Phòng\n";

static void bad_line_imports_nothing(void **state)
{
	testdb *t = *state;
	run r = import(t, "units", bad_units, 0, false);
	assert_int_equal(r.rc, HC_EINVAL);
	assert_int_equal(r.res.rejected, 3);
	assert_string_equal(
	    hc_buf_str(&r.report),
	    "in.csv:3: kind: unknown unit kind 'town' (expected xa, phuong, dac_khu or tinh)"
	    " — Loại đơn vị phải là xa, phuong, dac_khu hoặc tinh\n"
	    "in.csv:4: name: name contains a line break or tab"
	    " — Tên đơn vị không được chứa dấu xuống dòng hoặc tab\n"
	    "in.csv:6: record has 3 fields, the header has 5"
	    " — Dòng 6: có 3 cột nhưng dòng tiêu đề có 5 cột\n");
	assert_string_equal(r.err.detail, "in.csv: 3 bad lines, nothing imported");
	assert_string_equal(hc_buf_str(&r.rejects), "");
	run_free(&r);
	/* the caller rolls back: nothing is left */
	hc_tx_rollback(t->tx);
	hc_err e;
	assert_int_equal(hc_tx_begin(t->db, HC_TX_WRITE, &t->tx, &e), HC_OK);
	assert_int_equal(testdb_count(t->tx, "SELECT COUNT(*) FROM units"), 0);
}

static void skip_bad_keeps_the_good_rows(void **state)
{
	testdb *t = *state;
	run r = import(t, "units", bad_units, 0, true);
	assert_int_equal(r.rc, HC_OK);
	assert_int_equal(r.res.imported, 2);
	assert_int_equal(r.res.rejected, 3);
	assert_string_equal(hc_buf_str(&r.rejects),
	                    "code,identifier,name,kind,province\n"
	                    "10891,HABAC,Xã Hà Bắc,town,Thành phố Hải Phòng\n"
	                    "11953,BACHLONGVI,\"Đặc khu\nBạch Long Vĩ\",dac_khu,Hải Phòng\n"
	                    "11440,HAIAN,Phường Hải An\n");
	assert_int_equal(testdb_count(t->tx, "SELECT COUNT(*) FROM units"), 2);
	hc_unit u;
	hc_err e;
	assert_int_equal(hc_unit_by_code(t->tx, "11341", &u, &e), HC_OK);
	assert_int_equal(hc_unit_by_code(t->tx, "10891", &u, &e), HC_ENOTFOUND);
	run_free(&r);
	/* the rejects file is itself importable once fixed */
	r = import(t, "units",
	           "code,identifier,name,kind,province\n"
	           "10891,HABAC,Xã Hà Bắc,xa,Thành phố Hải Phòng\n",
	           0, true);
	assert_int_equal(r.rc, HC_OK);
	assert_int_equal(r.res.imported, 1);
	assert_string_equal(hc_buf_str(&r.rejects), "");
	run_free(&r);
}

static void header_mismatch(void **state)
{
	testdb *t = *state;
	run r = import(t, "units", "code,identifier,name,kind\n1,A,B,xa\n", 0, true);
	assert_int_equal(r.rc, HC_EINVAL);
	assert_string_equal(r.err.field, "province");
	assert_string_equal(r.err.detail, "in.csv:1: missing column 'province' (expected "
	                                  "code,identifier,name,kind,province)");
	run_free(&r);
	r = import(t, "units", "code,identifier,name,kind,province,population\n", 0, false);
	assert_int_equal(r.rc, HC_EINVAL);
	assert_string_equal(r.err.field, "population");
	assert_string_equal(r.err.detail, "in.csv:1: unknown column 'population' (expected "
	                                  "code,identifier,name,kind,province)");
	run_free(&r);
	r = import(t, "units", "", 0, false);
	assert_int_equal(r.rc, HC_EINVAL);
	assert_string_equal(r.err.detail, "in.csv:1: empty file: no header row");
	run_free(&r);
	/* a fatal CSV error stops even with skip_bad */
	r = import(t, "units", "code,identifier,name,kind,province\n1,\"A,B,xa,P\n", 0, true);
	assert_int_equal(r.rc, HC_EINVAL);
	assert_string_equal(r.err.detail, "in.csv:2: unterminated quoted field");
	run_free(&r);
	/* procedures need a unit */
	r = import(t, "procedures", "code\n", 0, false);
	assert_int_equal(r.rc, HC_EINVAL);
	assert_string_equal(r.err.field, "unit");
	run_free(&r);
	assert_null(hc_import_find("nothing"));
}

static int64_t setup_unit(testdb *t)
{
	run r = import(t, "units", good_units, 0, false);
	assert_int_equal(r.rc, HC_OK);
	run_free(&r);
	r = import(t, "offices",
	           "unit_code,code,name\n"
	           "10528,VP,Văn phòng HĐND và UBND\n"
	           "10528,KT,\"Phòng Kinh tế, Hạ tầng và Đô thị\"\n"
	           "10891,VP,Văn phòng HĐND và UBND\n",
	           0, false);
	assert_int_equal(r.rc, HC_OK);
	assert_int_equal(r.res.imported, 3);
	run_free(&r);
	hc_unit u;
	hc_err e;
	assert_int_equal(hc_unit_by_code(t->tx, "10528", &u, &e), HC_OK);
	return u.id;
}

static void procedures(void **state)
{
	testdb *t = *state;
	int64_t unit = setup_unit(t);
	run r = import(t, "procedures",
	               "code,name,field,limit,online_level,fee,supplement_policy,office,components,"
	               "boundary_free,legal_basis\n"
	               "1.001193,Đăng ký khai sinh,Hộ tịch,sameday,full,0,reset,VP,"
	               "\"Tờ khai; Giấy chứng sinh ;;\",0,Luật Hộ tịch 2014\n"
	               "1.001612,Đăng ký thành lập hộ kinh doanh,Hộ kinh doanh,3d,full,100000,"
	               "pause,KT,,yes,\n",
	               unit, false);
	assert_int_equal(r.rc, HC_OK);
	assert_int_equal(r.res.imported, 2);
	run_free(&r);
	hc_procedure p;
	hc_err e;
	assert_int_equal(hc_procedure_by_code(t->tx, unit, "1.001193", &p, &e), HC_OK);
	assert_string_equal(p.components_json, "[\"Tờ khai\",\"Giấy chứng sinh\"]");
	assert_int_equal(p.limit.kind, HC_LIMIT_SAMEDAY);
	assert_string_equal(p.legal_basis, "Luật Hộ tịch 2014");
	hc_office vp;
	assert_int_equal(hc_office_by_code(t->tx, unit, "VP", &vp, &e), HC_OK);
	assert_int_equal(p.office_id, vp.id);
	hc_procedure_clear(&p);
	assert_int_equal(hc_procedure_by_code(t->tx, unit, "1.001612", &p, &e), HC_OK);
	assert_int_equal(p.fee, 100000);
	assert_int_equal(p.limit.kind, HC_LIMIT_DAYS);
	assert_int_equal(p.limit.value, 3);
	assert_int_equal(p.supplement_policy, HC_SUPPLEMENT_PAUSE);
	assert_true(p.boundary_free);
	hc_procedure_clear(&p);

	/* the minimal columns update and keep the optional values */
	r = import(t, "procedures",
	           "code,name,field,limit,online_level,fee,supplement_policy\n"
	           "1.001193,Đăng ký khai sinh,Hộ tịch,1d,partial,0,\n",
	           unit, false);
	assert_int_equal(r.rc, HC_OK);
	run_free(&r);
	assert_int_equal(hc_procedure_by_code(t->tx, unit, "1.001193", &p, &e), HC_OK);
	assert_int_equal(p.limit.kind, HC_LIMIT_DAYS);
	assert_int_equal(p.online_level, HC_ONLINE_PARTIAL);
	assert_int_equal(p.office_id, vp.id);
	assert_string_equal(p.components_json, "[\"Tờ khai\",\"Giấy chứng sinh\"]");
	hc_procedure_clear(&p);

	/* bad values name their column */
	r = import(t, "procedures",
	           "code,name,field,limit,online_level,fee,supplement_policy,office\n"
	           "A1,Tên,Lĩnh vực,3 ngày,full,0,reset,\n"
	           "A2,Tên,Lĩnh vực,3d,online,0,reset,\n"
	           "A3,Tên,Lĩnh vực,3d,full,2.000,reset,\n"
	           "A4,Tên,Lĩnh vực,3d,full,0,later,\n"
	           "A5,Tên,Lĩnh vực,3d,full,0,reset,VHXH\n"
	           "A6,,Lĩnh vực,3d,full,0,reset,\n"
	           "A7,Tên,Lĩnh vực,3d,full,0,reset,KT\n",
	           unit, false);
	assert_int_equal(r.rc, HC_EINVAL);
	assert_int_equal(r.res.rejected, 6);
	const char *rep = hc_buf_str(&r.report);
	assert_non_null(strstr(rep, "in.csv:2: limit: "));
	assert_non_null(strstr(rep, "in.csv:3: online_level: "));
	assert_non_null(strstr(rep, "in.csv:4: fee: amount '2.000' is not a whole number"));
	assert_non_null(strstr(rep, "in.csv:5: supplement_policy: "));
	assert_non_null(strstr(rep, "in.csv:6: office: no office 'VHXH' in this unit"));
	assert_non_null(strstr(rep, "in.csv:7: name: name is required"));
	assert_null(strstr(rep, "in.csv:8"));
	run_free(&r);

	/* the effective and publication dates: optional, kept when absent,
	 * cleared by an empty value, refused when not YYYY-MM-DD */
	r = import(t, "procedures",
	           "code,name,field,limit,online_level,fee,supplement_policy,effective_on,"
	           "published_on\n"
	           "1.001193,Đăng ký khai sinh,Hộ tịch,1d,partial,0,,2025-07-01,2025-06-27\n",
	           unit, false);
	assert_int_equal(r.rc, HC_OK);
	run_free(&r);
	assert_int_equal(hc_procedure_by_code(t->tx, unit, "1.001193", &p, &e), HC_OK);
	assert_string_equal(p.effective_on, "2025-07-01");
	assert_string_equal(p.published_on, "2025-06-27");
	hc_procedure_clear(&p);
	r = import(t, "procedures",
	           "code,name,field,limit,online_level,fee,supplement_policy,published_on\n"
	           "1.001193,Đăng ký khai sinh,Hộ tịch,1d,partial,0,,\n"
	           "B1,Tên,Lĩnh vực,3d,full,0,reset,27/06/2025\n",
	           unit, true);
	rep = hc_buf_str(&r.report);
	assert_non_null(strstr(rep, "in.csv:3: published_on: "));
	run_free(&r);
	assert_int_equal(hc_procedure_by_code(t->tx, unit, "1.001193", &p, &e), HC_OK);
	assert_string_equal(p.effective_on, "2025-07-01");
	assert_string_equal(p.published_on, "");
	hc_procedure_clear(&p);
}

static void shared_parsers(void **state)
{
	(void)state;
	int64_t v;
	bool b;
	hc_err e;
	assert_int_equal(hc_import_parse_money("0", "fee", &v, &e), HC_OK);
	assert_int_equal(v, 0);
	assert_int_equal(hc_import_parse_money("1000000000000", "fee", &v, &e), HC_OK);
	assert_int_equal(hc_import_parse_money("1000000000001", "fee", &v, &e), HC_EINVAL);
	assert_int_equal(hc_import_parse_money("-5", "fee", &v, &e), HC_EINVAL);
	assert_int_equal(hc_import_parse_money("", "fee", &v, &e), HC_EINVAL);
	assert_int_equal(hc_import_parse_money("12a", "fee", &v, &e), HC_EINVAL);
	assert_string_equal(e.field, "fee");
	assert_int_equal(hc_import_parse_bool("Có", "x", &b, &e), HC_OK);
	assert_true(b);
	assert_int_equal(hc_import_parse_bool("", "x", &b, &e), HC_OK);
	assert_false(b);
	assert_int_equal(hc_import_parse_bool("maybe", "x", &b, &e), HC_EINVAL);
	char small[4];
	assert_int_equal(hc_import_copy(small, sizeof small, "abc", "f", &e), HC_OK);
	assert_int_equal(hc_import_copy(small, sizeof small, "abcd", "f", &e), HC_EINVAL);
	assert_string_equal(e.field, "f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(good_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(bad_line_imports_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(skip_bad_keeps_the_good_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(header_mismatch, setup, teardown),
	    cmocka_unit_test_setup_teardown(procedures, setup, teardown),
	    cmocka_unit_test(shared_parsers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
