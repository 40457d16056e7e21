#include "http/metrics.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBOUNDS (sizeof bounds / sizeof bounds[0])

static const char *const methods[] = {"GET",   "HEAD",   "POST",    "PUT",
                                      "PATCH", "DELETE", "OPTIONS", "OTHER"};
#define NMETHODS (sizeof methods / sizeof methods[0])

#define MAX_SERIES 1024 /* distinct (method, route, status) triples kept */

typedef struct series {
	int method; /* index in methods */
	int route;  /* -1 unmatched */
	int status;
	uint64_t count;
} series;

typedef struct histogram {
	uint64_t buckets[NBOUNDS]; /* cumulative at render time, per-bucket here */
	uint64_t count;
	double sum;
} histogram;

struct hc_metrics {
	pthread_mutex_t mu;
	const hc_route *routes;
	size_t nroutes;
	histogram *hist; /* nroutes + 1; the last one is "unmatched" */
	series *series;
	size_t nseries;
	uint64_t dropped; /* observations beyond MAX_SERIES */
};

int hc_metrics_new(const hc_route *routes, size_t n, hc_metrics **out, hc_err *err)
{
	*out = NULL;
	hc_metrics *m = calloc(1, sizeof *m);
	if (m) {
		m->hist = calloc(n + 1, sizeof *m->hist);
		m->series = calloc(MAX_SERIES, sizeof *m->series);
	}
	if (!m || !m->hist || !m->series) {
		if (m) {
			free(m->hist);
			free(m->series);
		}
		free(m);
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "metrics: out of memory");
	}
	pthread_mutex_init(&m->mu, NULL);
	m->routes = routes;
	m->nroutes = n;
	*out = m;
	return HC_OK;
}

void hc_metrics_free(hc_metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->mu);
	free(m->hist);
	free(m->series);
	free(m);
}

static int method_index(const char *method)
{
	for (size_t i = 0; i + 1 < NMETHODS; i++)
		if (strcmp(methods[i], method) == 0)
			return (int)i;
	return (int)NMETHODS - 1;
}

void hc_metrics_observe(hc_metrics *m, const char *method, int route_index, int status,
                        double seconds)
{
	if (!m)
		return;
	if (route_index < -1 || route_index >= (int)m->nroutes)
		route_index = -1;
	if (status < 100 || status > 599)
		status = 0;
	int mi = method_index(method ? method : "");
	pthread_mutex_lock(&m->mu);
	series *s = NULL;
	for (size_t i = 0; i < m->nseries; i++) {
		series *c = &m->series[i];
		if (c->method == mi && c->route == route_index && c->status == status) {
			s = c;
			break;
		}
	}
	if (!s && m->nseries < MAX_SERIES) {
		s = &m->series[m->nseries++];
		s->method = mi;
		s->route = route_index;
		s->status = status;
	}
	if (s)
		s->count++;
	else
		m->dropped++;
	histogram *h = &m->hist[route_index < 0 ? m->nroutes : (size_t)route_index];
	for (size_t b = 0; b < NBOUNDS; b++)
		if (seconds <= bounds[b]) {
			h->buckets[b]++;
			break;
		}
	h->count++;
	h->sum += seconds;
	pthread_mutex_unlock(&m->mu);
}

static const char *route_label(const hc_metrics *m, int route)
{
	return route < 0 ? "unmatched" : m->routes[route].pattern;
}

int hc_metrics_render(hc_metrics *m, hc_buf *b, hc_err *err)
{
	pthread_mutex_lock(&m->mu);
	hc_buf_puts(b, "# HELP haicap_http_requests_total HTTP requests answered.\n"
	               "# TYPE haicap_http_requests_total counter\n");
	for (size_t i = 0; i < m->nseries; i++) {
		const series *s = &m->series[i];
		hc_buf_printf(b,
		              "haicap_http_requests_total{method=\"%s\",route=\"%s\","
		              "status=\"%d\"} %llu\n",
		              methods[s->method], route_label(m, s->route), s->status,
		              (unsigned long long)s->count);
	}
	hc_buf_printf(b,
	              "# HELP haicap_http_series_dropped_total Requests not counted by series"
	              " (series limit reached).\n"
	              "# TYPE haicap_http_series_dropped_total counter\n"
	              "haicap_http_series_dropped_total %llu\n",
	              (unsigned long long)m->dropped);
	hc_buf_puts(b, "# HELP haicap_http_request_duration_seconds Time to answer a request.\n"
	               "# TYPE haicap_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r <= m->nroutes; r++) {
		const histogram *h = &m->hist[r];
		const char *label = route_label(m, r == m->nroutes ? -1 : (int)r);
		uint64_t cum = 0;
		for (size_t k = 0; k < NBOUNDS; k++) {
			cum += h->buckets[k];
			hc_buf_printf(b,
			              "haicap_http_request_duration_seconds_bucket{route=\"%s\","
			              "le=\"%g\"} %llu\n",
			              label, bounds[k], (unsigned long long)cum);
		}
		hc_buf_printf(b,
		              "haicap_http_request_duration_seconds_bucket{route=\"%s\","
		              "le=\"+Inf\"} %llu\n"
		              "haicap_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
		              "haicap_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
		              label, (unsigned long long)h->count, label, h->sum, label,
		              (unsigned long long)h->count);
	}
	pthread_mutex_unlock(&m->mu);
	if (b->failed)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "metrics: render failed");
	return HC_OK;
}
