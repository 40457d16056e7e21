/* limit: the time-limit grammar ("3d", "8h", "sameday") and the supplement
 * policy names, part of the deadline module (deadline.h), kept apart from the
 * working-time arithmetic in deadline.c. */
#include <stdio.h>
#include <string.h>

#include "domain/deadline.h"

static int bad_limit(const char *field, const char *s, hc_err *err)
{
	return hc_err_set(err, HC_EINVAL, field,
	                  "Thời hạn giải quyết không hợp lệ (ví dụ: 3d, 8h, sameday)",
	                  "invalid time limit '%s' (expected Nd, Nh or sameday)", s);
}

int hc_limit_parse(const char *s, const char *field, hc_limit *out, hc_err *err)
{
	if (!s)
		return bad_limit(field, "", err);
	if (strcmp(s, "sameday") == 0) {
		out->kind = HC_LIMIT_SAMEDAY;
		out->value = 0;
		return HC_OK;
	}
	size_t n = strlen(s);
	if (n < 2 || n > 5 || s[0] < '1' || s[0] > '9')
		return bad_limit(field, s, err);
	char unit = s[n - 1];
	long v = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return bad_limit(field, s, err);
		v = v * 10 + (s[i] - '0');
	}
	if (unit == 'd' && v <= 365) {
		out->kind = HC_LIMIT_DAYS;
	} else if (unit == 'h' && v <= 2000) {
		out->kind = HC_LIMIT_HOURS;
	} else {
		return bad_limit(field, s, err);
	}
	out->value = (int)v;
	return HC_OK;
}

const char *hc_limit_format(hc_limit l, char *buf, int cap)
{
	if (cap <= 0)
		return buf;
	switch (l.kind) {
	case HC_LIMIT_DAYS:
		snprintf(buf, (size_t)cap, "%dd", l.value);
		break;
	case HC_LIMIT_HOURS:
		snprintf(buf, (size_t)cap, "%dh", l.value);
		break;
	default:
		snprintf(buf, (size_t)cap, "sameday");
		break;
	}
	return buf;
}

int hc_limit_from_db(const char *kind, int64_t value, hc_limit *out, hc_err *err)
{
	if (kind && strcmp(kind, "sameday") == 0 && value == 0) {
		out->kind = HC_LIMIT_SAMEDAY;
		out->value = 0;
		return HC_OK;
	}
	if (kind && strcmp(kind, "d") == 0 && value >= 1 && value <= 365) {
		out->kind = HC_LIMIT_DAYS;
		out->value = (int)value;
		return HC_OK;
	}
	if (kind && strcmp(kind, "h") == 0 && value >= 1 && value <= 2000) {
		out->kind = HC_LIMIT_HOURS;
		out->value = (int)value;
		return HC_OK;
	}
	return hc_err_set(err, HC_EINTERNAL, "limit", "Dữ liệu thời hạn bị hỏng",
	                  "stored limit (%s, %lld) is invalid", kind ? kind : "NULL",
	                  (long long)value);
}

const char *hc_limit_kind_db(enum hc_limit_kind k)
{
	switch (k) {
	case HC_LIMIT_DAYS:
		return "d";
	case HC_LIMIT_HOURS:
		return "h";
	default:
		return "sameday";
	}
}

int hc_supplement_policy_parse(const char *s, const char *field, enum hc_supplement_policy *out,
                               hc_err *err)
{
	if (s && strcmp(s, "reset") == 0) {
		*out = HC_SUPPLEMENT_RESET;
		return HC_OK;
	}
	if (s && strcmp(s, "pause") == 0) {
		*out = HC_SUPPLEMENT_PAUSE;
		return HC_OK;
	}
	return hc_err_set(err, HC_EINVAL, field,
	                  "Cách tính thời hạn khi bổ sung hồ sơ phải là reset hoặc pause",
	                  "invalid supplement policy '%s' (expected reset or pause)", s ? s : "");
}

const char *hc_supplement_policy_name(enum hc_supplement_policy p)
{
	return p == HC_SUPPLEMENT_PAUSE ? "pause" : "reset";
}
