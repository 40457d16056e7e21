/* Official schedules stored in the database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/time.h"
#include "domain/calendar_store.h"
#include "fixture.h"

static int put(fixture *f, const char *text, int *year, int *rows)
{
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	return hc_tx_end(tx, hc_calendar_store_put(tx, "VN-2027.tsv", text, year, rows, &e), &e);
}

static int64_t day(int y, int m, int d)
{
	return hc_days_from_civil(y, m, d);
}

static void stored_year_replaces_computed(void **state)
{
	fixture *f = *state;
	int year = 0, rows = 0;
	assert_int_equal(put(f,
	                     "# Lịch nghỉ năm 2027\n"
	                     "2027-02-05\toff\tTết Nguyên đán\tThông báo\n"
	                     "2027-02-08\toff\tTết Nguyên đán\tThông báo\n"
	                     "2027-02-20\twork\tLàm bù\tThông báo\n",
	                     &year, &rows),
	                 HC_OK);
	assert_int_equal(year, 2027);
	assert_int_equal(rows, 3);
	hc_calendar *cal;
	hc_err e;
	assert_int_equal(hc_calendar_open(f->db, &cal, &e), HC_OK);
	assert_false(hc_calendar_is_working(cal, day(2027, 2, 5)));
	assert_true(hc_calendar_is_working(cal, day(2027, 2, 20))); /* a Saturday */
	/* the computed 2027 holidays give way to the stored schedule */
	assert_true(hc_calendar_is_working(cal, day(2027, 2, 10)));
	/* other years keep their rules */
	assert_false(hc_calendar_is_working(cal, day(2026, 2, 17)));
	hc_calendar_free(cal);

	/* storing the year again replaces it */
	assert_int_equal(put(f, "2027-02-09\toff\tTết Nguyên đán\t\n", &year, &rows), HC_OK);
	assert_int_equal(hc_calendar_open(f->db, &cal, &e), HC_OK);
	assert_true(hc_calendar_is_working(cal, day(2027, 2, 5)));
	assert_false(hc_calendar_is_working(cal, day(2027, 2, 9)));
	hc_calendar_free(cal);
}

static void bad_file_stores_nothing(void **state)
{
	fixture *f = *state;
	int year = 0, rows = 0;
	static const char *bad[] = {
	    "2027-02-30\toff\tx\n", "2027-02-05\tmaybe\tx\n",
	    "2027-02-05\toff\n",    "2027-02-05\toff\tx\n2028-01-03\toff\ty\n",
	    "# only a comment\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(put(f, bad[i], &year, &rows), HC_EINVAL);
	hc_tx *tx;
	hc_err e;
	int64_t n = -1;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_query_int(tx, &e, &n, "SELECT COUNT(*) FROM calendar_days", ""), 0);
	hc_tx_rollback(tx);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(stored_year_replaces_computed, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(bad_file_stores_nothing, fixture_setup,
	                                    fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
