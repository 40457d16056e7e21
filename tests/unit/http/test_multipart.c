/* multipart/form-data: boundaries, parts, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "http/multipart.h"

static void boundary(void **state)
{
	(void)state;
	char b[HC_MP_BOUNDARY_MAX + 1];
	hc_err e;
	assert_int_equal(hc_multipart_boundary("multipart/form-data; boundary=----x1", b, &e), 0);
	assert_string_equal(b, "----x1");
	assert_int_equal(
	    hc_multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"", b, &e),
	    0);
	assert_string_equal(b, "a b");
	assert_int_equal(hc_multipart_boundary("application/x-www-form-urlencoded", b, &e),
	                 HC_EINVAL);
	assert_int_equal(hc_multipart_boundary("multipart/form-data", b, &e), HC_EINVAL);
	assert_int_equal(hc_multipart_boundary("multipart/form-data; boundary=", b, &e), HC_EINVAL);
	assert_int_equal(hc_multipart_boundary("multipart/form-data; boundary=a<b", b, &e),
	                 HC_EINVAL);
	assert_int_equal(hc_multipart_boundary(NULL, b, &e), HC_EINVAL);
	char ct[200];
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%0*d", HC_MP_BOUNDARY_MAX, 7);
	assert_int_equal(hc_multipart_boundary(ct, b, &e), 0);
	snprintf(ct, sizeof ct, "multipart/form-data; boundary=%0*d", HC_MP_BOUNDARY_MAX + 1, 7);
	assert_int_equal(hc_multipart_boundary(ct, b, &e), HC_EINVAL);
}

static const char body1[] =
    "--XY\r\n"
    "Content-Disposition: form-data; name=\"ten\"\r\n"
    "\r\n"
    "Nguyễn Văn A\r\n"
    "--XY\r\n"
    "Content-Disposition: form-data; name=\"tep0\"; filename=\"don \\\"1\\\".pdf\"\r\n"
    "Content-Type: application/pdf\r\n"
    "\r\n"
    "%PDF-1.4\r\n--X not the end\r\n"
    "--XY\r\n"
    "Content-Disposition: form-data; name=\"trong\"; filename=\"\"\r\n"
    "Content-Type: application/octet-stream\r\n"
    "\r\n"
    "\r\n"
    "--XY--\r\n";

static void parts(void **state)
{
	(void)state;
	hc_multipart m;
	hc_err e;
	assert_int_equal(hc_multipart_parse(body1, sizeof body1 - 1, "XY", &m, &e), 0);
	assert_int_equal(m.n, 3);
	const hc_mp_part *t = hc_multipart_get(&m, "ten");
	assert_non_null(t);
	assert_false(t->is_file);
	assert_int_equal(t->len, strlen("Nguyễn Văn A"));
	assert_memory_equal(t->data, "Nguyễn Văn A", t->len);
	const hc_mp_part *f = hc_multipart_get(&m, "tep0");
	assert_true(f->is_file);
	assert_string_equal(f->filename, "don \"1\".pdf");
	assert_string_equal(f->content_type, "application/pdf");
	assert_int_equal(f->len, strlen("%PDF-1.4\r\n--X not the end"));
	const hc_mp_part *g = hc_multipart_get(&m, "trong");
	assert_true(g->is_file);
	assert_string_equal(g->filename, "");
	assert_int_equal(g->len, 0);
	assert_null(hc_multipart_get(&m, "khac"));
}

static void malformed(void **state)
{
	(void)state;
	hc_multipart m;
	hc_err e;
	const char *cases[] = {
	    "",
	    "no delimiter at all",
	    "--XY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without end",
	    "--XY\r\nContent-Disposition: form-data; name=\"a\"\r\nvalue\r\n--XY--",
	    "--XY\r\nContent-Type: text/plain\r\n\r\nv\r\n--XY--",
	    "--XY\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--XY--",
	    "--XY\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nv\r\n--XY--",
	    "--XY\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XY--",
	    "--XYjunk",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(hc_multipart_parse(cases[i], strlen(cases[i]), "XY", &m, &e),
		                 HC_EINVAL);
}

static void limits(void **state)
{
	(void)state;
	hc_multipart m;
	hc_err e;
	hc_buf b = {0};
	/* HC_MP_MAX_PARTS parts pass, one more is refused */
	for (int n = HC_MP_MAX_PARTS; n <= HC_MP_MAX_PARTS + 1; n++) {
		hc_buf_reset(&b);
		for (int i = 0; i < n; i++)
			hc_buf_printf(
			    &b, "--XY\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n",
			    i);
		hc_buf_puts(&b, "--XY--\r\n");
		assert_int_equal(hc_multipart_parse(b.data, b.len, "XY", &m, &e),
		                 n == HC_MP_MAX_PARTS ? HC_OK : HC_ETOOBIG);
	}
	/* header block over HC_MP_HEADERS_MAX */
	hc_buf_reset(&b);
	hc_buf_puts(&b, "--XY\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: ");
	for (int i = 0; i < HC_MP_HEADERS_MAX; i++)
		hc_buf_putc(&b, 'p');
	hc_buf_puts(&b, "\r\n\r\nv\r\n--XY--\r\n");
	assert_int_equal(hc_multipart_parse(b.data, b.len, "XY", &m, &e), HC_ETOOBIG);
	/* a name at its maximum passes, one byte more is refused */
	for (int n = HC_MP_NAME_MAX; n <= HC_MP_NAME_MAX + 1; n++) {
		hc_buf_reset(&b);
		hc_buf_printf(
		    &b, "--XY\r\nContent-Disposition: form-data; name=\"%0*d\"\r\n\r\nv\r\n--XY--",
		    n, 0);
		assert_int_equal(hc_multipart_parse(b.data, b.len, "XY", &m, &e),
		                 n == HC_MP_NAME_MAX ? HC_OK : HC_ETOOBIG);
	}
	for (int n = HC_MP_FILENAME_MAX; n <= HC_MP_FILENAME_MAX + 1; n++) {
		hc_buf_reset(&b);
		hc_buf_printf(
		    &b,
		    "--XY\r\nContent-Disposition: form-data; name=\"f\"; filename=\"%0*d\"\r\n"
		    "\r\nv\r\n--XY--",
		    n, 0);
		assert_int_equal(hc_multipart_parse(b.data, b.len, "XY", &m, &e),
		                 n == HC_MP_FILENAME_MAX ? HC_OK : HC_ETOOBIG);
	}
	hc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(boundary),
	    cmocka_unit_test(parts),
	    cmocka_unit_test(malformed),
	    cmocka_unit_test(limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
