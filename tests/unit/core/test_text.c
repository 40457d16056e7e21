#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/text.h"

static void fold_ignores_diacritics(void **state)
{
	(void)state;
	static const char *cases[][2] = {
	    {"Đường", "duong"},
	    {"  Đăng ký   KHAI SINH ", "dang ky khai sinh"},
	    {"Chứng thực bản sao", "chung thuc ban sao"},
	    {"Hỗ trợ người có công", "ho tro nguoi co cong"},
	    {"ĐỒNG ĐĂNG đặc khu", "dong dang dac khu"},
	    {"abc123", "abc123"},
	    {"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *out = NULL;
		hc_err e;
		assert_int_equal(hc_text_fold(cases[i][0], &out, &e), HC_OK);
		assert_string_equal(out, cases[i][1]);
		free(out);
	}
}

static void nfc_composes(void **state)
{
	(void)state;
	/* "ề" decomposed: e + U+0302 + U+0300 */
	char *out = NULL;
	hc_err e;
	assert_int_equal(hc_text_nfc("e\xcc\x82\xcc\x80", "f", &out, &e), HC_OK);
	assert_string_equal(out, "\xe1\xbb\x81");
	free(out);
	assert_int_equal(hc_text_nfc("\xff\xfe", "name", &out, &e), HC_EINVAL);
	assert_string_equal(e.field, "name");
}

static void check_limits(void **state)
{
	(void)state;
	hc_err e;
	assert_int_equal(hc_text_check("Nguyễn Văn A", "name", "họ tên", 12, true, &e), HC_OK);
	assert_int_equal(hc_text_check("Nguyễn Văn AB", "name", "họ tên", 12, true, &e), HC_EINVAL);
	assert_int_equal(hc_text_check("", "name", "họ tên", 12, true, &e), HC_EINVAL);
	assert_string_equal(e.message, "Chưa nhập họ tên");
	assert_int_equal(hc_text_check("", "name", "họ tên", 12, false, &e), HC_OK);
	assert_int_equal(hc_text_check("a\x01", "name", "họ tên", 12, true, &e), HC_EINVAL);
}

static void buf_limit(void **state)
{
	(void)state;
	hc_buf b = HC_BUF_INIT;
	b.cap_limit = 16;
	assert_int_equal(hc_buf_puts(&b, "0123456789"), HC_OK);
	assert_int_equal(hc_buf_puts(&b, "0123456789"), HC_ETOOBIG);
	assert_true(b.failed);
	hc_buf_free(&b);
	assert_int_equal(hc_buf_printf(&b, "%d-%s", 42, "x"), HC_OK);
	assert_string_equal(hc_buf_str(&b), "42-x");
	char *s = hc_buf_take(&b);
	assert_string_equal(s, "42-x");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fold_ignores_diacritics),
	    cmocka_unit_test(nfc_composes),
	    cmocka_unit_test(check_limits),
	    cmocka_unit_test(buf_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
