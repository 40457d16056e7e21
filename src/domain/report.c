/* report: the periodic report model (report.h). Every figure is read from
 * the module that owns it; this file only chooses, words and arranges them.
 * The prose and table labels follow the wording of the commune reports the
 * project started from (Trần Liễu, Kim Trà, Hà Bắc: "tiếp nhận ... hồ sơ,
 * trong đó trực tuyến ..."). */
#include "domain/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/text.h"
#include "core/time.h"
#include "domain/index766.h"
#include "domain/procedure.h"

struct hc_report_arena {
	void **ptrs;
	size_t n, cap;
	bool failed; /* an allocation failed: the build returns HC_ENOMEM */
};

static void *keep(hc_report *r, void *p)
{
	hc_report_arena *a = r->arena;
	if (!p || a->failed) {
		free(p);
		a->failed = true;
		return NULL;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 64;
		void **np = realloc(a->ptrs, cap * sizeof *np);
		if (!np) {
			free(p);
			a->failed = true;
			return NULL;
		}
		a->ptrs = np;
		a->cap = cap;
	}
	a->ptrs[a->n++] = p;
	return p;
}

static const char *vstr(hc_report *r, const char *fmt, va_list ap)
{
	hc_buf b = {.cap_limit = HC_REPORT_TEXT_MAX};
	hc_buf_vprintf(&b, fmt, ap);
	if (b.failed) {
		hc_buf_free(&b);
		r->arena->failed = true;
		return "";
	}
	const char *s = keep(r, hc_buf_take(&b));
	return s ? s : "";
}

/* A string owned by the report ("" after a failure, which the build reports). */
__attribute__((format(printf, 2, 3))) static const char *str(hc_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = vstr(r, fmt, ap);
	va_end(ap);
	return s;
}

/* Upper case of a UTF-8 string (names in the header: "PHƯỜNG TRẦN LIỄU"). */
static const char *upper(hc_report *r, const char *s)
{
	hc_buf b = {.cap_limit = HC_REPORT_TEXT_MAX};
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
	while (left > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
		if (n <= 0)
			break;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
		hc_buf_append(&b, enc, (size_t)m);
		p += n;
		left -= n;
	}
	if (b.failed || !b.data) {
		hc_buf_free(&b);
		return str(r, "%s", s);
	}
	const char *out = keep(r, hc_buf_take(&b));
	return out ? out : "";
}

char *hc_report_fmt_int(int64_t v, char buf[HC_REPORT_NUM_BUF])
{
	char digits[24];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	char *o = buf;
	if (v < 0)
		*o++ = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			*o++ = '.';
		*o++ = digits[i];
	}
	*o = '\0';
	return buf;
}

char *hc_report_fmt_rate(hc_rate r, char buf[HC_REPORT_NUM_BUF])
{
	if (r.den <= 0 || r.num < 0) {
		snprintf(buf, HC_REPORT_NUM_BUF, "-");
		return buf;
	}
	/* hundredths of a percent, rounded half up, in integers */
	long double q = (long double)r.num * 10000.0L / (long double)r.den;
	int64_t bp = (int64_t)(q + 0.5L);
	hc_report_fmt_int(bp / 100, buf);
	int64_t frac = bp % 100;
	size_t n = strlen(buf); /* at most 26: room for ",dd%" */
	if (frac) {
		buf[n++] = ',';
		buf[n++] = (char)('0' + frac / 10);
		if (frac % 10)
			buf[n++] = (char)('0' + frac % 10);
	}
	buf[n++] = '%';
	buf[n] = '\0';
	return buf;
}

/* Points with two decimals and a decimal comma: 85,32 */
static char *fmt_points(int64_t hundredths, char buf[HC_REPORT_NUM_BUF])
{
	hc_report_fmt_int(hundredths / 100, buf);
	int64_t frac = hundredths % 100;
	frac = frac < 0 ? -frac : frac;
	size_t n = strlen(buf);
	buf[n++] = ',';
	buf[n++] = (char)('0' + frac / 10);
	buf[n++] = (char)('0' + frac % 10);
	buf[n] = '\0';
	return buf;
}

const char *hc_report_cell_text(const hc_report_cell *c, char buf[HC_REPORT_NUM_BUF])
{
	switch (c->kind) {
	case HC_RCELL_INT:
		return hc_report_fmt_int(c->value, buf);
	case HC_RCELL_PERCENT:
		return hc_report_fmt_rate(c->rate, buf);
	case HC_RCELL_POINTS:
		return fmt_points(c->value, buf);
	case HC_RCELL_TEXT:
		break;
	}
	return c->text ? c->text : "";
}

const hc_report_cell *hc_report_cell_at(const hc_report_table *t, int row, int col)
{
	return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

/* ---- building blocks ---- */

typedef struct build {
	hc_tx *tx;
	const hc_report_params *p;
	hc_report *r;
	const char *kind_word; /* "phường", "xã", "đặc khu" */
	int ntables;           /* tables so far, for "Bảng N." */
} build;

static int add_block(hc_report_section *s, hc_report_block blk, hc_err *err)
{
	if (s->nblocks == HC_REPORT_MAX_BLOCKS)
		return hc_err_set(err, HC_ETOOBIG, NULL, "Báo cáo quá dài",
		                  "report: section %s has more than %d blocks", s->key,
		                  HC_REPORT_MAX_BLOCKS);
	s->blocks[s->nblocks++] = blk;
	return HC_OK;
}

static int heading(build *b, hc_report_section *s, const char *text, hc_err *err)
{
	return add_block(
	    s, (hc_report_block){.kind = HC_RBLOCK_HEADING, .text = str(b->r, "%s", text)}, err);
}

__attribute__((format(printf, 4, 5))) static int para(build *b, hc_report_section *s, hc_err *err,
                                                      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *t = vstr(b->r, fmt, ap);
	va_end(ap);
	return add_block(s, (hc_report_block){.kind = HC_RBLOCK_PARAGRAPH, .text = t}, err);
}

bool hc_report_sheet_name_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || s[0] == '\'' || s[n - 1] == '\'' || strpbrk(s, "[]:*?/\\"))
		return false;
	return hc_text_valid(s, n) && hc_text_length(s) <= HC_REPORT_SHEET_MAX;
}

/* A table of nrows (header included) added to s; heads fill row 0. */
static hc_report_table *table(build *b, hc_report_section *s, const char *title, const char *sheet,
                              int ncols, int nrows, const int *widths, const char *const *heads,
                              hc_err *err)
{
	if (ncols < 1 || ncols > HC_REPORT_MAX_COLS || nrows < 1 || nrows > HC_REPORT_MAX_ROWS) {
		hc_err_set(err, HC_ETOOBIG, NULL, "Bảng báo cáo quá lớn",
		           "report: table %s is %d x %d", sheet, nrows, ncols);
		return NULL;
	}
	if (!hc_report_sheet_name_valid(sheet)) {
		hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi nội bộ",
		           "report: sheet name '%s' is not valid", sheet);
		return NULL;
	}
	hc_report_table *t = keep(b->r, calloc(1, sizeof *t));
	hc_report_cell *cells = keep(b->r, calloc((size_t)ncols * (size_t)nrows, sizeof *cells));
	if (!t || !cells) {
		hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "report: no memory");
		return NULL;
	}
	t->title = str(b->r, "Bảng %d. %s", ++b->ntables, title);
	t->sheet = str(b->r, "%s", sheet);
	t->ncols = ncols;
	t->nrows = nrows;
	t->cells = cells;
	for (int c = 0; c < ncols; c++) {
		t->widths[c] = widths[c];
		cells[c] = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = heads[c], .bold = true};
	}
	if (add_block(s, (hc_report_block){.kind = HC_RBLOCK_TABLE, .table = t}, err))
		return NULL;
	return t;
}

static hc_report_cell *cell(hc_report_table *t, int row, int col)
{
	return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

static void set_text(hc_report_table *t, int row, int col, const char *text)
{
	*cell(t, row, col) = (hc_report_cell){.kind = HC_RCELL_TEXT, .text = text};
}

static void set_int(hc_report_table *t, int row, int col, int64_t v)
{
	*cell(t, row, col) = (hc_report_cell){.kind = HC_RCELL_INT, .value = v};
}

static void set_rate(hc_report_table *t, int row, int col, hc_rate r)
{
	*cell(t, row, col) = (hc_report_cell){.kind = HC_RCELL_PERCENT, .rate = r};
}

static void bold_row(hc_report_table *t, int row)
{
	for (int c = 0; c < t->ncols; c++)
		cell(t, row, c)->bold = true;
}

/* Row of a "STT | Chỉ tiêu | value" table. */
static void kv_row(hc_report_table *t, int row, const char *no, const char *label, int64_t v,
                   bool bold)
{
	set_text(t, row, 0, no);
	set_text(t, row, 1, label);
	set_int(t, row, 2, v);
	if (bold)
		bold_row(t, row);
}

#define N(v, buf) hc_report_fmt_int((v), (buf))
/* "đạt 98,5%", or "không phát sinh" when nothing was counted */
#define PHRASE_BUF 48
static char *rate_phrase(hc_rate r, char buf[PHRASE_BUF])
{
	char n[HC_REPORT_NUM_BUF];
	if (r.den <= 0)
		snprintf(buf, PHRASE_BUF, "không phát sinh");
	else
		snprintf(buf, PHRASE_BUF, "đạt %s", hc_report_fmt_rate(r, n));
	return buf;
}
#define R(v, buf) rate_phrase((v), (buf))

/* ---- sections ---- */

static int section_dossiers(build *b, hc_report_section *s, hc_err *err)
{
	const hc_stats *st = &b->r->stats;
	char a[6][PHRASE_BUF];
	int rc = heading(b, s, "1. Tiếp nhận hồ sơ", err);
	if (!rc)
		rc = para(
		    b, s, err,
		    "Trong kỳ báo cáo, Trung tâm Phục vụ hành chính công %s tiếp nhận %s hồ "
		    "sơ thủ tục hành chính, trong đó: tiếp nhận trực tiếp %s hồ sơ, trực tuyến "
		    "%s hồ sơ, qua dịch vụ bưu chính công ích %s hồ sơ; số hồ sơ kỳ trước "
		    "chuyển sang là %s hồ sơ.",
		    b->kind_word, N(st->received.total, a[0]), N(st->received.direct, a[1]),
		    N(st->received.online, a[2]), N(st->received.postal, a[3]),
		    N(st->carried_over, a[4]));
	if (!rc)
		rc = heading(b, s, "2. Kết quả giải quyết hồ sơ", err);
	if (!rc)
		rc =
		    para(b, s, err,
		         "Tổng số hồ sơ phải giải quyết là %s hồ sơ. Đã giải quyết %s hồ sơ, trong "
		         "đó: trước hạn %s hồ sơ, đúng hạn %s hồ sơ, quá hạn %s hồ sơ; tỷ lệ giải "
		         "quyết đúng hạn (gồm trước hạn và đúng hạn) %s.",
		         N(st->carried_over + st->received.total, a[0]),
		         N(st->finished.resolved.total, a[1]), N(st->finished.resolved.early, a[2]),
		         N(st->finished.resolved.on_time, a[3]),
		         N(st->finished.resolved.late, a[4]), R(st->rates.on_time, a[5]));
	if (!rc)
		rc = para(b, s, err,
		          "Từ chối giải quyết %s hồ sơ; tổ chức, công dân rút %s hồ sơ. Đang giải "
		          "quyết %s hồ sơ, trong đó: trong hạn %s hồ sơ (chờ tổ chức, công dân bổ "
		          "sung %s hồ sơ), quá hạn %s hồ sơ.",
		          N(st->finished.rejected, a[0]), N(st->finished.withdrawn, a[1]),
		          N(st->pending.total, a[2]), N(st->pending.within, a[3]),
		          N(st->pending.awaiting_supplement, a[4]), N(st->pending.overdue, a[5]));
	if (!rc)
		rc = para(
		    b, s, err,
		    "Tỷ lệ hài lòng của tổ chức, công dân (hồ sơ giải quyết không quá hạn và "
		    "không bị đánh giá không hài lòng, trên số đã giải quyết) %s; %s hồ sơ được "
		    "tổ chức, công dân đánh giá.",
		    R(st->rates.satisfied, a[0]), N(st->finished.resolved.rated, a[1]));
	if (rc)
		return rc;
	static const int w[] = {10, 70, 20};
	static const char *const heads[] = {"STT", "Chỉ tiêu", "Số hồ sơ"};
	hc_report_table *t = table(b, s, "Tình hình tiếp nhận và giải quyết hồ sơ", "Hồ sơ TTHC", 3,
	                           19, w, heads, err);
	if (!t)
		return err ? err->code : HC_EINTERNAL;
	kv_row(t, 1, "1", "Kỳ trước chuyển sang", st->carried_over, true);
	kv_row(t, 2, "2", "Tiếp nhận trong kỳ", st->received.total, true);
	kv_row(t, 3, "2.1", "Trực tiếp", st->received.direct, false);
	kv_row(t, 4, "2.2", "Trực tuyến", st->received.online, false);
	kv_row(t, 5, "2.3", "Qua bưu chính công ích", st->received.postal, false);
	kv_row(t, 6, "3", "Tổng số phải giải quyết (1 + 2)", st->carried_over + st->received.total,
	       true);
	kv_row(t, 7, "4", "Đã giải quyết", st->finished.resolved.total, true);
	kv_row(t, 8, "4.1", "Trước hạn", st->finished.resolved.early, false);
	kv_row(t, 9, "4.2", "Đúng hạn", st->finished.resolved.on_time, false);
	kv_row(t, 10, "4.3", "Quá hạn", st->finished.resolved.late, false);
	kv_row(t, 11, "5", "Từ chối giải quyết", st->finished.rejected, true);
	kv_row(t, 12, "6", "Tổ chức, công dân rút hồ sơ", st->finished.withdrawn, true);
	kv_row(t, 13, "7", "Đang giải quyết", st->pending.total, true);
	kv_row(t, 14, "7.1", "Trong hạn", st->pending.within, false);
	kv_row(t, 15, "", "Trong đó: chờ bổ sung hồ sơ", st->pending.awaiting_supplement, false);
	kv_row(t, 16, "7.2", "Quá hạn", st->pending.overdue, false);
	set_text(t, 17, 0, "8");
	set_text(t, 17, 1, "Tỷ lệ giải quyết đúng hạn");
	set_rate(t, 17, 2, st->rates.on_time);
	bold_row(t, 17);
	set_text(t, 18, 0, "9");
	set_text(t, 18, 1, "Tỷ lệ hài lòng của tổ chức, công dân");
	set_rate(t, 18, 2, st->rates.satisfied);
	bold_row(t, 18);
	return HC_OK;
}

static int section_digital(build *b, hc_report_section *s, hc_err *err)
{
	const hc_stats *st = &b->r->stats;
	char a[8][PHRASE_BUF];
	int rc = para(b, s, err,
	              "Tỷ lệ hồ sơ nộp trực tuyến %s; tỷ lệ số hóa thành phần hồ sơ %s; tỷ "
	              "lệ số hóa kết quả giải quyết %s; tỷ lệ cấp kết quả điện tử %s; tỷ lệ "
	              "thanh toán trực tuyến (trên số hồ sơ có phí, lệ phí) %s; tỷ lệ khai "
	              "thác, sử dụng lại thông tin, dữ liệu số hóa %s.",
	              R(st->rates.online, a[0]), R(st->rates.digitized_input, a[1]),
	              R(st->rates.digitized_result, a[2]), R(st->rates.e_result, a[3]),
	              R(st->rates.paid_online, a[4]), R(st->rates.reuse, a[5]));
	if (rc)
		return rc;
	static const int w[] = {8, 47, 15, 15, 15};
	static const char *const heads[] = {"STT", "Chỉ tiêu", "Số hồ sơ", "Trên tổng số", "Tỷ lệ"};
	const struct {
		const char *label;
		hc_rate r;
	} rows[] = {
	    {"Giải quyết đúng hạn (trên số đã giải quyết)", st->rates.on_time},
	    {"Nộp trực tuyến (trên số tiếp nhận)", st->rates.online},
	    {"Số hóa thành phần hồ sơ", st->rates.digitized_input},
	    {"Số hóa kết quả giải quyết", st->rates.digitized_result},
	    {"Cấp kết quả điện tử", st->rates.e_result},
	    {"Thanh toán trực tuyến (trên số hồ sơ có phí, lệ phí)", st->rates.paid_online},
	    {"Sử dụng lại dữ liệu đã số hóa", st->rates.reuse},
	};
	int n = (int)(sizeof rows / sizeof rows[0]);
	hc_report_table *t = table(b, s, "Các chỉ tiêu chuyển đổi số trong giải quyết hồ sơ",
	                           "Chuyển đổi số", 5, n + 1, w, heads, err);
	if (!t)
		return err ? err->code : HC_EINTERNAL;
	for (int i = 0; i < n; i++) {
		set_text(t, i + 1, 0, str(b->r, "%d", i + 1));
		set_text(t, i + 1, 1, rows[i].label);
		set_int(t, i + 1, 2, rows[i].r.num);
		set_int(t, i + 1, 3, rows[i].r.den);
		set_rate(t, i + 1, 4, rows[i].r);
	}
	return HC_OK;
}

typedef struct field_row {
	const char *field;
	int64_t c[3];
} field_row;

typedef struct field_list {
	build *b;
	field_row *rows;
	int n, cap;
	int64_t total[3];
	bool too_many;
} field_list;

static int collect_field(const char *field, const int64_t counts[3], void *ctx)
{
	field_list *l = ctx;
	if (l->n + 2 >= HC_REPORT_MAX_ROWS) {
		l->too_many = true;
		return HC_ETOOBIG;
	}
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 32;
		field_row *np = realloc(l->rows, (size_t)cap * sizeof *np);
		if (!np)
			return HC_ENOMEM;
		l->rows = np;
		l->cap = cap;
	}
	l->rows[l->n++] = (field_row){str(l->b->r, "%s", field[0] ? field : "Chưa phân lĩnh vực"),
	                              {counts[0], counts[1], counts[2]}};
	for (int i = 0; i < 3; i++)
		l->total[i] += counts[i];
	return HC_OK;
}

static int section_catalog(build *b, hc_report_section *s, hc_err *err)
{
	field_list l = {.b = b};
	int rc = hc_procedure_count_by_field(b->tx, b->r->unit.id, collect_field, &l, err);
	if (rc == HC_ETOOBIG && l.too_many)
		rc = hc_err_set(err, HC_ETOOBIG, NULL, "Danh mục có quá nhiều lĩnh vực",
		                "report: more than %d fields", HC_REPORT_MAX_ROWS - 2);
	else if (rc == HC_ENOMEM)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "report: no memory");
	char a[5][HC_REPORT_NUM_BUF];
	int64_t all =
	    l.total[HC_ONLINE_FULL] + l.total[HC_ONLINE_PARTIAL] + l.total[HC_ONLINE_NONE];
	if (!rc)
		rc = para(
		    b, s, err,
		    "Tổng số thủ tục hành chính đang áp dụng tại %s là %s thủ tục thuộc %s "
		    "lĩnh vực, trong đó: dịch vụ công trực tuyến toàn trình %s thủ tục, dịch vụ "
		    "công trực tuyến một phần %s thủ tục, chưa cung cấp dịch vụ công trực tuyến "
		    "%s thủ tục.",
		    b->kind_word, N(all, a[0]), N(l.n, a[1]), N(l.total[HC_ONLINE_FULL], a[2]),
		    N(l.total[HC_ONLINE_PARTIAL], a[3]), N(l.total[HC_ONLINE_NONE], a[4]));
	static const int w[] = {8, 44, 12, 12, 12, 12};
	static const char *const heads[] = {"STT",      "Lĩnh vực",        "Toàn trình",
	                                    "Một phần", "Chưa trực tuyến", "Tổng số"};
	hc_report_table *t = NULL;
	if (!rc && !(t = table(b, s, "Thủ tục hành chính theo lĩnh vực và mức độ trực tuyến",
	                       "TTHC theo lĩnh vực", 6, l.n + 2, w, heads, err)))
		rc = err ? err->code : HC_EINTERNAL;
	for (int i = 0; !rc && i <= l.n; i++) {
		const int64_t *c = i < l.n ? l.rows[i].c : l.total;
		set_text(t, i + 1, 0, i < l.n ? str(b->r, "%d", i + 1) : "");
		set_text(t, i + 1, 1, i < l.n ? l.rows[i].field : "Tổng cộng");
		set_int(t, i + 1, 2, c[HC_ONLINE_FULL]);
		set_int(t, i + 1, 3, c[HC_ONLINE_PARTIAL]);
		set_int(t, i + 1, 4, c[HC_ONLINE_NONE]);
		set_int(t, i + 1, 5, c[0] + c[1] + c[2]);
		if (i == l.n)
			bold_row(t, i + 1);
	}
	free(l.rows);
	return rc;
}

/* "Thành phố Hải Phòng" -> "thành phố Hải Phòng" (inside a sentence) */
static const char *lower_first(hc_report *r, const char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z')
		return str(r, "%c%s", s[0] - 'A' + 'a', s + 1);
	return str(r, "%s", s);
}

static int section_index766(build *b, hc_report_section *s, hc_err *err)
{
	hc_report *r = b->r;
	hc_i766_table tab = {0};
	int rc = hc_i766_table_builtin(&tab, err);
	int first, count;
	hc_err verr = {0};
	if (!rc && hc_i766_table_version(&tab, r->to_day - 1, &first, &count, &verr) != HC_OK) {
		hc_i766_table_free(&tab);
		return para(b, s, err,
		            "Kỳ báo cáo chưa có bảng chỉ tiêu của Bộ chỉ số theo Quyết định số "
		            "766/QĐ-TTg áp dụng, chưa tính điểm.");
	}
	hc_i766_ranking rk = {0};
	if (!rc)
		rc = hc_i766_ranking_compute(b->tx, &tab, r->from_day, r->to_day, b->p->now, &rk,
		                             err);
	const hc_i766_ranked *me = NULL;
	for (int i = 0; !rc && i < rk.n; i++)
		if (rk.units[i].unit_id == r->unit.id)
			me = &rk.units[i];
	char a[3][HC_REPORT_NUM_BUF];
	if (!rc && !me)
		rc = para(
		    b, s, err,
		    "Đơn vị không thuộc diện xếp hạng Bộ chỉ số theo Quyết định số 766/QĐ-TTg.");
	else if (!rc) {
		r->has_index = true;
		r->index_total = me->total;
		r->index_rank = me->position;
		r->index_of = me->of;
		rc = para(
		    b, s, err,
		    "Theo Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, "
		    "doanh nghiệp (Quyết định số 766/QĐ-TTg), tính trên dữ liệu của hệ thống, "
		    "%s đạt %s/100 điểm, xếp thứ %d/%d đơn vị cấp xã của %s.",
		    b->kind_word, fmt_points((int64_t)(me->total * 100.0 + 0.5), a[0]),
		    me->position, me->of, lower_first(r, me->province));
		static const int w[] = {8, 56, 18, 18};
		static const char *const heads[] = {"STT", "Nhóm chỉ số", "Điểm tối đa",
		                                    "Điểm đạt"};
		hc_report_table *t = NULL;
		if (!rc && !(t = table(b, s, "Điểm Bộ chỉ số theo Quyết định số 766/QĐ-TTg",
		                       "Chỉ số 766", 4, rk.ngroups + 2, w, heads, err)))
			rc = err ? err->code : HC_EINTERNAL;
		int64_t max_all = 0;
		for (int g = 0; !rc && g < rk.ngroups; g++) {
			set_text(t, g + 1, 0, str(r, "%d", g + 1));
			set_text(t, g + 1, 1, str(r, "%s", rk.group_rows[g]->group_name));
			*cell(t, g + 1, 2) =
			    (hc_report_cell){.kind = HC_RCELL_POINTS, .value = rk.group_max_c[g]};
			*cell(t, g + 1, 3) =
			    (hc_report_cell){.kind = HC_RCELL_POINTS,
			                     .value = (int64_t)(me->groups[g] * 100.0 + 0.5)};
			max_all += rk.group_max_c[g];
		}
		if (!rc) {
			int last = rk.ngroups + 1;
			set_text(t, last, 0, "");
			set_text(t, last, 1,
			         str(r, "Tổng điểm (xếp hạng %d/%d)", me->position, me->of));
			*cell(t, last, 2) =
			    (hc_report_cell){.kind = HC_RCELL_POINTS, .value = max_all};
			*cell(t, last, 3) = (hc_report_cell){
			    .kind = HC_RCELL_POINTS, .value = (int64_t)(me->total * 100.0 + 0.5)};
			bold_row(t, last);
		}
	}
	hc_i766_ranking_free(&rk);
	hc_i766_table_free(&tab);
	return rc;
}

static int section_feedback(build *b, hc_report_section *s, hc_err *err)
{
	hc_report *r = b->r;
	hc_feedback_counts *c = &r->feedback;
	int rc = hc_feedback_counts_compute(b->tx, r->unit.id, hc_local_instant(r->from_day, 0),
	                                    hc_local_instant(r->to_day, 0), b->p->now, c, err);
	if (rc)
		return rc;
	char a[8][PHRASE_BUF];
	hc_rate on_time = {c->handled.on_time, c->handled.total};
	rc =
	    para(b, s, err,
	         "Trong kỳ, %s tiếp nhận %s phản ánh, kiến nghị của tổ chức, công dân (kỳ trước "
	         "chuyển sang %s); đã xử lý, trả lời %s phản ánh, kiến nghị, trong đó đúng hạn %s, "
	         "quá hạn %s, tỷ lệ xử lý đúng hạn %s; từ chối tiếp nhận %s.",
	         b->kind_word, N(c->received.total, a[0]), N(c->carried_over, a[1]),
	         N(c->handled.total, a[2]), N(c->handled.on_time, a[3]), N(c->handled.late, a[4]),
	         R(on_time, a[5]), N(c->refused, a[6]));
	if (!rc)
		rc = para(
		    b, s, err,
		    "Đang xử lý %s phản ánh, kiến nghị, trong đó: trong hạn %s, quá hạn %s, chờ "
		    "bổ sung thông tin %s. Đã công khai kết quả trả lời %s phản ánh, kiến nghị.",
		    N(c->pending.total, a[0]), N(c->pending.within, a[1]),
		    N(c->pending.overdue, a[2]), N(c->pending.awaiting_info, a[3]),
		    N(c->published.total, a[4]));
	if (rc)
		return rc;
	static const int w[] = {10, 70, 20};
	static const char *const heads[] = {"STT", "Chỉ tiêu", "Số lượng"};
	hc_report_table *t =
	    table(b, s, "Tiếp nhận, xử lý phản ánh, kiến nghị", "PAKN", 3, 13, w, heads, err);
	if (!t)
		return err ? err->code : HC_EINTERNAL;
	kv_row(t, 1, "1", "Kỳ trước chuyển sang", c->carried_over, true);
	kv_row(t, 2, "2", "Tiếp nhận trong kỳ", c->received.total, true);
	kv_row(t, 3, "2.1", "Qua Cổng dịch vụ công, trang thông tin điện tử", c->received.web,
	       false);
	kv_row(t, 4, "2.2", "Trực tiếp, thư, điện thoại, đường dây nóng",
	       c->received.direct + c->received.mail + c->received.phone + c->received.hotline,
	       false);
	kv_row(t, 5, "3", "Từ chối tiếp nhận", c->refused, true);
	kv_row(t, 6, "4", "Đã xử lý, trả lời", c->handled.total, true);
	kv_row(t, 7, "4.1", "Đúng hạn", c->handled.on_time, false);
	kv_row(t, 8, "4.2", "Quá hạn", c->handled.late, false);
	kv_row(t, 9, "5", "Đang xử lý", c->pending.total, true);
	kv_row(t, 10, "5.1", "Quá hạn", c->pending.overdue, false);
	kv_row(t, 11, "6", "Đã công khai kết quả trả lời", c->published.total, true);
	set_text(t, 12, 0, "7");
	set_text(t, 12, 1, "Tỷ lệ xử lý đúng hạn");
	set_rate(t, 12, 2, on_time);
	bold_row(t, 12);
	return HC_OK;
}

/* The sections in print order: a new section is one builder and one row. */
static const struct section_def {
	const char *key;
	const char *title;
	int (*build)(build *b, hc_report_section *s, hc_err *err);
} section_defs[] = {
    {"dossiers", "KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", section_dossiers},
    {"digital", "CHUYỂN ĐỔI SỐ TRONG GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", section_digital},
    {"catalog", "CÔNG KHAI THỦ TỤC HÀNH CHÍNH, CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN", section_catalog},
    {"index766", "BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP", section_index766},
    {"feedback", "TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ", section_feedback},
};

static const char *roman(int n)
{
	static const char *const r[] = {"I",    "II",  "III",  "IV",    "V",   "VI",   "VII",
	                                "VIII", "IX",  "X",    "XI",    "XII", "XIII", "XIV",
	                                "XV",   "XVI", "XVII", "XVIII", "XIX", "XX"};
	return n >= 1 && n <= (int)(sizeof r / sizeof r[0]) ? r[n - 1] : "?";
}

/* "01/7/2025": the seeds' style (day with two digits, month as is) */
static const char *short_date(hc_report *r, int64_t day)
{
	hc_date d = hc_civil_from_days(day);
	return str(r, "%02d/%d/%d", d.d, d.m, d.y);
}

static const char *kind_word(const hc_unit *u)
{
	if (strcmp(u->kind, "phuong") == 0)
		return "phường";
	if (strcmp(u->kind, "dac_khu") == 0)
		return "đặc khu";
	if (strcmp(u->kind, "tinh") == 0)
		return "tỉnh";
	return "xã";
}

static void header(build *b)
{
	hc_report *r = b->r;
	const hc_unit *u = &r->unit;
	r->superior = u->province[0] ? str(r, "UBND %s", upper(r, u->province)) : "";
	r->issuer[0] = "ỦY BAN NHÂN DÂN";
	r->issuer[1] = upper(r, u->name);
	r->nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	r->motto = "Độc lập - Tự do - Hạnh phúc";
	r->number = "Số: ....../BC-UBND";
	char line[256];
	hc_fmt_vn_place_date(hc_unit_place(u), b->p->report_day, line, sizeof line);
	r->place_date = str(r, "%s", line);
	r->doc_type = "BÁO CÁO";
	r->summary = str(r,
	                 "Kết quả giải quyết thủ tục hành chính và chuyển đổi số từ ngày %s đến "
	                 "ngày %s",
	                 short_date(r, r->from_day), short_date(r, r->to_day - 1));
	r->intro = str(r,
	               "Thực hiện chế độ báo cáo định kỳ, Ủy ban nhân dân %s báo cáo kết quả "
	               "giải quyết thủ tục hành chính và chuyển đổi số từ ngày %s đến ngày %s "
	               "như sau (số liệu tổng hợp từ hệ thống haicap):",
	               b->kind_word, short_date(r, r->from_day), short_date(r, r->to_day - 1));
	r->closing = str(r,
	                 "Trên đây là báo cáo kết quả giải quyết thủ tục hành chính và chuyển đổi "
	                 "số của Ủy ban nhân dân %s./.",
	                 b->kind_word);
	r->sign[0] = "TM. ỦY BAN NHÂN DÂN";
	r->sign[1] = "CHỦ TỊCH";
	r->nrecipients = 0;
	if (u->province[0])
		r->recipients[r->nrecipients++] =
		    str(r, "- UBND %s (để b/c);", lower_first(r, u->province));
	r->recipients[r->nrecipients++] = "- Sở Nội vụ (để b/c);";
	r->recipients[r->nrecipients++] = str(r, "- TT Đảng ủy, HĐND %s;", kind_word(u));
	r->recipients[r->nrecipients++] = "- Chủ tịch, các PCT UBND;";
	r->recipients[r->nrecipients++] = "- Lưu: VT.";
}

int hc_report_build(hc_tx *tx, const hc_report_params *p, hc_report *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	if (!(out->arena = calloc(1, sizeof *out->arena)))
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "report: no memory");
	if (p->to_day <= p->from_day)
		return hc_err_set(err, HC_EINVAL, "to", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "report: empty or reversed period");
	int rc = hc_unit_by_id(tx, p->unit_id, &out->unit, err);
	if (rc)
		return rc;
	out->from_day = p->from_day;
	out->to_day = p->to_day;
	hc_stats_scope scope = {.unit_id = p->unit_id};
	rc = hc_stats_compute(tx, &scope, hc_local_instant(p->from_day, 0),
	                      hc_local_instant(p->to_day, 0), p->now, &out->stats, err);
	if (rc)
		return rc;
	build b = {.tx = tx, .p = p, .r = out, .kind_word = kind_word(&out->unit)};
	b.kind_word = str(out, "%s %s", b.kind_word, hc_unit_place(&out->unit));
	header(&b);
	int n = (int)(sizeof section_defs / sizeof section_defs[0]);
	_Static_assert(sizeof section_defs / sizeof section_defs[0] <= HC_REPORT_MAX_SECTIONS,
	               "too many sections");
	for (int i = 0; !rc && i < n; i++) {
		hc_report_section *s = &out->sections[out->nsections++];
		s->key = section_defs[i].key;
		s->title = str(out, "%s. %s", roman(out->nsections), section_defs[i].title);
		rc = section_defs[i].build(&b, s, err);
	}
	if (!rc && out->arena->failed)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "report: no memory");
	return rc;
}

void hc_report_free(hc_report *r)
{
	if (!r || !r->arena)
		return;
	for (size_t i = 0; i < r->arena->n; i++)
		free(r->arena->ptrs[i]);
	free(r->arena->ptrs);
	free(r->arena);
	r->arena = NULL;
	r->nsections = 0;
}
