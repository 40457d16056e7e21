/* calendar: the working calendar (DESIGN §3.1).
 * Owns: which local days are working days and the reason for each exception:
 * weekends; statutory holidays of Labor Code 2019 Art. 112 (solar and lunar,
 * lunar dates from lunar.h) with the Art. 111(3) carry-over; the official
 * yearly schedules (data/calendar/VN-YYYY.tsv, embedded) which override the
 * computed defaults; per-unit overrides from the database; and office hours.
 * Must not: compute due dates (deadline.h) or touch storage itself: the
 * caller passes override rows in. An hc_calendar is immutable after
 * construction and safe to share between threads. */
#ifndef HC_CALENDAR_H
#define HC_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

typedef struct hc_calendar hc_calendar;

#define HC_HOURS_MAX_SESSIONS 4

/* Office hours: working sessions of a day, minutes from local midnight,
 * sorted and non-overlapping. Default 07:30-11:30 and 13:00-17:00. */
typedef struct hc_hours {
	int n;
	int start[HC_HOURS_MAX_SESSIONS];
	int end[HC_HOURS_MAX_SESSIONS];
} hc_hours;

/* Parses "07:30-11:30,13:00-17:00". */
int hc_hours_parse(const char *s, hc_hours *out, hc_err *err);
void hc_hours_default(hc_hours *out);
/* Minutes of work in one working day (480 by default). */
int hc_hours_day_minutes(const hc_hours *h);

/* Builds the calendar from the computed rules plus the embedded official
 * schedules. *out is the caller's: hc_calendar_free. */
int hc_calendar_new(hc_calendar **out, hc_err *err);
void hc_calendar_free(hc_calendar *cal);

/* Adds or replaces one day's status (an official schedule row or a unit's
 * override), before the calendar is shared. reason is copied. */
int hc_calendar_set_day(hc_calendar *cal, int64_t day, bool off, const char *reason, hc_err *err);
/* Loads schedule rows in the VN-YYYY.tsv format (text of a file). name is
 * used in error messages as NAME:LINE. */
int hc_calendar_load_tsv(hc_calendar *cal, const char *name, const char *text, hc_err *err);

/* Reads schedule text in the VN-YYYY.tsv format (date, off|work, reason,
 * legal basis; '#' comments; every row in one year): validates every row
 * first (errors "NAME:LINE: reason"), then calls fn for each row in order
 * (fn may be NULL to validate only). *year receives the file's year, 0 when
 * it has no row. */
typedef int (*hc_calendar_row_fn)(void *ctx, int64_t day, bool off, const char *reason,
                                  const char *basis, hc_err *err);
int hc_calendar_tsv_each(const char *name, const char *text, int *year, hc_calendar_row_fn fn,
                         void *ctx, hc_err *err);

/* Is the local day (days since 1970-01-01) a working day? */
bool hc_calendar_is_working(const hc_calendar *cal, int64_t day);
/* Reason text (Vietnamese) when the day differs from the plain Mon-Fri
 * week, else NULL. Set *off to the day's status. */
const char *hc_calendar_exception(const hc_calendar *cal, int64_t day, bool *off);

#endif
