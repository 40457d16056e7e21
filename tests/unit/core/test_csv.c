/* CSV reader: quoting, line endings, BOM, line numbers, limits, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/csv.h"

static hc_csv *open_str(const char *s)
{
	hc_csv *c = NULL;
	hc_err e;
	assert_int_equal(hc_csv_open_mem(s, strlen(s), &c, &e), HC_OK);
	return c;
}

static void next_ok(hc_csv *c, hc_csv_row *r)
{
	bool done = true;
	hc_err e;
	hc_err_clear(&e);
	int rc = hc_csv_next(c, r, &done, &e);
	if (rc)
		fail_msg("unexpected error: %s", e.detail);
	assert_false(done);
}

static void at_end(hc_csv *c)
{
	hc_csv_row r;
	bool done = false;
	hc_err e;
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_OK);
	assert_true(done);
}

static void quoting_and_lines(void **state)
{
	(void)state;
	const char *s = "a,b,c\n"
	                "1,\"x, y\",\"say \"\"hi\"\"\"\n"
	                "2,\"two\nlines\",\n"
	                "\n"
	                "3,,\"\"\n";
	hc_csv *c = open_str(s);
	hc_csv_row r;
	hc_err e;
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.fields[2], "c");
	next_ok(c, &r);
	assert_int_equal(r.line, 2);
	assert_string_equal(r.fields[0], "1");
	assert_string_equal(r.fields[1], "x, y");
	assert_string_equal(r.fields[2], "say \"hi\"");
	assert_int_equal(r.raw_len, strlen("1,\"x, y\",\"say \"\"hi\"\"\""));
	assert_memory_equal(r.raw, "1,\"x, y\"", 8);
	next_ok(c, &r);
	assert_int_equal(r.line, 3);
	assert_string_equal(r.fields[1], "two\nlines");
	assert_string_equal(r.fields[2], "");
	next_ok(c, &r); /* the empty line 5 is skipped */
	assert_int_equal(r.line, 6);
	assert_string_equal(r.fields[0], "3");
	assert_string_equal(r.fields[1], "");
	assert_string_equal(r.fields[2], "");
	at_end(c);
	at_end(c);
	hc_csv_free(c);
}

/* A tab-separated file: commas are ordinary characters; the separator is
 * fixed before the first read. */
static void tab_separated(void **state)
{
	(void)state;
	hc_csv *c = open_str("a\tb\n1,5\t\"x\ty\"\n");
	hc_csv_row r;
	hc_err e;
	assert_int_equal(hc_csv_set_separator(c, '|', &e), HC_EINVAL);
	assert_int_equal(hc_csv_set_separator(c, '\t', &e), HC_OK);
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	assert_int_equal(r.n, 2);
	assert_int_equal(hc_csv_set_separator(c, ',', &e), HC_EINTERNAL);
	next_ok(c, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.fields[0], "1,5");
	assert_string_equal(r.fields[1], "x\ty");
	at_end(c);
	hc_csv_free(c);
}

static void crlf_bom_and_no_final_newline(void **state)
{
	(void)state;
	const char *s = "\xEF\xBB\xBF"
	                "code,name\r\n"
	                "1,\"Phường \r\nAn\"\r\n"
	                "2,Xã Hà Bắc";
	hc_csv *c = open_str(s);
	hc_csv_row r;
	hc_err e;
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	assert_string_equal(r.fields[0], "code"); /* BOM gone */
	next_ok(c, &r);
	assert_int_equal(r.line, 2);
	assert_string_equal(r.fields[1], "Phường \r\nAn");
	next_ok(c, &r);
	assert_int_equal(r.line, 4);
	assert_string_equal(r.fields[1], "Xã Hà Bắc");
	assert_int_equal(r.raw_len, strlen("2,Xã Hà Bắc"));
	at_end(c);
	hc_csv_free(c);
}

static void field_count_error_is_recoverable(void **state)
{
	(void)state;
	hc_csv *c = open_str("a,b\n1,2\n1,2,3\n4,5\n");
	hc_csv_row r;
	hc_err e;
	bool done;
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	next_ok(c, &r);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_EINVAL);
	assert_int_equal(r.line, 3);
	assert_string_equal(e.detail, "record has 3 fields, the header has 2");
	assert_string_equal(e.message, "Dòng 3: có 3 cột nhưng dòng tiêu đề có 2 cột");
	assert_int_equal(r.raw_len, 5);
	assert_memory_equal(r.raw, "1,2,3", 5);
	assert_false(hc_csv_fatal(c));
	next_ok(c, &r);
	assert_int_equal(r.line, 4);
	assert_string_equal(r.fields[1], "5");
	at_end(c);
	hc_csv_free(c);
}

static void invalid_utf8_names_the_column(void **state)
{
	(void)state;
	hc_csv *c = open_str("code,name\n1,ab\xC3(\n2,\"a\x01\"\n3,ok\n");
	hc_csv_row r;
	hc_err e;
	bool done;
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_EINVAL);
	assert_int_equal(r.line, 2);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.detail, "invalid UTF-8 at byte 3 of field 2");
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_EINVAL);
	assert_int_equal(r.line, 3);
	assert_string_equal(e.detail, "control character U+0001 in field 2");
	next_ok(c, &r);
	assert_string_equal(r.fields[1], "ok");
	hc_csv_free(c);
}

static void quote_errors(void **state)
{
	(void)state;
	hc_csv *c = open_str("a,b\nx\"y,1\n\"x\"y,1\n1,2\n");
	hc_csv_row r;
	hc_err e;
	bool done;
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_EINVAL);
	assert_string_equal(e.detail, "quote inside unquoted field 1");
	assert_string_equal(e.field, "a");
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_EINVAL);
	assert_string_equal(e.detail, "unexpected character after the closing quote of field 1");
	assert_int_equal(r.line, 3);
	next_ok(c, &r);
	hc_csv_free(c);
}

static void unterminated_quote_is_fatal(void **state)
{
	(void)state;
	hc_csv *c = open_str("a,b\n1,2\n3,\"open\nmore\n");
	hc_csv_row r;
	hc_err e;
	bool done;
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	next_ok(c, &r);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_EINVAL);
	assert_int_equal(r.line, 3);
	assert_string_equal(e.detail, "unterminated quoted field");
	assert_true(hc_csv_fatal(c));
	assert_int_not_equal(hc_csv_next(c, &r, &done, &e), HC_OK);
	hc_csv_free(c);
}

static void header_errors(void **state)
{
	(void)state;
	hc_csv_row r;
	hc_err e;
	hc_csv *c = open_str("");
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_EINVAL);
	assert_string_equal(e.detail, "empty file: no header row");
	hc_csv_free(c);
	c = open_str("\xEF\xBB\xBF\n\n");
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_EINVAL);
	hc_csv_free(c);
	c = open_str("a,b,a\n");
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_EINVAL);
	assert_string_equal(e.detail, "header column 'a' appears twice");
	hc_csv_free(c);
	c = open_str("a,,b\n");
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_EINVAL);
	assert_string_equal(e.detail, "header column 2 is empty");
	hc_csv_free(c);
}

/* header "h", then one record with a field of n 'x' bytes, then "ok" */
static char *one_field(size_t n)
{
	char *s = malloc(n + 16);
	assert_non_null(s);
	memcpy(s, "h\n", 2);
	memset(s + 2, 'x', n);
	memcpy(s + 2 + n, "\nok\n", 5);
	return s;
}

static void field_limit(void **state)
{
	(void)state;
	hc_csv_row r;
	hc_err e;
	bool done;
	char *s = one_field(HC_CSV_MAX_FIELD);
	hc_csv *c = open_str(s);
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	next_ok(c, &r);
	assert_int_equal(strlen(r.fields[0]), HC_CSV_MAX_FIELD);
	hc_csv_free(c);
	free(s);

	s = one_field(HC_CSV_MAX_FIELD + 1);
	c = open_str(s);
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_ETOOBIG);
	assert_string_equal(e.detail, "field 1 longer than 8192 bytes");
	assert_string_equal(e.field, "h");
	assert_int_equal(r.line, 2);
	assert_false(hc_csv_fatal(c));
	next_ok(c, &r);
	assert_string_equal(r.fields[0], "ok");
	hc_csv_free(c);
	free(s);
}

static char *n_fields(int n)
{
	char *s = malloc((size_t)n * 2 + 8);
	assert_non_null(s);
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		s[k++] = 'f';
		s[k++] = i + 1 < n ? ',' : '\n';
	}
	s[k] = '\0';
	return s;
}

static void fields_limit(void **state)
{
	(void)state;
	hc_csv_row r;
	hc_err e;
	char *s = n_fields(HC_CSV_MAX_FIELDS);
	hc_csv *c = open_str(s);
	bool done;
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_OK);
	assert_int_equal(r.n, HC_CSV_MAX_FIELDS);
	hc_csv_free(c);
	free(s);
	s = n_fields(HC_CSV_MAX_FIELDS + 1);
	c = open_str(s);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_ETOOBIG);
	assert_string_equal(e.detail, "more than 64 fields");
	hc_csv_free(c);
	free(s);
}

/* A record of n bytes made of 8 fields under the field limit. */
static char *long_record(size_t n, const char *eol)
{
	char *s = malloc(n + 32);
	assert_non_null(s);
	memset(s, 'y', n);
	for (int i = 1; i < 8; i++)
		s[n / 8 * (size_t)i] = ',';
	snprintf(s + n, 32, "%sok%s", eol, eol);
	return s;
}

static void record_limit(void **state)
{
	(void)state;
	hc_csv_row r;
	hc_err e;
	bool done;
	char *s = long_record(HC_CSV_MAX_RECORD, "\r\n");
	hc_csv *c = open_str(s);
	next_ok(c, &r);
	assert_int_equal(r.raw_len, HC_CSV_MAX_RECORD);
	assert_int_equal(r.n, 8);
	next_ok(c, &r);
	assert_string_equal(r.fields[0], "ok");
	hc_csv_free(c);
	free(s);

	s = long_record(HC_CSV_MAX_RECORD + 1, "\n");
	c = open_str(s);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_ETOOBIG);
	assert_string_equal(e.detail, "record longer than 65536 bytes");
	assert_int_equal(r.line, 1);
	assert_true(hc_csv_fatal(c));
	hc_csv_free(c);
	free(s);

	/* an unterminated quote stops at the record limit, not at the end of input */
	s = long_record(HC_CSV_MAX_RECORD * 2, "\n");
	s[0] = '"';
	c = open_str(s);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_ETOOBIG);
	assert_string_equal(e.detail, "record longer than 65536 bytes (unterminated quote?)");
	hc_csv_free(c);
	free(s);
}

static void file_reader_across_refills(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	fputs("\xEF\xBB\xBFid,text\r\n", f);
	const int n = 6000; /* about 600 KB: many refills */
	for (int i = 1; i <= n; i++) {
		if (i % 1000 == 0)
			fprintf(f, "%d,\"multi\r\nline %d, with \"\"quotes\"\"\"\r\n", i, i);
		else
			fprintf(f,
			        "%d,row %d padded to make the record longer than a few bytes "
			        "xxxxxxxxxxxxxxxxxxxxxxxx\r\n",
			        i, i);
	}
	char *big = long_record(HC_CSV_MAX_RECORD, "\n");
	big[HC_CSV_MAX_RECORD / 8 * 2] = 'y'; /* 7 commas -> 8 fields; keep 2 */
	for (int i = 3; i < 8; i++)
		big[HC_CSV_MAX_RECORD / 8 * (size_t)i] = 'y';
	big[HC_CSV_MAX_RECORD] = '\0';
	/* 2 fields: the second is over the field limit, the record is not */
	fputs(big, f);
	fputs("\nlast,1\n", f);
	free(big);
	rewind(f);
	hc_csv *c;
	hc_err e;
	assert_int_equal(hc_csv_open_file(f, &c, &e), HC_OK);
	hc_csv_row r;
	assert_int_equal(hc_csv_read_header(c, &r, &e), HC_OK);
	assert_string_equal(r.fields[0], "id");
	long line = 2;
	for (int i = 1; i <= n; i++) {
		next_ok(c, &r);
		assert_int_equal(r.line, line);
		assert_int_equal(strtol(r.fields[0], NULL, 10), i);
		if (i % 1000 == 0) {
			char want[64];
			snprintf(want, sizeof want, "multi\r\nline %d, with \"quotes\"", i);
			assert_string_equal(r.fields[1], want);
			line += 2;
		} else {
			line += 1;
		}
	}
	bool done;
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_ETOOBIG);
	assert_int_equal(r.line, line);
	assert_int_equal(r.raw_len, HC_CSV_MAX_RECORD);
	assert_false(hc_csv_fatal(c));
	next_ok(c, &r);
	assert_string_equal(r.fields[0], "last");
	assert_int_equal(r.line, line + 1);
	at_end(c);
	hc_csv_free(c);
	fclose(f);
}

static void file_record_limit(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	char *s = long_record(HC_CSV_MAX_RECORD * 3, "\n");
	fputs(s, f);
	free(s);
	rewind(f);
	hc_csv *c;
	hc_err e;
	hc_csv_row r;
	bool done;
	assert_int_equal(hc_csv_open_file(f, &c, &e), HC_OK);
	assert_int_equal(hc_csv_next(c, &r, &done, &e), HC_ETOOBIG);
	assert_true(hc_csv_fatal(c));
	hc_csv_free(c);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(quoting_and_lines),
	    cmocka_unit_test(tab_separated),
	    cmocka_unit_test(crlf_bom_and_no_final_newline),
	    cmocka_unit_test(field_count_error_is_recoverable),
	    cmocka_unit_test(invalid_utf8_names_the_column),
	    cmocka_unit_test(quote_errors),
	    cmocka_unit_test(unterminated_quote_is_fatal),
	    cmocka_unit_test(header_errors),
	    cmocka_unit_test(field_limit),
	    cmocka_unit_test(fields_limit),
	    cmocka_unit_test(record_limit),
	    cmocka_unit_test(file_reader_across_refills),
	    cmocka_unit_test(file_record_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
