/* docx: lays out a report model (domain/report.h) as an Office Open XML
 * word-processing document (WordprocessingML) per Decree 30/2020 Appendix I:
 * A4, margins 20/20/30/15 mm, Times New Roman 13-14 pt, the two-column
 * header (issuing body / national title and motto), tables with borders,
 * the signature block and the "Nơi nhận:" list.
 * Owns: the XML parts and the zip container (libzip).
 * Must not: read data or change the model.
 * Written by hand because no Debian library writes WordprocessingML from C;
 * the parts are small and fixed ([Content_Types].xml, _rels/.rels,
 * word/document.xml, word/styles.xml, word/header1.xml (page numbers from
 * page 2), word/_rels/document.xml.rels). */
#ifndef HC_DOCX_H
#define HC_DOCX_H

#include "core/err.h"
#include "domain/report.h"

int hc_docx_write(const hc_report *r, const char *path, hc_err *err);

#endif
