/* Uploads: types by first bytes, limits at and past each maximum, storing
 * with a dossier, reading back for staff with the dossier's read check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/dossier.h"
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

/* Receives an online dossier of unit A (P3D) with two files stored;
 * returns its code in code[64] and its id. */
static int64_t online_dossier(fixture *f, const hc_upload_file *files, size_t n, char code[64])
{
	hc_env env = fixture_env(f, "2026-03-16T09:00");
	hc_component_in comps[2] = {{.name = "Tờ khai", .digitized = true},
	                            {.name = "Ảnh chân dung", .digitized = true}};
	hc_intake in = {.procedure_code = "P3D",
	                .channel = "online",
	                .applicant_name = "Nguyễn Thị Đào",
	                .applicant_id_number = "031190001234",
	                .applicant_phone = "0912345678",
	                .components = comps,
	                .ncomponents = 2};
	hc_actor portal = hc_actor_system();
	portal.unit_id = f->unit_a;
	hc_tx *tx;
	hc_err e;
	hc_intake_result r;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), 0);
	assert_int_equal(hc_dossier_receive(tx, &env, &portal, &in, &r, &e), 0);
	assert_int_equal(hc_upload_store(tx, f->unit_a, r.id, files, n, env.now, &e), 0);
	assert_int_equal(hc_tx_commit(tx, &e), 0);
	snprintf(code, 64, "%s", r.code);
	return r.id;
}

static void read_back(void **state)
{
	fixture *f = *state;
	/* every byte value, so that decoding is exact */
	char pdf[1000];
	memcpy(pdf, "%PDF-1.7\n", 9);
	for (size_t i = 9; i < sizeof pdf; i++)
		pdf[i] = (char)(i * 7);
	static const char png[] = "\x89PNG\r\n\x1a\n\0\1\2\xff";
	/* a name with Vietnamese letters and a byte that is not UTF-8 */
	hc_upload_file files[2] = {{1, "Ảnh chân dung", "ảnh \xff.png", png, sizeof png - 1},
	                           {0, "Tờ khai", "tờ khai.pdf", pdf, sizeof pdf}};
	char code[64], other[64];
	online_dossier(f, files, 2, code);
	online_dossier(f, files, 1, other);
	hc_tx *tx;
	hc_err e;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), 0);
	hc_upload_info *v = NULL;
	size_t n = 0;
	assert_int_equal(hc_upload_list(tx, &f->staff_a[HC_ROLE_SPECIALIST], code, &v, &n, &e), 0);
	assert_int_equal(n, 2);
	/* in the order of the components */
	assert_int_equal(v[0].component, 0);
	assert_string_equal(v[0].component_name, "Tờ khai");
	assert_string_equal(v[0].filename, "tờ khai.pdf");
	assert_string_equal(v[0].content_type, "application/pdf");
	assert_int_equal(v[0].size, sizeof pdf);
	assert_int_equal(v[1].component, 1);
	assert_string_equal(v[1].filename, "ảnh _.png");
	assert_string_equal(v[1].content_type, "image/png");
	assert_int_equal(v[1].size, sizeof png - 1);
	assert_true(v[1].created_at > 0);
	/* every role that reads dossiers of the unit gets the same bytes */
	for (int r = 0; r < HC_ROLE_COUNT; r++) {
		for (size_t i = 0; i < 2; i++) {
			hc_upload_info info;
			char *data = NULL;
			assert_int_equal(
			    hc_upload_read(tx, &f->staff_a[r], code, v[i].id, &info, &data, &e), 0);
			const hc_upload_file *src = &files[1 - i];
			assert_int_equal(info.size, src->len);
			assert_memory_equal(data, src->data, src->len);
			assert_string_equal(info.filename, v[i].filename);
			free(data);
		}
	}
	/* another commune's officer: refused as for the dossier itself */
	hc_dossier *d = NULL;
	hc_err de;
	assert_int_equal(hc_dossier_get(tx, &f->reception_b, code, &d, &de), HC_EFORBIDDEN);
	hc_upload_info *none = NULL;
	size_t nn = 9;
	assert_int_equal(hc_upload_list(tx, &f->reception_b, code, &none, &nn, &e), HC_EFORBIDDEN);
	assert_string_equal(e.message, de.message);
	assert_null(none);
	assert_int_equal(nn, 0);
	hc_upload_info info;
	char *data = (char *)"x";
	assert_int_equal(hc_upload_read(tx, &f->reception_b, code, v[0].id, &info, &data, &e),
	                 HC_EFORBIDDEN);
	assert_null(data);
	/* an unknown dossier, an unknown id, and a file of another dossier */
	assert_int_equal(
	    hc_upload_list(tx, &f->staff_a[HC_ROLE_HEAD], "TESTA-000000-0000", &none, &nn, &e),
	    HC_ENOTFOUND);
	assert_int_equal(
	    hc_upload_read(tx, &f->staff_a[HC_ROLE_HEAD], code, 999999, &info, &data, &e),
	    HC_ENOTFOUND);
	hc_upload_info *vo = NULL;
	size_t no = 0;
	assert_int_equal(hc_upload_list(tx, &f->staff_a[HC_ROLE_HEAD], other, &vo, &no, &e), 0);
	assert_int_equal(no, 1);
	assert_int_equal(
	    hc_upload_read(tx, &f->staff_a[HC_ROLE_HEAD], code, vo[0].id, &info, &data, &e),
	    HC_ENOTFOUND);
	assert_int_equal(
	    hc_upload_read(tx, &f->staff_a[HC_ROLE_HEAD], other, vo[0].id, &info, &data, &e), 0);
	free(data);
	free(vo);
	free(v);
	hc_tx_rollback(tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sniff),
	    cmocka_unit_test(limits),
	    cmocka_unit_test_setup_teardown(store, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(read_back, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
