/* metrics: request counters and latency histograms in Prometheus text form.
 * Owns: haicap_http_requests_total{method,route,status} and
 * haicap_http_request_duration_seconds{route} (buckets, sum, count), kept in
 * one object owned by the server (no global state), guarded by a mutex.
 * The route label is the route's pattern ("unmatched" for 404/405 misses) and
 * the method label one of a fixed set, so clients cannot grow the series.
 * Must not: read storage (the /metrics handler adds the storage gauges). */
#ifndef HC_METRICS_H
#define HC_METRICS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "http/router.h"

typedef struct hc_metrics hc_metrics;

/* One histogram per route of routes[0..n) plus one for unmatched requests.
 * routes must outlive the object. *out is the caller's: hc_metrics_free. */
int hc_metrics_new(const hc_route *routes, size_t n, hc_metrics **out, hc_err *err);
void hc_metrics_free(hc_metrics *m);

/* Records one finished request; route_index -1 for unmatched. */
void hc_metrics_observe(hc_metrics *m, const char *method, int route_index, int status,
                        double seconds);

/* Appends the HTTP series (HELP/TYPE lines included) to b. */
int hc_metrics_render(hc_metrics *m, hc_buf *b, hc_err *err);

#endif
