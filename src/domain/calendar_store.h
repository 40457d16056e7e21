/* calendar_store: official yearly schedules kept in the database, so an
 * administrator can add next year's days off and make-up Saturdays without a
 * new release (DESIGN §3.1). Owns: the calendar_days rows of every unit
 * (unit_id 0: national schedules). Rows are in the VN-YYYY.tsv format's
 * terms and are applied with hc_calendar_load_tsv, so a stored year replaces
 * the computed days of that year exactly as an embedded file does.
 * Must not: compute holidays (calendar.c). */
#ifndef HC_CALENDAR_STORE_H
#define HC_CALENDAR_STORE_H

#include "core/err.h"
#include "db/db.h"
#include "domain/calendar.h"

/* Validates a schedule file (text of VN-YYYY.tsv, named name in messages)
 * and stores its year for every unit, replacing that year's stored rows.
 * *year_out and *rows_out receive what was stored. */
int hc_calendar_store_put(hc_tx *tx, const char *name, const char *text, int *year_out,
                          int *rows_out, hc_err *err);
/* Applies every stored national year to cal (built by hc_calendar_new). */
int hc_calendar_store_apply(hc_tx *tx, hc_calendar *cal, hc_err *err);
/* hc_calendar_new followed by hc_calendar_store_apply in a read
 * transaction: the calendar every command and the server use. */
int hc_calendar_open(hc_db *db, hc_calendar **out, hc_err *err);

#endif
