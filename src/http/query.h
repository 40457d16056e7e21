/* query: URL query strings ("a=1&b=x%20y").
 * Owns: decoding (percent escapes, '+' as space) with hard limits: the raw
 * string at most HC_QUERY_RAW_MAX bytes, at most HC_QUERY_MAX_PARAMS
 * parameters, names at most 64 bytes, values at most 1024 bytes, valid UTF-8
 * without control characters, no repeated name. Must not: know about routes.
 * Written by hand because libmicrohttpd's own argument parsing has none of
 * these limits and cannot report which parameter is at fault. */
#ifndef HC_QUERY_H
#define HC_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define HC_QUERY_RAW_MAX 4096
#define HC_QUERY_MAX_PARAMS 32
#define HC_QUERY_NAME_MAX 64
#define HC_QUERY_VALUE_MAX 1024

typedef struct hc_query {
	int n;
	const char *names[HC_QUERY_MAX_PARAMS];  /* point into storage */
	const char *values[HC_QUERY_MAX_PARAMS]; /* "" for "a" or "a=" */
	char storage[HC_QUERY_RAW_MAX + HC_QUERY_MAX_PARAMS * 2];
} hc_query;

/* Parses raw[0..n) (without the leading '?'; may be empty) into q. */
int hc_query_parse(const char *raw, size_t n, hc_query *q, hc_err *err);
/* Value of name, or NULL when absent. */
const char *hc_query_get(const hc_query *q, const char *name);
/* Rejects any parameter not in the NULL-terminated list names. */
int hc_query_only(const hc_query *q, const char *const *names, hc_err *err);
/* Integer parameter in [min, max]; *out = def when absent. */
int hc_query_int(const hc_query *q, const char *name, int64_t min, int64_t max, int64_t def,
                 int64_t *out, hc_err *err);
/* The period [from, to) of local days from the required parameters "from"
 * and "to" (YYYY-MM-DD), to after from, at most HC_QUERY_PERIOD_MAX_DAYS
 * long; each fault names its parameter. Days as in core/time.h. */
#define HC_QUERY_PERIOD_MAX_DAYS 3660 /* ten years */
int hc_query_period(const hc_query *q, int64_t *from_day, int64_t *to_day, hc_err *err);
/* "true" / "false"; *out = -1 when absent, else 1 or 0. */
int hc_query_bool(const hc_query *q, const char *name, int *out, hc_err *err);

#endif
