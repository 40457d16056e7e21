/* Lunar calendar tests: Tết and Giỗ Tổ against known Vietnamese dates, leap
 * months, and a full 1900-2100 sweep of the conversion invariants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/time.h"
#include "domain/lunar.h"

struct ymd {
	int y, m, d;
};

/* Tết Nguyên đán (1/1 lunar). Where the Vietnamese (UTC+7) date differs
 * from the Chinese (UTC+8) one: 1968-01-29 (China 01-30), 1969-02-16 (China
 * 02-17), 1985-01-21 (China 02-20), 2007-02-17 (China 02-18). Years where
 * the two differ and the historical Vietnamese date is uncertain are left
 * out (1903, 1935, 1965, 2030). */
static const struct ymd tet[] = {
    {1900, 1, 31}, {1901, 2, 19}, {1902, 2, 8},  {1904, 2, 16}, {1905, 2, 4},  {1906, 1, 25},
    {1907, 2, 13}, {1908, 2, 2},  {1909, 1, 22}, {1910, 2, 10}, {1911, 1, 30}, {1912, 2, 18},
    {1913, 2, 6},  {1914, 1, 26}, {1915, 2, 14}, {1916, 2, 3},  {1917, 1, 23}, {1918, 2, 11},
    {1919, 2, 1},  {1920, 2, 20}, {1921, 2, 8},  {1922, 1, 28}, {1923, 2, 16}, {1924, 2, 5},
    {1925, 1, 24}, {1926, 2, 13}, {1927, 2, 2},  {1928, 1, 23}, {1929, 2, 10}, {1930, 1, 30},
    {1931, 2, 17}, {1932, 2, 6},  {1933, 1, 26}, {1934, 2, 14}, {1936, 1, 24}, {1937, 2, 11},
    {1938, 1, 31}, {1939, 2, 19}, {1940, 2, 8},  {1941, 1, 27}, {1942, 2, 15}, {1943, 2, 5},
    {1944, 1, 25}, {1945, 2, 13}, {1946, 2, 2},  {1947, 1, 22}, {1948, 2, 10}, {1949, 1, 29},
    {1950, 2, 17}, {1951, 2, 6},  {1952, 1, 27}, {1953, 2, 14}, {1954, 2, 3},  {1955, 1, 24},
    {1956, 2, 12}, {1957, 1, 31}, {1958, 2, 18}, {1959, 2, 8},  {1960, 1, 28}, {1961, 2, 15},
    {1962, 2, 5},  {1963, 1, 25}, {1964, 2, 13}, {1966, 1, 21}, {1967, 2, 9},  {1968, 1, 29},
    {1969, 2, 16}, {1970, 2, 6},  {1971, 1, 27}, {1972, 2, 15}, {1973, 2, 3},  {1974, 1, 23},
    {1975, 2, 11}, {1976, 1, 31}, {1977, 2, 18}, {1978, 2, 7},  {1979, 1, 28}, {1980, 2, 16},
    {1981, 2, 5},  {1982, 1, 25}, {1983, 2, 13}, {1984, 2, 2},  {1985, 1, 21}, {1986, 2, 9},
    {1987, 1, 29}, {1988, 2, 17}, {1989, 2, 6},  {1990, 1, 27}, {1991, 2, 15}, {1992, 2, 4},
    {1993, 1, 23}, {1994, 2, 10}, {1995, 1, 31}, {1996, 2, 19}, {1997, 2, 7},  {1998, 1, 28},
    {1999, 2, 16}, {2000, 2, 5},  {2001, 1, 24}, {2002, 2, 12}, {2003, 2, 1},  {2004, 1, 22},
    {2005, 2, 9},  {2006, 1, 29}, {2007, 2, 17}, {2008, 2, 7},  {2009, 1, 26}, {2010, 2, 14},
    {2011, 2, 3},  {2012, 1, 23}, {2013, 2, 10}, {2014, 1, 31}, {2015, 2, 19}, {2016, 2, 8},
    {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5},  {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},
    {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17}, {2027, 2, 6},  {2028, 1, 26},
    {2029, 2, 13}, {2031, 1, 23}, {2032, 2, 11}, {2033, 1, 31}, {2034, 2, 19}, {2035, 2, 8},
    {2036, 1, 28}, {2037, 2, 15}, {2038, 2, 4},  {2039, 1, 24}, {2040, 2, 12}, {2050, 1, 23},
    {2100, 2, 9},
};

static int64_t civil(struct ymd x)
{
	return hc_days_from_civil(x.y, x.m, x.d);
}

static void tet_known_dates(void **state)
{
	(void)state;
	size_t n = sizeof tet / sizeof tet[0];
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++) {
		int64_t d;
		assert_true(hc_lunar_to_day((hc_lunar){tet[i].y, 1, 1, false}, &d));
		if (d != civil(tet[i]))
			fail_msg("Tết %d: got day %lld, want %04d-%02d-%02d", tet[i].y,
			         (long long)d, tet[i].y, tet[i].m, tet[i].d);
		hc_lunar l = hc_lunar_from_day(civil(tet[i]));
		assert_int_equal(l.year, tet[i].y);
		assert_int_equal(l.month, 1);
		assert_int_equal(l.day, 1);
		assert_false(l.leap);
		/* the eve is the last day of month 12 of the previous year */
		l = hc_lunar_from_day(civil(tet[i]) - 1);
		assert_int_equal(l.year, tet[i].y - 1);
		assert_int_equal(l.month, 12);
		assert_true(l.day == 29 || l.day == 30);
	}
}

static void gio_to_known_dates(void **state)
{
	(void)state;
	static const struct ymd gio_to[] = {
	    {2019, 4, 14}, {2020, 4, 2},  {2021, 4, 21}, {2022, 4, 10},
	    {2023, 4, 29}, {2024, 4, 18}, {2025, 4, 7},  {2026, 4, 26},
	};
	for (size_t i = 0; i < sizeof gio_to / sizeof gio_to[0]; i++) {
		int64_t d;
		assert_true(hc_lunar_to_day((hc_lunar){gio_to[i].y, 3, 10, false}, &d));
		assert_int_equal(d, civil(gio_to[i]));
		hc_lunar l = hc_lunar_from_day(d);
		assert_int_equal(l.month, 3);
		assert_int_equal(l.day, 10);
		assert_false(l.leap);
	}
}

/* Leap month of lunar year y, 0 if none. */
static int leap_month_of(int y)
{
	int found = 0;
	for (int m = 1; m <= 12; m++) {
		int64_t d;
		if (hc_lunar_to_day((hc_lunar){y, m, 1, true}, &d)) {
			assert_int_equal(found, 0); /* at most one */
			found = m;
		}
	}
	return found;
}

static void leap_months(void **state)
{
	(void)state;
	static const struct {
		int y, leap;
	} known[] = {
	    {2001, 4}, {2004, 2}, {2006, 7}, {2009, 5}, {2012, 4}, {2014, 9},
	    {2017, 6}, {2020, 4}, {2023, 2}, {2025, 6}, {2028, 5}, {2033, 11},
	    {2019, 0}, {2021, 0}, {2022, 0}, {2024, 0}, {2026, 0}, {2027, 0},
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		assert_int_equal(leap_month_of(known[i].y), known[i].leap);
	/* 2023: leap month 2 follows month 2 and precedes month 3 */
	int64_t m2, l2, m3;
	assert_true(hc_lunar_to_day((hc_lunar){2023, 2, 1, false}, &m2));
	assert_true(hc_lunar_to_day((hc_lunar){2023, 2, 1, true}, &l2));
	assert_true(hc_lunar_to_day((hc_lunar){2023, 3, 1, false}, &m3));
	assert_true(m2 < l2 && l2 < m3);
	assert_int_equal(l2, hc_days_from_civil(2023, 3, 22));
	hc_lunar l = hc_lunar_from_day(hc_days_from_civil(2023, 3, 22));
	assert_true(l.leap);
	assert_int_equal(l.month, 2);
	assert_int_equal(l.day, 1);
	/* 2033: leap month 11, the month after month 11 */
	int64_t m11, l11, m12;
	assert_true(hc_lunar_to_day((hc_lunar){2033, 11, 1, false}, &m11));
	assert_true(hc_lunar_to_day((hc_lunar){2033, 11, 1, true}, &l11));
	assert_true(hc_lunar_to_day((hc_lunar){2033, 12, 1, false}, &m12));
	assert_true(m11 < l11 && l11 < m12);
	l = hc_lunar_from_day(l11 + 5);
	assert_true(l.leap);
	assert_int_equal(l.month, 11);
	assert_int_equal(l.year, 2033);
}

static void impossible_dates(void **state)
{
	(void)state;
	int64_t d = 12345;
	/* no leap month in 2024, a leap 6 but no leap 5 in 2025 */
	assert_false(hc_lunar_to_day((hc_lunar){2024, 4, 1, true}, &d));
	assert_false(hc_lunar_to_day((hc_lunar){2025, 5, 1, true}, &d));
	assert_false(hc_lunar_to_day((hc_lunar){2025, 7, 1, true}, &d));
	assert_true(hc_lunar_to_day((hc_lunar){2025, 6, 1, true}, &d));
	/* out of range fields */
	assert_false(hc_lunar_to_day((hc_lunar){2025, 0, 1, false}, &d));
	assert_false(hc_lunar_to_day((hc_lunar){2025, 13, 1, false}, &d));
	assert_false(hc_lunar_to_day((hc_lunar){2025, 1, 0, false}, &d));
	assert_false(hc_lunar_to_day((hc_lunar){2025, 1, 31, false}, &d));
	assert_false(hc_lunar_to_day((hc_lunar){1899, 1, 1, false}, &d));
	assert_false(hc_lunar_to_day((hc_lunar){2200, 1, 1, false}, &d));
	/* day 30 of every 29-day month in the sweep is rejected, day 29 kept */
	int short_months = 0;
	for (int y = 1900; y <= 2100; y++)
		for (int m = 1; m <= 12; m++)
			for (int lp = 0; lp <= 1; lp++) {
				int64_t a, b;
				if (!hc_lunar_to_day((hc_lunar){y, m, 1, lp}, &a))
					continue;
				bool has30 = hc_lunar_to_day((hc_lunar){y, m, 30, lp}, &b);
				if (!has30) {
					short_months++;
					assert_true(hc_lunar_to_day((hc_lunar){y, m, 29, lp}, &b));
					hc_lunar next = hc_lunar_from_day(b + 1);
					assert_int_equal(next.day, 1);
				} else {
					assert_int_equal(b, a + 29);
				}
			}
	assert_true(short_months > 1000);
}

static void sweep_1900_2100(void **state)
{
	(void)state;
	int64_t first = hc_days_from_civil(1900, 1, 31), last = hc_days_from_civil(2100, 12, 31);
	hc_lunar prev = hc_lunar_from_day(first - 1);
	int month_len = 0, new_years = 0, months = 0;
	for (int64_t d = first; d <= last; d++) {
		hc_lunar l = hc_lunar_from_day(d);
		assert_true(l.day >= 1 && l.day <= 30);
		assert_true(l.month >= 1 && l.month <= 12);
		int64_t back;
		if (!hc_lunar_to_day(l, &back) || back != d) {
			hc_date c = hc_civil_from_days(d);
			fail_msg("round trip %04d-%02d-%02d -> %d/%d%s/%d", c.y, c.m, c.d, l.day,
			         l.month, l.leap ? "L" : "", l.year);
		}
		if (l.day == 1) {
			if (d != first) /* a full month just ended */
				assert_true(month_len == 29 || month_len == 30);
			month_len = 1;
			months++;
			/* months advance by one, or a leap month repeats the number */
			if (l.leap)
				assert_int_equal(l.month, prev.month);
			else
				assert_int_equal(l.month, prev.month % 12 + 1);
			if (l.month == 1 && !l.leap) {
				new_years++;
				hc_date c = hc_civil_from_days(d);
				assert_int_equal(l.year, c.y);
				int64_t lo = hc_days_from_civil(c.y, 1, 21);
				int64_t hi = hc_days_from_civil(c.y, 2, 20);
				if (d < lo || d > hi)
					fail_msg("Tết %d on %04d-%02d-%02d", l.year, c.y, c.m, c.d);
			} else {
				assert_int_equal(l.year, prev.year);
			}
		} else {
			assert_int_equal(l.day, prev.day + 1);
			assert_int_equal(l.month, prev.month);
			assert_int_equal(l.leap, prev.leap);
			assert_int_equal(l.year, prev.year);
			month_len++;
		}
		prev = l;
	}
	assert_int_equal(new_years, 201);
	/* 201 years of 235 months per 19 years, give or take */
	assert_true(months > 2480 && months < 2490);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tet_known_dates), cmocka_unit_test(gio_to_known_dates),
	    cmocka_unit_test(leap_months),     cmocka_unit_test(impossible_dates),
	    cmocka_unit_test(sweep_1900_2100),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
