#include "http/query.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/time.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* True when s has a byte below 0x20 (hc_text_valid allows tab and newlines,
 * which have no place in a query parameter). */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return true;
	return false;
}

/* Decodes s[0..n) into dst (room for n + 1); returns the decoded length or
 * -1 on a bad escape. */
static long decode(const char *s, size_t n, char *dst)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			dst[j++] = ' ';
		} else if (s[i] == '%') {
			if (i + 2 >= n)
				return -1;
			int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			dst[j++] = (char)(h * 16 + l);
			i += 2;
		} else {
			dst[j++] = s[i];
		}
	}
	dst[j] = '\0';
	return (long)j;
}

int hc_query_parse(const char *raw, size_t n, hc_query *q, hc_err *err)
{
	q->n = 0;
	if (n > HC_QUERY_RAW_MAX)
		return hc_err_set(err, HC_EINVAL, NULL, "Chuỗi truy vấn quá dài",
		                  "query string of %zu bytes", n);
	char *out = q->storage;
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && raw[end] != '&')
			end++;
		if (end == i) { /* empty segment: "a=1&&b=2" */
			i = end + 1;
			continue;
		}
		size_t eq = i;
		while (eq < end && raw[eq] != '=')
			eq++;
		if (q->n == HC_QUERY_MAX_PARAMS)
			return hc_err_set(err, HC_EINVAL, NULL, "Quá nhiều tham số truy vấn",
			                  "more than %d query parameters", HC_QUERY_MAX_PARAMS);
		char *name = out;
		long nl = decode(raw + i, eq - i, name);
		if (nl < 0)
			return hc_err_set(err, HC_EINVAL, NULL, "Tham số truy vấn không hợp lệ",
			                  "bad percent escape in a query name");
		out += nl + 1;
		char *value = out;
		long vl = 0;
		if (eq < end) {
			vl = decode(raw + eq + 1, end - eq - 1, value);
			if (vl < 0)
				return hc_err_set(err, HC_EINVAL, name,
				                  "Tham số truy vấn không hợp lệ",
				                  "bad percent escape in query value");
		} else {
			value[0] = '\0';
		}
		out += vl + 1;
		if (nl == 0 || nl > HC_QUERY_NAME_MAX || strlen(name) != (size_t)nl ||
		    has_control(name) || !hc_text_valid(name, (size_t)nl))
			return hc_err_set(err, HC_EINVAL, NULL, "Tên tham số truy vấn không hợp lệ",
			                  "bad query parameter name");
		if (vl > HC_QUERY_VALUE_MAX)
			return hc_err_set(err, HC_EINVAL, name, "Giá trị tham số truy vấn quá dài",
			                  "query value of %ld bytes", vl);
		if (strlen(value) != (size_t)vl || has_control(value) ||
		    !hc_text_valid(value, (size_t)vl))
			return hc_err_set(err, HC_EINVAL, name,
			                  "Giá trị tham số truy vấn có ký tự không hợp lệ",
			                  "invalid UTF-8 or control character in query value");
		if (hc_query_get(q, name))
			return hc_err_set(err, HC_EINVAL, name, "Tham số truy vấn bị lặp lại",
			                  "query parameter '%s' repeated", name);
		q->names[q->n] = name;
		q->values[q->n] = value;
		q->n++;
		i = end + 1;
	}
	return HC_OK;
}

const char *hc_query_get(const hc_query *q, const char *name)
{
	for (int i = 0; i < q->n; i++)
		if (strcmp(q->names[i], name) == 0)
			return q->values[i];
	return NULL;
}

int hc_query_only(const hc_query *q, const char *const *names, hc_err *err)
{
	for (int i = 0; i < q->n; i++) {
		bool ok = false;
		for (const char *const *p = names; p && *p; p++)
			if (strcmp(*p, q->names[i]) == 0) {
				ok = true;
				break;
			}
		if (!ok)
			return hc_err_set(err, HC_EINVAL, q->names[i],
			                  "Tham số truy vấn không được hỗ trợ",
			                  "unknown query parameter '%s'", q->names[i]);
	}
	return HC_OK;
}

int hc_query_int(const hc_query *q, const char *name, int64_t min, int64_t max, int64_t def,
                 int64_t *out, hc_err *err)
{
	*out = def;
	const char *v = hc_query_get(q, name);
	if (!v)
		return HC_OK;
	char *end = NULL;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (!v[0] || errno || *end || (v[0] != '-' && (v[0] < '0' || v[0] > '9')) || x < min ||
	    x > max)
		return hc_err_set(err, HC_EINVAL, name, "Tham số phải là số nguyên hợp lệ",
		                  "query '%s' not an integer in [%lld, %lld]", name, (long long)min,
		                  (long long)max);
	*out = (int64_t)x;
	return HC_OK;
}

int hc_query_bool(const hc_query *q, const char *name, int *out, hc_err *err)
{
	*out = -1;
	const char *v = hc_query_get(q, name);
	if (!v)
		return HC_OK;
	if (strcmp(v, "true") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0)
		*out = 0;
	else
		return hc_err_set(err, HC_EINVAL, name, "Tham số phải là true hoặc false",
		                  "query '%s' not a boolean", name);
	return HC_OK;
}

int hc_query_period(const hc_query *q, int64_t *from_day, int64_t *to_day, hc_err *err)
{
	const char *from = hc_query_get(q, "from"), *to = hc_query_get(q, "to");
	if (!from || !from[0])
		return hc_err_set(err, HC_EINVAL, "from", "Thiếu ngày bắt đầu (from=YYYY-MM-DD)",
		                  "missing from");
	if (!to || !to[0])
		return hc_err_set(err, HC_EINVAL, "to", "Thiếu ngày kết thúc (to=YYYY-MM-DD)",
		                  "missing to");
	int rc;
	if ((rc = hc_parse_date(from, "from", from_day, err)) ||
	    (rc = hc_parse_date(to, "to", to_day, err)))
		return rc;
	if (*to_day <= *from_day)
		return hc_err_set(err, HC_EINVAL, "to", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "to <= from");
	if (*to_day - *from_day > HC_QUERY_PERIOD_MAX_DAYS)
		return hc_err_set(err, HC_EINVAL, "to", "Khoảng thời gian quá dài (tối đa 10 năm)",
		                  "period longer than %d days", HC_QUERY_PERIOD_MAX_DAYS);
	return HC_OK;
}
