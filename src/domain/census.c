#include "domain/census.h"

int hc_census_dossiers(hc_tx *tx, int (*fn)(const char *status, int64_t count, void *ctx),
                       void *ctx, hc_err *err)
{
	hc_stmt *st;
	int rc = hc_tx_query(
	    tx, err, &st, "SELECT status, COUNT(*) FROM dossiers GROUP BY status ORDER BY status",
	    "");
	if (rc)
		return rc;
	int stop = 0;
	while (!stop && hc_stmt_next(st)) {
		const char *s = hc_stmt_text(st, 0);
		stop = fn(s ? s : "", hc_stmt_int(st, 1), ctx);
	}
	rc = hc_stmt_finish(st, err);
	return rc ? rc : stop;
}
