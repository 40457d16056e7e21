/* pdf: lays out a report model (domain/report.h) as PDF with the layout of
 * the DOCX writer (docx.c), per Decree 30/2020 Appendix I: A4, margins
 * 20/15/20/30 mm, Liberation Serif (metric-compatible with Times New Roman)
 * 14 pt for the body and 13 pt in tables, the two-column heading (issuing
 * body / national title and motto, number and symbol / place and date),
 * tables with borders whose rows never split and whose header row repeats
 * on every page, the signature block and the "Nơi nhận:" list, page numbers
 * from page 2.
 * Owns: the placement and type sizes of the report's parts on paper.
 * Must not: read data or change the model; draws only through
 * core/pdfdoc.h (which shapes the Vietnamese text, breaks lines and embeds
 * the font) and shares its heading block with the printed forms. */
#ifndef HC_REPORT_PDF_H
#define HC_REPORT_PDF_H

#include "core/err.h"
#include "domain/report.h"

/* Writes r as a PDF file at path (replaced when it exists; removed again
 * when writing fails). HC_EIO when the file cannot be written, HC_ETOOBIG
 * past the limits of core/pdfdoc.h, HC_EINTERNAL without the font. */
int hc_pdf_report_write(const hc_report *r, const char *path, hc_err *err);

#endif
