#include "core/time.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days-from-civil algorithm (public domain description). */
int64_t hc_days_from_civil(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

hc_date hc_civil_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	hc_date r = {(int)(y + (m <= 2)), (int)m, (int)d};
	return r;
}

int hc_weekday(int64_t days)
{
	int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

int hc_days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

bool hc_date_valid(int y, int m, int d)
{
	return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= hc_days_in_month(y, m);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int64_t hc_local_day(int64_t t)
{
	return floor_div(t + HC_VN_OFFSET_S, HC_DAY_S);
}

int hc_local_minute(int64_t t)
{
	int64_t s = t + HC_VN_OFFSET_S - hc_local_day(t) * HC_DAY_S;
	return (int)(s / 60);
}

int64_t hc_local_instant(int64_t day, int minute)
{
	return day * HC_DAY_S + (int64_t)minute * 60 - HC_VN_OFFSET_S;
}

/* Reads exactly n decimal digits. */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool parse_ymd(const char *s, int *y, int *m, int *d)
{
	return digits(s, 4, y) && s[4] == '-' && digits(s + 5, 2, m) && s[7] == '-' &&
	       digits(s + 8, 2, d) && hc_date_valid(*y, *m, *d);
}

int hc_parse_date(const char *s, const char *field, int64_t *day_out, hc_err *err)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || !parse_ymd(s, &y, &m, &d))
		return hc_err_set(err, HC_EINVAL, field, "Ngày không hợp lệ, cần dạng YYYY-MM-DD",
		                  "invalid date '%.40s' in %s, want YYYY-MM-DD", s ? s : "",
		                  field ? field : "-");
	*day_out = hc_days_from_civil(y, m, d);
	return HC_OK;
}

int hc_parse_local_time(const char *s, const char *field, int64_t *t_out, hc_err *err)
{
	int y, m, d, hh, mm, ss = 0;
	size_t n = s ? strlen(s) : 0;
	const char *p = s;
	if (n < 16 || !parse_ymd(p, &y, &m, &d) || (p[10] != 'T' && p[10] != ' ') ||
	    !digits(p + 11, 2, &hh) || p[13] != ':' || !digits(p + 14, 2, &mm) || hh > 23 ||
	    mm > 59)
		goto bad;
	p += 16;
	if (*p == ':') {
		if (!digits(p + 1, 2, &ss) || ss > 59)
			goto bad;
		p += 3;
	}
	int64_t offset = HC_VN_OFFSET_S;
	if (*p == 'Z') {
		offset = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 14 ||
		    om > 59)
			goto bad;
		offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		p += 6;
	}
	if (*p != '\0')
		goto bad;
	*t_out = hc_days_from_civil(y, m, d) * HC_DAY_S + hh * 3600 + mm * 60 + ss - offset;
	return HC_OK;
bad:
	return hc_err_set(err, HC_EINVAL, field,
	                  "Thời điểm không hợp lệ, cần dạng YYYY-MM-DDTHH:MM",
	                  "invalid local time '%.40s' in %s, want YYYY-MM-DDTHH:MM", s ? s : "",
	                  field ? field : "-");
}

char *hc_fmt_date(int64_t day, char buf[HC_DATE_BUF])
{
	hc_date c = hc_civil_from_days(day);
	snprintf(buf, HC_DATE_BUF, "%04d-%02d-%02d", c.y % 10000, c.m, c.d);
	return buf;
}

char *hc_fmt_vn_date(int64_t day, char buf[HC_DATE_BUF])
{
	hc_date c = hc_civil_from_days(day);
	snprintf(buf, HC_DATE_BUF, "%02d/%02d/%04d", c.d, c.m, c.y % 10000);
	return buf;
}

char *hc_fmt_local_short(int64_t t, char buf[HC_TIME_BUF])
{
	int64_t day = hc_local_day(t);
	int min = hc_local_minute(t);
	hc_date c = hc_civil_from_days(day);
	snprintf(buf, HC_TIME_BUF, "%04d-%02d-%02dT%02d:%02d", c.y % 10000, c.m, c.d, min / 60,
	         min % 60);
	return buf;
}

char *hc_fmt_local(int64_t t, char buf[HC_TIME_BUF])
{
	hc_fmt_local_short(t, buf);
	memcpy(buf + 16, "+07:00", 7);
	return buf;
}

void hc_fmt_vn_place_date(const char *place, int64_t day, char *buf, size_t cap)
{
	hc_date c = hc_civil_from_days(day);
	snprintf(buf, cap, "%s, ngày %s%d tháng %s%d năm %d", place, c.d < 10 ? "0" : "", c.d,
	         c.m < 3 ? "0" : "", c.m, c.y);
}
