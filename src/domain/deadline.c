/* deadline: see deadline.h. Legal basis: Decree 61/2018/NĐ-CP Art. 15, 19
 * (as amended) for the supplement and apology rules; the due instant walks
 * working time (DESIGN §3.2). All arithmetic is in seconds on local days. */
#include "domain/deadline.h"

#include "core/time.h"

#define MAX_WALK_DAYS 3660 /* this many days off in a row end a walk */

/* Session i of a day as UTC instants. */
static int64_t sess_start(const hc_hours *h, int64_t day, int i)
{
	return hc_local_instant(day, h->start[i]);
}

static int64_t sess_end(const hc_hours *h, int64_t day, int i)
{
	return hc_local_instant(day, h->end[i]);
}

int64_t hc_deadline_clock_start(const hc_calendar *cal, const hc_hours *h, int64_t t)
{
	int64_t day = hc_local_day(t);
	for (int n = 0; n < MAX_WALK_DAYS; n++, day++) {
		if (!hc_calendar_is_working(cal, day))
			continue;
		for (int i = 0; i < h->n; i++) {
			if (t < sess_start(h, day, i))
				return sess_start(h, day, i);
			if (t < sess_end(h, day, i))
				return t;
		}
	}
	return t;
}

int64_t hc_deadline_add_working(const hc_calendar *cal, const hc_hours *h, int64_t t,
                                int64_t minutes)
{
	int64_t left = minutes * 60;
	if (left <= 0 || h->n == 0 || hc_hours_day_minutes(h) <= 0)
		return t;
	t = hc_deadline_clock_start(cal, h, t);
	int64_t day = hc_local_day(t);
	/* the bound is on consecutive days off: short office hours with a long
	 * limit may need more than MAX_WALK_DAYS working days */
	for (int idle = 0; idle < MAX_WALK_DAYS; day++) {
		if (!hc_calendar_is_working(cal, day)) {
			idle++;
			continue;
		}
		idle = 0;
		for (int i = 0; i < h->n; i++) {
			int64_t s = sess_start(h, day, i), e = sess_end(h, day, i);
			if (t >= e)
				continue;
			if (t < s)
				t = s;
			if (left <= e - t)
				return t + left; /* may be exactly the session's end */
			left -= e - t;
			t = e;
		}
	}
	return t + left;
}

int64_t hc_deadline_working_between(const hc_calendar *cal, const hc_hours *h, int64_t a, int64_t b)
{
	if (b <= a)
		return 0;
	int64_t total = 0;
	for (int64_t day = hc_local_day(a); day <= hc_local_day(b); day++) {
		if (!hc_calendar_is_working(cal, day))
			continue;
		for (int i = 0; i < h->n; i++) {
			int64_t s = sess_start(h, day, i), e = sess_end(h, day, i);
			if (s < a)
				s = a;
			if (e > b)
				e = b;
			if (e > s)
				total += e - s;
		}
	}
	return total / 60;
}

/* End of the last session of the first working day at or after day. */
static int64_t close_of_working_day(const hc_calendar *cal, const hc_hours *h, int64_t day)
{
	for (int n = 0; n < MAX_WALK_DAYS && !hc_calendar_is_working(cal, day); n++)
		day++;
	return sess_end(h, day, h->n - 1);
}

int64_t hc_deadline_due(const hc_calendar *cal, const hc_hours *h, int64_t received, hc_limit l)
{
	switch (l.kind) {
	case HC_LIMIT_DAYS:
		return hc_deadline_add_working(cal, h, received,
		                               (int64_t)l.value * hc_hours_day_minutes(h));
	case HC_LIMIT_HOURS:
		return hc_deadline_add_working(cal, h, received, (int64_t)l.value * 60);
	case HC_LIMIT_SAMEDAY:
	default: {
		if (h->n == 0)
			return received;
		int64_t day = hc_local_day(received);
		int64_t cutoff = hc_local_instant(day, HC_SAMEDAY_CUTOFF_MIN);
		/* office hours may close before the cut-off: a receipt after the
		 * close is due at the next working day's close, never before it */
		int64_t close = sess_end(h, day, h->n - 1);
		if (hc_calendar_is_working(cal, day) && received <= cutoff && received < close)
			return close;
		return close_of_working_day(cal, h, day + 1);
	}
	}
}

int64_t hc_deadline_after_supplement(const hc_calendar *cal, const hc_hours *h,
                                     enum hc_supplement_policy p, hc_limit l, int64_t due,
                                     int64_t requested, int64_t resumed)
{
	if (p == HC_SUPPLEMENT_RESET)
		return hc_deadline_due(cal, h, resumed, l);
	int64_t waited = hc_deadline_working_between(cal, h, requested, resumed);
	return waited > 0 ? hc_deadline_add_working(cal, h, due, waited) : due;
}

bool hc_deadline_supplement_late(const hc_calendar *cal, const hc_hours *h, int64_t received,
                                 int64_t requested)
{
	return requested >
	       hc_deadline_add_working(cal, h, received, 3 * (int64_t)hc_hours_day_minutes(h));
}

int hc_deadline_extension_check(const hc_calendar *cal, const hc_hours *h, int64_t due, int64_t at,
                                int64_t new_due, hc_err *err)
{
	if (new_due <= due)
		return hc_err_set(err, HC_EINVAL, "new_due",
		                  "Ngày hẹn trả mới phải sau thời hạn hiện tại",
		                  "new due not after the current due");
	if (hc_deadline_working_between(cal, h, at, due) < hc_hours_day_minutes(h))
		return hc_err_set(err, HC_ECONFLICT, "action",
		                  "Phiếu xin lỗi và hẹn lại ngày trả phải lập trước hạn ít nhất 01 "
		                  "ngày làm việc",
		                  "extension less than one working day before due");
	return HC_OK;
}

enum hc_timeliness hc_deadline_classify(int64_t due, int64_t finished)
{
	if (finished > due)
		return HC_LATE;
	if (hc_local_day(finished) < hc_local_day(due))
		return HC_EARLY;
	return HC_ON_TIME;
}
