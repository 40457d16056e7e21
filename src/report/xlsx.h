/* xlsx: lays out the tables of a report model (domain/report.h) as a
 * spreadsheet through libxlsxwriter: one sheet per table, named by the
 * table's sheet name; integers as numbers, percentages as numbers with a
 * percentage format, index points with two decimals.
 * Owns: the sheet layout (row 1 the issuing unit, row 2 the summary with the
 * period, row 3 the table title, row 4 the header, data from row 5).
 * Must not: read data or change the model. */
#ifndef HC_XLSX_H
#define HC_XLSX_H

#include "core/err.h"
#include "domain/report.h"

/* First row (0-based) of a sheet's table header. */
#define HC_XLSX_HEADER_ROW 3

int hc_xlsx_write(const hc_report *r, const char *path, hc_err *err);

#endif
