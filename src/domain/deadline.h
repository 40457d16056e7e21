/* deadline: time limits, due instants and their classification (DESIGN §3.2).
 * Owns: the limit grammar ("3d", "8h", "sameday"), walking working time
 * through a calendar's working sessions, the supplement policies (reset /
 * pause), the single extension, and early / on time / late. Pure functions:
 * instants are UTC epoch seconds; every rule computes in Vietnam local time.
 * Must not: read the clock or storage. */
#ifndef HC_DEADLINE_H
#define HC_DEADLINE_H

#include <stdint.h>

#include "core/err.h"
#include "domain/calendar.h"

enum hc_limit_kind { HC_LIMIT_DAYS, HC_LIMIT_HOURS, HC_LIMIT_SAMEDAY };

typedef struct hc_limit {
	enum hc_limit_kind kind;
	int value; /* days or hours; 0 for sameday */
} hc_limit;

/* Same-day cut-off (Decree 61/2018 practice): received at or before 15:00. */
#define HC_SAMEDAY_CUTOFF_MIN (15 * 60)

/* Parses "Nd" (1..365), "Nh" (1..2000) or "sameday". */
int hc_limit_parse(const char *s, const char *field, hc_limit *out, hc_err *err);
/* Writes the canonical text form ("3d", "8h", "sameday") into buf (>= 16). */
const char *hc_limit_format(hc_limit l, char *buf, int cap);
/* Database form: kind "d" | "h" | "sameday" with value. */
int hc_limit_from_db(const char *kind, int64_t value, hc_limit *out, hc_err *err);
const char *hc_limit_kind_db(enum hc_limit_kind k);

/* Clock start: t itself if inside a working session, else the next session
 * opening. */
int64_t hc_deadline_clock_start(const hc_calendar *cal, const hc_hours *h, int64_t t);
/* Walks `minutes` of working time forward from t (t is first moved to the
 * clock start). A result landing on a session's end stays at that end. */
int64_t hc_deadline_add_working(const hc_calendar *cal, const hc_hours *h, int64_t t,
                                int64_t minutes);
/* Working minutes in [a, b) (0 when b <= a). */
int64_t hc_deadline_working_between(const hc_calendar *cal, const hc_hours *h, int64_t a,
                                    int64_t b);
/* Due instant for a dossier received at t with limit l. Same day: the close
 * of the receipt day when received on a working day at or before the cut-off
 * and before the close, else the close of the next working day. */
int64_t hc_deadline_due(const hc_calendar *cal, const hc_hours *h, int64_t received, hc_limit l);

enum hc_supplement_policy { HC_SUPPLEMENT_RESET, HC_SUPPLEMENT_PAUSE };
int hc_supplement_policy_parse(const char *s, const char *field, enum hc_supplement_policy *out,
                               hc_err *err);
const char *hc_supplement_policy_name(enum hc_supplement_policy p);

/* New due instant when the complete supplement arrives at `resumed`, having
 * been requested at `requested`: reset restarts the full limit from
 * `resumed`; pause moves `due` by the working time spent waiting. */
int64_t hc_deadline_after_supplement(const hc_calendar *cal, const hc_hours *h,
                                     enum hc_supplement_policy p, hc_limit l, int64_t due,
                                     int64_t requested, int64_t resumed);
/* A supplement request is flagged when later than 3 working days after the
 * receipt (Decree 61/2018 Art. 15(2)b). */
bool hc_deadline_supplement_late(const hc_calendar *cal, const hc_hours *h, int64_t received,
                                 int64_t requested);
/* An extension with apology may be recorded only at least one working day
 * (one day's working minutes) before the due instant; new_due must be later
 * than due. Returns HC_OK, HC_EINVAL (field new_due) when new_due is not
 * after due, or HC_ECONFLICT when recorded too late. */
int hc_deadline_extension_check(const hc_calendar *cal, const hc_hours *h, int64_t due, int64_t at,
                                int64_t new_due, hc_err *err);

enum hc_timeliness { HC_EARLY, HC_ON_TIME, HC_LATE };
/* late: finished after due; early: finished on a local calendar day before
 * due's day; else on time. */
enum hc_timeliness hc_deadline_classify(int64_t due, int64_t finished);

#endif
