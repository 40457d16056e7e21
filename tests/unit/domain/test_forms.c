/* Printed forms: every form of a fixture dossier with a full history, page
 * size and count read back from the PDF, the font pango resolves, refusals
 * (missing history, wrong secret, bad lookup address) and the hard limits
 * (register rows, markup length, QR payload). The text itself is checked
 * with pdftotext by tests/forms/check_forms.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/pdfdoc.h"
#include "core/text.h"
#include "core/time.h"
#include "domain/dossier.h"
#include "domain/forms.h"
#include "fixture.h"

/* An applicant name with markup characters: pango refuses unescaped ones. */
#define APPLICANT "Lê Thị Ngọc Ánh & <Đoàn>"

static void receive(fixture *f, const char *when, const char *proc, const char *name,
                    hc_intake_result *r)
{
	hc_env env = fixture_env(f, when);
	hc_component_in comps[] = {{"Tờ khai đăng ký khai sinh", true, false},
	                           {"Giấy chứng sinh", false, true},
	                           {"Bản sao CCCD của cha, mẹ", true, true}};
	hc_intake in = {.procedure_code = proc,
	                .channel = "direct",
	                .applicant_name = name,
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678",
	                .applicant_address = "Số 5 ngõ 12, tổ dân phố Hòa Bình",
	                .components = comps,
	                .ncomponents = 3};
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_receive(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], &in, r, &e);
	if (rc)
		fail_msg("receive: %s", e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static void act(fixture *f, enum hc_role role, const char *when, const char *code, hc_action_in in)
{
	hc_env env = fixture_env(f, when);
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_act(tx, &env, &f->staff_a[role], code, &in, NULL, &e);
	if (rc)
		fail_msg("%s: %s", in.action, e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
}

static int render(fixture *f, const hc_actor *a, const char *code, enum hc_form_kind k,
                  const hc_form_opts *o, char **pdf, size_t *len, hc_err *e)
{
	hc_env env = fixture_env(f, "2026-03-20T10:00");
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, e), HC_OK);
	int rc = hc_form_dossier(tx, &env, a, code, k, o, pdf, len, e);
	hc_tx_rollback(tx);
	/* HC_FORMS_DUMP=DIR keeps the forms for a look (pdftoppm) */
	const char *dir = getenv("HC_FORMS_DUMP");
	if (!rc && dir) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s-%s.pdf", dir, code, hc_form_kind_name(k));
		FILE *fp = fopen(path, "wb");
		if (fp) {
			fwrite(*pdf, 1, *len, fp);
			fclose(fp);
		}
	}
	return rc;
}

static int render_register(fixture *f, int64_t from, int64_t to, int max_rows, char **pdf,
                           size_t *len, hc_err *e)
{
	hc_env env = fixture_env(f, "2026-03-20T10:00");
	hc_form_opts o = {.max_rows = max_rows};
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, e), HC_OK);
	int rc = hc_form_register(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], "90001", from, to, &o,
	                          pdf, len, e);
	hc_tx_rollback(tx);
	return rc;
}

/* Occurrences of needle in the n bytes of hay. */
static int count(const char *hay, size_t n, const char *needle)
{
	int c = 0;
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0 && (i + k == n || hay[i + k] != 's'))
			c++;
	return c;
}

/* Pages and the first page's size in mm, read from the PDF. */
static void pdf_shape(const char *pdf, size_t len, int *pages, double *w, double *h)
{
	assert_true(len > 8);
	assert_memory_equal(pdf, "%PDF-", 5);
	*pages = count(pdf, len, "/Type /Page");
	const char *mb = memmem(pdf, len, "/MediaBox [", 11);
	assert_non_null(mb);
	char *end;
	double v[4];
	const char *p = mb + 11;
	for (int i = 0; i < 4; i++) {
		v[i] = strtod(p, &end);
		assert_true(end != p);
		p = end;
	}
	*w = (v[2] - v[0]) * 25.4 / 72;
	*h = (v[3] - v[1]) * 25.4 / 72;
}

static void expect_shape(const char *pdf, size_t len, int pages_min, int pages_max, double w,
                         double h)
{
	int pages;
	double pw, ph;
	pdf_shape(pdf, len, &pages, &pw, &ph);
	if (pages < pages_min || pages > pages_max)
		fail_msg("%d pages, expected %d..%d", pages, pages_min, pages_max);
	assert_true(pw > w - 0.5 && pw < w + 0.5);
	assert_true(ph > h - 0.5 && ph < h + 0.5);
}

/* The dossier of every form: received, assigned, supplement asked and
 * received, extended with apology. */
typedef struct world {
	fixture f;
	hc_intake_result full, rejected;
} world;

static int setup(void **state)
{
	world *w = calloc(1, sizeof *w);
	if (!w || fixture_open(&w->f))
		return -1;
	*state = w;
	fixture *f = &w->f;
	receive(f, "2026-03-02T08:15", "PFEE", APPLICANT, &w->full);
	const char *c = w->full.code;
	act(f, HC_ROLE_RECEPTION, "2026-03-02T09:00", c,
	    (hc_action_in){.action = "assign", .handler = "a.specialist"});
	act(f, HC_ROLE_SPECIALIST, "2026-03-03T10:00", c,
	    (hc_action_in){.action = "request_supplement",
	                   .note = "Bản sao giấy chứng nhận kết hôn của cha, mẹ\n"
	                           "Giấy chứng sinh bản chính\n"
	                           "Lý do: giấy chứng sinh nộp là bản chụp, không rõ nét"});
	act(f, HC_ROLE_RECEPTION, "2026-03-04T14:00", c,
	    (hc_action_in){.action = "supplement_received"});
	hc_dossier *d;
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_dossier_get(tx, &f->staff_a[HC_ROLE_HEAD], c, &d, &e), HC_OK);
	int64_t new_due = d->due_at + 2 * HC_DAY_S;
	hc_dossier_free(d);
	hc_tx_rollback(tx);
	act(f, HC_ROLE_HEAD, "2026-03-05T09:00", c,
	    (hc_action_in){.action = "extend",
	                   .new_due = new_due,
	                   .note = "Cần xác minh thông tin với Ủy ban nhân dân nơi cư trú cũ"});
	receive(f, "2026-03-06T15:40", "P3D", "Trần Văn Bình", &w->rejected);
	act(f, HC_ROLE_RECEPTION, "2026-03-06T16:00", w->rejected.code,
	    (hc_action_in){.action = "assign", .handler = "a.specialist"});
	act(f, HC_ROLE_LEADER, "2026-03-09T10:00", w->rejected.code,
	    (hc_action_in){.action = "reject",
	                   .note = "Người yêu cầu không thuộc đối tượng được cấp theo quy định"});
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fixture_close(&w->f);
	free(w);
	return 0;
}

static void test_font_is_liberation_serif(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++) {
		char family[128] = "";
		hc_err e;
		int rc = hc_pdf_font_check(i & 1, i & 2, family, sizeof family, &e);
		if (rc)
			fail_msg("font: %s", e.detail);
		assert_string_equal(family, "Liberation Serif");
	}
}

static void test_every_dossier_form(void **state)
{
	world *w = *state;
	const hc_actor *a = &w->f.staff_a[HC_ROLE_RECEPTION];
	hc_form_opts o = {.secret = w->full.secret,
	                  .base_url = "https://motcua.example.vn/tra-cuu/"};
	for (int k = 0; k < HC_FORM_REGISTER; k++) {
		const char *code = k == HC_FORM_REFUSAL ? w->rejected.code : w->full.code;
		char *pdf = NULL;
		size_t len = 0;
		hc_err e;
		int rc = render(&w->f, a, code, (enum hc_form_kind)k, &o, &pdf, &len, &e);
		if (rc)
			fail_msg("%s: %s", hc_form_kind_name((enum hc_form_kind)k), e.detail);
		if (k == HC_FORM_RECEIPT)
			expect_shape(pdf, len, 1, 1, 148, 210);
		else
			expect_shape(pdf, len, 1, 2, 210, 297);
		free(pdf);
	}
}

static void test_forms_need_their_history(void **state)
{
	world *w = *state;
	const hc_actor *a = &w->f.staff_a[HC_ROLE_RECEPTION];
	char *pdf = NULL;
	size_t len = 0;
	hc_err e;
	/* the rejected dossier had no supplement request nor extension */
	assert_int_equal(
	    render(&w->f, a, w->rejected.code, HC_FORM_SUPPLEMENT, NULL, &pdf, &len, &e),
	    HC_ECONFLICT);
	assert_null(pdf);
	assert_int_equal(render(&w->f, a, w->rejected.code, HC_FORM_APOLOGY, NULL, &pdf, &len, &e),
	                 HC_ECONFLICT);
	/* the full one was not rejected */
	assert_int_equal(render(&w->f, a, w->full.code, HC_FORM_REFUSAL, NULL, &pdf, &len, &e),
	                 HC_ECONFLICT);
	assert_int_equal(render(&w->f, a, w->full.code, HC_FORM_REGISTER, NULL, &pdf, &len, &e),
	                 HC_EINVAL);
	assert_int_equal(
	    render(&w->f, a, "TESTA-000000-9999", HC_FORM_RECEIPT, NULL, &pdf, &len, &e),
	    HC_ENOTFOUND);
}

static void test_receipt_secret_and_url_checked(void **state)
{
	world *w = *state;
	const hc_actor *a = &w->f.staff_a[HC_ROLE_RECEPTION];
	char *pdf = NULL;
	size_t len = 0;
	hc_err e;
	/* the other dossier's secret */
	hc_form_opts o = {.secret = w->rejected.secret};
	assert_int_equal(render(&w->f, a, w->full.code, HC_FORM_RECEIPT, &o, &pdf, &len, &e),
	                 HC_EINVAL);
	assert_string_equal(e.field, "secret");
	/* no secret: printed without it */
	assert_int_equal(render(&w->f, a, w->full.code, HC_FORM_RECEIPT, NULL, &pdf, &len, &e),
	                 HC_OK);
	free(pdf);
	const char *bad[] = {"ftp://x/", "https://a b/", "javascript:alert(1)",
	                     "https://x/\xc3\xa1", NULL};
	for (const char **u = bad; *u; u++) {
		o = (hc_form_opts){.base_url = *u};
		assert_int_equal(
		    render(&w->f, a, w->full.code, HC_FORM_RECEIPT, &o, &pdf, &len, &e), HC_EINVAL);
		assert_string_equal(e.field, "base_url");
	}
	char url[HC_FORM_BASE_URL_MAX + 2];
	memset(url, 'a', sizeof url - 1);
	url[sizeof url - 1] = '\0';
	memcpy(url, "https://", 8);
	o = (hc_form_opts){.base_url = url};
	assert_int_equal(render(&w->f, a, w->full.code, HC_FORM_RECEIPT, &o, &pdf, &len, &e),
	                 HC_EINVAL);
	url[HC_FORM_BASE_URL_MAX] = '\0'; /* at the limit */
	assert_int_equal(render(&w->f, a, w->full.code, HC_FORM_RECEIPT, &o, &pdf, &len, &e),
	                 HC_OK);
	free(pdf);
}

static void test_other_unit_refused(void **state)
{
	world *w = *state;
	char *pdf = NULL;
	size_t len = 0;
	hc_err e;
	assert_int_equal(
	    render(&w->f, &w->f.reception_b, w->full.code, HC_FORM_CONTROL, NULL, &pdf, &len, &e),
	    HC_EFORBIDDEN);
	assert_null(pdf);
}

/* (in April, outside the register's March) The most components a dossier may
 * have: the receipt runs on to a second A5
 * page; thirty forwards: the control sheet's table runs on to more pages. */
static void test_long_forms_break_pages(void **state)
{
	world *w = *state;
	fixture *f = &w->f;
	hc_component_in comps[HC_INTAKE_MAX_COMPONENTS];
	char names[HC_INTAKE_MAX_COMPONENTS][96];
	for (int i = 0; i < HC_INTAKE_MAX_COMPONENTS; i++) {
		snprintf(names[i], sizeof names[i],
		         "Bản sao có chứng thực giấy tờ chứng minh nhân thân số %d của người nộp",
		         i);
		comps[i] = (hc_component_in){names[i], i % 2 == 0, i % 3 == 0};
	}
	hc_intake in = {.procedure_code = "P3D",
	                .channel = "online",
	                .applicant_name = "Hoàng Thị Yến",
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678",
	                .components = comps,
	                .ncomponents = HC_INTAKE_MAX_COMPONENTS};
	hc_env env = fixture_env(f, "2026-04-20T08:00");
	hc_intake_result r;
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	int rc = hc_dossier_receive(tx, &env, &f->staff_a[HC_ROLE_RECEPTION], &in, &r, &e);
	if (rc)
		fail_msg("receive: %s", e.detail);
	assert_int_equal(hc_tx_end(tx, rc, &e), HC_OK);
	act(f, HC_ROLE_RECEPTION, "2026-04-20T08:10", r.code,
	    (hc_action_in){.action = "assign", .handler = "a.specialist"});
	for (int i = 0; i < 30; i++) {
		char when[32];
		snprintf(when, sizeof when, "2026-04-20T%02d:%02d", 9 + i / 6, (i % 6) * 10);
		act(f, HC_ROLE_SPECIALIST, when, r.code,
		    (hc_action_in){.action = "forward",
		                   .handler = i % 2 ? "a.specialist" : "a.head",
		                   .note = "Chuyển xin ý kiến thẩm định về hồ sơ đất đai"});
	}
	hc_form_opts o = {.secret = r.secret};
	char *pdf = NULL;
	size_t len = 0;
	rc = render(f, &f->staff_a[HC_ROLE_RECEPTION], r.code, HC_FORM_RECEIPT, &o, &pdf, &len, &e);
	if (rc)
		fail_msg("receipt: %s", e.detail);
	expect_shape(pdf, len, 2, 3, 148, 210);
	free(pdf);
	rc = render(f, &f->staff_a[HC_ROLE_RECEPTION], r.code, HC_FORM_CONTROL, NULL, &pdf, &len,
	            &e);
	if (rc)
		fail_msg("control: %s", e.detail);
	expect_shape(pdf, len, 2, 6, 210, 297);
	free(pdf);
}

static void test_register_pages_and_limit(void **state)
{
	world *w = *state;
	fixture *f = &w->f;
	/* 60 more dossiers over three days: several landscape pages */
	for (int i = 0; i < 60; i++) {
		hc_intake_result r;
		char when[32], name[64];
		snprintf(when, sizeof when, "2026-03-1%dT%02d:%02d", 0 + i / 20, 8 + (i % 20) / 3,
		         (i * 7) % 60);
		snprintf(name, sizeof name, "Người nộp thứ %d", i + 1);
		receive(f, when, "P3D", name, &r);
	}
	int64_t from, to;
	hc_err e;
	assert_int_equal(hc_parse_date("2026-03-01", "from", &from, &e), HC_OK);
	assert_int_equal(hc_parse_date("2026-04-01", "to", &to, &e), HC_OK);
	char *pdf = NULL;
	size_t len = 0;
	int rc = render_register(f, from, to, 0, &pdf, &len, &e);
	if (rc)
		fail_msg("register: %s", e.detail);
	expect_shape(pdf, len, 4, 30, 297, 210);
	free(pdf);
	/* 62 rows: at the limit, and one over */
	assert_int_equal(render_register(f, from, to, 62, &pdf, &len, &e), HC_OK);
	free(pdf);
	assert_int_equal(render_register(f, from, to, 61, &pdf, &len, &e), HC_ETOOBIG);
	assert_null(pdf);
	/* a period without dossiers: one page with the empty table */
	assert_int_equal(hc_parse_date("2025-01-01", "from", &from, &e), HC_OK);
	assert_int_equal(hc_parse_date("2025-01-31", "to", &to, &e), HC_OK);
	assert_int_equal(render_register(f, from, to, 0, &pdf, &len, &e), HC_OK);
	expect_shape(pdf, len, 1, 1, 297, 210);
	free(pdf);
	assert_int_equal(render_register(f, to, from, 0, &pdf, &len, &e), HC_EINVAL);
}

static void test_pdfdoc_flow_and_limits(void **state)
{
	(void)state;
	hc_pdf *p;
	hc_err e;
	hc_pdf_margins m = {20, 15, 20, 30};
	assert_int_equal(hc_pdf_new(HC_PDF_A4, &m, "thử", &p, &e), HC_OK);
	/* a paragraph longer than a page flows on to the next ones */
	hc_buf b = HC_BUF_INIT;
	for (int i = 0; i < 250; i++)
		hc_buf_puts(&b, "Điều chỉnh thông tin hộ tịch của công dân. ");
	hc_pdf_style st = {.size = 13, .align = HC_PDF_JUSTIFY};
	assert_int_equal(hc_pdf_para(p, hc_buf_str(&b), &st, &e), HC_OK);
	assert_true(hc_pdf_pages(p) >= 2);
	assert_true(hc_pdf_y(p) > 20 && hc_pdf_room(p) >= 0);
	/* a one-line paragraph that does not fit under the cursor starts a page */
	int pages = hc_pdf_pages(p);
	hc_pdf_set_y(p, hc_pdf_y(p) + hc_pdf_room(p) - 1);
	assert_int_equal(hc_pdf_para(p, "Một dòng", &st, &e), HC_OK);
	assert_int_equal(hc_pdf_pages(p), pages + 1);
	assert_true(hc_pdf_y(p) > 20 && hc_pdf_y(p) < 30);
	/* unescaped markup is refused, escaped is drawn */
	assert_int_equal(hc_pdf_para(p, "A & <B>", &st, &e), HC_EINTERNAL);
	hc_buf_reset(&b);
	assert_int_equal(hc_pdf_escape(&b, "A & <B> \"c\" 'd'"), HC_OK);
	assert_string_equal(hc_buf_str(&b), "A &amp; &lt;B&gt; &quot;c&quot; &#39;d&#39;");
	assert_int_equal(hc_pdf_para(p, hc_buf_str(&b), &st, &e), HC_OK);
	/* markup at and over its limit */
	hc_buf_reset(&b);
	for (int i = 0; i < HC_PDF_MARKUP_MAX; i++)
		hc_buf_putc(&b, 'x');
	assert_int_equal(hc_pdf_para(p, hc_buf_str(&b), &st, &e), HC_OK);
	hc_buf_putc(&b, 'x');
	assert_int_equal(hc_pdf_para(p, hc_buf_str(&b), &st, &e), HC_ETOOBIG);
	/* QR payload at and over its limit */
	hc_buf_reset(&b);
	for (int i = 0; i < HC_PDF_QR_MAX; i++)
		hc_buf_putc(&b, 'Q');
	assert_int_equal(hc_pdf_qr(p, 30, 30, 40, hc_buf_str(&b), &e), HC_OK);
	hc_buf_putc(&b, 'Q');
	assert_int_equal(hc_pdf_qr(p, 30, 30, 40, hc_buf_str(&b), &e), HC_EINVAL);
	assert_int_equal(hc_pdf_qr(p, 30, 30, 40, "", &e), HC_EINVAL);
	/* a table row taller than a page is cut, the header repeats */
	hc_pdf_table t = {.ncols = 2,
	                  .widths = {40, 125},
	                  .header = {"<b>A</b>", "<b>B</b>"},
	                  .head = {.size = 10},
	                  .body = {.size = 10},
	                  .repeat_header = true};
	assert_int_equal(hc_pdf_new_page(p, &e), HC_OK);
	int before = hc_pdf_pages(p);
	assert_int_equal(hc_pdf_table_begin(p, &t, &e), HC_OK);
	hc_buf_reset(&b);
	for (int i = 0; i < 600; i++)
		hc_buf_puts(&b, "dòng ghi chú ");
	const char *cells[2] = {"1", hc_buf_str(&b)};
	for (int i = 0; i < 3; i++)
		assert_int_equal(hc_pdf_table_row(p, &t, cells, &e), HC_OK);
	assert_true(hc_pdf_pages(p) >= before + 2);
	assert_true(hc_pdf_room(p) >= 0);
	/* a header group spanning its columns, and one past the last column */
	t.group_label = "<b>Nhóm</b>";
	t.group_first = 1;
	t.group_n = 1;
	double y0 = hc_pdf_y(p);
	assert_int_equal(hc_pdf_table_begin(p, &t, &e), HC_OK);
	assert_true(hc_pdf_y(p) > y0 || hc_pdf_pages(p) > before + 2);
	t.group_n = 2;
	assert_int_equal(hc_pdf_table_begin(p, &t, &e), HC_EINTERNAL);
	hc_buf_free(&b);
	char *pdf;
	size_t len;
	pages = hc_pdf_pages(p);
	assert_int_equal(hc_pdf_finish(p, &pdf, &len, &e), HC_OK);
	int got;
	double w, h;
	pdf_shape(pdf, len, &got, &w, &h);
	assert_int_equal(got, pages);
	free(pdf);
	/* an abandoned document */
	assert_int_equal(hc_pdf_new(HC_PDF_A5, &m, NULL, &p, &e), HC_OK);
	hc_pdf_free(p);
}

static void test_upper_case(void **state)
{
	(void)state;
	char *s;
	hc_err e;
	assert_int_equal(hc_text_upper("Phường Trần Liễu, đặc khu Bạch Long Vĩ", &s, &e), HC_OK);
	assert_string_equal(s, "PHƯỜNG TRẦN LIỄU, ĐẶC KHU BẠCH LONG VĨ");
	free(s);
	/* decomposed input comes out composed (NFC) */
	assert_int_equal(hc_text_upper("Vie\xcc\xa3\xcc\x82t", &s, &e), HC_OK);
	assert_string_equal(s, "VIỆT");
	free(s);
	assert_int_equal(hc_text_upper("\xff", &s, &e), HC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_font_is_liberation_serif),
	    cmocka_unit_test(test_every_dossier_form),
	    cmocka_unit_test(test_forms_need_their_history),
	    cmocka_unit_test(test_receipt_secret_and_url_checked),
	    cmocka_unit_test(test_other_unit_refused),
	    cmocka_unit_test(test_long_forms_break_pages),
	    cmocka_unit_test(test_register_pages_and_limit),
	    cmocka_unit_test(test_pdfdoc_flow_and_limits),
	    cmocka_unit_test(test_upper_case),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
