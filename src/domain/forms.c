/* forms: see forms.h. Wording follows the annex forms of Circular
 * 01/2018/TT-VPCP (Mẫu 01-06); the layout and the date line follow Decree
 * 30/2020/NĐ-CP Annex I (font sizes, the zero before days under 10 and
 * months 1 and 2, the rule under the motto). */
#include "domain/forms.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/pdfdoc.h"
#include "core/text.h"
#include "core/time.h"
#include "domain/deadline.h"
#include "domain/dossier.h"
#include "domain/procedure.h"
#include "domain/unit.h"

static const char *const kind_names[HC_FORM_COUNT] = {
    [HC_FORM_RECEIPT] = "receipt", [HC_FORM_SUPPLEMENT] = "supplement",
    [HC_FORM_REFUSAL] = "refusal", [HC_FORM_APOLOGY] = "apology",
    [HC_FORM_CONTROL] = "control", [HC_FORM_REGISTER] = "register",
};

const char *hc_form_kind_name(enum hc_form_kind k)
{
	return (unsigned)k < HC_FORM_COUNT ? kind_names[k] : "unknown";
}

bool hc_form_kind_parse(const char *s, enum hc_form_kind *out)
{
	for (int i = 0; s && i < HC_FORM_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum hc_form_kind)i;
			return true;
		}
	return false;
}

/* ---- a form being drawn: errors are sticky, so drawing reads straight ---- */

typedef struct form {
	hc_pdf *p;
	hc_buf m; /* markup being built */
	hc_err *err;
	int rc;
	double size; /* body text size, points */
	const hc_unit *unit;
	char unit_upper[640];
	char place[160];
	int64_t now; /* register: what is overdue */
} form;

static void m_raw(form *f, const char *s)
{
	if (!f->rc && hc_buf_puts(&f->m, s))
		f->rc = hc_err_set(f->err, HC_ENOMEM, NULL, "Hết bộ nhớ", "form markup");
}

static void m_esc(form *f, const char *s)
{
	if (!f->rc && hc_pdf_escape(&f->m, s))
		f->rc = hc_err_set(f->err, HC_ENOMEM, NULL, "Hết bộ nhớ", "form markup");
}

/* "<b>label</b> value" with value escaped */
static void m_field(form *f, const char *label, const char *value)
{
	m_esc(f, label);
	m_raw(f, " <b>");
	m_esc(f, value);
	m_raw(f, "</b>");
}

static hc_pdf_style body(const form *f)
{
	return (hc_pdf_style){.size = f->size, .align = HC_PDF_JUSTIFY, .after = 1.2};
}

/* Flows the markup built so far, then clears it. */
static void put(form *f, hc_pdf_style st)
{
	if (!f->rc)
		f->rc = hc_pdf_para(f->p, hc_buf_str(&f->m), &st, f->err);
	hc_buf_reset(&f->m);
}

/* One body line "label value" (value bold). */
static void line(form *f, const char *label, const char *value)
{
	m_field(f, label, value);
	put(f, body(f));
}

static void text(form *f, const char *plain)
{
	m_esc(f, plain);
	put(f, body(f));
}

static void gap(form *f, double mm)
{
	if (!f->rc)
		hc_pdf_set_y(f->p, hc_pdf_y(f->p) + mm);
}

/* ---- Vietnamese formats ------------------------------------------------ */

/* "09 giờ 15 phút, ngày 25/02/2026" */
static void fmt_when(int64_t t, char *buf, size_t cap)
{
	if (!t) {
		snprintf(buf, cap, "-");
		return;
	}
	char d[HC_DATE_BUF];
	int min = hc_local_minute(t);
	snprintf(buf, cap, "%02d giờ %02d phút, ngày %s", min / 60, min % 60,
	         hc_fmt_vn_date(hc_local_day(t), d));
}

/* "25/02/2026\n09:15" for table cells */
static void fmt_cell_time(int64_t t, char *buf, size_t cap)
{
	if (!t) {
		buf[0] = '\0';
		return;
	}
	char d[HC_DATE_BUF];
	int min = hc_local_minute(t);
	snprintf(buf, cap, "%s\n%02d:%02d", hc_fmt_vn_date(hc_local_day(t), d), min / 60, min % 60);
}

/* "50.000 đồng" */
static void fmt_money(int64_t v, char *buf, size_t cap)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	size_t n = strlen(digits), j = 0;
	char out[48];
	if (v < 0)
		out[j++] = '-';
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[j++] = '.';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	snprintf(buf, cap, "%s đồng", out);
}

static void fmt_limit(hc_limit l, char *buf, size_t cap)
{
	if (l.kind == HC_LIMIT_SAMEDAY)
		snprintf(buf, cap, "trong ngày làm việc");
	else
		snprintf(buf, cap, "%02d %s làm việc", l.value,
		         l.kind == HC_LIMIT_HOURS ? "giờ" : "ngày");
}

static const char *channel_label(const char *c)
{
	if (strcmp(c, "online") == 0)
		return "trực tuyến";
	if (strcmp(c, "postal") == 0)
		return "qua dịch vụ bưu chính công ích";
	return "trực tiếp";
}

/* The place of the date line: the unit's name without its kind. */
/* ---- the Decree 30 layout ----------------------------------------------- */

#define ISSUER "TRUNG TÂM PHỤC VỤ\nHÀNH CHÍNH CÔNG"
#define ISSUER_TEXT "Trung tâm Phục vụ hành chính công"

static void box(form *f, double x, double y, double w, const char *markup, hc_pdf_style st,
                double *h)
{
	*h = 0;
	if (!f->rc)
		f->rc = hc_pdf_box(f->p, x, y, w, markup, &st, h, f->err);
}

/* Issuing body (left), national title and motto (right), place and date
 * line; date_t 0 leaves the date line out. The block is pdfdoc's, shared
 * with the printed reports. */
static void heading(form *f, int64_t date_t)
{
	if (f->rc)
		return;
	char superior[700], date[256];
	snprintf(superior, sizeof superior, "ỦY BAN NHÂN DÂN\n%s", f->unit_upper);
	if (date_t)
		hc_fmt_vn_place_date(f->place, hc_local_day(date_t), date, sizeof date);
	double hs = f->size - 0.5;
	hc_pdf_header h = {.superior = superior,
	                   .issuer = ISSUER,
	                   .nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	                   .motto = "Độc lập - Tự do - Hạnh phúc",
	                   .place_date = date_t ? date : NULL,
	                   .superior_size = hs,
	                   .issuer_size = hs,
	                   .nation_size = hs,
	                   .motto_size = hs + 1,
	                   .date_size = f->size,
	                   .after = 5};
	f->rc = hc_pdf_header_draw(f->p, &h, f->err);
}

static void title(form *f, const char *t, const char *sub_markup)
{
	m_esc(f, t);
	put(f,
	    (hc_pdf_style){.size = f->size + 1, .bold = true, .align = HC_PDF_CENTER, .after = 1});
	if (sub_markup) {
		m_raw(f, sub_markup);
		put(f, (hc_pdf_style){.size = f->size, .align = HC_PDF_CENTER, .after = 1});
	}
	gap(f, 3);
}

typedef struct signer {
	const char *title; /* upper case, bold */
	const char *hint;  /* "(Ký và ghi rõ họ tên)" */
	const char *name;  /* may be NULL or "" */
} signer;

/* One or two signature blocks side by side (left may have a NULL title). */
static void signatures(form *f, signer left, signer right)
{
	if (f->rc)
		return;
	double need = 40;
	if (hc_pdf_room(f->p) < need && (f->rc = hc_pdf_new_page(f->p, f->err)))
		return;
	gap(f, 3);
	double x = hc_pdf_left(f->p), w = hc_pdf_width(f->p), y = hc_pdf_y(f->p);
	double cw = w / 2, bottom = y;
	for (int i = 0; i < 2 && !f->rc; i++) {
		signer s = i ? right : left;
		if (!s.title)
			continue;
		double cx = x + i * cw, h, yy = y;
		hc_buf_reset(&f->m);
		m_esc(f, s.title);
		if (f->rc)
			return;
		box(f, cx, yy, cw, hc_buf_str(&f->m),
		    (hc_pdf_style){.size = f->size, .bold = true, .align = HC_PDF_CENTER}, &h);
		yy += h;
		box(f, cx, yy, cw, s.hint,
		    (hc_pdf_style){.size = f->size - 1, .italic = true, .align = HC_PDF_CENTER},
		    &h);
		yy += h + 20;
		if (s.name && s.name[0]) {
			hc_buf_reset(&f->m);
			m_esc(f, s.name);
			if (f->rc)
				return;
			box(f, cx, yy, cw, hc_buf_str(&f->m),
			    (hc_pdf_style){.size = f->size, .bold = true, .align = HC_PDF_CENTER},
			    &h);
			yy += h;
		}
		if (yy > bottom)
			bottom = yy;
	}
	hc_buf_reset(&f->m);
	hc_pdf_set_y(f->p, bottom + 3);
}

static int form_open(form *f, hc_tx *tx, hc_unit *u, int64_t unit_id, enum hc_pdf_size size,
                     const char *doc_title, hc_err *err)
{
	memset(f, 0, sizeof *f);
	f->err = err;
	f->m.cap_limit = HC_PDF_MARKUP_MAX;
	int rc = hc_unit_by_id(tx, unit_id, u, err);
	if (rc)
		return rc;
	f->unit = u;
	char *up = NULL;
	if ((rc = hc_text_upper(u->name, &up, err)))
		return rc;
	snprintf(f->unit_upper, sizeof f->unit_upper, "%s", up);
	free(up);
	snprintf(f->place, sizeof f->place, "%s", hc_unit_place(u));
	hc_pdf_margins m = {20, 15, 20, 30}; /* Decree 30/2020 Annex I: A4 margins */
	f->size = 13;
	if (size == HC_PDF_A5) {
		m = (hc_pdf_margins){10, 10, 10, 15};
		f->size = 10;
	} else if (size == HC_PDF_A4_LANDSCAPE) {
		m = (hc_pdf_margins){20, 15, 15, 20};
		f->size = 12;
	}
	rc = hc_pdf_new(size, &m, doc_title, &f->p, err);
	if (!rc)
		hc_pdf_number_pages(f->p, true); /* Decree 30/2020: from page 2 */
	return rc;
}

static int form_close(form *f, char **pdf, size_t *len)
{
	hc_buf_free(&f->m);
	if (f->rc) {
		hc_pdf_free(f->p);
		return f->rc;
	}
	return hc_pdf_finish(f->p, pdf, len, f->err);
}

/* ---- the dossier's facts ---------------------------------------------- */

/* Last action of that name in the history, or NULL. */
static const hc_dossier_action *last_action(const hc_dossier *d, const char *name)
{
	for (int i = d->nactions - 1; i >= 0; i--)
		if (strcmp(d->actions[i].action, name) == 0)
			return &d->actions[i];
	return NULL;
}

static const char *receiver_name(const hc_dossier *d)
{
	const hc_dossier_action *r = last_action(d, "receive");
	return r ? r->actor_name : "";
}

/* Applicant block shared by forms 02-04. */
static void applicant(form *f, const hc_dossier *d, const char *lead)
{
	line(f, lead, d->applicant_name);
	if (d->applicant_address[0])
		line(f, "Địa chỉ:", d->applicant_address);
	line(f, "Số điện thoại:", d->applicant_phone);
	line(f, "Nội dung yêu cầu giải quyết:", d->procedure_name);
	line(f, "Mã hồ sơ:", d->code);
}

/* Mẫu 01 */
static void receipt(form *f, hc_tx *tx, const hc_dossier *d, const hc_form_opts *o)
{
	heading(f, d->received_at);
	hc_buf sub = HC_BUF_INIT;
	hc_buf_puts(&sub, "Mã hồ sơ: <b>");
	hc_pdf_escape(&sub, d->code);
	hc_buf_puts(&sub, "</b>");
	if (sub.failed)
		f->rc = hc_err_set(f->err, HC_ENOMEM, NULL, "Hết bộ nhớ", "receipt");
	title(f, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", hc_buf_str(&sub));
	hc_buf_free(&sub);
	char buf[512];
	snprintf(buf, sizeof buf, "%s tiếp nhận hồ sơ (nộp %s) của:", ISSUER_TEXT,
	         channel_label(d->channel));
	line(f, buf, d->applicant_name);
	line(f, "Số định danh cá nhân / giấy tờ tùy thân:", d->applicant_id_number);
	if (d->applicant_address[0])
		line(f, "Địa chỉ:", d->applicant_address);
	line(f, "Số điện thoại:", d->applicant_phone);
	line(f, "Nội dung yêu cầu giải quyết:", d->procedure_name);
	text(f, "1. Thành phần hồ sơ nộp gồm:");
	for (int i = 0; i < d->ncomponents; i++) {
		const hc_dossier_component *c = &d->components[i];
		snprintf(buf, sizeof buf, "%d) ", i + 1);
		m_esc(f, buf);
		m_esc(f, c->name ? c->name : "");
		if (c->digitized)
			m_raw(f, " <i>(đã số hóa)</i>");
		if (c->reused)
			m_raw(f, " <i>(tái sử dụng dữ liệu đã có)</i>");
		hc_pdf_style st = body(f);
		if (!f->rc) {
			/* components are indented by drawing them in a narrower box */
			double h = 0;
			double x = hc_pdf_left(f->p) + 5, w = hc_pdf_width(f->p) - 5;
			st.after = 0;
			if (!(f->rc =
			          hc_pdf_measure(f->p, w, hc_buf_str(&f->m), &st, &h, f->err))) {
				if (h > hc_pdf_room(f->p))
					f->rc = hc_pdf_new_page(f->p, f->err);
				if (!f->rc)
					f->rc = hc_pdf_box(f->p, x, hc_pdf_y(f->p), w,
					                   hc_buf_str(&f->m), &st, &h, f->err);
				gap(f, h + 0.8);
			}
		}
		hc_buf_reset(&f->m);
	}
	if (d->ncomponents == 0)
		text(f, "   (không có thành phần hồ sơ)");
	line(f, "2. Số lượng hồ sơ:", "01 (bộ)");
	hc_procedure proc;
	memset(&proc, 0, sizeof proc);
	if (!f->rc && !(f->rc = hc_procedure_by_id(tx, d->procedure_id, &proc, f->err))) {
		fmt_limit(proc.limit, buf, sizeof buf);
		line(f, "3. Thời gian giải quyết hồ sơ theo quy định:", buf);
		hc_procedure_clear(&proc);
	}
	fmt_when(d->received_at, buf, sizeof buf);
	line(f, "4. Thời gian nhận hồ sơ:", buf);
	fmt_when(d->due_at, buf, sizeof buf);
	line(f, "5. Thời gian trả kết quả giải quyết hồ sơ (hẹn trả):", buf);
	if (d->fee > 0) {
		char money[64];
		fmt_money(d->fee, money, sizeof money);
		snprintf(buf, sizeof buf, "%s (%s)", money,
		         !d->fee_paid         ? "chưa nộp"
		         : d->fee_paid_online ? "đã nộp trực tuyến"
		                              : "đã nộp");
		line(f, "6. Phí, lệ phí:", buf);
	} else {
		line(f, "6. Phí, lệ phí:", "không thu");
	}
	line(f, "7. Nhận kết quả tại:", ISSUER_TEXT);

	/* lookup: QR code of the address (code only) with the secret beside it */
	if (f->rc)
		return;
	char url[HC_FORM_BASE_URL_MAX + 80];
	snprintf(url, sizeof url, "%s%s", o && o->base_url ? o->base_url : "", d->code);
	double qs = 26, x = hc_pdf_left(f->p), w = hc_pdf_width(f->p);
	if (hc_pdf_room(f->p) < qs + 2 && (f->rc = hc_pdf_new_page(f->p, f->err)))
		return;
	double y = hc_pdf_y(f->p) + 1, h = 0;
	m_raw(f, "<b>Tra cứu tình trạng hồ sơ:</b> quét mã QR");
	if (o && o->base_url && o->base_url[0]) {
		m_raw(f, " hoặc truy cập ");
		m_esc(f, url);
	}
	m_raw(f, "\nMã hồ sơ: <b>");
	m_esc(f, d->code);
	m_raw(f, "</b>");
	if (o && o->secret && o->secret[0]) {
		m_raw(f, "\nMã tra cứu (bí mật): <b>");
		m_esc(f, o->secret);
		m_raw(f, "</b>\n<i>Giữ kín mã tra cứu; cần cả mã hồ sơ và mã tra cứu để xem hồ "
		         "sơ.</i>");
	} else {
		m_raw(f, "\n<i>Mã tra cứu (bí mật) đã được cấp khi tiếp nhận hồ sơ.</i>");
	}
	hc_pdf_style st = {.size = f->size - 0.5, .align = HC_PDF_LEFT};
	box(f, x, y + 2, w - qs - 3, hc_buf_str(&f->m), st, &h);
	hc_buf_reset(&f->m);
	if (!f->rc)
		f->rc = hc_pdf_qr(f->p, x + w - qs, y, qs, url, f->err);
	hc_pdf_set_y(f->p, y + (h + 2 > qs ? h + 2 : qs) + 1);
	signatures(f, (signer){"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", d->applicant_name},
	           (signer){"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", receiver_name(d)});
}

/* Note lines starting "Lý do:" give the reason; the others are the items. */
static void supplement(form *f, const hc_dossier *d)
{
	const hc_dossier_action *r = last_action(d, "request_supplement");
	heading(f, r->at);
	title(f, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", NULL);
	applicant(f, d, "Hồ sơ của:");
	char buf[256];
	fmt_when(d->received_at, buf, sizeof buf);
	line(f, "Thời gian tiếp nhận hồ sơ:", buf);
	text(f, "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:");
	const char *reason = NULL;
	size_t reason_len = 0;
	int item = 0;
	for (const char *s = r->note; s && *s && !f->rc;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
			n--;
		const char *lead = "Lý do:";
		if (n >= strlen(lead) && strncmp(s, lead, strlen(lead)) == 0) {
			reason = s + strlen(lead);
			reason_len = n - strlen(lead);
			while (reason_len && *reason == ' ')
				reason++, reason_len--;
		} else if (n) {
			char *piece = strndup(s, n);
			if (!piece) {
				f->rc = hc_err_set(f->err, HC_ENOMEM, NULL, "Hết bộ nhớ", "note");
				break;
			}
			snprintf(buf, sizeof buf, "%d. ", ++item);
			m_esc(f, buf);
			m_esc(f, piece);
			free(piece);
			hc_pdf_style st = body(f);
			st.indent = 5;
			put(f, st);
		}
		s = e ? e + 1 : s + n;
	}
	if (reason && reason_len) {
		char *piece = strndup(reason, reason_len);
		if (piece) {
			line(f, "Lý do:", piece);
			free(piece);
		}
	} else {
		line(f, "Lý do:", "hồ sơ chưa đầy đủ, chưa hợp lệ theo quy định của thủ tục.");
	}
	snprintf(buf, sizeof buf,
	         "Trong quá trình bổ sung, hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ "
	         "với %s để được hướng dẫn.",
	         ISSUER_TEXT);
	m_esc(f, buf);
	if (r->actor_name[0]) {
		m_raw(f, " Người hướng dẫn: <b>");
		m_esc(f, r->actor_name);
		m_raw(f, "</b>.");
	}
	put(f, body(f));
	signatures(f, (signer){0},
	           (signer){"NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", r->actor_name});
}

/* Mẫu 03 */
static void refusal(form *f, const hc_dossier *d)
{
	const hc_dossier_action *r = last_action(d, "reject");
	heading(f, r->at);
	title(f, "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", NULL);
	char buf[1024];
	snprintf(buf, sizeof buf, "%s tiếp nhận hồ sơ của:", ISSUER_TEXT);
	applicant(f, d, buf);
	fmt_when(d->received_at, buf, sizeof buf);
	line(f, "Thời gian tiếp nhận hồ sơ:", buf);
	m_esc(f, "Căn cứ quy định của thủ tục hành chính \"");
	m_esc(f, d->procedure_name);
	m_esc(f, "\" (mã ");
	m_esc(f, d->procedure_code);
	m_esc(f, "), ");
	m_esc(f, ISSUER_TEXT);
	m_esc(f, " từ chối tiếp nhận, giải quyết hồ sơ của ông/bà với lý do cụ thể như sau:");
	put(f, body(f));
	m_raw(f, "<b>");
	m_esc(f, r->note);
	m_raw(f, "</b>");
	hc_pdf_style st = body(f);
	st.indent = 5;
	put(f, st);
	text(f, "Xin trân trọng thông báo!");
	signatures(f, (signer){0},
	           (signer){"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", receiver_name(d)});
}

/* Mẫu 04 */
static void apology(form *f, const hc_dossier *d)
{
	const hc_dossier_action *r = last_action(d, "extend");
	heading(f, r->at);
	title(f, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", NULL);
	m_raw(f, "Kính gửi: <b>Ông/Bà ");
	m_esc(f, d->applicant_name);
	m_raw(f, "</b>");
	put(f, (hc_pdf_style){.size = f->size, .align = HC_PDF_CENTER, .after = 3});
	char buf[512];
	snprintf(buf, sizeof buf, "%s đã tiếp nhận hồ sơ của Ông/Bà:", ISSUER_TEXT);
	applicant(f, d, buf);
	fmt_when(d->received_at, buf, sizeof buf);
	line(f, "Thời gian tiếp nhận hồ sơ:", buf);
	fmt_when(d->due_at, buf, sizeof buf);
	line(f, "Thời gian hẹn trả kết quả:", buf);
	m_esc(f, "Tuy nhiên đến nay, ");
	m_esc(f, ISSUER_TEXT);
	m_esc(f, " chưa trả kết quả giải quyết hồ sơ cho Ông/Bà với lý do: ");
	m_raw(f, "<b>");
	m_esc(f, r->note);
	m_raw(f, "</b>");
	put(f, body(f));
	fmt_when(d->extended_due_at, buf, sizeof buf);
	m_esc(f, "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ");
	m_esc(f, ISSUER_TEXT);
	m_esc(f, " xin lỗi Ông/Bà và hẹn trả kết quả vào ");
	m_raw(f, "<b>");
	m_esc(f, buf);
	m_raw(f, "</b>.");
	put(f, body(f));
	text(f, "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.");
	signatures(f, (signer){0},
	           (signer){"THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)",
	                    r->actor_name});
}

static const char *timeliness_label(int64_t due, int64_t at)
{
	switch (hc_deadline_classify(due, at)) {
	case HC_EARLY:
		return "Trước hạn";
	case HC_ON_TIME:
		return "Đúng hạn";
	case HC_LATE:
		return "Quá hạn";
	}
	return "";
}

/* Mẫu 05: one row per action; the giver is the action's actor, the receiver
 * the next action's actor (for the last one: the current handler or office,
 * or the applicant when the result was returned). */
static void control(form *f, const hc_dossier *d)
{
	heading(f, d->received_at);
	title(f, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	      "<i>(Liên: lưu tại Trung tâm Phục vụ hành chính công)</i>");
	line(f, "Kèm theo hồ sơ của:", d->applicant_name);
	line(f, "Mã hồ sơ:", d->code);
	line(f, "Nội dung yêu cầu giải quyết:", d->procedure_name);
	line(f, "Cơ quan (bộ phận) giải quyết hồ sơ:",
	     d->office_name[0] ? d->office_name : "(chưa phân công)");
	char buf[512];
	fmt_when(d->due_at, buf, sizeof buf);
	line(f, "Thời hạn giải quyết (hẹn trả):", buf);
	if (d->extended_due_at) {
		fmt_when(d->extended_due_at, buf, sizeof buf);
		line(f, "Hẹn lại ngày trả (phiếu xin lỗi):", buf);
	}
	gap(f, 2);
	hc_pdf_table t = {
	    .ncols = 5,
	    .widths = {10, 58, 37, 25, 35},
	    .header = {"<b>STT</b>", "<b>BƯỚC XỬ LÝ, NGƯỜI GIAO, NGƯỜI NHẬN</b>",
	               "<b>THỜI GIAN GIAO, NHẬN HỒ SƠ</b>",
	               "<b>KẾT QUẢ</b>\n<i>(trước hạn / đúng hạn / quá hạn)</i>", "<b>GHI CHÚ</b>"},
	    .head = {.size = 10, .align = HC_PDF_CENTER},
	    .body = {.size = 10.5, .align = HC_PDF_LEFT},
	    .repeat_header = true,
	};
	if (!f->rc)
		f->rc = hc_pdf_table_begin(f->p, &t, f->err);
	hc_buf cell = HC_BUF_INIT;
	cell.cap_limit = HC_PDF_MARKUP_MAX;
	for (int i = 0; i < d->nactions && !f->rc; i++) {
		const hc_dossier_action *x = &d->actions[i];
		const char *to = "";
		if (i + 1 < d->nactions)
			to = d->actions[i + 1].actor_name;
		else if (strcmp(x->action, "return_result") == 0)
			to = d->applicant_name;
		else if (!d->finished_at)
			to = d->handler_name[0] ? d->handler_name : d->office_name;
		const char *label = hc_dossier_action_label(x->action);
		char num[16], when[HC_TIME_BUF];
		snprintf(num, sizeof num, "%d", i + 1);
		fmt_cell_time(x->at, when, sizeof when);
		hc_buf_reset(&cell);
		hc_buf_puts(&cell, "<b>");
		hc_pdf_escape(&cell, label);
		hc_buf_puts(&cell, "</b>\nGiao: ");
		hc_pdf_escape(&cell, x->actor_name);
		if (to[0]) {
			hc_buf_puts(&cell, "\nNhận: ");
			hc_pdf_escape(&cell, to);
		}
		size_t split = cell.len;
		hc_pdf_escape(&cell, x->note ? x->note : "");
		if (cell.failed) {
			f->rc =
			    hc_err_set(f->err, HC_ETOOBIG, NULL, "Ghi chú quá dài", "control row");
			break;
		}
		/* the note is the last cell; the first cells end at split */
		char *first = strndup(hc_buf_str(&cell), split);
		if (!first) {
			f->rc = hc_err_set(f->err, HC_ENOMEM, NULL, "Hết bộ nhớ", "control row");
			break;
		}
		const char *cells[5] = {num, first, when, timeliness_label(d->due_at, x->at),
		                        hc_buf_str(&cell) + split};
		f->rc = hc_pdf_table_row(f->p, &t, cells, f->err);
		free(first);
	}
	hc_buf_free(&cell);
	gap(f, 2);
	if (d->finished_at) {
		snprintf(buf, sizeof buf, "%s (%s).", hc_dossier_status_label(d->status),
		         timeliness_label(d->due_at, d->finished_at));
		line(f, "Kết quả giải quyết hồ sơ:", buf);
	} else {
		line(f, "Tình trạng hồ sơ:", hc_dossier_status_label(d->status));
	}
}

static int check_base_url(const char *u, hc_err *err)
{
	if (!u || !u[0])
		return HC_OK;
	size_t n = strlen(u);
	if (n > HC_FORM_BASE_URL_MAX)
		return hc_err_set(err, HC_EINVAL, "base_url", "Địa chỉ tra cứu quá dài",
		                  "base URL over %d bytes", HC_FORM_BASE_URL_MAX);
	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0)
		return hc_err_set(err, HC_EINVAL, "base_url",
		                  "Địa chỉ tra cứu phải bắt đầu bằng http:// hoặc https://",
		                  "base URL scheme");
	for (const char *p = u; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '"' || *p == '<' || *p == '>')
			return hc_err_set(err, HC_EINVAL, "base_url",
			                  "Địa chỉ tra cứu có ký tự không hợp lệ",
			                  "base URL character");
	return HC_OK;
}

int hc_form_dossier(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *code,
                    enum hc_form_kind kind, const hc_form_opts *o, char **pdf, size_t *len,
                    hc_err *err)
{
	(void)env;
	*pdf = NULL;
	*len = 0;
	if ((unsigned)kind >= HC_FORM_REGISTER)
		return hc_err_set(err, HC_EINVAL, "kind", "Loại mẫu phiếu không hợp lệ",
		                  "form kind %d for a dossier", (int)kind);
	int rc = check_base_url(o ? o->base_url : NULL, err);
	if (rc)
		return rc;
	hc_dossier *d = NULL;
	if ((rc = hc_dossier_get(tx, a, code, &d, err)))
		return rc;
	if (kind == HC_FORM_RECEIPT && o && o->secret && o->secret[0]) {
		hc_dossier *check = NULL;
		rc = hc_dossier_get_public(tx, code, o->secret, &check, err);
		hc_dossier_free(check);
		if (rc == HC_ENOTFOUND)
			rc = hc_err_set(err, HC_EINVAL, "secret",
			                "Mã tra cứu không đúng với hồ sơ này",
			                "secret does not match the dossier");
	}
	static const char *const needs[HC_FORM_COUNT] = {
	    [HC_FORM_SUPPLEMENT] = "request_supplement",
	    [HC_FORM_REFUSAL] = "reject",
	    [HC_FORM_APOLOGY] = "extend",
	};
	static const char *const missing[HC_FORM_COUNT] = {
	    [HC_FORM_SUPPLEMENT] = "Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện",
	    [HC_FORM_REFUSAL] = "Hồ sơ không bị từ chối giải quyết",
	    [HC_FORM_APOLOGY] = "Hồ sơ chưa được gia hạn (xin lỗi và hẹn lại ngày trả)",
	};
	if (!rc && needs[kind] && !last_action(d, needs[kind]))
		rc = hc_err_set(err, HC_ECONFLICT, "kind", missing[kind], "no %s in history",
		                needs[kind]);
	static const char *const titles[HC_FORM_COUNT] = {
	    [HC_FORM_RECEIPT] = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
	    [HC_FORM_SUPPLEMENT] = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
	    [HC_FORM_REFUSAL] = "Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
	    [HC_FORM_APOLOGY] = "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
	    [HC_FORM_CONTROL] = "Phiếu kiểm soát quá trình giải quyết hồ sơ",
	};
	form f;
	hc_unit u;
	if (!rc)
		rc = form_open(&f, tx, &u, d->unit_id,
		               kind == HC_FORM_RECEIPT ? HC_PDF_A5 : HC_PDF_A4, titles[kind], err);
	if (rc) {
		hc_dossier_free(d);
		return rc;
	}
	switch (kind) {
	case HC_FORM_RECEIPT:
		receipt(&f, tx, d, o);
		break;
	case HC_FORM_SUPPLEMENT:
		supplement(&f, d);
		break;
	case HC_FORM_REFUSAL:
		refusal(&f, d);
		break;
	case HC_FORM_APOLOGY:
		apology(&f, d);
		break;
	case HC_FORM_CONTROL:
		control(&f, d);
		break;
	default:
		break;
	}
	hc_dossier_free(d);
	return form_close(&f, pdf, len);
}

/* ---- Mẫu 06: the register ----------------------------------------------- */

typedef struct codes {
	char (*v)[64];
	int n, cap, max;
	bool over, nomem;
} codes;

static int collect(const hc_dossier *d, void *ctx)
{
	codes *c = ctx;
	if (c->n >= c->max) {
		c->over = true;
		return 1;
	}
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 256;
		void *p = realloc(c->v, sizeof *c->v * (size_t)cap);
		if (!p) {
			c->nomem = true;
			return 1;
		}
		c->v = p;
		c->cap = cap;
	}
	snprintf(c->v[c->n++], sizeof c->v[0], "%s", d->code);
	return 0;
}

static void register_row(form *f, const hc_pdf_table *t, int no, const hc_dossier *d, hc_buf *cells)
{
	const hc_dossier_action *assign = NULL;
	for (int i = 0; i < d->nactions && !assign; i++)
		if (strcmp(d->actions[i].action, "assign") == 0)
			assign = &d->actions[i];
	char num[16], recv[HC_TIME_BUF], due[HC_TIME_BUF], sent[HC_TIME_BUF], back[HC_TIME_BUF],
	    ret[HC_TIME_BUF];
	snprintf(num, sizeof num, "%d", no);
	fmt_cell_time(d->received_at, recv, sizeof recv);
	fmt_cell_time(d->extended_due_at ? d->extended_due_at : d->due_at, due, sizeof due);
	fmt_cell_time(assign ? assign->at : 0, sent, sizeof sent);
	fmt_cell_time(strcmp(d->outcome, "withdrawn") == 0 ? 0 : d->finished_at, back, sizeof back);
	fmt_cell_time(d->returned_at, ret, sizeof ret);
	/* one buffer, cells separated by NUL so the pointers stay valid */
	const char *plain[14] = {num,
	                         d->code,
	                         d->procedure_name,
	                         "01",
	                         d->applicant_name,
	                         NULL,
	                         d->office_name,
	                         recv,
	                         due,
	                         sent,
	                         back,
	                         ret,
	                         "",
	                         NULL};
	size_t off[14];
	hc_buf_reset(cells);
	for (int i = 0; i < 14; i++) {
		off[i] = cells->len;
		if (i == 5) {
			hc_pdf_escape(cells, d->applicant_address);
			if (d->applicant_address[0])
				hc_buf_puts(cells, "\n");
			hc_pdf_escape(cells, d->applicant_phone);
		} else if (i == 13) {
			hc_pdf_escape(cells, hc_dossier_status_label(d->status));
			if (d->finished_at && strcmp(d->outcome, "resolved") == 0) {
				hc_buf_puts(cells, "; ");
				hc_pdf_escape(cells, timeliness_label(d->due_at, d->finished_at));
			} else if (!d->finished_at && d->due_at < f->now) {
				hc_buf_puts(cells, "; quá hạn");
			}
			if (d->extended_due_at)
				hc_buf_puts(cells, "; đã xin lỗi, hẹn lại");
		} else {
			hc_pdf_escape(cells, plain[i]);
		}
		hc_buf_append(cells, "", 1);
	}
	if (cells->failed) {
		f->rc = hc_err_set(f->err, HC_ENOMEM, NULL, "Hết bộ nhớ", "register row");
		return;
	}
	const char *row[14];
	for (int i = 0; i < 14; i++)
		row[i] = cells->data + off[i];
	f->rc = hc_pdf_table_row(f->p, t, row, f->err);
}

int hc_form_register(hc_tx *tx, const hc_env *env, const hc_actor *a, const char *unit_code,
                     int64_t from_day, int64_t to_day, const hc_form_opts *o, char **pdf,
                     size_t *len, hc_err *err)
{
	*pdf = NULL;
	*len = 0;
	if (to_day <= from_day)
		return hc_err_set(err, HC_EINVAL, "to", "Ngày kết thúc phải sau ngày bắt đầu",
		                  "to <= from");
	int64_t unit_id = a->unit_id;
	int rc;
	if (unit_code && unit_code[0]) {
		hc_unit u;
		rc = hc_unit_by_code(tx, unit_code, &u, err);
		if (rc == HC_ENOTFOUND)
			return hc_err_set(err, HC_EINVAL, "unit", "Không tìm thấy đơn vị",
			                  "unknown unit code");
		if (rc)
			return rc;
		unit_id = u.id;
	}
	codes c = {.max = o && o->max_rows > 0 ? o->max_rows : HC_FORM_REGISTER_MAX_ROWS};
	hc_dossier_filter flt = {.unit_id = unit_id,
	                         .overdue = -1,
	                         .received_from = hc_local_instant(from_day, 0),
	                         .received_to = hc_local_instant(to_day, 0),
	                         .oldest_first = true,
	                         .limit = 500};
	for (;; flt.offset += 500) {
		int got = c.n;
		rc = hc_dossier_list(tx, env, a, &flt, collect, &c, err);
		if (rc || c.over || c.nomem || c.n - got < 500)
			break;
	}
	if (!rc && c.nomem)
		rc = hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "register codes");
	if (!rc && c.over)
		rc = hc_err_set(err, HC_ETOOBIG, "to",
		                "Quá nhiều hồ sơ cho một sổ: hãy chia thành các khoảng thời gian "
		                "ngắn hơn",
		                "register over %d rows", c.max);
	form f;
	hc_unit u;
	if (!rc)
		rc = form_open(&f, tx, &u, unit_id, HC_PDF_A4_LANDSCAPE, "Sổ theo dõi hồ sơ", err);
	if (rc) {
		free(c.v);
		return rc;
	}
	f.now = env->now;
	heading(&f, 0);
	char from_s[HC_DATE_BUF], to_s[HC_DATE_BUF], buf[512];
	hc_fmt_vn_date(from_day, from_s);
	hc_fmt_vn_date(to_day - 1, to_s);
	snprintf(buf, sizeof buf, "Từ ngày %s đến ngày %s", from_s, to_s);
	hc_buf sub = HC_BUF_INIT;
	hc_pdf_escape(&sub, f.unit->name);
	hc_buf_puts(&sub, "\n<i>");
	hc_pdf_escape(&sub, buf);
	hc_buf_puts(&sub, "</i>");
	title(&f, "SỔ THEO DÕI HỒ SƠ", hc_buf_str(&sub));
	hc_buf_free(&sub);
	hc_pdf_table t = {
	    .ncols = 14,
	    .widths = {10, 34, 33, 11, 24, 24, 21, 15.5, 15.5, 15.5, 15.5, 15.5, 12, 15.5},
	    .header = {"<b>STT</b>", "<b>Mã hồ sơ</b>", "<b>Tên thủ tục hành chính</b>",
	               "<b>Số lượng hồ sơ (bộ)</b>", "<b>Tên cá nhân, tổ chức</b>",
	               "<b>Địa chỉ, số điện thoại</b>", "<b>Cơ quan chủ trì giải quyết</b>",
	               "<b>Nhận hồ sơ</b>", "<b>Hẹn trả kết quả</b>",
	               "<b>Chuyển hồ sơ đến cơ quan giải quyết</b>",
	               "<b>Nhận kết quả từ cơ quan giải quyết</b>", "<b>Trả kết quả</b>",
	               "<b>Ký nhận</b>", "<b>Ghi chú</b>"},
	    .head = {.size = 8, .align = HC_PDF_CENTER},
	    .body = {.size = 8, .align = HC_PDF_LEFT},
	    .repeat_header = true,
	    .group_label = "<b>Ngày, tháng, năm</b>",
	    .group_first = 7,
	    .group_n = 5,
	};
	if (!f.rc)
		f.rc = hc_pdf_table_begin(f.p, &t, f.err);
	hc_buf cells = HC_BUF_INIT;
	for (int i = 0; i < c.n && !f.rc; i++) {
		hc_dossier *d = NULL;
		if ((f.rc = hc_dossier_get(tx, a, c.v[i], &d, err)))
			break;
		register_row(&f, &t, i + 1, d, &cells);
		hc_dossier_free(d);
	}
	hc_buf_free(&cells);
	free(c.v);
	gap(&f, 3);
	snprintf(buf, sizeof buf, "%d hồ sơ", c.n);
	line(&f, "Tổng số hồ sơ tiếp nhận trong kỳ:", buf);
	return form_close(&f, pdf, len);
}
