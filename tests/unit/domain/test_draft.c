/* Drafts of online submissions: create, save (replacing and keeping
 * files), load by code and secret, submit as one dossier, expiry and
 * purge, refused input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/auth.h"
#include "domain/draft.h"
#include "fixture.h"

static const char PDF[] = "%PDF-1.4 to khai";
static const char PNG[] = "\x89PNG\r\n\x1a\n-anh-";

typedef struct ctx {
	fixture *f;
	hc_tx *tx;
	hc_env env;
	hc_err e;
} ctx;

/* A write transaction with P3D of unit A given n components. */
static void begin(ctx *c, void **state, int n)
{
	c->f = *state;
	c->env = fixture_env(c->f, "2026-03-16T09:00");
	assert_int_equal(hc_tx_begin(c->f->db, HC_TX_WRITE, &c->tx, &c->e), 0);
	static const char *const all =
	    "[\"Tờ khai\",\"Ảnh chân dung\",\"Giấy tờ 3\",\"Giấy tờ 4\",\"Giấy tờ 5\"]";
	static const char *const two = "[\"Tờ khai\",\"Ảnh chân dung\"]";
	assert_int_equal(hc_tx_exec(c->tx, &c->e,
	                            "UPDATE procedures SET components = ? WHERE unit_id = ?"
	                            " AND code = 'P3D'",
	                            "ti", n == 5 ? all : two, c->f->unit_a),
	                 0);
}

static int64_t count(ctx *c, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(hc_tx_query_int(c->tx, &c->e, &n, sql, ""), 0);
	return n;
}

static hc_draft_in person(const hc_upload_file *files, size_t n)
{
	return (hc_draft_in){.applicant_name = "Nguyễn Thị Lan",
	                     .applicant_id_number = "031190001234",
	                     .applicant_phone = "0912345678",
	                     .applicant_address = "Tổ 3, phường Thử",
	                     .note = "Nộp thử",
	                     .files = files,
	                     .nfiles = n};
}

static void create_and_load(void **state)
{
	ctx c;
	begin(&c, state, 2);
	hc_upload_file f0 = {0, "ignored", "to-khai.pdf", PDF, sizeof PDF - 1};
	hc_draft_in in = {.applicant_name = "Nguyễn Thị Lan", .files = &f0, .nfiles = 1};
	char code[HC_DRAFT_CODE_MAX], secret[16];
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &in, c.env.now, code, secret, &c.e), 0);
	assert_string_equal(code, "TESTA-NH-260316-0001");
	assert_int_equal(strlen(secret), HC_SECRET_LEN);
	/* only the hash is kept */
	hc_stmt *st;
	assert_int_equal(hc_tx_query(c.tx, &c.e, &st, "SELECT secret_hash FROM online_drafts", ""),
	                 0);
	assert_true(hc_stmt_next(st));
	assert_null(strstr(hc_stmt_text(st, 0), secret));
	assert_true(hc_auth_secret_verify(secret, hc_stmt_text(st, 0)));
	assert_int_equal(hc_stmt_finish(st, &c.e), 0);
	hc_draft *d;
	assert_int_equal(hc_draft_load(c.tx, code, secret, c.env.now + 60, &d, &c.e), 0);
	assert_string_equal(d->applicant_name, "Nguyễn Thị Lan");
	assert_string_equal(d->applicant_phone, "");
	assert_string_equal(d->procedure_code, "P3D");
	assert_string_equal(d->unit_code, "90001");
	assert_int_equal(d->nfiles, 1);
	assert_int_equal(d->files[0].component, 0);
	assert_string_equal(d->files[0].component_name, "Tờ khai"); /* the procedure's */
	assert_string_equal(d->files[0].filename, "to-khai.pdf");
	assert_string_equal(d->files[0].content_type, "application/pdf");
	assert_int_equal(d->files[0].size, sizeof PDF - 1);
	hc_draft_free(d);
	/* the secret is accepted in lower case, as the dossier's is */
	char lower[16];
	for (size_t i = 0; i <= strlen(secret); i++)
		lower[i] =
		    (char)(secret[i] >= 'A' && secret[i] <= 'Z' ? secret[i] + 32 : secret[i]);
	assert_int_equal(hc_draft_load(c.tx, code, lower, c.env.now, &d, &c.e), 0);
	hc_draft_free(d);
	/* the next draft of the day takes the next number; a draft may start empty */
	hc_draft_in empty = {0};
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &empty, c.env.now, code, secret, &c.e), 0);
	assert_string_equal(code, "TESTA-NH-260316-0002");
	hc_tx_rollback(c.tx);
}

static void wrong_secret(void **state)
{
	ctx c;
	begin(&c, state, 2);
	hc_draft_in in = person(NULL, 0);
	char code[HC_DRAFT_CODE_MAX], secret[16];
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &in, c.env.now, code, secret, &c.e), 0);
	hc_draft *d = (hc_draft *)1;
	assert_int_equal(hc_draft_load(c.tx, code, "ABCDEFGH", c.env.now, &d, &c.e), HC_ENOTFOUND);
	assert_null(d);
	char msg[sizeof c.e.message];
	snprintf(msg, sizeof msg, "%s", c.e.message);
	assert_int_equal(hc_draft_load(c.tx, "TESTA-NH-260316-0099", secret, c.env.now, &d, &c.e),
	                 HC_ENOTFOUND);
	assert_string_equal(c.e.message, msg); /* same reply: the secret is not revealed */
	assert_int_equal(hc_draft_load(c.tx, code, "", c.env.now, &d, &c.e), HC_ENOTFOUND);
	assert_int_equal(hc_draft_load(c.tx, code, NULL, c.env.now, &d, &c.e), HC_ENOTFOUND);
	/* nor can it be saved or submitted */
	hc_draft_in other = {.applicant_name = "Kẻ khác"};
	assert_int_equal(hc_draft_save(c.tx, code, "ABCDEFGH", &other, c.env.now, &c.e),
	                 HC_ENOTFOUND);
	hc_actor portal = hc_actor_system();
	portal.unit_id = c.f->unit_a;
	hc_intake_result r;
	assert_int_equal(
	    hc_draft_submit(c.tx, &c.env, &portal, code, "ABCDEFGH", NULL, &r, NULL, &c.e),
	    HC_ENOTFOUND);
	assert_int_equal(hc_draft_load(c.tx, code, secret, c.env.now, &d, &c.e), 0);
	assert_string_equal(d->applicant_name, "Nguyễn Thị Lan");
	hc_draft_free(d);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM dossiers"), 0);
	hc_tx_rollback(c.tx);
}

static void replace_and_keep(void **state)
{
	ctx c;
	begin(&c, state, 2);
	hc_upload_file f0 = {0, NULL, "to-khai.pdf", PDF, sizeof PDF - 1};
	hc_draft_in in = person(&f0, 1);
	char code[HC_DRAFT_CODE_MAX], secret[16];
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &in, c.env.now, code, secret, &c.e), 0);
	/* a file for the second component: the first is kept */
	hc_upload_file f1 = {1, NULL, "anh \xff.png", PNG, sizeof PNG - 1}; /* not UTF-8 */
	hc_draft_in in2 = person(&f1, 1);
	in2.applicant_phone = "0987654321";
	assert_int_equal(hc_draft_save(c.tx, code, secret, &in2, c.env.now + 10, &c.e), 0);
	hc_draft *d;
	assert_int_equal(hc_draft_load(c.tx, code, secret, c.env.now + 10, &d, &c.e), 0);
	assert_string_equal(d->applicant_phone, "0987654321");
	assert_int_equal(d->updated_at, c.env.now + 10);
	assert_int_equal(d->nfiles, 2);
	assert_string_equal(d->files[0].filename, "to-khai.pdf");
	assert_string_equal(d->files[1].filename, "anh _.png"); /* stored as valid UTF-8 */
	assert_string_equal(d->files[1].content_type, "image/png");
	hc_draft_free(d);
	/* a new file for the first component replaces it; no file keeps both */
	static const char PDF2[] = "%PDF-1.7 to khai moi, dai hon";
	hc_upload_file g0 = {0, NULL, "to-khai-moi.pdf", PDF2, sizeof PDF2 - 1};
	hc_draft_in in3 = person(&g0, 1);
	assert_int_equal(hc_draft_save(c.tx, code, secret, &in3, c.env.now + 20, &c.e), 0);
	hc_draft_in in4 = person(NULL, 0);
	in4.note = NULL; /* a text field left out is emptied */
	assert_int_equal(hc_draft_save(c.tx, code, secret, &in4, c.env.now + 30, &c.e), 0);
	assert_int_equal(hc_draft_load(c.tx, code, secret, c.env.now + 30, &d, &c.e), 0);
	assert_int_equal(d->nfiles, 2);
	assert_string_equal(d->files[0].filename, "to-khai-moi.pdf");
	assert_int_equal(d->files[0].size, sizeof PDF2 - 1);
	assert_string_equal(d->files[1].filename, "anh _.png");
	assert_string_equal(d->note, "");
	hc_draft_free(d);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM online_draft_files"), 2);
	hc_tx_rollback(c.tx);
}

static void submit(void **state)
{
	ctx c;
	begin(&c, state, 2);
	hc_upload_file f0 = {0, NULL, "to-khai.pdf", PDF, sizeof PDF - 1};
	hc_draft_in in = person(&f0, 1);
	in.applicant_phone = ""; /* a draft may be incomplete */
	char code[HC_DRAFT_CODE_MAX], secret[16];
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &in, c.env.now, code, secret, &c.e), 0);
	hc_actor portal = hc_actor_system();
	portal.unit_id = c.f->unit_a;
	hc_intake_result r;
	/* the dossier engine judges the applicant: the phone is missing */
	assert_int_equal(hc_draft_submit(c.tx, &c.env, &portal, code, secret, NULL, &r, NULL, &c.e),
	                 HC_EINVAL);
	assert_string_equal(c.e.field, "applicant.phone");
	/* a draft of another unit is not received by this one */
	hc_actor other = hc_actor_system();
	other.unit_id = c.f->unit_b;
	assert_int_equal(hc_draft_submit(c.tx, &c.env, &other, code, secret, NULL, &r, NULL, &c.e),
	                 HC_EFORBIDDEN);
	/* the last edits come with the submission: a phone and the second file */
	hc_upload_file f1 = {1, NULL, "anh.png", PNG, sizeof PNG - 1};
	hc_draft_in last = person(&f1, 1);
	hc_draft *sub = NULL;
	assert_int_equal(
	    hc_draft_submit(c.tx, &c.env, &portal, code, secret, &last, &r, &sub, &c.e), 0);
	assert_non_null(sub);
	assert_int_equal(sub->nfiles, 2);
	assert_string_equal(sub->applicant_phone, "0912345678");
	hc_draft_free(sub);
	assert_string_equal(r.code, "TESTA-260316-0001");
	assert_int_equal(strlen(r.secret), HC_SECRET_LEN);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM dossiers"), 1);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM dossiers WHERE channel = 'online'"
	                           " AND applicant_phone = '0912345678'"),
	                 1);
	int64_t n, bytes;
	assert_int_equal(hc_upload_count(c.tx, r.id, &n, &bytes, &c.e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(bytes, (int64_t)(sizeof PDF - 1 + sizeof PNG - 1));
	hc_stmt *st;
	assert_int_equal(hc_tx_query(c.tx, &c.e, &st,
	                             "SELECT component, filename, content_b64 FROM dossier_files"
	                             " WHERE dossier_id = ? ORDER BY component",
	                             "i", r.id),
	                 0);
	assert_true(hc_stmt_next(st));
	assert_string_equal(hc_stmt_text(st, 1), "to-khai.pdf");
	assert_string_equal(hc_stmt_text(st, 2), "JVBERi0xLjQgdG8ga2hhaQ==");
	assert_true(hc_stmt_next(st));
	assert_string_equal(hc_stmt_text(st, 1), "anh.png");
	assert_int_equal(hc_stmt_finish(st, &c.e), 0);
	/* the components are recorded digitized */
	hc_dossier *dz;
	assert_int_equal(hc_dossier_get_public(c.tx, r.code, r.secret, &dz, &c.e), 0);
	assert_int_equal(dz->ncomponents, 2);
	assert_true(dz->components[0].digitized && dz->components[1].digitized);
	hc_dossier_free(dz);
	/* the draft is gone */
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM online_drafts"), 0);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM online_draft_files"), 0);
	hc_draft *d;
	assert_int_equal(hc_draft_load(c.tx, code, secret, c.env.now, &d, &c.e), HC_ENOTFOUND);
	assert_int_equal(hc_draft_submit(c.tx, &c.env, &portal, code, secret, NULL, &r, NULL, &c.e),
	                 HC_ENOTFOUND);
	/* a draft without any file is not submitted */
	hc_draft_in nofile = person(NULL, 0);
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &nofile, c.env.now, code, secret, &c.e), 0);
	assert_int_equal(hc_draft_submit(c.tx, &c.env, &portal, code, secret, NULL, &r, NULL, &c.e),
	                 HC_EINVAL);
	assert_string_equal(c.e.field, "tep0");
	hc_tx_rollback(c.tx);
}

static void expiry(void **state)
{
	ctx c;
	begin(&c, state, 2);
	hc_upload_file f0 = {0, NULL, "to-khai.pdf", PDF, sizeof PDF - 1};
	hc_draft_in in = person(&f0, 1);
	char code[HC_DRAFT_CODE_MAX], secret[16], code2[HC_DRAFT_CODE_MAX], secret2[16];
	int64_t t = c.env.now;
	assert_int_equal(hc_draft_create(c.tx, c.f->unit_a, "P3D", &in, t, code, secret, &c.e), 0);
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &in, t + 100, code2, secret2, &c.e), 0);
	/* a save keeps a draft alive for 30 days more */
	assert_int_equal(hc_draft_save(c.tx, code2, secret2, &in, t + 20 * 86400, &c.e), 0);
	hc_draft *d;
	assert_int_equal(hc_draft_load(c.tx, code, secret, t + HC_DRAFT_TTL_S - 1, &d, &c.e), 0);
	hc_draft_free(d);
	assert_int_equal(hc_draft_load(c.tx, code, secret, t + HC_DRAFT_TTL_S, &d, &c.e),
	                 HC_ENOTFOUND);
	assert_int_equal(hc_draft_save(c.tx, code, secret, &in, t + HC_DRAFT_TTL_S, &c.e),
	                 HC_ENOTFOUND);
	assert_int_equal(hc_draft_load(c.tx, code2, secret2, t + HC_DRAFT_TTL_S, &d, &c.e), 0);
	hc_draft_free(d);
	/* the purge is bounded, removes only expired drafts and their files */
	int removed = -1;
	assert_int_equal(hc_draft_purge(c.tx, c.f->unit_a, t + HC_DRAFT_TTL_S, 0, &removed, &c.e),
	                 0);
	assert_int_equal(removed, 0);
	assert_int_equal(hc_draft_purge(c.tx, c.f->unit_b, t + HC_DRAFT_TTL_S, 5, &removed, &c.e),
	                 0);
	assert_int_equal(removed, 0); /* another unit's drafts are not its */
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM online_drafts"), 2);
	/* a save in the unit purges the expired one */
	assert_int_equal(hc_draft_save(c.tx, code2, secret2, &in, t + HC_DRAFT_TTL_S, &c.e), 0);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM online_drafts"), 1);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM online_draft_files"), 1);
	assert_int_equal(hc_draft_purge(c.tx, c.f->unit_a, t + 200 * 86400, 5, &removed, &c.e), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM online_drafts"), 0);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM online_draft_files"), 0);
	assert_int_equal(count(&c, "SELECT COUNT(*) FROM audit WHERE action = 'draft.purge'"), 2);
	hc_tx_rollback(c.tx);
}

static void bad_input(void **state)
{
	ctx c;
	begin(&c, state, 5);
	char code[HC_DRAFT_CODE_MAX], secret[16];
	/* lengths are enforced on save, completeness is not */
	char name[HC_APPLICANT_NAME_MAX + 2];
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	hc_draft_in in = {.applicant_name = name};
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &in, c.env.now, code, secret, &c.e),
	    HC_EINVAL);
	assert_string_equal(c.e.field, "applicant.name");
	name[HC_APPLICANT_NAME_MAX] = '\0';
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "P3D", &in, c.env.now, code, secret, &c.e), 0);
	hc_draft_in badutf = {.note = "\xC3("};
	assert_int_equal(hc_draft_save(c.tx, code, secret, &badutf, c.env.now, &c.e), HC_EINVAL);
	assert_string_equal(c.e.field, "note");
	/* upload.h's rules for the files */
	hc_upload_file gif = {1, NULL, "a.pdf", "GIF89a", 6};
	hc_draft_in g = {.files = &gif, .nfiles = 1};
	assert_int_equal(hc_draft_save(c.tx, code, secret, &g, c.env.now, &c.e), HC_EINVAL);
	assert_string_equal(c.e.field, "tep1");
	hc_upload_file none = {7, NULL, "a.pdf", PDF, sizeof PDF - 1};
	hc_draft_in n7 = {.files = &none, .nfiles = 1};
	assert_int_equal(hc_draft_save(c.tx, code, secret, &n7, c.env.now, &c.e), HC_EINVAL);
	assert_string_equal(c.e.field, "tep7");
	hc_upload_file twice[2] = {{0, NULL, "a.pdf", PDF, sizeof PDF - 1},
	                           {0, NULL, "b.pdf", PDF, sizeof PDF - 1}};
	hc_draft_in tw = {.files = twice, .nfiles = 2};
	assert_int_equal(hc_draft_save(c.tx, code, secret, &tw, c.env.now, &c.e), HC_EINVAL);
	/* the limit on all files counts the kept ones: four at the maximum
	 * are 20 MiB, a fifth file is refused */
	char *at = fixture_big_pdf(HC_UPLOAD_FILE_MAX);
	assert_non_null(at);
	hc_upload_file four[4];
	for (int i = 0; i < 4; i++)
		four[i] = (hc_upload_file){i, NULL, "lon.pdf", at, HC_UPLOAD_FILE_MAX};
	hc_draft_in fi = {.files = four, .nfiles = 4};
	assert_int_equal(hc_draft_save(c.tx, code, secret, &fi, c.env.now, &c.e), 0);
	hc_upload_file fifth = {4, NULL, "nho.pdf", PDF, sizeof PDF - 1};
	hc_draft_in f5 = {.files = &fifth, .nfiles = 1};
	assert_int_equal(hc_draft_save(c.tx, code, secret, &f5, c.env.now, &c.e), HC_ETOOBIG);
	/* replacing one of them by a small file makes room */
	hc_upload_file small = {3, NULL, "nho.pdf", PDF, sizeof PDF - 1};
	hc_draft_in sm = {.files = &small, .nfiles = 1};
	assert_int_equal(hc_draft_save(c.tx, code, secret, &sm, c.env.now, &c.e), 0);
	assert_int_equal(hc_draft_save(c.tx, code, secret, &f5, c.env.now, &c.e), 0);
	free(at);
	/* only procedures offered online take drafts */
	hc_draft_in empty = {0};
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "PNONE", &empty, c.env.now, code, secret, &c.e),
	    HC_ENOTFOUND);
	assert_int_equal(
	    hc_draft_create(c.tx, c.f->unit_a, "KHONGCO", &empty, c.env.now, code, secret, &c.e),
	    HC_ENOTFOUND);
	hc_tx_rollback(c.tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(create_and_load, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(wrong_secret, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(replace_and_keep, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(submit, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(expiry, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(bad_input, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
