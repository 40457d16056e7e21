/* xlsx: spreadsheet writer of a report model's tables (xlsx.h). */
#include "report/xlsx.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

static int lxw_fail(lxw_error e, const char *what, hc_err *err)
{
	return hc_err_set(err, HC_EIO, NULL, "Không ghi được tệp báo cáo", "xlsx: %s: %s", what,
	                  lxw_strerror(e));
}

typedef struct formats {
	lxw_format *text, *text_bold, *head, *title, *num, *num_bold, *pct, *pct_bold, *pts,
	    *pts_bold;
} formats;

static lxw_format *fmt(lxw_workbook *wb, bool bold, const char *num_format, bool wrap)
{
	lxw_format *f = workbook_add_format(wb);
	if (!f)
		return NULL;
	format_set_font_name(f, "Times New Roman");
	format_set_font_size(f, 12);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (bold)
		format_set_bold(f);
	if (num_format)
		format_set_num_format(f, num_format);
	if (wrap)
		format_set_text_wrap(f);
	return f;
}

static int sheet(lxw_workbook *wb, const formats *F, const hc_report *r, const hc_report_table *t,
                 hc_err *err)
{
	if (!hc_report_sheet_name_valid(t->sheet))
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ", "xlsx: sheet name '%s'",
		                  t->sheet);
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
	if (!ws)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ",
		                  "xlsx: sheet '%s' refused (duplicate?)", t->sheet);
	char line[600];
	snprintf(line, sizeof line, "%s %s", r->issuer[0], r->issuer[1]);
	lxw_error e = worksheet_write_string(ws, 0, 0, line, F->title);
	char period[600];
	snprintf(period, sizeof period, "%s", r->summary);
	if (!e)
		e = worksheet_write_string(ws, 1, 0, period, NULL);
	if (!e)
		e = worksheet_write_string(ws, 2, 0, t->title, F->title);
	for (int c = 0; !e && c < t->ncols; c++) {
		double w = t->widths[c] > 0 ? t->widths[c] : 10;
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w * 0.9 + 4, NULL);
	}
	for (int row = 0; !e && row < t->nrows; row++) {
		lxw_row_t y = (lxw_row_t)(HC_XLSX_HEADER_ROW + row);
		for (int col = 0; !e && col < t->ncols; col++) {
			const hc_report_cell *c = hc_report_cell_at(t, row, col);
			lxw_col_t x = (lxw_col_t)col;
			switch (c->kind) {
			case HC_RCELL_TEXT:
				e = worksheet_write_string(ws, y, x, c->text ? c->text : "",
				                           row == 0  ? F->head
				                           : c->bold ? F->text_bold
				                                     : F->text);
				break;
			case HC_RCELL_INT:
				e = worksheet_write_number(ws, y, x, (double)c->value,
				                           c->bold ? F->num_bold : F->num);
				break;
			case HC_RCELL_PERCENT:
				if (c->rate.den > 0)
					e = worksheet_write_number(
					    ws, y, x, (double)c->rate.num / (double)c->rate.den,
					    c->bold ? F->pct_bold : F->pct);
				else
					e = worksheet_write_blank(ws, y, x,
					                          c->bold ? F->pct_bold : F->pct);
				break;
			case HC_RCELL_POINTS:
				e = worksheet_write_number(ws, y, x, (double)c->value / 100.0,
				                           c->bold ? F->pts_bold : F->pts);
				break;
			}
		}
	}
	if (!e)
		worksheet_freeze_panes(ws, HC_XLSX_HEADER_ROW + 1, 0);
	return e ? lxw_fail(e, t->sheet, err) : HC_OK;
}

int hc_xlsx_write(const hc_report *r, const char *path, hc_err *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return hc_err_set(err, HC_EIO, NULL, "Không tạo được tệp báo cáo",
		                  "xlsx: cannot create %s", path);
	formats F = {
	    .text = fmt(wb, false, NULL, true),
	    .text_bold = fmt(wb, true, NULL, true),
	    .head = fmt(wb, true, NULL, true),
	    .title = workbook_add_format(wb),
	    .num = fmt(wb, false, "#,##0", false),
	    .num_bold = fmt(wb, true, "#,##0", false),
	    .pct = fmt(wb, false, "0.00%", false),
	    .pct_bold = fmt(wb, true, "0.00%", false),
	    .pts = fmt(wb, false, "0.00", false),
	    .pts_bold = fmt(wb, true, "0.00", false),
	};
	int rc = HC_OK;
	if (!F.text || !F.text_bold || !F.head || !F.title || !F.num || !F.num_bold || !F.pct ||
	    !F.pct_bold || !F.pts || !F.pts_bold)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "xlsx: no memory for formats");
	if (!rc) {
		format_set_align(F.head, LXW_ALIGN_CENTER);
		format_set_bg_color(F.head, 0xD9D9D9);
		format_set_bold(F.title);
		format_set_font_name(F.title, "Times New Roman");
		format_set_font_size(F.title, 13);
	}
	for (int i = 0; !rc && i < r->nsections; i++)
		for (int k = 0; !rc && k < r->sections[i].nblocks; k++)
			if (r->sections[i].blocks[k].kind == HC_RBLOCK_TABLE)
				rc = sheet(wb, &F, r, r->sections[i].blocks[k].table, err);
	lxw_error e = workbook_close(wb); /* frees wb, also after a failure */
	if (!rc && e)
		rc = lxw_fail(e, "close", err);
	return rc;
}
