/* The permission matrix: every role x every permission x own unit / other
 * unit, against the table documented in perm.h, written out here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/perm.h"

/* columns: procedure read, procedure write, dossier read, receive, assign,
 * process, decide, extend, return, stats read, staff manage, unit manage,
 * audit read, feedback read, receive, handle, publish. 1 = own unit, 2 =
 * every unit, 0 = never. */
static const int expected[HC_ROLE_COUNT][HC_PERM_COUNT] = {
    /*                       pr pw dr rc as pc de ex rt st sm um au fr fc fh fp */
    [HC_ROLE_RECEPTION] = {1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0},
    [HC_ROLE_SPECIALIST] = {1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0},
    [HC_ROLE_HEAD] = {1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1},
    [HC_ROLE_LEADER] = {1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1},
    [HC_ROLE_CLERK] = {1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0},
    [HC_ROLE_SUPERVISOR] = {2, 0, 2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 2, 2, 0, 0, 0},
    [HC_ROLE_ADMIN] = {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0},
    [HC_ROLE_SYSTEM] = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2},
};

static void matrix(void **state)
{
	(void)state;
	for (int r = 0; r < HC_ROLE_COUNT; r++) {
		hc_actor a = {.staff_id = 7, .unit_id = 10, .role = (enum hc_role)r};
		for (int p = 0; p < HC_PERM_COUNT; p++) {
			hc_err e;
			int own = hc_perm_check(&a, (enum hc_perm)p, 10, &e);
			int want_own = expected[r][p] >= 1 ? HC_OK : HC_EFORBIDDEN;
			if (own != want_own)
				fail_msg("role %s perm %s own unit: got %d",
				         hc_role_name((enum hc_role)r),
				         hc_perm_name((enum hc_perm)p), own);
			if (own)
				assert_non_null(strstr(e.message, "Vai trò"));
			int other = hc_perm_check(&a, (enum hc_perm)p, 11, &e);
			int want_other = expected[r][p] == 2 ? HC_OK : HC_EFORBIDDEN;
			if (other != want_other)
				fail_msg("role %s perm %s other unit: got %d",
				         hc_role_name((enum hc_role)r),
				         hc_perm_name((enum hc_perm)p), other);
			if (other && expected[r][p] == 1)
				assert_string_equal(e.message,
				                    "Không được truy cập dữ liệu của đơn vị khác");
			if (other && expected[r][p] == 0)
				assert_non_null(strstr(e.message, "Vai trò"));
		}
	}
}

static void bad_input_refused(void **state)
{
	(void)state;
	hc_err e;
	assert_int_equal(hc_perm_check(NULL, HC_PERM_DOSSIER_READ, 1, &e), HC_EFORBIDDEN);
	hc_actor a = {.unit_id = 1, .role = (enum hc_role)99};
	assert_int_equal(hc_perm_check(&a, HC_PERM_DOSSIER_READ, 1, &e), HC_EFORBIDDEN);
	a.role = HC_ROLE_ADMIN;
	assert_int_equal(hc_perm_check(&a, (enum hc_perm)99, 1, &e), HC_EFORBIDDEN);
	assert_int_equal(hc_perm_check(&a, HC_PERM_DOSSIER_READ, 1, NULL), HC_OK);
}

static void role_names(void **state)
{
	(void)state;
	for (int r = 0; r < HC_ROLE_SYSTEM; r++) {
		enum hc_role back;
		assert_true(hc_role_parse(hc_role_name((enum hc_role)r), &back));
		assert_int_equal(back, r);
		assert_true(strlen(hc_role_label((enum hc_role)r)) > 0);
	}
	enum hc_role x;
	assert_false(hc_role_parse("system", &x));
	assert_false(hc_role_parse("Reception", &x));
	assert_false(hc_role_parse("", &x));
	assert_false(hc_role_parse(NULL, &x));
	assert_null(hc_role_name((enum hc_role)42));
	hc_actor s = hc_actor_system();
	assert_int_equal(s.role, HC_ROLE_SYSTEM);
	assert_string_equal(s.username, "system");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(matrix),
	    cmocka_unit_test(bad_input_refused),
	    cmocka_unit_test(role_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
