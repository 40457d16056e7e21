/* Prometheus rendering of counters and histograms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/metrics.h"

static const hc_route table[] = {
    {"GET", "/healthz", HC_ROUTE_PUBLIC, 0, NULL, NULL, NULL, 0},
    {"POST", "/api/v1/dossiers", HC_ROUTE_AUTH, 0, NULL, NULL, NULL, 0},
};

static void renders(void **state)
{
	(void)state;
	hc_metrics *m;
	hc_err e;
	assert_int_equal(hc_metrics_new(table, 2, &m, &e), HC_OK);
	hc_metrics_observe(m, "GET", 0, 200, 0.001);
	hc_metrics_observe(m, "GET", 0, 200, 0.02);
	hc_metrics_observe(m, "POST", 1, 409, 0.3);
	hc_metrics_observe(m, "BREW", -1, 404, 20.0); /* odd method, unmatched, slow */
	hc_metrics_observe(m, "GET", 99, 200, 0.001); /* out-of-range index: unmatched */
	hc_buf b = HC_BUF_INIT;
	assert_int_equal(hc_metrics_render(m, &b, &e), HC_OK);
	const char *t = hc_buf_str(&b);
	assert_non_null(strstr(
	    t, "haicap_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2\n"));
	assert_non_null(strstr(t, "haicap_http_requests_total{method=\"POST\",route=\"/api/v1/"
	                          "dossiers\",status=\"409\"} 1\n"));
	assert_non_null(strstr(
	    t,
	    "haicap_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"404\"} 1\n"));
	assert_null(strstr(t, "BREW"));
	assert_non_null(strstr(t, "haicap_http_request_duration_seconds_bucket{route=\"/healthz\","
	                          "le=\"0.005\"} 1\n"));
	assert_non_null(strstr(t, "haicap_http_request_duration_seconds_bucket{route=\"/healthz\","
	                          "le=\"0.025\"} 2\n"));
	assert_non_null(strstr(t, "haicap_http_request_duration_seconds_bucket{route=\"unmatched\","
	                          "le=\"10\"} 1\n"));
	assert_non_null(strstr(t, "haicap_http_request_duration_seconds_bucket{route=\"unmatched\","
	                          "le=\"+Inf\"} 2\n"));
	assert_non_null(strstr(t, "haicap_http_request_duration_seconds_count{route=\"/api/v1/"
	                          "dossiers\"} 1\n"));
	assert_non_null(strstr(t, "# TYPE haicap_http_request_duration_seconds histogram\n"));
	hc_buf_free(&b);
	hc_metrics_free(m);
}

static void series_are_bounded(void **state)
{
	(void)state;
	hc_metrics *m;
	hc_err e;
	assert_int_equal(hc_metrics_new(table, 2, &m, &e), HC_OK);
	for (int s = 0; s < 100000; s += 7)
		hc_metrics_observe(m, "GET", 0, s, 0.001);
	hc_buf b = HC_BUF_INIT;
	assert_int_equal(hc_metrics_render(m, &b, &e), HC_OK);
	/* statuses outside 100..599 fold into 0; at most 500 distinct series */
	assert_true(b.len < 200000);
	hc_buf_free(&b);
	hc_metrics_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(renders),
	    cmocka_unit_test(series_are_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
