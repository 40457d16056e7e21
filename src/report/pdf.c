/* pdf: PDF writer of a report model (pdf.h). Measures are millimetres; the
 * spacings are those of docx.c converted from twips (1 mm = 56.7 twips,
 * 1 pt = 20 twips), so that the PDF and the DOCX opened in a word
 * processor set the same text in the same places. */
#include "report/pdf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/pdfdoc.h"

#define PT_MM (25.4 / 72.0)
#define BODY_PT 14                 /* docx.c BODY_SZ */
#define TABLE_PT 13                /* docx.c TABLE_SZ */
#define LINE 1.1                   /* line spacing of docx.c's styles (w:line 264 of 240) */
#define INDENT 10.0                /* first-line indent: 567 twips */
#define BEFORE_BODY (6 * PT_MM)    /* 120 twips */
#define BEFORE_SECTION (9 * PT_MM) /* 180 twips */
#define AFTER_SECTION (3 * PT_MM)  /* 60 twips */
#define BEFORE_TYPE (18 * PT_MM)   /* 360 twips above "BÁO CÁO" */
#define SUMMARY_RULE 24.7          /* 1400 twips, centred under the summary */
#define CELL_PAD_X 1.5             /* 85 twips of cell margin */
/* above and below the cell text. docx.c puts 20 twips around each cell
 * paragraph and LibreOffice sets the line's spacing below its text: a
 * one-line 13 pt row of the DOCX is 19 pt tall with the text 1.2 pt from
 * the top (measured with pdftotext -bbox) */
#define CELL_PAD_TOP (1.2 * PT_MM)
#define CELL_PAD_BOTTOM (3.4 * PT_MM)

/* Decree 30/2020 Appendix I, A4: top 20, right 15, bottom 20, left 30 mm */
static const hc_pdf_margins margins = {20, 15, 20, 30};

/* A report being drawn: errors are sticky, so the drawing reads straight. */
typedef struct writer {
	hc_pdf *p;
	hc_buf m; /* markup of the paragraph being drawn */
	hc_err *err;
	int rc;
} writer;

static const hc_pdf_style body_style = {
    .size = BODY_PT, .align = HC_PDF_JUSTIFY, .indent = INDENT, .line = LINE};
static const hc_pdf_style section_style = {.size = BODY_PT,
                                           .bold = true,
                                           .align = HC_PDF_LEFT,
                                           .indent = INDENT,
                                           .after = AFTER_SECTION,
                                           .line = LINE};
static const hc_pdf_style sub_style = {
    .size = BODY_PT, .bold = true, .align = HC_PDF_LEFT, .indent = INDENT, .line = LINE};
static const hc_pdf_style caption_style = {
    .size = TABLE_PT, .bold = true, .align = HC_PDF_CENTER, .after = AFTER_SECTION, .line = LINE};

static void nomem(writer *w)
{
	if (!w->rc)
		w->rc = hc_err_set(w->err, HC_ETOOBIG, NULL, "Nội dung in quá dài",
		                   "report pdf: markup over %d bytes", HC_PDF_MARKUP_MAX);
}

/* Markup of plain text s (optionally bold) into b. */
static void markup(writer *w, hc_buf *b, const char *s, bool bold)
{
	hc_buf_reset(b);
	if (bold)
		hc_buf_puts(b, "<b>");
	hc_pdf_escape(b, s ? s : "");
	if (bold)
		hc_buf_puts(b, "</b>");
	if (b->failed)
		nomem(w);
}

static bool at_page_top(const writer *w)
{
	return hc_pdf_y(w->p) <= margins.top + 0.01;
}

/* Space above a paragraph, left out at the top of a page (as word
 * processors do). */
static void space(writer *w, double mm)
{
	if (!w->rc && !at_page_top(w))
		hc_pdf_set_y(w->p, hc_pdf_y(w->p) + mm);
}

static double last_line(writer *w, const hc_pdf_style *st);

/* Height of a paragraph of text, as para() sets it (spacing excluded). */
static double height(writer *w, const char *text, const hc_pdf_style *st)
{
	double h = 0;
	markup(w, &w->m, text, false);
	if (!w->rc)
		w->rc = hc_pdf_measure(w->p, hc_pdf_width(w->p), hc_buf_str(&w->m), st, &h, w->err);
	return h + last_line(w, st);
}

/* What word processors add below a paragraph's last line: pango spaces
 * lines by the factor only between them and ends a layout at the last
 * line's descent; LibreOffice and Word give the last line a whole line
 * pitch too. The pitch less one line's height: H(2 lines) - 2 H(1 line). */
static double last_line(writer *w, const hc_pdf_style *st)
{
	double one = 0, two = 0;
	if (!w->rc && st->line > 1)
		w->rc = hc_pdf_measure(w->p, hc_pdf_width(w->p), "A", st, &one, w->err);
	if (!w->rc && st->line > 1)
		w->rc = hc_pdf_measure(w->p, hc_pdf_width(w->p), "A\nA", st, &two, w->err);
	return two > 2 * one ? two - 2 * one : 0;
}

static void para(writer *w, const char *text, const hc_pdf_style *st, double before)
{
	if (!text || !text[0])
		return;
	space(w, before);
	markup(w, &w->m, text, false);
	if (!w->rc)
		w->rc = hc_pdf_para(w->p, hc_buf_str(&w->m), st, w->err);
	double tail = last_line(w, st);
	if (!w->rc)
		hc_pdf_set_y(w->p, hc_pdf_y(w->p) + tail);
}

/* Starts a new page unless need mm fit below the cursor (keeps a heading
 * or a caption with what follows it, and the signature block whole). */
static void keep(writer *w, double need)
{
	if (!w->rc && need > hc_pdf_room(w->p) && !at_page_top(w))
		w->rc = hc_pdf_new_page(w->p, w->err);
}

/* ---- tables ------------------------------------------------------------ */

typedef struct row_cells {
	hc_buf buf[HC_REPORT_MAX_COLS];
	const char *text[HC_REPORT_MAX_COLS];
	hc_pdf_style style[HC_REPORT_MAX_COLS];
} row_cells;

static void row_free(row_cells *rc)
{
	for (int c = 0; c < HC_REPORT_MAX_COLS; c++)
		hc_buf_free(&rc->buf[c]);
}

/* Markup and style of every cell of one row, aligned as docx.c does: the
 * header row and the first column centred, figures right, text left. */
static void row_of(writer *w, const hc_report_table *t, int row, row_cells *out)
{
	for (int col = 0; col < t->ncols && !w->rc; col++) {
		const hc_report_cell *c = hc_report_cell_at(t, row, col);
		char num[HC_REPORT_NUM_BUF];
		out->buf[col].cap_limit = HC_PDF_MARKUP_MAX;
		markup(w, &out->buf[col], hc_report_cell_text(c, num), c->bold);
		out->text[col] = hc_buf_str(&out->buf[col]);
		enum hc_pdf_align a = HC_PDF_LEFT;
		if (row == 0 || col == 0)
			a = HC_PDF_CENTER;
		else if (c->kind != HC_RCELL_TEXT)
			a = HC_PDF_RIGHT;
		out->style[col] = (hc_pdf_style){.size = TABLE_PT, .align = a, .line = LINE};
	}
}

/* The drawing of table t (columns from its relative widths over the
 * content width); head receives the header row. */
static void table_setup(writer *w, const hc_report_table *t, hc_pdf_table *pt, row_cells *head)
{
	memset(pt, 0, sizeof *pt);
	if (t->ncols < 1 || t->ncols > HC_REPORT_MAX_COLS || t->nrows < 1) {
		if (!w->rc)
			w->rc =
			    hc_err_set(w->err, HC_EINTERNAL, NULL, "Không tạo được tài liệu PDF",
			               "report pdf: table of %d x %d", t->nrows, t->ncols);
		return;
	}
	int sum = 0;
	for (int c = 0; c < t->ncols; c++)
		sum += t->widths[c] > 0 ? t->widths[c] : 1;
	pt->ncols = t->ncols;
	for (int c = 0; c < t->ncols; c++)
		pt->widths[c] = hc_pdf_width(w->p) * (t->widths[c] > 0 ? t->widths[c] : 1) / sum;
	row_of(w, t, 0, head);
	for (int c = 0; c < t->ncols; c++)
		pt->header[c] = head->text[c];
	pt->head = (hc_pdf_style){.size = TABLE_PT, .align = HC_PDF_CENTER, .line = LINE};
	pt->body = (hc_pdf_style){.size = TABLE_PT, .line = LINE};
	pt->repeat_header = true; /* docx.c: w:tblHeader */
	pt->vcenter = true;       /* docx.c: w:vAlign center */
	pt->pad_x = CELL_PAD_X;
	pt->pad_y = CELL_PAD_TOP;
	pt->pad_bottom = CELL_PAD_BOTTOM;
}

/* Height of the caption and the table's start (header and first row). */
static double table_lead(writer *w, const hc_report_table *t)
{
	hc_pdf_table pt;
	row_cells head = {0}, first = {0};
	table_setup(w, t, &pt, &head);
	double cap = BEFORE_BODY + height(w, t->title, &caption_style) + caption_style.after;
	double need = 0;
	if (t->nrows > 1)
		row_of(w, t, 1, &first);
	if (!w->rc)
		w->rc = hc_pdf_table_need(w->p, &pt, t->nrows > 1 ? first.text : NULL,
		                          t->nrows > 1 ? first.style : NULL, &need, w->err);
	row_free(&head);
	row_free(&first);
	return cap + need;
}

static void table(writer *w, const hc_report_table *t)
{
	keep(w, table_lead(w, t));
	para(w, t->title, &caption_style, BEFORE_BODY);
	hc_pdf_table pt;
	row_cells head = {0};
	table_setup(w, t, &pt, &head);
	if (!w->rc)
		w->rc = hc_pdf_table_begin(w->p, &pt, w->err);
	for (int row = 1; row < t->nrows && !w->rc; row++) {
		row_cells cells = {0};
		row_of(w, t, row, &cells);
		if (!w->rc)
			w->rc = hc_pdf_table_row_styled(w->p, &pt, cells.text, cells.style, w->err);
		row_free(&cells);
	}
	row_free(&head);
}

/* ---- sections ------------------------------------------------------------ */

/* Height that must stay on the page with block k of section s: the block
 * itself for a heading (and the start of what follows it), the first two
 * lines of a paragraph, the caption and start of a table. */
static double lead(writer *w, const hc_report_section *s, int k)
{
	if (k >= s->nblocks || w->rc)
		return 0;
	const hc_report_block *b = &s->blocks[k];
	switch (b->kind) {
	case HC_RBLOCK_HEADING:
		return BEFORE_BODY + height(w, b->text, &sub_style) + lead(w, s, k + 1);
	case HC_RBLOCK_PARAGRAPH: {
		double h = height(w, b->text, &body_style), two = height(w, "A\nA", &body_style);
		return BEFORE_BODY + (h < two ? h : two);
	}
	case HC_RBLOCK_TABLE:
		return table_lead(w, b->table);
	}
	return 0;
}

static void section(writer *w, const hc_report_section *s)
{
	keep(w, BEFORE_SECTION + height(w, s->title, &section_style) + section_style.after +
	            lead(w, s, 0));
	para(w, s->title, &section_style, BEFORE_SECTION);
	for (int k = 0; k < s->nblocks && !w->rc; k++) {
		const hc_report_block *b = &s->blocks[k];
		switch (b->kind) {
		case HC_RBLOCK_HEADING:
			keep(w, lead(w, s, k));
			para(w, b->text, &sub_style, BEFORE_BODY);
			break;
		case HC_RBLOCK_PARAGRAPH:
			para(w, b->text, &body_style, BEFORE_BODY);
			break;
		case HC_RBLOCK_TABLE:
			table(w, b->table);
			break;
		}
	}
}

/* ---- the parts before and after the sections ---------------------------- */

static void heading(writer *w, const hc_report *r)
{
	if (w->rc)
		return;
	char issuer[1024];
	snprintf(issuer, sizeof issuer, "%s\n%s", r->issuer[0] ? r->issuer[0] : "",
	         r->issuer[1] ? r->issuer[1] : "");
	/* docx.c: 43% of the width on the left; superior and national title
	 * 12 pt, issuer, motto, number and date 13 pt */
	hc_pdf_header h = {.superior = r->superior,
	                   .issuer = issuer,
	                   .nation = r->nation,
	                   .motto = r->motto,
	                   .number = r->number,
	                   .place_date = r->place_date,
	                   .left = 0.43,
	                   .superior_size = 12,
	                   .issuer_size = 13,
	                   .nation_size = 12,
	                   .motto_size = 13,
	                   .number_size = 13,
	                   .date_size = 13,
	                   .line = LINE,
	                   .gap = 3.9}; /* docx.c: the rule's 8 pt paragraph, 2 + 3 pt around */
	w->rc = hc_pdf_header_draw(w->p, &h, w->err);
}

static void title(writer *w, const hc_report *r)
{
	hc_pdf_style st = {.size = BODY_PT, .bold = true, .align = HC_PDF_CENTER, .line = LINE};
	para(w, r->doc_type, &st, BEFORE_TYPE);
	para(w, r->summary, &st, 0);
	if (w->rc)
		return;
	/* docx.c: the top border of an 8 pt paragraph 2 pt below the summary
	 * (where LibreOffice sets it: 4 pt below the last line's descent) */
	double x = hc_pdf_left(w->p) + (hc_pdf_width(w->p) - SUMMARY_RULE) / 2;
	double y = hc_pdf_y(w->p) + 4 * PT_MM;
	hc_pdf_hline(w->p, x, x + SUMMARY_RULE, y, 0.5);
	hc_pdf_set_y(w->p, hc_pdf_y(w->p) + 12 * PT_MM);
}

/* Plain text in a box at (x, y) of width cw (drawn, or only measured);
 * returns its height. */
static double box(writer *w, double x, double y, double cw, const char *text,
                  const hc_pdf_style *st, bool draw)
{
	double h = 0;
	markup(w, &w->m, text, false);
	if (w->rc)
		return 0;
	w->rc = draw ? hc_pdf_box(w->p, x, y, cw, hc_buf_str(&w->m), st, &h, w->err)
	             : hc_pdf_measure(w->p, cw, hc_buf_str(&w->m), st, &h, w->err);
	return h + last_line(w, st);
}

/* "Nơi nhận:" and its list on the left, the signing title on the right
 * with room for the signature and the seal (the name is the signer's);
 * kept on one page (docx.c: w:cantSplit). Measured first, then drawn. */
static void signature(writer *w, const hc_report *r)
{
	hc_pdf_style head = {.size = 12, .bold = true, .italic = true, .line = LINE};
	hc_pdf_style item = {.size = 11, .line = LINE};
	hc_pdf_style sign = {.size = BODY_PT, .bold = true, .align = HC_PDF_CENTER, .line = LINE};
	/* docx.c: an empty paragraph, whose mark takes the default 14 pt: one
	 * body line */
	double gap = last_line(w, &body_style) + height(w, "A", &body_style);
	double cw = hc_pdf_width(w->p) / 2, pad = CELL_PAD_X;
	double blank = 4 * height(w, "A", &body_style);
	for (int draw = 0; draw < 2 && !w->rc; draw++) {
		double x = hc_pdf_left(w->p), y = hc_pdf_y(w->p) + (at_page_top(w) ? 0 : gap);
		double left = box(w, x + pad, y, cw - 2 * pad, "Nơi nhận:", &head, draw);
		for (int i = 0; i < r->nrecipients && !w->rc; i++)
			left +=
			    box(w, x + pad, y + left, cw - 2 * pad, r->recipients[i], &item, draw);
		double right = 0;
		for (int i = 0; i < 2 && !w->rc; i++)
			if (r->sign[i] && r->sign[i][0])
				right += box(w, x + cw + pad, y + right, cw - 2 * pad, r->sign[i],
				             &sign, draw);
		right += blank;
		double h = (left > right ? left : right) + (y - hc_pdf_y(w->p));
		if (!draw)
			keep(w, h);
		else
			hc_pdf_set_y(w->p, hc_pdf_y(w->p) + h);
	}
}

static int write_file(const char *path, const char *data, size_t len, hc_err *err)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return hc_err_set(err, HC_EIO, NULL, "Không tạo được tệp báo cáo",
		                  "report pdf: open %s: %s", path, strerror(errno));
	size_t n = fwrite(data, 1, len, f);
	bool bad = n != len;
	if (fclose(f) != 0)
		bad = true;
	if (bad) {
		remove(path);
		return hc_err_set(err, HC_EIO, NULL, "Không ghi được tệp báo cáo",
		                  "report pdf: writing %s failed", path);
	}
	return HC_OK;
}

int hc_pdf_report_write(const hc_report *r, const char *path, hc_err *err)
{
	writer w = {.m = {.cap_limit = HC_PDF_MARKUP_MAX}, .err = err};
	int rc = hc_pdf_new(HC_PDF_A4, &margins, r->summary ? r->summary : "", &w.p, err);
	if (rc)
		return rc;
	hc_pdf_number_pages(w.p, true); /* Decree 30/2020: from page 2 */
	/* docx.c: the header part 10 mm (w:header 567) from the top edge, in
	 * the default 14 pt */
	hc_pdf_number_place(w.p, 10, BODY_PT);
	heading(&w, r);
	title(&w, r);
	para(&w, r->intro, &body_style, BEFORE_BODY);
	for (int i = 0; i < r->nsections && !w.rc; i++)
		section(&w, &r->sections[i]);
	para(&w, r->closing, &body_style, BEFORE_BODY);
	signature(&w, r);
	hc_buf_free(&w.m);
	if (w.rc) {
		hc_pdf_free(w.p);
		return w.rc;
	}
	char *data;
	size_t len;
	if ((rc = hc_pdf_finish(w.p, &data, &len, err)))
		return rc;
	rc = write_file(path, data, len, err);
	free(data);
	return rc;
}
