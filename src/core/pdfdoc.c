#include "core/pdfdoc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PT_PER_MM (72.0 / 25.4)
#define MM_PER_PT (25.4 / 72.0)
#define CELL_PAD 1.2 /* mm inside table cells */

struct hc_pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fontmap;
	PangoContext *ctx;
	hc_buf out;
	double page_w, page_h; /* mm */
	hc_pdf_margins m;
	double y;
	int pages;
	bool numbers;
	double number_y, number_size; /* mm, points; 0: the defaults */
	bool write_failed;
	const hc_pdf_table *header_table; /* repeated on new pages while set */
};

/* A Vietnamese letter of every diacritic class the font must carry. */
static const char probe_letters[] = "ĐđƯưƠơẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệ"
                                    "ỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";

static int check_font(PangoContext *ctx, bool bold, bool italic, char *family, size_t cap,
                      hc_err *err)
{
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, HC_PDF_FAMILY);
	pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(d, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_font_description_set_absolute_size(d, 12 * PANGO_SCALE);
	PangoFont *font = pango_context_load_font(ctx, d);
	pango_font_description_free(d);
	if (!font)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Không tìm thấy phông chữ để in",
		                  "no font for %s", HC_PDF_FAMILY);
	PangoFontDescription *got = pango_font_describe(font);
	const char *fam = pango_font_description_get_family(got);
	snprintf(family, cap, "%s", fam ? fam : "");
	bool same = fam && strcmp(fam, HC_PDF_FAMILY) == 0;
	bool weight_ok = (pango_font_description_get_weight(got) >= PANGO_WEIGHT_BOLD) == bold;
	bool style_ok = (pango_font_description_get_style(got) != PANGO_STYLE_NORMAL) == italic;
	pango_font_description_free(got);
	gunichar missing = 0;
	for (const char *s = probe_letters; same && *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);
		if (!pango_font_has_char(font, c)) {
			missing = c;
			break;
		}
	}
	g_object_unref(font);
	if (!same || !weight_ok || !style_ok)
		return hc_err_set(err, HC_EINTERNAL, NULL,
		                  "Thiếu phông chữ Liberation Serif (gói fonts-liberation2)",
		                  "font resolved for %s%s%s is %s", HC_PDF_FAMILY,
		                  bold ? " bold" : "", italic ? " italic" : "", family);
	if (missing)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Phông chữ không đủ chữ tiếng Việt",
		                  "font lacks U+%04X", (unsigned)missing);
	return HC_OK;
}

int hc_pdf_font_check(bool bold, bool italic, char *family, size_t cap, hc_err *err)
{
	PangoFontMap *fm = pango_cairo_font_map_new();
	if (!fm)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "pango font map");
	PangoContext *ctx = pango_font_map_create_context(fm);
	int rc = check_font(ctx, bold, italic, family, cap, err);
	g_object_unref(ctx);
	g_object_unref(fm);
	return rc;
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int n)
{
	hc_pdf *p = closure;
	if (p->out.len + n > HC_PDF_MAX_BYTES || hc_buf_append(&p->out, data, n)) {
		p->write_failed = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

void hc_pdf_free(hc_pdf *p)
{
	if (!p)
		return;
	if (p->ctx)
		g_object_unref(p->ctx);
	if (p->fontmap)
		g_object_unref(p->fontmap);
	if (p->cr)
		cairo_destroy(p->cr);
	if (p->surface) {
		cairo_surface_finish(p->surface);
		cairo_surface_destroy(p->surface);
	}
	hc_buf_free(&p->out);
	free(p);
}

static int cairo_fail(hc_pdf *p, hc_err *err)
{
	cairo_status_t s = cairo_status(p->cr);
	if (s == CAIRO_STATUS_SUCCESS)
		s = cairo_surface_status(p->surface);
	if (s == CAIRO_STATUS_SUCCESS && !p->write_failed)
		return HC_OK;
	if (p->write_failed)
		return hc_err_set(err, HC_ETOOBIG, NULL, "Tài liệu PDF quá lớn",
		                  "PDF over %zu bytes", HC_PDF_MAX_BYTES);
	return hc_err_set(err, s == CAIRO_STATUS_NO_MEMORY ? HC_ENOMEM : HC_EINTERNAL, NULL,
	                  "Không tạo được tài liệu PDF", "cairo: %s", cairo_status_to_string(s));
}

int hc_pdf_new(enum hc_pdf_size size, const hc_pdf_margins *m, const char *title, hc_pdf **out,
               hc_err *err)
{
	*out = NULL;
	hc_pdf *p = calloc(1, sizeof *p);
	if (!p)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "pdf: no memory");
	p->out.cap_limit = HC_PDF_MAX_BYTES + 1;
	switch (size) {
	case HC_PDF_A5:
		p->page_w = 148, p->page_h = 210;
		break;
	case HC_PDF_A4_LANDSCAPE:
		p->page_w = 297, p->page_h = 210;
		break;
	case HC_PDF_A4:
	default:
		p->page_w = 210, p->page_h = 297;
		break;
	}
	p->m = *m;
	p->fontmap = pango_cairo_font_map_new();
	p->ctx = p->fontmap ? pango_font_map_create_context(p->fontmap) : NULL;
	if (!p->ctx) {
		hc_pdf_free(p);
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "pango context");
	}
	char fam[128];
	int rc = HC_OK;
	for (int i = 0; !rc && i < 4; i++)
		rc = check_font(p->ctx, i & 1, i & 2, fam, sizeof fam, err);
	if (rc) {
		hc_pdf_free(p);
		return rc;
	}
	p->surface = cairo_pdf_surface_create_for_stream(write_cb, p, p->page_w * PT_PER_MM,
	                                                 p->page_h * PT_PER_MM);
	p->cr = cairo_create(p->surface);
	if ((rc = cairo_fail(p, err))) {
		hc_pdf_free(p);
		return rc;
	}
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title ? title : "");
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "haicap");
	cairo_scale(p->cr, PT_PER_MM, PT_PER_MM);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	/* positions in fractions of a unit: at millimetre scale, rounding
	 * glyph positions to whole units would space letters unevenly */
	pango_context_set_round_glyph_positions(p->ctx, FALSE);
	pango_cairo_update_context(p->cr, p->ctx);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	p->y = p->m.top;
	p->pages = 1;
	*out = p;
	return HC_OK;
}

int hc_pdf_finish(hc_pdf *p, char **data, size_t *len, hc_err *err)
{
	*data = NULL;
	*len = 0;
	cairo_show_page(p->cr);
	int rc = cairo_fail(p, err);
	if (!rc) {
		cairo_surface_finish(p->surface);
		rc = cairo_fail(p, err);
	}
	if (!rc && p->out.failed)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "pdf buffer");
	if (!rc) {
		*len = p->out.len;
		*data = hc_buf_take(&p->out);
		if (!*data)
			rc = hc_err_set(err, HC_EINTERNAL, NULL, "Không tạo được tài liệu PDF",
			                "empty PDF");
	}
	hc_pdf_free(p);
	return rc;
}

double hc_pdf_left(const hc_pdf *p)
{
	return p->m.left;
}

double hc_pdf_width(const hc_pdf *p)
{
	return p->page_w - p->m.left - p->m.right;
}

double hc_pdf_y(const hc_pdf *p)
{
	return p->y;
}

void hc_pdf_set_y(hc_pdf *p, double y)
{
	p->y = y;
}

double hc_pdf_room(const hc_pdf *p)
{
	return p->page_h - p->m.bottom - p->y;
}

int hc_pdf_pages(const hc_pdf *p)
{
	return p->pages;
}

void hc_pdf_number_pages(hc_pdf *p, bool on)
{
	p->numbers = on;
}

void hc_pdf_number_place(hc_pdf *p, double y, double size)
{
	p->number_y = y;
	p->number_size = size;
}

int hc_pdf_escape(hc_buf *b, const char *s)
{
	int rc = HC_OK;
	for (const char *q = s ? s : ""; !rc && *q; q++) {
		switch (*q) {
		case '&':
			rc = hc_buf_puts(b, "&amp;");
			break;
		case '<':
			rc = hc_buf_puts(b, "&lt;");
			break;
		case '>':
			rc = hc_buf_puts(b, "&gt;");
			break;
		case '"':
			rc = hc_buf_puts(b, "&quot;");
			break;
		case '\'':
			rc = hc_buf_puts(b, "&#39;");
			break;
		default:
			if ((unsigned char)*q >= 0x20 || *q == '\t' || *q == '\n')
				rc = hc_buf_putc(b, *q);
		}
	}
	return rc;
}

/* A layout of markup in width w (mm); NULL with err set on bad markup. */
static PangoLayout *layout_of(hc_pdf *p, double w, const char *markup, const hc_pdf_style *st,
                              hc_err *err)
{
	size_t n = strlen(markup);
	if (n > HC_PDF_MARKUP_MAX) {
		hc_err_set(err, HC_ETOOBIG, NULL, "Nội dung in quá dài", "markup of %zu bytes", n);
		return NULL;
	}
	PangoAttrList *attrs = NULL;
	char *text = NULL;
	GError *ge = NULL;
	if (!pango_parse_markup(markup, (int)n, 0, &attrs, &text, NULL, &ge)) {
		hc_err_set(err, HC_EINTERNAL, NULL, "Không tạo được tài liệu PDF", "markup: %s",
		           ge ? ge->message : "?");
		if (ge)
			g_error_free(ge);
		return NULL;
	}
	PangoLayout *l = pango_layout_new(p->ctx);
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family(d, HC_PDF_FAMILY);
	double size = st && st->size > 0 ? st->size : 13;
	pango_font_description_set_absolute_size(d, size * MM_PER_PT * PANGO_SCALE);
	if (st && st->bold)
		pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
	if (st && st->italic)
		pango_font_description_set_style(d, PANGO_STYLE_ITALIC);
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
	pango_layout_set_width(l, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	enum hc_pdf_align a = st ? st->align : HC_PDF_LEFT;
	pango_layout_set_alignment(l, a == HC_PDF_CENTER  ? PANGO_ALIGN_CENTER
	                              : a == HC_PDF_RIGHT ? PANGO_ALIGN_RIGHT
	                                                  : PANGO_ALIGN_LEFT);
	pango_layout_set_justify(l, a == HC_PDF_JUSTIFY);
	if (st && st->indent)
		pango_layout_set_indent(l, (int)(st->indent * PANGO_SCALE));
	if (st && st->line > 0)
		pango_layout_set_line_spacing(l, (float)st->line);
	pango_layout_set_text(l, text, -1);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	g_free(text);
	return l;
}

static double layout_height(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

static int table_header(hc_pdf *p, const hc_pdf_table *t, hc_err *err);

int hc_pdf_new_page(hc_pdf *p, hc_err *err)
{
	cairo_show_page(p->cr);
	p->pages++;
	p->y = p->m.top;
	int rc = cairo_fail(p, err);
	if (!rc && p->numbers) {
		char num[16];
		snprintf(num, sizeof num, "%d", p->pages);
		hc_pdf_style st = {.size = p->number_size > 0 ? p->number_size : 13,
		                   .align = HC_PDF_CENTER};
		double y = p->number_y > 0 ? p->number_y : p->m.top / 2 - 2.5;
		rc = hc_pdf_box(p, p->m.left, y, hc_pdf_width(p), num, &st, NULL, err);
	}
	if (!rc && p->header_table)
		rc = table_header(p, p->header_table, err);
	return rc;
}

int hc_pdf_measure(hc_pdf *p, double w, const char *markup, const hc_pdf_style *st, double *height,
                   hc_err *err)
{
	PangoLayout *l = layout_of(p, w, markup, st, err);
	if (!l)
		return err ? err->code : HC_EINTERNAL;
	*height = layout_height(l);
	g_object_unref(l);
	return HC_OK;
}

int hc_pdf_measure_width(hc_pdf *p, const char *markup, const hc_pdf_style *st, double *width,
                         hc_err *err)
{
	PangoLayout *l = layout_of(p, 0, markup, st, err);
	if (!l)
		return err ? err->code : HC_EINTERNAL;
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	*width = (double)r.width / PANGO_SCALE;
	g_object_unref(l);
	return HC_OK;
}

int hc_pdf_box(hc_pdf *p, double x, double y, double w, const char *markup, const hc_pdf_style *st,
               double *height, hc_err *err)
{
	PangoLayout *l = layout_of(p, w, markup, st, err);
	if (!l)
		return err ? err->code : HC_EINTERNAL;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	if (height)
		*height = layout_height(l);
	g_object_unref(l);
	return cairo_fail(p, err);
}

int hc_pdf_para(hc_pdf *p, const char *markup, const hc_pdf_style *st, hc_err *err)
{
	PangoLayout *l = layout_of(p, hc_pdf_width(p), markup, st, err);
	if (!l)
		return err ? err->code : HC_EINTERNAL;
	int rc = HC_OK;
	double top = p->y, shift = 0, bottom = p->y;
	double limit = p->page_h - p->m.bottom;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		double ly = (double)r.y / PANGO_SCALE, lh = (double)r.height / PANGO_SCALE;
		/* a line that does not fit goes to the next page, unless it is
		 * already the first line of a page */
		bool page_top = ly - shift == 0 && top <= p->m.top;
		if (top + ly - shift + lh > limit && !page_top) {
			if ((rc = hc_pdf_new_page(p, err)))
				break;
			top = p->y;
			shift = ly;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_move_to(p->cr, p->m.left + (double)r.x / PANGO_SCALE, top + base - shift);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		bottom = top + ly - shift + lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	if (rc)
		return rc;
	p->y = bottom + (st ? st->after : 0);
	return cairo_fail(p, err);
}

void hc_pdf_hline(hc_pdf *p, double x1, double x2, double y, double width_pt)
{
	cairo_set_line_width(p->cr, width_pt * MM_PER_PT);
	cairo_move_to(p->cr, x1, y);
	cairo_line_to(p->cr, x2, y);
	cairo_stroke(p->cr);
}

int hc_pdf_qr(hc_pdf *p, double x, double y, double size, const char *data, hc_err *err)
{
	size_t n = strlen(data);
	if (n == 0 || n > HC_PDF_QR_MAX)
		return hc_err_set(err, HC_EINVAL, NULL, "Nội dung mã QR không hợp lệ",
		                  "QR payload of %zu bytes", n);
	QRcode *q = QRcode_encodeString8bit(data, 0, QR_ECLEVEL_M);
	if (!q)
		return hc_err_set(err, HC_ENOMEM, NULL, "Không tạo được mã QR", "QRcode_encode");
	const int quiet = 4;
	double mod = size / (q->width + 2 * quiet);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				cairo_rectangle(p->cr, x + (c + quiet) * mod, y + (r + quiet) * mod,
				                mod, mod);
	cairo_fill(p->cr);
	QRcode_free(q);
	return cairo_fail(p, err);
}

static double pad_x(const hc_pdf_table *t)
{
	return t->pad_x > 0 ? t->pad_x : CELL_PAD;
}

static double pad_y(const hc_pdf_table *t)
{
	return t->pad_y > 0 ? t->pad_y : CELL_PAD;
}

/* padding above plus below the cell text */
static double pad_v(const hc_pdf_table *t)
{
	return pad_y(t) + (t->pad_bottom > 0 ? t->pad_bottom : pad_y(t));
}

/* Cell layouts of one row and the row height; styles: one per cell, or
 * NULL for st everywhere. */
static int row_layouts(hc_pdf *p, const hc_pdf_table *t, const char *const *cells,
                       const hc_pdf_style *st, const hc_pdf_style *styles, PangoLayout **ls,
                       double *h, hc_err *err)
{
	*h = 0;
	double px = pad_x(t), pv = pad_v(t);
	double max_h = p->page_h - p->m.top - p->m.bottom - pv - 20;
	for (int i = 0; i < t->ncols; i++) {
		ls[i] = layout_of(p, t->widths[i] - 2 * px, cells[i] ? cells[i] : "",
		                  styles ? &styles[i] : st, err);
		if (!ls[i]) {
			for (int j = 0; j < i; j++)
				g_object_unref(ls[j]);
			return err ? err->code : HC_EINTERNAL;
		}
		if (layout_height(ls[i]) > max_h) {
			pango_layout_set_height(ls[i], (int)(max_h * PANGO_SCALE));
			pango_layout_set_ellipsize(ls[i], PANGO_ELLIPSIZE_END);
		}
		double ch = layout_height(ls[i]) + pv;
		if (ch > *h)
			*h = ch;
	}
	return HC_OK;
}

static void draw_row(hc_pdf *p, const hc_pdf_table *t, PangoLayout **ls, double h)
{
	double x = p->m.left, px = pad_x(t), py = pad_y(t);
	cairo_set_line_width(p->cr, 0.5 * MM_PER_PT);
	for (int i = 0; i < t->ncols; i++) {
		cairo_rectangle(p->cr, x, p->y, t->widths[i], h);
		cairo_stroke(p->cr);
		double dy = t->vcenter ? (h - pad_v(t) - layout_height(ls[i])) / 2 : 0;
		cairo_move_to(p->cr, x + px, p->y + py + dy);
		pango_cairo_show_layout(p->cr, ls[i]);
		g_object_unref(ls[i]);
		x += t->widths[i];
	}
	p->y += h;
}

/* The header row; with a group, its label spans columns [group_first,
 * group_first + group_n) above their own headers, and the other columns
 * span both lines. Drawn at the cursor when draw, else only measured. */
static int header_row(hc_pdf *p, const hc_pdf_table *t, bool draw, double *height, hc_err *err)
{
	PangoLayout *ls[HC_PDF_TABLE_COLS];
	double h, px = pad_x(t), py = pad_y(t), pv = pad_v(t);
	int rc = row_layouts(p, t, t->header, &t->head, NULL, ls, &h, err);
	if (rc)
		return rc;
	int g0 = t->group_first, gn = t->group_n;
	if (gn <= 0 || !t->group_label) {
		*height = h;
		if (draw)
			draw_row(p, t, ls, h);
		else
			for (int i = 0; i < t->ncols; i++)
				g_object_unref(ls[i]);
		return draw ? cairo_fail(p, err) : HC_OK;
	}
	double gx = p->m.left, gw = 0, sub = 0, other = 0;
	for (int i = 0; i < t->ncols; i++) {
		double ch = layout_height(ls[i]) + pv;
		if (i < g0)
			gx += t->widths[i];
		if (i >= g0 && i < g0 + gn) {
			gw += t->widths[i];
			sub = ch > sub ? ch : sub;
		} else {
			other = ch > other ? ch : other;
		}
	}
	PangoLayout *gl = layout_of(p, gw - 2 * px, t->group_label, &t->head, err);
	if (!gl) {
		for (int i = 0; i < t->ncols; i++)
			g_object_unref(ls[i]);
		return err ? err->code : HC_EINTERNAL;
	}
	double gh = layout_height(gl) + pv;
	h = gh + sub > other ? gh + sub : other;
	*height = h;
	if (draw) {
		cairo_set_line_width(p->cr, 0.5 * MM_PER_PT);
		cairo_rectangle(p->cr, gx, p->y, gw, gh);
		cairo_stroke(p->cr);
		cairo_move_to(p->cr, gx + px, p->y + py);
		pango_cairo_show_layout(p->cr, gl);
	}
	g_object_unref(gl);
	double x = p->m.left;
	for (int i = 0; i < t->ncols; i++) {
		bool in = i >= g0 && i < g0 + gn;
		double top = p->y + (in ? gh : 0);
		if (draw) {
			cairo_rectangle(p->cr, x, top, t->widths[i], p->y + h - top);
			cairo_stroke(p->cr);
			cairo_move_to(p->cr, x + px, top + py);
			pango_cairo_show_layout(p->cr, ls[i]);
		}
		g_object_unref(ls[i]);
		x += t->widths[i];
	}
	if (!draw)
		return HC_OK;
	p->y += h;
	return cairo_fail(p, err);
}

static int table_header(hc_pdf *p, const hc_pdf_table *t, hc_err *err)
{
	double h;
	return header_row(p, t, true, &h, err);
}

int hc_pdf_table_begin(hc_pdf *p, const hc_pdf_table *t, hc_err *err)
{
	if (t->ncols < 1 || t->ncols > HC_PDF_TABLE_COLS)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Không tạo được tài liệu PDF",
		                  "table of %d columns", t->ncols);
	if (t->group_n < 0 || t->group_first < 0 || t->group_first + t->group_n > t->ncols)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Không tạo được tài liệu PDF",
		                  "table group out of its columns");
	double h;
	int rc = header_row(p, t, false, &h, err);
	if (rc)
		return rc;
	/* the header and at least one row of body text together */
	if (h + 12 > hc_pdf_room(p) && (rc = hc_pdf_new_page(p, err)))
		return rc;
	return table_header(p, t, err);
}

int hc_pdf_table_need(hc_pdf *p, const hc_pdf_table *t, const char *const *first,
                      const hc_pdf_style *styles, double *height, hc_err *err)
{
	*height = 0;
	if (t->ncols < 1 || t->ncols > HC_PDF_TABLE_COLS)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Không tạo được tài liệu PDF",
		                  "table of %d columns", t->ncols);
	double hh, rh = 0;
	int rc = header_row(p, t, false, &hh, err);
	if (rc)
		return rc;
	if (first) {
		PangoLayout *ls[HC_PDF_TABLE_COLS];
		if ((rc = row_layouts(p, t, first, &t->body, styles, ls, &rh, err)))
			return rc;
		for (int i = 0; i < t->ncols; i++)
			g_object_unref(ls[i]);
	}
	*height = hh + rh;
	return HC_OK;
}

int hc_pdf_table_row(hc_pdf *p, const hc_pdf_table *t, const char *const *cells, hc_err *err)
{
	return hc_pdf_table_row_styled(p, t, cells, NULL, err);
}

int hc_pdf_table_row_styled(hc_pdf *p, const hc_pdf_table *t, const char *const *cells,
                            const hc_pdf_style *styles, hc_err *err)
{
	PangoLayout *ls[HC_PDF_TABLE_COLS];
	double h;
	int rc = row_layouts(p, t, cells, &t->body, styles, ls, &h, err);
	if (rc)
		return rc;
	if (h > hc_pdf_room(p)) {
		const hc_pdf_table *keep = p->header_table;
		p->header_table = t->repeat_header ? t : NULL;
		rc = hc_pdf_new_page(p, err);
		p->header_table = keep;
		if (rc) {
			for (int i = 0; i < t->ncols; i++)
				g_object_unref(ls[i]);
			return rc;
		}
	}
	draw_row(p, t, ls, h);
	return cairo_fail(p, err);
}

/* ---- the Decree 30/2020 heading block ---------------------------------- */

static double pt_or(double size)
{
	return size > 0 ? size : 13;
}

/* Plain text in a box (escaped into b); *h receives its height, 0 for no
 * text. With a spacing factor the last line takes a whole line pitch, as in
 * word processors (pango spaces only between lines and ends at the last
 * line's descent). */
static int header_box(hc_pdf *p, hc_buf *b, double x, double y, double w, const char *text,
                      hc_pdf_style st, double line, double *h, hc_err *err)
{
	*h = 0;
	if (!text || !text[0])
		return HC_OK;
	hc_buf_reset(b);
	st.line = line;
	if (hc_pdf_escape(b, text) || b->failed)
		return hc_err_set(err, HC_ETOOBIG, NULL, "Nội dung in quá dài", "heading text");
	int rc = hc_pdf_box(p, x, y, w, hc_buf_str(b), &st, h, err);
	double one = 0, two = 0;
	if (!rc && line > 1 && !(rc = hc_pdf_measure(p, w, "A", &st, &one, err)) &&
	    !(rc = hc_pdf_measure(p, w, "A\nA", &st, &two, err)) && two > 2 * one)
		*h += two - 2 * one; /* a whole line pitch for the last line */
	return rc;
}

int hc_pdf_header_draw(hc_pdf *p, const hc_pdf_header *hd, hc_err *err)
{
	double x = hc_pdf_left(p), w = hc_pdf_width(p), y = p->y;
	double lw = w * (hd->left > 0 && hd->left < 1 ? hd->left : 0.4), rw = w - lw;
	double h1 = 0, h2 = 0, h3 = 0, h4 = 0;
	hc_buf b = {.cap_limit = HC_PDF_MARKUP_MAX};
	int rc =
	    header_box(p, &b, x, y, lw, hd->superior,
	               (hc_pdf_style){.size = pt_or(hd->superior_size), .align = HC_PDF_CENTER},
	               hd->line, &h1, err);
	if (!rc)
		rc = header_box(p, &b, x, y + h1, lw, hd->issuer,
		                (hc_pdf_style){.size = pt_or(hd->issuer_size),
		                               .bold = true,
		                               .align = HC_PDF_CENTER},
		                hd->line, &h2, err);
	/* Annex I: a rule of a third to a half of the name's length, centred */
	double ly = y + h1 + h2 + 1.2;
	if (!rc && h1 + h2 > 0)
		hc_pdf_hline(p, x + lw / 3, x + 2 * lw / 3, ly, 0.6);
	/* the national title stays on one line: smaller type on narrow paper */
	hc_pdf_style ns = {
	    .size = pt_or(hd->nation_size), .bold = true, .align = HC_PDF_CENTER, .line = hd->line};
	double nw = 0;
	if (hd->nation && hd->nation[0]) {
		hc_buf_reset(&b);
		if (!rc && (hc_pdf_escape(&b, hd->nation) || b.failed))
			rc = hc_err_set(err, HC_ETOOBIG, NULL, "Nội dung in quá dài", "nation");
		while (!rc && !(rc = hc_pdf_measure_width(p, hc_buf_str(&b), &ns, &nw, err)) &&
		       nw > rw - 1 && ns.size > 7)
			ns.size -= 0.25;
	}
	if (!rc)
		rc = header_box(p, &b, x + lw, y, rw, hd->nation, ns, hd->line, &h3, err);
	hc_pdf_style ms = {
	    .size = pt_or(hd->motto_size), .bold = true, .align = HC_PDF_CENTER, .line = hd->line};
	if (!rc)
		rc = header_box(p, &b, x + lw, y + h3, rw, hd->motto, ms, hd->line, &h4, err);
	/* Annex I: a rule as long as the motto under it */
	double mw = 0, ry = y + h3 + h4 + 1.2;
	if (!rc && h4 > 0 && !(rc = hc_pdf_measure_width(p, hc_buf_str(&b), &ms, &mw, err)))
		hc_pdf_hline(p, x + lw + (rw - mw) / 2, x + lw + (rw + mw) / 2, ry, 0.6);
	double bottom = (ly > ry ? ly : ry) + (hd->gap > 0 ? hd->gap : 3), hn = 0, hdate = 0;
	if (!rc)
		rc = header_box(
		    p, &b, x, bottom, lw, hd->number,
		    (hc_pdf_style){.size = pt_or(hd->number_size), .align = HC_PDF_CENTER},
		    hd->line, &hn, err);
	if (!rc)
		rc = header_box(p, &b, x + lw, bottom, rw, hd->place_date,
		                (hc_pdf_style){.size = pt_or(hd->date_size),
		                               .italic = true,
		                               .align = HC_PDF_CENTER},
		                hd->line, &hdate, err);
	hc_buf_free(&b);
	if (rc)
		return rc;
	p->y = bottom + (hn > hdate ? hn : hdate) + hd->after;
	return HC_OK;
}
