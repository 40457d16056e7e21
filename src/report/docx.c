/* docx: WordprocessingML writer of a report model (docx.h). Measures are in
 * twentieths of a point (twips: 1 mm = 56.7) and half points for fonts. */
#include "report/docx.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"

/* A4 and the Decree 30/2020 margins: top 20, bottom 20, left 30, right 15 mm */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN_TOP 1134
#define MARGIN_BOTTOM 1134
#define MARGIN_LEFT 1701
#define MARGIN_RIGHT 851
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)

#define BODY_SZ 28  /* 14 pt */
#define TABLE_SZ 26 /* 13 pt */

enum jc { LEFT, CENTER, RIGHT, BOTH };

typedef struct pstyle {
	enum jc jc;
	bool bold, italic, underline;
	int sz;            /* half points, 0 = body */
	int first_line;    /* twips */
	int before, after; /* twips */
	bool keep_next;
} pstyle;

/* XML text: escapes markup and drops the characters XML 1.0 forbids. */
static void esc(hc_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&':
			hc_buf_puts(b, "&amp;");
			break;
		case '<':
			hc_buf_puts(b, "&lt;");
			break;
		case '>':
			hc_buf_puts(b, "&gt;");
			break;
		case '"':
			hc_buf_puts(b, "&quot;");
			break;
		default:
			if (c >= 0x20 || c == '\t')
				hc_buf_putc(b, (char)c);
		}
	}
}

static const char *jc_name(enum jc j)
{
	static const char *const n[] = {"left", "center", "right", "both"};
	return n[j];
}

static void run(hc_buf *b, const char *text, const pstyle *st)
{
	hc_buf_puts(b, "<w:r><w:rPr>");
	if (st->bold)
		hc_buf_puts(b, "<w:b/>");
	if (st->italic)
		hc_buf_puts(b, "<w:i/>");
	/* CT_RPr order (Word refuses others): b, i, sz, szCs, u */
	int sz = st->sz ? st->sz : BODY_SZ;
	hc_buf_printf(b, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", sz, sz);
	if (st->underline)
		hc_buf_puts(b, "<w:u w:val=\"single\"/>");
	hc_buf_puts(b, "</w:rPr><w:t xml:space=\"preserve\">");
	esc(b, text);
	hc_buf_puts(b, "</w:t></w:r>");
}

static void ppr(hc_buf *b, const pstyle *st)
{
	hc_buf_puts(b, "<w:pPr>");
	if (st->keep_next)
		hc_buf_puts(b, "<w:keepNext/>");
	hc_buf_printf(b, "<w:spacing w:before=\"%d\" w:after=\"%d\"/>", st->before, st->after);
	if (st->first_line)
		hc_buf_printf(b, "<w:ind w:firstLine=\"%d\"/>", st->first_line);
	hc_buf_printf(b, "<w:jc w:val=\"%s\"/>", jc_name(st->jc));
	hc_buf_puts(b, "</w:pPr>");
}

static void para(hc_buf *b, const char *text, const pstyle *st)
{
	hc_buf_puts(b, "<w:p>");
	ppr(b, st);
	if (text && text[0])
		run(b, text, st);
	hc_buf_puts(b, "</w:p>");
}

/* A short centred rule under a header line (Decree 30: a line below the
 * issuer's name and below the summary), drawn as a paragraph border of a
 * narrow indented empty paragraph. */
static void rule(hc_buf *b, int width)
{
	hc_buf_printf(b,
	              "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" "
	              "w:color=\"000000\"/></w:pBdr><w:spacing w:before=\"40\" w:after=\"0\" "
	              "w:line=\"160\" w:lineRule=\"exact\"/><w:ind w:left=\"%d\" w:right=\"%d\"/>"
	              "<w:jc w:val=\"center\"/><w:rPr><w:sz w:val=\"8\"/></w:rPr></w:pPr></w:p>",
	              width, width);
}

static void cell_open(hc_buf *b, int width, bool borders)
{
	hc_buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", width);
	if (!borders)
		hc_buf_puts(b, "<w:tcBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/>"
		               "<w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/></w:tcBorders>");
	hc_buf_printf(b, "<w:vAlign w:val=\"%s\"/></w:tcPr>", borders ? "center" : "top");
}

static void table_open(hc_buf *b, const int *widths, int ncols, bool borders)
{
	hc_buf_puts(b, "<w:tbl><w:tblPr>");
	hc_buf_printf(b, "<w:tblW w:w=\"%d\" w:type=\"dxa\"/>", TEXT_W);
	hc_buf_puts(b, "<w:jc w:val=\"center\"/>");
	if (borders) {
		hc_buf_puts(b, "<w:tblBorders>");
		static const char *const sides[] = {"top",   "left",    "bottom",
		                                    "right", "insideH", "insideV"};
		for (int i = 0; i < 6; i++)
			hc_buf_printf(b,
			              "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" "
			              "w:color=\"000000\"/>",
			              sides[i]);
		hc_buf_puts(b, "</w:tblBorders>");
	}
	hc_buf_puts(b, "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"85\" "
	               "w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar>"
	               "</w:tblPr><w:tblGrid>");
	for (int c = 0; c < ncols; c++)
		hc_buf_printf(b, "<w:gridCol w:w=\"%d\"/>", widths[c]);
	hc_buf_puts(b, "</w:tblGrid>");
}

/* Column widths in twips from the model's relative widths. */
static void twips(const hc_report_table *t, int *w)
{
	int sum = 0;
	for (int c = 0; c < t->ncols; c++)
		sum += t->widths[c] > 0 ? t->widths[c] : 1;
	for (int c = 0; c < t->ncols; c++)
		w[c] = (int)((long)TEXT_W * (t->widths[c] > 0 ? t->widths[c] : 1) / sum);
}

static void data_table(hc_buf *b, const hc_report_table *t)
{
	pstyle title = {.jc = CENTER,
	                .bold = true,
	                .before = 120,
	                .after = 60,
	                .keep_next = true,
	                .sz = TABLE_SZ};
	para(b, t->title, &title);
	int w[HC_REPORT_MAX_COLS];
	twips(t, w);
	table_open(b, w, t->ncols, true);
	for (int row = 0; row < t->nrows; row++) {
		/* rows never break across pages; the header row repeats */
		hc_buf_puts(b, row == 0 ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
		                        : "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		for (int col = 0; col < t->ncols; col++) {
			const hc_report_cell *c = hc_report_cell_at(t, row, col);
			char num[HC_REPORT_NUM_BUF];
			pstyle st = {.sz = TABLE_SZ, .bold = c->bold, .before = 20, .after = 20};
			if (row == 0 || col == 0)
				st.jc = CENTER;
			else if (c->kind != HC_RCELL_TEXT)
				st.jc = RIGHT;
			cell_open(b, w[col], true);
			para(b, hc_report_cell_text(c, num), &st);
			hc_buf_puts(b, "</w:tc>");
		}
		hc_buf_puts(b, "</w:tr>");
	}
	hc_buf_puts(b, "</w:tbl>");
}

/* The two-column header: issuing body left, national title right. */
static void header(hc_buf *b, const hc_report *r)
{
	int w[2] = {TEXT_W * 43 / 100, TEXT_W - TEXT_W * 43 / 100};
	table_open(b, w, 2, false);
	hc_buf_puts(b, "<w:tr>");
	cell_open(b, w[0], false);
	pstyle sup = {.jc = CENTER, .sz = 24};
	pstyle iss = {.jc = CENTER, .sz = 26, .bold = true};
	if (r->superior && r->superior[0])
		para(b, r->superior, &sup);
	para(b, r->issuer[0], &iss);
	para(b, r->issuer[1], &iss);
	rule(b, w[0] / 2 - 600);
	hc_buf_puts(b, "</w:tc>");
	cell_open(b, w[1], false);
	pstyle nat = {.jc = CENTER, .sz = 24, .bold = true};
	pstyle mot = {.jc = CENTER, .sz = 26, .bold = true, .underline = true};
	para(b, r->nation, &nat);
	para(b, r->motto, &mot);
	if (r->superior && r->superior[0])
		para(b, "", &mot); /* keeps the rows of both columns level */
	hc_buf_puts(b, "</w:tc></w:tr><w:tr>");
	cell_open(b, w[0], false);
	pstyle num = {.jc = CENTER, .sz = 26, .before = 60};
	para(b, r->number, &num);
	hc_buf_puts(b, "</w:tc>");
	cell_open(b, w[1], false);
	pstyle date = {.jc = CENTER, .sz = 26, .italic = true, .before = 60};
	para(b, r->place_date, &date);
	hc_buf_puts(b, "</w:tc></w:tr></w:tbl>");
}

static void signature(hc_buf *b, const hc_report *r)
{
	int w[2] = {TEXT_W / 2, TEXT_W - TEXT_W / 2};
	pstyle gap = {.sz = 14};
	para(b, "", &gap);
	table_open(b, w, 2, false);
	hc_buf_puts(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
	cell_open(b, w[0], false);
	pstyle head = {.bold = true, .italic = true, .sz = 24, .before = 0};
	pstyle item = {.sz = 22};
	para(b, "Nơi nhận:", &head);
	for (int i = 0; i < r->nrecipients; i++)
		para(b, r->recipients[i], &item);
	hc_buf_puts(b, "</w:tc>");
	cell_open(b, w[1], false);
	pstyle sign = {.jc = CENTER, .bold = true, .sz = BODY_SZ};
	para(b, r->sign[0], &sign);
	para(b, r->sign[1], &sign);
	/* room for the signature and the seal; the name stays for the signer */
	pstyle blank = {.jc = CENTER};
	for (int i = 0; i < 4; i++)
		para(b, "", &blank);
	hc_buf_puts(b, "</w:tc></w:tr></w:tbl>");
}

static void document(hc_buf *b, const hc_report *r)
{
	hc_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	               "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
	               "wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
	               "officeDocument/2006/relationships\"><w:body>");
	header(b, r);
	pstyle type = {.jc = CENTER, .bold = true, .before = 360, .sz = BODY_SZ};
	pstyle sum = {.jc = CENTER, .bold = true, .sz = BODY_SZ};
	para(b, r->doc_type, &type);
	para(b, r->summary, &sum);
	rule(b, TEXT_W / 2 - 700);
	pstyle body = {.jc = BOTH, .first_line = 567, .before = 120, .after = 0};
	pstyle sect = {.jc = LEFT,
	               .bold = true,
	               .first_line = 567,
	               .before = 180,
	               .after = 60,
	               .keep_next = true};
	pstyle sub = {
	    .jc = LEFT, .bold = true, .first_line = 567, .before = 120, .keep_next = true};
	para(b, r->intro, &body);
	for (int i = 0; i < r->nsections; i++) {
		const hc_report_section *s = &r->sections[i];
		para(b, s->title, &sect);
		for (int k = 0; k < s->nblocks; k++) {
			const hc_report_block *blk = &s->blocks[k];
			switch (blk->kind) {
			case HC_RBLOCK_HEADING:
				para(b, blk->text, &sub);
				break;
			case HC_RBLOCK_PARAGRAPH:
				para(b, blk->text, &body);
				break;
			case HC_RBLOCK_TABLE:
				data_table(b, blk->table);
				break;
			}
		}
	}
	para(b, r->closing, &body);
	signature(b, r);
	hc_buf_printf(b,
	              "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId2\"/>"
	              "<w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%d\" "
	              "w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"567\" "
	              "w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>",
	              PAGE_W, PAGE_H, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT);
	hc_buf_puts(b, "</w:body></w:document>");
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/header1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
    "</Types>";

static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

static const char document_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" "
    "Target=\"header1.xml\"/></Relationships>";

/* Decree 30/2020 Appendix I: the page number, centred in the header, from
 * the second page on (titlePg leaves the first page without a header). */
static const char page_header[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
    "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2</w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>";

static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
    "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
    "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:lang w:val=\"vi-VN\"/>"
    "</w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"264\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
    "<w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
    "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
    "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>"
    "</w:tblPr></w:style></w:styles>";

/* Adds one part; the data must stay alive until zip_close. */
static int add_part(zip_t *z, const char *name, const char *data, size_t len, hc_err *err)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	if (!src || zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
		if (src)
			zip_source_free(src);
		return hc_err_set(err, HC_EIO, NULL, "Không ghi được tệp báo cáo",
		                  "docx: adding %s: %s", name, zip_strerror(z));
	}
	return HC_OK;
}

int hc_docx_write(const hc_report *r, const char *path, hc_err *err)
{
	hc_buf doc = {.cap_limit = 32u << 20};
	document(&doc, r);
	if (doc.failed) {
		hc_buf_free(&doc);
		return hc_err_set(err, HC_ETOOBIG, NULL, "Báo cáo quá lớn",
		                  "docx: document over the limit or out of memory");
	}
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z) {
		hc_buf_free(&doc);
		return hc_err_set(err, HC_EIO, NULL, "Không tạo được tệp báo cáo",
		                  "docx: zip_open %s failed (%d)", path, zerr);
	}
	int rc = add_part(z, "[Content_Types].xml", content_types, strlen(content_types), err);
	if (!rc)
		rc = add_part(z, "_rels/.rels", root_rels, strlen(root_rels), err);
	if (!rc)
		rc = add_part(z, "word/_rels/document.xml.rels", document_rels,
		              strlen(document_rels), err);
	if (!rc)
		rc = add_part(z, "word/styles.xml", styles, strlen(styles), err);
	if (!rc)
		rc = add_part(z, "word/header1.xml", page_header, strlen(page_header), err);
	if (!rc)
		rc = add_part(z, "word/document.xml", doc.data, doc.len, err);
	if (rc) {
		zip_discard(z);
	} else if (zip_close(z) < 0) {
		rc = hc_err_set(err, HC_EIO, NULL, "Không ghi được tệp báo cáo", "docx: close: %s",
		                zip_strerror(z));
		zip_discard(z);
	}
	hc_buf_free(&doc);
	return rc;
}
