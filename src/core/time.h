/* time: civil-date arithmetic and Vietnam local time (UTC+7, no DST).
 * Owns: conversions between UTC epoch seconds, local civil date/time and the
 * text forms used in the API, CLI and CSV ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM",
 * "YYYY-MM-DDTHH:MM+07:00"). Must not: read the clock (see clock.h).
 * Written by hand: the C library's mktime/localtime depend on the process
 * TZ and locale; these are pure, thread-safe and exact for 1900-2200. */
#ifndef HC_TIME_H
#define HC_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define HC_VN_OFFSET_S (7 * 3600)
#define HC_DAY_S 86400

/* A civil date. */
typedef struct hc_date {
	int y, m, d; /* m 1..12, d 1..31 */
} hc_date;

/* Days since 1970-01-01 for a civil date (proleptic Gregorian). */
int64_t hc_days_from_civil(int y, int m, int d);
hc_date hc_civil_from_days(int64_t days);
/* 0 = Sunday ... 6 = Saturday */
int hc_weekday(int64_t days);
bool hc_date_valid(int y, int m, int d);
int hc_days_in_month(int y, int m);

/* Local (UTC+7) day number and minute-of-day for a UTC instant. */
int64_t hc_local_day(int64_t t);
int hc_local_minute(int64_t t);
/* UTC instant of local day + minute of that day. */
int64_t hc_local_instant(int64_t day, int minute);

/* Parsers: strict, full-string; set err (field) on failure. */
int hc_parse_date(const char *s, const char *field, int64_t *day_out, hc_err *err);
/* "YYYY-MM-DDTHH:MM" (optionally ":SS", optionally "+07:00" or "Z") local. */
int hc_parse_local_time(const char *s, const char *field, int64_t *t_out, hc_err *err);

/* Formatters; buf must hold at least the sizes below. Return buf. */
#define HC_DATE_BUF 32
#define HC_TIME_BUF 48
char *hc_fmt_date(int64_t day, char buf[HC_DATE_BUF]);      /* 2026-02-25 */
char *hc_fmt_local(int64_t t, char buf[HC_TIME_BUF]);       /* 2026-02-25T16:00+07:00 */
char *hc_fmt_local_short(int64_t t, char buf[HC_TIME_BUF]); /* 2026-02-25T16:00 */
char *hc_fmt_vn_date(int64_t day, char buf[HC_DATE_BUF]);   /* 25/02/2026 */
/* The place and date line of a document (Decree 30/2020 Annex I): "Trần
 * Liễu, ngày 05 tháng 3 năm 2026", "…, ngày 12 tháng 02 năm 2026": a zero
 * before days under 10 and before months 1 and 2. */
void hc_fmt_vn_place_date(const char *place, int64_t day, char *buf, size_t cap);

#endif
