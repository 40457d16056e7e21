/* pdfdoc: PDF documents drawn with cairo and pango, measured in millimetres.
 * Owns: page setup (A4, A4 landscape, A5 with margins), the cursor that text
 * flows from, paragraphs of pango markup broken across pages, text boxes,
 * rules, tables whose rows wrap and break across pages with the header
 * repeated, page numbers, QR codes (libqrencode), the check that fontconfig
 * resolves the document family "Liberation Serif" (metric-compatible with the
 * Times New Roman of Decree 30/2020) and the PDF bytes in memory.
 * Must not: know about dossiers, forms or storage.
 * Written on cairo/pango rather than by hand: shaping Vietnamese (stacked
 * diacritics), line breaking and font embedding are theirs. */
#ifndef HC_PDFDOC_H
#define HC_PDFDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define HC_PDF_FAMILY "Liberation Serif"
/* Largest PDF a document may produce (a register of thousands of rows is
 * a few MiB); past it hc_pdf_finish fails with HC_ETOOBIG. */
#define HC_PDF_MAX_BYTES ((size_t)32 << 20)
/* Longest markup accepted for one paragraph or cell. */
#define HC_PDF_MARKUP_MAX 16384
#define HC_PDF_TABLE_COLS 16
/* Longest QR payload (bytes). */
#define HC_PDF_QR_MAX 512

enum hc_pdf_size { HC_PDF_A4, HC_PDF_A4_LANDSCAPE, HC_PDF_A5 };
enum hc_pdf_align { HC_PDF_LEFT, HC_PDF_CENTER, HC_PDF_RIGHT, HC_PDF_JUSTIFY };

typedef struct hc_pdf_margins {
	double top, right, bottom, left; /* mm */
} hc_pdf_margins;

typedef struct hc_pdf_style {
	double size; /* points; 0 = 13 */
	bool bold, italic;
	enum hc_pdf_align align;
	double indent; /* first-line indent, mm */
	double after;  /* space after the paragraph, mm */
	double line;   /* line spacing factor; 0 = 1.0 */
} hc_pdf_style;

typedef struct hc_pdf hc_pdf;

/* A new document of one page (title goes into the PDF metadata). Fails with
 * HC_EINTERNAL when the font resolved for HC_PDF_FAMILY is another family
 * or lacks Vietnamese letters. *out is owned by the caller: hc_pdf_finish or
 * hc_pdf_free. */
int hc_pdf_new(enum hc_pdf_size size, const hc_pdf_margins *m, const char *title, hc_pdf **out,
               hc_err *err);
/* Ends the document and frees pdf. On success *data (heap, caller frees)
 * holds *len bytes of PDF. */
int hc_pdf_finish(hc_pdf *pdf, char **data, size_t *len, hc_err *err);
/* Frees an unfinished document. NULL is allowed. */
void hc_pdf_free(hc_pdf *pdf);

/* Loads HC_PDF_FAMILY in the given weight and slant through fontconfig and
 * writes the family of the face pango resolved (pango_font_describe) into
 * family[cap]. HC_EINTERNAL when that family is not HC_PDF_FAMILY, the
 * weight or slant differs, or the face misses a Vietnamese letter. */
int hc_pdf_font_check(bool bold, bool italic, char *family, size_t cap, hc_err *err);

/* Geometry of the current page's content area (mm). */
double hc_pdf_left(const hc_pdf *p);
double hc_pdf_width(const hc_pdf *p);
double hc_pdf_y(const hc_pdf *p);
void hc_pdf_set_y(hc_pdf *p, double y);
/* mm left on the page below the cursor */
double hc_pdf_room(const hc_pdf *p);
int hc_pdf_pages(const hc_pdf *p);
/* Page numbers (Decree 30/2020: centred in the top margin, from page 2). */
void hc_pdf_number_pages(hc_pdf *p, bool on);
/* Where the numbers go: the top of their line y mm from the page's top
 * edge, size points (defaults: 2.5 mm above the middle of the top margin,
 * 13 pt). */
void hc_pdf_number_place(hc_pdf *p, double y, double size);

/* Appends s to b with the markup characters escaped (& < > " ') and the
 * control characters other than tab and newline dropped (the markup parser
 * refuses them). */
int hc_pdf_escape(hc_buf *b, const char *s);

/* Starts a new page; the cursor goes to the top margin. */
int hc_pdf_new_page(hc_pdf *p, hc_err *err);
/* Flows markup across the content width from the cursor, breaking pages
 * between lines; the cursor moves below it (plus st->after). */
int hc_pdf_para(hc_pdf *p, const char *markup, const hc_pdf_style *st, hc_err *err);
/* Draws markup in a box at (x, y) of width w without moving the cursor or
 * breaking pages; *height (may be NULL) receives its height. */
int hc_pdf_box(hc_pdf *p, double x, double y, double w, const char *markup, const hc_pdf_style *st,
               double *height, hc_err *err);
/* Height markup would take in width w. */
int hc_pdf_measure(hc_pdf *p, double w, const char *markup, const hc_pdf_style *st, double *height,
                   hc_err *err);
/* Width of markup set on one line (no wrapping). */
int hc_pdf_measure_width(hc_pdf *p, const char *markup, const hc_pdf_style *st, double *width,
                         hc_err *err);
/* Horizontal line from x1 to x2 at y, width in points. */
void hc_pdf_hline(hc_pdf *p, double x1, double x2, double y, double width_pt);
/* QR code of data (error correction M) as a size x size mm square at (x, y),
 * quiet zone included. */
int hc_pdf_qr(hc_pdf *p, double x, double y, double size, const char *data, hc_err *err);

/* The heading block of Decree 30/2020 Annex I (parts 1-5 of the layout),
 * drawn at the cursor across the content width. Left column: the superior
 * body (regular) above the issuing body (bold), a short rule under it (a
 * third of the column, centred). Right column: the national title (bold,
 * set smaller until it fits one line) and the motto (bold) with a rule of
 * the motto's length under it. Below both, on one line: the number and
 * symbol in the left column and the place and date (italic) in the right.
 * Texts are plain (escaped here); '\n' breaks a line. NULL or "" leaves a
 * part out. Sizes in points, 0 = 13. The cursor moves below the block plus
 * after. */
typedef struct hc_pdf_header {
	const char *superior, *issuer;
	const char *nation, *motto;
	const char *number, *place_date;
	double left; /* share of the content width for the left column; 0 = 0.4 */
	double superior_size, issuer_size, nation_size, motto_size, number_size, date_size;
	double line;  /* line spacing factor; 0 = 1.0 */
	double gap;   /* mm from the rules to the number and date line; 0 = 3 */
	double after; /* mm */
} hc_pdf_header;
int hc_pdf_header_draw(hc_pdf *p, const hc_pdf_header *h, hc_err *err);

/* A table at the left margin: columns widths[0..ncols) mm, header cells as
 * markup. Rows taller than a page are cut with an ellipsis. */
typedef struct hc_pdf_table {
	int ncols;
	double widths[HC_PDF_TABLE_COLS];
	const char *header[HC_PDF_TABLE_COLS];
	hc_pdf_style head, body;
	bool repeat_header; /* draw the header again on every new page */
	/* optional header label spanning columns [group_first, group_first +
	 * group_n) above their own headers ("Ngày, tháng, năm"); group_n 0: none */
	const char *group_label;
	int group_first, group_n;
	bool vcenter;        /* cell text centred vertically in its row (else at the top) */
	double pad_x, pad_y; /* mm inside cells; 0 = 1.2 */
	double pad_bottom;   /* mm below the cell text; 0 = pad_y */
} hc_pdf_table;

/* Draws the header at the cursor (on a new page when it does not fit). */
int hc_pdf_table_begin(hc_pdf *p, const hc_pdf_table *t, hc_err *err);
/* One row of ncols markup cells; breaks the page when it does not fit. */
int hc_pdf_table_row(hc_pdf *p, const hc_pdf_table *t, const char *const *cells, hc_err *err);
/* The same with a style per cell (styles[0..ncols); NULL: t->body). */
int hc_pdf_table_row_styled(hc_pdf *p, const hc_pdf_table *t, const char *const *cells,
                            const hc_pdf_style *styles, hc_err *err);
/* Height the header and a first row (styles as above) would take, to keep
 * a caption with its table. */
int hc_pdf_table_need(hc_pdf *p, const hc_pdf_table *t, const char *const *first,
                      const hc_pdf_style *styles, double *height, hc_err *err);

#endif
