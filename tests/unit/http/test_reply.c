/* Error reply shape and the 5xx message rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/reply.h"

static void error_shape(void **state)
{
	(void)state;
	hc_reply r = {0};
	hc_err e;
	hc_err_set(&e, HC_EINVAL, "applicant.phone", "Số điện thoại không hợp lệ", "bad phone %d",
	           7);
	hc_reply_error(&r, &e);
	assert_int_equal(r.status, 400);
	assert_string_equal(r.content_type, HC_CT_JSON);
	assert_string_equal(r.body, "{\"error\":{\"code\":\"invalid\",\"message\":\"Số điện thoại "
	                            "không hợp lệ\",\"field\":\"applicant.phone\"}}");
	assert_string_equal(r.err.detail, "bad phone 7");
	hc_reply_clear(&r);

	hc_reply_fail(&r, HC_ENOTFOUND, NULL, "Không tìm thấy hồ sơ", "no dossier");
	assert_int_equal(r.status, 404);
	assert_string_equal(r.body, "{\"error\":{\"code\":\"not_found\",\"message\":\"Không tìm "
	                            "thấy hồ sơ\",\"field\":null}}");
	hc_reply_clear(&r);
}

static void statuses(void **state)
{
	(void)state;
	static const struct {
		int code, status;
		const char *name;
	} cases[] = {
	    {HC_EUNAUTH, 401, "unauthenticated"}, {HC_EFORBIDDEN, 403, "forbidden"},
	    {HC_ECONFLICT, 409, "conflict"},      {HC_ETOOBIG, 413, "too_large"},
	    {HC_EUNAVAIL, 503, "unavailable"},    {HC_EDB, 500, "storage_error"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hc_reply r = {0};
		hc_reply_fail(&r, cases[i].code, NULL, "Thông báo", "detail");
		assert_int_equal(r.status, cases[i].status);
		json_t *j = json_loads(r.body, 0, NULL);
		assert_non_null(j);
		assert_string_equal(
		    json_string_value(json_object_get(json_object_get(j, "error"), "code")),
		    cases[i].name);
		json_decref(j);
		hc_reply_clear(&r);
	}
}

static void internal_message_hidden(void **state)
{
	(void)state;
	hc_reply r = {0};
	hc_reply_fail(&r, HC_EDB, NULL, "UNIQUE constraint failed: dossiers.code", "sql detail");
	assert_int_equal(r.status, 500);
	assert_null(strstr(r.body, "UNIQUE"));
	assert_non_null(strstr(r.body, "Lỗi hệ thống"));
	assert_string_equal(r.err.detail, "sql detail");
	hc_reply_clear(&r);
	/* 503 keeps its (Vietnamese) message: the client should retry */
	hc_reply_fail(&r, HC_EUNAVAIL, NULL, "Hệ thống đang bận", "busy");
	assert_int_equal(r.status, 503);
	assert_non_null(strstr(r.body, "Hệ thống đang bận"));
	hc_reply_clear(&r);
	/* an error without a code is an internal fault */
	hc_err e = {0};
	hc_reply_error(&r, &e);
	assert_int_equal(r.status, 500);
	hc_reply_clear(&r);
}

static void json_and_raw(void **state)
{
	(void)state;
	hc_reply r = {0};
	hc_reply_json(&r, 201, json_pack("{s:s}", "code", "X-1"));
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body, "{\"code\":\"X-1\"}");
	assert_int_equal(r.len, strlen(r.body));
	hc_reply_raw(&r, 200, NULL, "{}", 2);
	assert_string_equal(r.body, "{}");
	hc_reply_json(&r, 200, NULL);
	assert_int_equal(r.status, 500);
	hc_reply_clear(&r);
}

/* A file reply: binary body kept whole, a safe Content-Disposition; an error
 * afterwards drops the disposition. */
static void file_reply(void **state)
{
	(void)state;
	hc_reply r = {0};
	hc_reply_file(&r, "application/x-test", "bao-cao-10528-2025-07-01.docx", "PK\0\1", 4);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 4);
	assert_memory_equal(r.body, "PK\0\1", 4);
	assert_string_equal(r.content_type, "application/x-test");
	assert_string_equal(r.disposition,
	                    "attachment; filename=\"bao-cao-10528-2025-07-01.docx\"");
	/* quotes, CR/LF and non-ASCII never reach the header */
	hc_reply_file(&r, "application/x-test", "a\"b\r\nX: y/ñ.xlsx", "x", 1);
	assert_string_equal(r.disposition, "attachment; filename=\"a_b__X__y___.xlsx\"");
	/* an over-long name is cut, the quote kept */
	char longname[400];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	hc_reply_file(&r, "application/x-test", longname, "x", 1);
	assert_true(strlen(r.disposition) < sizeof r.disposition);
	assert_int_equal(r.disposition[strlen(r.disposition) - 1], '"');
	hc_err e;
	hc_err_set(&e, HC_EINVAL, "to", "Sai", "bad");
	hc_reply_error(&r, &e);
	assert_string_equal(r.disposition, "");
	hc_reply_clear(&r);
}

/* An attachment named by a citizen: ASCII fallback and the exact UTF-8 name
 * percent-encoded; header-breaking bytes never appear raw; a long name is
 * cut between characters. */
static void attachment_reply(void **state)
{
	(void)state;
	hc_reply r = {0};
	hc_reply_attachment(&r, "application/pdf", "tờ khai \"1\";\r\n.pdf", "%PDF-", 5);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "%PDF-", 5);
	assert_string_equal(r.disposition,
	                    "attachment; filename=\"t____khai__1____.pdf\"; "
	                    "filename*=UTF-8''t%E1%BB%9D%20khai%20%221%22%3B%0D%0A.pdf");
	hc_reply_attachment(&r, "image/png", "a~b.png", "x", 1);
	assert_string_equal(r.disposition,
	                    "attachment; filename=\"a_b.png\"; filename*=UTF-8''a~b.png");
	/* 600 three-byte letters: cut whole, at most HC_REPLY_FILE_NAME_MAX / 2
	 * bytes in the fallback */
	char name[1801];
	for (int i = 0; i < 600; i++)
		memcpy(name + 3 * i, "ờ", 3);
	name[1800] = '\0';
	hc_reply_attachment(&r, "image/png", name, "x", 1);
	size_t n = strlen(r.disposition);
	assert_true(n < sizeof r.disposition);
	const char *star = strstr(r.disposition, "UTF-8''");
	assert_non_null(star);
	assert_int_equal((n - (size_t)(star + 7 - r.disposition)) % 9, 0);
	assert_true(star - r.disposition < HC_REPLY_FILE_NAME_MAX);
	hc_reply_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(error_shape),
	    cmocka_unit_test(statuses),
	    cmocka_unit_test(internal_message_hidden),
	    cmocka_unit_test(json_and_raw),
	    cmocka_unit_test(file_reply),
	    cmocka_unit_test(attachment_reply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
