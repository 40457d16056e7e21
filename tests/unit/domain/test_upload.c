/* Uploads: types by first bytes, limits at and past each maximum, storing
 * with a dossier. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/upload.h"
#include "fixture.h"

static void sniff(void **state)
{
	(void)state;
	assert_string_equal(hc_upload_sniff("%PDF-1.7\n", 9), "application/pdf");
	assert_string_equal(hc_upload_sniff("\xFF\xD8\xFF\xE0", 4), "image/jpeg");
	assert_string_equal(hc_upload_sniff("\x89PNG\r\n\x1a\n\0", 9), "image/png");
	assert_null(hc_upload_sniff("%PDF", 4));
	assert_null(hc_upload_sniff("GIF89a", 6));
	assert_null(hc_upload_sniff("<html>%PDF-", 11));
	assert_null(hc_upload_sniff("", 0));
}

static void limits(void **state)
{
	(void)state;
	hc_err e;
	char *at = fixture_big_pdf(HC_UPLOAD_FILE_MAX + 1);
	assert_non_null(at);
	hc_upload_file f = {2, "Tờ khai", "a.pdf", at, HC_UPLOAD_FILE_MAX};
	assert_int_equal(hc_upload_check(&f, 1, &e), HC_OK);
	f.len = HC_UPLOAD_FILE_MAX + 1;
	assert_int_equal(hc_upload_check(&f, 1, &e), HC_ETOOBIG);
	assert_string_equal(e.field, "tep2");
	f.len = 0;
	assert_int_equal(hc_upload_check(&f, 1, &e), HC_EINVAL);
	/* a name saying PDF does not make a PDF */
	hc_upload_file txt = {0, "Tờ khai", "gia.pdf", "not a pdf", 9};
	assert_int_equal(hc_upload_check(&txt, 1, &e), HC_EINVAL);
	assert_string_equal(e.field, "tep0");
	/* count: HC_UPLOAD_COUNT_MAX pass, one more is refused */
	hc_upload_file many[HC_UPLOAD_COUNT_MAX + 1];
	for (int i = 0; i <= HC_UPLOAD_COUNT_MAX; i++)
		many[i] = (hc_upload_file){i, "x", "x.pdf", "%PDF-1", 6};
	assert_int_equal(hc_upload_check(many, HC_UPLOAD_COUNT_MAX, &e), HC_OK);
	assert_int_equal(hc_upload_check(many, HC_UPLOAD_COUNT_MAX + 1, &e), HC_ETOOBIG);
	/* total: four files at the maximum are 20 MiB; six bytes more are refused */
	hc_upload_file four[5];
	for (int i = 0; i < 5; i++)
		four[i] = (hc_upload_file){i, "x", "x.pdf", at, HC_UPLOAD_FILE_MAX};
	assert_int_equal(hc_upload_check(four, 4, &e), HC_OK);
	four[4].len = 6;
	assert_int_equal(hc_upload_check(four, 5, &e), HC_ETOOBIG);
	assert_string_equal(e.field, "tep4");
	free(at);
}

static void store(void **state)
{
	fixture *f = *state;
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	int64_t proc, id;
	assert_int_equal(
	    hc_tx_query_int(tx, &e, &proc,
	                    "SELECT id FROM procedures WHERE unit_id = ? AND code = 'P3D'", "i",
	                    f->unit_a),
	    0);
	assert_int_equal(
	    hc_tx_exec(tx, &e,
	               "INSERT INTO dossiers (unit_id, deciding_unit_id, code, secret_hash,"
	               " procedure_id, channel, status, applicant_name, applicant_fold,"
	               " received_at, due_at, original_due_at, legacy, updated_at)"
	               " VALUES (?, ?, 'U-1', 'x', ?, 'online', 'received', 'A', 'a', 1,"
	               " 2, 2, 0, 0)",
	               "iii", f->unit_a, f->unit_a, proc),
	    0);
	assert_int_equal(
	    hc_tx_query_int(tx, &e, &id, "SELECT id FROM dossiers WHERE code = 'U-1'", ""), 0);
	static const char png[] = "\x89PNG\r\n\x1a\n-image-";
	hc_upload_file files[2] = {{0, "Tờ khai", "to-khai.pdf", "%PDF-1.4 body", 13},
	                           {1, "Ảnh", "anh.png", png, sizeof png - 1}};
	assert_int_equal(hc_upload_store(tx, f->unit_a, id, files, 2, 100, &e), 0);
	int64_t n, bytes;
	assert_int_equal(hc_upload_count(tx, id, &n, &bytes, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(bytes, 13 + (int64_t)sizeof png - 1);
	hc_stmt *st;
	assert_int_equal(hc_tx_query(tx, &e, &st,
	                             "SELECT content_type, content_b64 FROM dossier_files"
	                             " WHERE dossier_id = ? ORDER BY component",
	                             "i", id),
	                 0);
	assert_true(hc_stmt_next(st));
	assert_string_equal(hc_stmt_text(st, 0), "application/pdf");
	assert_string_equal(hc_stmt_text(st, 1), "JVBERi0xLjQgYm9keQ==");
	assert_true(hc_stmt_next(st));
	assert_string_equal(hc_stmt_text(st, 0), "image/png");
	assert_int_equal(hc_stmt_finish(st, &e), 0);
	/* a refused file stores nothing */
	hc_upload_file bad = {2, "x", "x.gif", "GIF89a", 6};
	assert_int_equal(hc_upload_store(tx, f->unit_a, id, &bad, 1, 100, &e), HC_EINVAL);
	assert_int_equal(hc_upload_count(tx, id, &n, &bytes, &e), 0);
	assert_int_equal(n, 2);
	hc_tx_rollback(tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sniff),
	    cmocka_unit_test(limits),
	    cmocka_unit_test_setup_teardown(store, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
