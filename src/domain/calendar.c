/* calendar: see calendar.h. Legal basis: Labor Code 2019 Art. 111 (weekly
 * rest; a public holiday on the weekly rest day is taken on the next working
 * day), Art. 112 (public holidays); the government's yearly notices fix the
 * actual days off and make-up Saturdays (data/calendar/VN-YYYY.tsv). */
#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/text.h"
#include "core/time.h"
#include "domain/lunar.h"

#define FIRST_YEAR 1900
#define LAST_YEAR 2199
#define SLOTS 16384 /* open addressing; about 12 exceptions a year */
#define REASON_MAX 160

typedef struct entry {
	int64_t day;
	bool used;
	bool off;
	char reason[REASON_MAX];
} entry;

struct hc_calendar {
	entry slots[SLOTS];
	size_t count;
	/* years whose official schedule was loaded: computed holidays ignored */
	bool official[LAST_YEAR - FIRST_YEAR + 1];
};

/* ---- office hours ------------------------------------------------------ */

void hc_hours_default(hc_hours *out)
{
	memset(out, 0, sizeof *out);
	out->n = 2;
	out->start[0] = 7 * 60 + 30;
	out->end[0] = 11 * 60 + 30;
	out->start[1] = 13 * 60;
	out->end[1] = 17 * 60;
}

int hc_hours_day_minutes(const hc_hours *h)
{
	int m = 0;
	for (int i = 0; i < h->n; i++)
		m += h->end[i] - h->start[i];
	return m;
}

static bool hhmm(const char *s, int *out)
{
	if (!(s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' &&
	      s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9'))
		return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return false;
	*out = h * 60 + m;
	return true;
}

int hc_hours_parse(const char *s, hc_hours *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	const char *p = s;
	size_t len = s ? strlen(s) : 0;
	if (len == 0 || len > 64)
		goto bad;
	for (;;) {
		if (out->n == HC_HOURS_MAX_SESSIONS)
			goto bad;
		int a, b;
		if (!hhmm(p, &a) || p[5] != '-' || !hhmm(p + 6, &b) || b <= a)
			goto bad;
		if (out->n && a < out->end[out->n - 1])
			goto bad; /* sessions sorted, not overlapping */
		out->start[out->n] = a;
		out->end[out->n] = b;
		out->n++;
		p += 11;
		if (*p == '\0')
			return HC_OK;
		if (*p != ',')
			goto bad;
		p++;
	}
bad:
	memset(out, 0, sizeof *out);
	return hc_err_set(err, HC_EINVAL, "office_hours",
	                  "Giờ làm việc không hợp lệ (ví dụ: 07:30-11:30,13:00-17:00)",
	                  "invalid office hours '%.64s'", s ? s : "");
}

/* ---- the day table ----------------------------------------------------- */

static entry *slot(hc_calendar *cal, int64_t day, bool create)
{
	uint64_t h = (uint64_t)day * 0x9E3779B97F4A7C15ull;
	for (size_t i = 0; i < SLOTS; i++) {
		entry *e = &cal->slots[((h >> 50) + i) & (SLOTS - 1)];
		if (e->used && e->day == day)
			return e;
		if (!e->used) {
			if (!create || cal->count >= SLOTS * 3 / 4)
				return NULL;
			e->used = true;
			e->day = day;
			cal->count++;
			return e;
		}
	}
	return NULL;
}

static const entry *find(const hc_calendar *cal, int64_t day)
{
	return slot((hc_calendar *)cal, day, false);
}

static bool weekend(int64_t day)
{
	int w = hc_weekday(day);
	return w == 0 || w == 6;
}

int hc_calendar_set_day(hc_calendar *cal, int64_t day, bool off, const char *reason, hc_err *err)
{
	entry *e = slot(cal, day, true);
	if (!e)
		return hc_err_set(err, HC_ETOOBIG, NULL, "Lịch làm việc quá lớn",
		                  "calendar table full");
	e->off = off;
	snprintf(e->reason, sizeof e->reason, "%s", reason ? reason : "");
	return HC_OK;
}

struct holiday {
	int64_t day;
	const char *reason;
};

/* Computed holidays of one year (Art. 112), with the Art. 111 carry-over. */
static void add_year(hc_calendar *cal, int y)
{
	struct holiday h[12];
	int n = 0;
	h[n++] = (struct holiday){hc_days_from_civil(y, 1, 1), "Tết Dương lịch"};
	int64_t tet;
	if (hc_lunar_to_day((hc_lunar){y, 1, 1, false}, &tet)) {
		for (int i = -1; i <= 3; i++)
			h[n++] = (struct holiday){tet + i, "Tết Nguyên đán"};
	}
	int64_t gio_to;
	if (hc_lunar_to_day((hc_lunar){y, 3, 10, false}, &gio_to))
		h[n++] = (struct holiday){gio_to, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"};
	h[n++] = (struct holiday){hc_days_from_civil(y, 4, 30), "Ngày Chiến thắng (30/4)"};
	h[n++] = (struct holiday){hc_days_from_civil(y, 5, 1), "Ngày Quốc tế lao động (1/5)"};
	h[n++] = (struct holiday){hc_days_from_civil(y, 9, 1), "Quốc khánh (nghỉ liền kề 2/9)"};
	h[n++] = (struct holiday){hc_days_from_civil(y, 9, 2), "Quốc khánh (2/9)"};
	for (int i = 0; i < n; i++)
		if (!weekend(h[i].day))
			hc_calendar_set_day(cal, h[i].day, true, h[i].reason, NULL);
	/* a holiday on the weekend is taken on the next working day (h is in
	 * date order, so earlier carry-overs are placed first) */
	for (int i = 0; i < n; i++) {
		if (!weekend(h[i].day))
			continue;
		int64_t d = h[i].day + 1;
		while (weekend(d) || !hc_calendar_is_working(cal, d))
			d++;
		char reason[REASON_MAX];
		snprintf(reason, sizeof reason, "Nghỉ bù %s", h[i].reason);
		hc_calendar_set_day(cal, d, true, reason, NULL);
	}
}

/* One pass over schedule text: every row is checked; fn (when not NULL) is
 * called for each. *year receives the file's year (0 when it has no row). */
static int tsv_pass(const char *name, const char *text, int *year, hc_calendar_row_fn fn, void *ctx,
                    hc_err *err)
{
	const char *p = text;
	int line = 0;
	unsigned char seen[46] = {0}; /* days of the year already listed */
	*year = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *next = eol ? eol + 1 : p + len;
		line++;
		char buf[512];
		if (len >= sizeof buf)
			return hc_err_set(err, HC_EINVAL, NULL, "Dòng lịch quá dài",
			                  "%s:%d: line too long", name, line);
		memcpy(buf, p, len);
		buf[len] = '\0';
		p = next;
		if (len && buf[len - 1] == '\r')
			buf[--len] = '\0';
		if (len == 0 || buf[0] == '#')
			continue;
		char *f[4] = {buf, NULL, NULL, ""};
		int nf = 1;
		for (char *q = buf; *q && nf < 4; q++)
			if (*q == '\t') {
				*q = '\0';
				f[nf++] = q + 1;
			}
		int64_t day;
		hc_err e2;
		if (nf < 3 || hc_parse_date(f[0], "date", &day, &e2))
			return hc_err_set(err, HC_EINVAL, NULL, "Tệp lịch không hợp lệ",
			                  "%s:%d: want DATE<TAB>off|work<TAB>reason", name, line);
		bool off = strcmp(f[1], "off") == 0;
		if (!off && strcmp(f[1], "work") != 0)
			return hc_err_set(err, HC_EINVAL, NULL, "Tệp lịch không hợp lệ",
			                  "%s:%d: status must be off or work", name, line);
		if (!*f[2] || !hc_text_valid(f[2], strlen(f[2])) ||
		    !hc_text_valid(f[3], strlen(f[3])))
			return hc_err_set(err, HC_EINVAL, NULL, "Tệp lịch không hợp lệ",
			                  "%s:%d: reason missing or not UTF-8", name, line);
		int y = hc_civil_from_days(day).y;
		if (*year && y != *year)
			return hc_err_set(err, HC_EINVAL, NULL, "Tệp lịch không hợp lệ",
			                  "%s:%d: all rows must be in one year", name, line);
		*year = y;
		int64_t doy = day - hc_days_from_civil(y, 1, 1);
		if (seen[doy / 8] & (1u << (doy % 8)))
			return hc_err_set(err, HC_EINVAL, NULL, "Tệp lịch có một ngày ghi hai lần",
			                  "%s:%d: %s listed twice", name, line, f[0]);
		seen[doy / 8] |= (unsigned char)(1u << (doy % 8));
		if (fn) {
			int rc = fn(ctx, day, off, f[2], f[3], err);
			if (rc)
				return rc;
		}
	}
	return HC_OK;
}

int hc_calendar_tsv_each(const char *name, const char *text, int *year, hc_calendar_row_fn fn,
                         void *ctx, hc_err *err)
{
	/* a first pass validates the whole file, so a bad file changes nothing */
	int rc = tsv_pass(name, text, year, NULL, NULL, err);
	if (!rc && fn)
		rc = tsv_pass(name, text, year, fn, ctx, err);
	return rc;
}

static int set_row(void *ctx, int64_t day, bool off, const char *reason, const char *basis,
                   hc_err *err)
{
	(void)basis;
	return hc_calendar_set_day(ctx, day, off, reason, err);
}

int hc_calendar_load_tsv(hc_calendar *cal, const char *name, const char *text, hc_err *err)
{
	int year;
	int rc = hc_calendar_tsv_each(name, text, &year, NULL, NULL, err);
	if (rc || !year)
		return rc;
	/* the official schedule replaces the computed days of its year */
	for (int64_t d = hc_days_from_civil(year, 1, 1); d <= hc_days_from_civil(year, 12, 31);
	     d++) {
		entry *e = slot(cal, d, false);
		if (e)
			e->reason[0] = '\0', e->off = weekend(d);
	}
	if (year >= FIRST_YEAR && year <= LAST_YEAR)
		cal->official[year - FIRST_YEAR] = true;
	return tsv_pass(name, text, &year, set_row, cal, err);
}

int hc_calendar_new(hc_calendar **out, hc_err *err)
{
	hc_calendar *cal = calloc(1, sizeof *cal);
	if (!cal)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "calendar");
	for (int y = FIRST_YEAR; y <= 2100; y++)
		add_year(cal, y);
	size_t n;
	const hc_embed_file *files = hc_embed_list(&n);
	for (size_t i = 0; i < n; i++) {
		if (strncmp(files[i].name, "data/calendar/", 14) != 0)
			continue;
		int rc = hc_calendar_load_tsv(cal, files[i].name, files[i].data, err);
		if (rc) {
			free(cal);
			return rc;
		}
	}
	*out = cal;
	return HC_OK;
}

void hc_calendar_free(hc_calendar *cal)
{
	free(cal);
}

bool hc_calendar_is_working(const hc_calendar *cal, int64_t day)
{
	const entry *e = find(cal, day);
	if (e && e->reason[0])
		return !e->off;
	return !weekend(day);
}

const char *hc_calendar_exception(const hc_calendar *cal, int64_t day, bool *off)
{
	const entry *e = find(cal, day);
	bool we = weekend(day);
	if (e && e->reason[0] && e->off != we) {
		*off = e->off;
		return e->reason;
	}
	*off = we;
	return NULL;
}
