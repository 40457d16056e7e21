/* SVG charts: structure, Vietnamese numbers, escaping, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "web/svg.h"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void bars(void **state)
{
	(void)state;
	hc_buf b = {0};
	hc_err e;
	const char *cat[] = {"T1", "T2", "T3"};
	int64_t rec[] = {1234, 0, 987}, fin[] = {1200, 5, 1000};
	hc_svg_series s[] = {{"Tiếp nhận", "s1", rec}, {"Đã giải quyết", "s2", fin}};
	assert_int_equal(hc_svg_bars(&b, "Theo tháng <năm>", 3, cat, 2, s, &e), HC_OK);
	assert_non_null(strstr(b.data, "<svg class=\"chart\""));
	assert_non_null(strstr(b.data, "aria-label=\"Theo tháng &lt;năm&gt;\""));
	assert_non_null(strstr(b.data, "</svg>"));
	/* 6 bars + 2 legend squares */
	assert_int_equal(count(b.data, "<rect class=\"s1\""), 4);
	assert_int_equal(count(b.data, "<rect class=\"s2\""), 4);
	assert_non_null(strstr(b.data, "T1 · Tiếp nhận: 1.234</title>"));
	/* axis top: 4 × nice(309) = 4 × 500 = 2.000, ticks 500 apart */
	assert_non_null(strstr(b.data, ">2.000</text>"));
	assert_non_null(strstr(b.data, ">1.500</text>"));
	assert_null(strstr(b.data, "style="));
	hc_buf_free(&b);
}

static void rates(void **state)
{
	(void)state;
	hc_buf b = {0};
	hc_err e;
	const char *label[] = {"Hộ tịch", "Chứng thực & \"khác\"", "Đất đai"};
	hc_rate r[] = {{197, 200}, {1, 2}, {0, 0}};
	assert_int_equal(hc_svg_rates(&b, "Đúng hạn", 3, label, r, 0.9, &e), HC_OK);
	assert_non_null(strstr(b.data, "98,5% (197/200)"));
	assert_non_null(strstr(b.data, "50% (1/2)"));
	assert_non_null(strstr(b.data, "Chứng thực &amp; &quot;khác&quot;"));
	assert_int_equal(count(b.data, "class=\"bar-ok\""), 1);
	assert_int_equal(count(b.data, "class=\"bar-bad\""), 1);
	assert_int_equal(count(b.data, ">—</text>"), 1);
	hc_buf_free(&b);
	hc_rate bad[] = {{3, 2}};
	assert_int_equal(hc_svg_rates(&b, "x", 1, label, bad, 0.9, &e), HC_EINVAL);
	hc_buf_free(&b);
}

static void stack(void **state)
{
	(void)state;
	hc_buf b = {0};
	hc_err e;
	const char *label[] = {"Trực tiếp", "Trực tuyến", "Bưu chính"};
	const char *cls[] = {"s1", "s2", "s3"};
	int64_t v[] = {1500, 450, 50};
	assert_int_equal(hc_svg_stack(&b, "Kênh", 3, label, cls, v, &e), HC_OK);
	assert_non_null(strstr(b.data, "Trực tiếp 1.500 (75%)"));
	assert_non_null(strstr(b.data, "Trực tuyến 450 (22,5%)"));
	assert_non_null(strstr(b.data, "Bưu chính 50 (2,5%)"));
	/* widths 345 + 103,5 + 11,5 = 460 */
	assert_non_null(strstr(b.data, "width=\"345.0\""));
	assert_non_null(strstr(b.data, "width=\"103.5\""));
	hc_buf_free(&b);
	int64_t zero[] = {0, 0, 0};
	assert_int_equal(hc_svg_stack(&b, "Kênh", 3, label, cls, zero, &e), HC_OK);
	assert_non_null(strstr(b.data, "Trực tiếp 0 (—)"));
	hc_buf_free(&b);
	int64_t neg[] = {1, -1, 0};
	assert_int_equal(hc_svg_stack(&b, "Kênh", 3, label, cls, neg, &e), HC_EINVAL);
	hc_buf_free(&b);
}

static void limits(void **state)
{
	(void)state;
	hc_buf b = {0};
	hc_err e;
	static const char *cat[HC_SVG_MAX_ITEMS + 1];
	static int64_t v[HC_SVG_MAX_ITEMS + 1];
	for (int i = 0; i <= HC_SVG_MAX_ITEMS; i++)
		cat[i] = "x";
	hc_svg_series s[HC_SVG_MAX_SERIES + 1];
	for (int i = 0; i <= HC_SVG_MAX_SERIES; i++)
		s[i] = (hc_svg_series){"a", "s1", v};
	assert_int_equal(hc_svg_bars(&b, "t", 0, cat, 1, s, &e), HC_EINVAL);
	assert_int_equal(hc_svg_bars(&b, "t", HC_SVG_MAX_ITEMS + 1, cat, 1, s, &e), HC_EINVAL);
	assert_int_equal(hc_svg_bars(&b, "t", 2, cat, 0, s, &e), HC_EINVAL);
	assert_int_equal(hc_svg_bars(&b, "t", 2, cat, HC_SVG_MAX_SERIES + 1, s, &e), HC_EINVAL);
	assert_int_equal(hc_svg_bars(&b, "t", HC_SVG_MAX_ITEMS, cat, HC_SVG_MAX_SERIES, s, &e),
	                 HC_OK);
	/* all zero: the axis still has ticks 0..4 */
	hc_buf_reset(&b);
	assert_int_equal(hc_svg_bars(&b, "t", 2, cat, 1, s, &e), HC_OK);
	assert_non_null(strstr(b.data, ">4</text>"));
	v[1] = -5;
	assert_int_equal(hc_svg_bars(&b, "t", 2, cat, 1, s, &e), HC_EINVAL);
	hc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bars),
	    cmocka_unit_test(rates),
	    cmocka_unit_test(stack),
	    cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
