/* counter: see counter.h. */
#include "domain/counter.h"

#include <stdio.h>

#include "core/time.h"

int hc_counter_next(hc_tx *tx, int64_t unit_id, const char *name, int64_t *out, hc_err *err)
{
	return hc_tx_query_int(
	    tx, err, out,
	    "INSERT INTO counters (unit_id, name, value) VALUES (?, ?, 1)"
	    " ON CONFLICT (unit_id, name) DO UPDATE SET value = counters.value + 1"
	    " RETURNING value",
	    "it", unit_id, name);
}

int hc_counter_daily_code(hc_tx *tx, int64_t unit_id, const char *identifier, const char *series,
                          const char *infix, int64_t now, char *out, size_t cap, hc_err *err)
{
	hc_date day = hc_civil_from_days(hc_local_day(now));
	char ymd[8], name[48];
	snprintf(ymd, sizeof ymd, "%02d%02d%02d", day.y % 100, day.m, day.d);
	int n = snprintf(name, sizeof name, "%s:%s", series, ymd);
	if (n < 0 || (size_t)n >= sizeof name)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "counter name too long");
	int64_t seq = 0;
	int rc = hc_counter_next(tx, unit_id, name, &seq, err);
	if (rc)
		return rc;
	n = snprintf(out, cap, "%s-%s%s-%04lld", identifier, infix, ymd, (long long)seq);
	if (n < 0 || (size_t)n >= cap)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "code too long");
	return HC_OK;
}
