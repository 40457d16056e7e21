/* Staff accounts and authentication on a temporary SQLite database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "domain/auth.h"
#include "domain/staff.h"
#include "fixture.h"

typedef int (*tx_fn)(hc_tx *tx, void *ctx, hc_err *err);

static int in_tx(fixture *f, tx_fn fn, void *ctx, hc_err *err)
{
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, err), HC_OK);
	return hc_tx_end(tx, fn(tx, ctx, err), err);
}

struct add {
	int64_t unit;
	const char *user, *name, *password;
	enum hc_role role;
	int64_t id;
};

static int do_add(hc_tx *tx, void *ctx, hc_err *err)
{
	struct add *a = ctx;
	return hc_staff_add(tx, a->unit, 0, a->user, a->name, a->role, a->password, 0, &a->id, err);
}

struct login {
	const char *user, *password;
	int64_t now;
	char *token;
	hc_actor actor;
};

static int do_login(hc_tx *tx, void *ctx, hc_err *err)
{
	struct login *l = ctx;
	return hc_auth_login(tx, l->user, l->password, l->now, &l->token, &l->actor, err);
}

struct resolve {
	const char *token;
	int64_t now;
	hc_actor actor;
	int64_t last_used;
};

static int do_resolve(hc_tx *tx, void *ctx, hc_err *err)
{
	struct resolve *r = ctx;
	return hc_auth_resolve_used(tx, r->token, r->now, &r->actor, &r->last_used, err);
}

static int do_touch(hc_tx *tx, void *ctx, hc_err *err)
{
	struct resolve *r = ctx;
	return hc_auth_touch(tx, r->token, r->now, err);
}

static int do_logout(hc_tx *tx, void *ctx, hc_err *err)
{
	return hc_auth_logout(tx, ctx, 2000015, err);
}

static int resolve_at(fixture *f, const char *token, int64_t now)
{
	struct resolve r = {token, now, {0}, 0};
	hc_err e;
	return in_tx(f, do_resolve, &r, &e);
}

static void add_validation(void **state)
{
	fixture *f = *state;
	char long_name[200];
	memset(long_name, 'a', 129);
	long_name[129] = '\0';
	static const char pw129[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                            "aaaaaaaaaaaaaaaaaaaaaaaaa"
	                            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	struct {
		struct add a;
		int code;
		const char *field;
	} cases[] = {
	    {{f->unit_a, "ab", "Tên", "mat-khau-1", HC_ROLE_CLERK, 0}, HC_EINVAL, "username"},
	    {{f->unit_a, "Hoa.Nguyen", "Tên", "mat-khau-1", HC_ROLE_CLERK, 0},
	     HC_EINVAL,
	     "username"},
	    {{f->unit_a, "hoa nguyen", "Tên", "mat-khau-1", HC_ROLE_CLERK, 0},
	     HC_EINVAL,
	     "username"},
	    {{f->unit_a, "abcdefghijabcdefghijabcdefghijabc", "Tên", "mat-khau-1", HC_ROLE_CLERK,
	      0},
	     HC_EINVAL,
	     "username"},
	    {{f->unit_a, "hoa.nguyen", "", "mat-khau-1", HC_ROLE_CLERK, 0}, HC_EINVAL, "full_name"},
	    {{f->unit_a, "hoa.nguyen", long_name, "mat-khau-1", HC_ROLE_CLERK, 0},
	     HC_EINVAL,
	     "full_name"},
	    {{f->unit_a, "hoa.nguyen", "Tên", "1234567", HC_ROLE_CLERK, 0}, HC_EINVAL, "password"},
	    {{f->unit_a, "hoa.nguyen", "Tên", pw129, HC_ROLE_CLERK, 0}, HC_EINVAL, "password"},
	    {{f->unit_a, "hoa.nguyen", "Tên", "mat-khau-1", HC_ROLE_SYSTEM, 0}, HC_EINVAL, "role"},
	    {{f->unit_a, "a.reception", "Tên", "mat-khau-1", HC_ROLE_CLERK, 0},
	     HC_ECONFLICT,
	     "username"},
	};
	assert_int_equal(strlen(pw129), 129);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hc_err e;
		int rc = in_tx(f, do_add, &cases[i].a, &e);
		if (rc != cases[i].code || strcmp(e.field, cases[i].field) != 0)
			fail_msg("case %zu: rc %d field '%s'", i, rc, e.field);
	}
	struct add ok = {f->unit_a, "hoa.nguyen", "Nguyễn Thị Hoa", "mat-khau-1", HC_ROLE_CLERK, 0};
	hc_err e;
	assert_int_equal(in_tx(f, do_add, &ok, &e), HC_OK);
	assert_true(ok.id > 0);
}

static void login_resolve_expire(void **state)
{
	fixture *f = *state;
	hc_err e;
	struct login l = {"a.head", "mat-khau-thu", 1000000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &l, &e), HC_OK);
	assert_non_null(l.token);
	assert_true(strlen(l.token) >= 40);
	assert_int_equal(l.actor.role, HC_ROLE_HEAD);
	assert_int_equal(l.actor.unit_id, f->unit_a);
	assert_string_equal(l.actor.username, "a.head");

	/* the token itself is never stored */
	hc_tx *tx;
	int64_t n = -1;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_query_int(tx, &e, &n,
	                                 "SELECT COUNT(*) FROM auth_tokens WHERE token_hash = ?",
	                                 "t", l.token),
	                 HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(n, 0);
	/* the sign-in is in the audit trail */
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_query_int(tx, &e, &n,
	                                 "SELECT COUNT(*) FROM audit WHERE action = 'login'"
	                                 " AND actor = 'a.head'",
	                                 ""),
	                 HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(n, 1);

	assert_int_equal(resolve_at(f, l.token, 1000000 + 60), HC_OK);
	/* idle for two hours without use: expired */
	assert_int_equal(resolve_at(f, l.token, 1000000 + HC_SESSION_IDLE_S), HC_EUNAUTH);
	{
		/* a late touch does not bring the idle session back */
		struct resolve late = {l.token, 1000000 + HC_SESSION_IDLE_S + 5, {0}, 0};
		assert_int_equal(in_tx(f, do_touch, &late, &e), HC_OK);
		assert_int_equal(resolve_at(f, l.token, 1000000 + HC_SESSION_IDLE_S + 10),
		                 HC_EUNAUTH);
	}
	/* used every hour: stays valid up to the absolute limit */
	int64_t t = 1000000;
	for (int i = 1; i < 12; i++) {
		t += 3600;
		struct resolve r = {l.token, t, {0}, 0};
		assert_int_equal(in_tx(f, do_resolve, &r, &e), HC_OK);
		assert_int_equal(in_tx(f, do_touch, &r, &e), HC_OK);
	}
	assert_int_equal(resolve_at(f, l.token, 1000000 + HC_SESSION_MAX_S), HC_EUNAUTH);
	free(l.token);

	/* logout ends a session at once */
	struct login l2 = {"a.head", "mat-khau-thu", 2000000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &l2, &e), HC_OK);
	assert_int_equal(resolve_at(f, l2.token, 2000010), HC_OK);
	assert_int_equal(in_tx(f, do_logout, l2.token, &e), HC_OK);
	assert_int_equal(resolve_at(f, l2.token, 2000020), HC_EUNAUTH);
	/* ... and the audit trail says so */
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_query_int(tx, &e, &n,
	                                 "SELECT COUNT(*) FROM audit WHERE action = 'logout'"
	                                 " AND actor = 'a.head' AND at = 2000015",
	                                 ""),
	                 HC_OK);
	hc_tx_rollback(tx);
	assert_int_equal(n, 1);
	free(l2.token);
}

static void refusals_look_alike(void **state)
{
	fixture *f = *state;
	hc_err e1, e2, e3;
	struct login wrong = {"a.head", "sai-mat-khau", 1000, NULL, {0}};
	struct login unknown = {"khong.co", "mat-khau-thu", 1000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &wrong, &e1), HC_EUNAUTH);
	assert_int_equal(in_tx(f, do_login, &unknown, &e2), HC_EUNAUTH);
	assert_string_equal(e1.message, e2.message);
	assert_null(wrong.token);

	/* a deactivated account can neither log in nor use its tokens */
	struct login ok = {"a.clerk", "mat-khau-thu", 1000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &ok, &e3), HC_OK);
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e3), HC_OK);
	assert_int_equal(hc_staff_deactivate(tx, ok.actor.staff_id, &e3), HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e3), HC_OK);
	assert_int_equal(resolve_at(f, ok.token, 1010), HC_EUNAUTH);
	free(ok.token);
	struct login again = {"a.clerk", "mat-khau-thu", 1020, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &again, &e3), HC_EUNAUTH);
	assert_string_equal(e3.message, e1.message);

	/* garbage and over-long tokens */
	char big[300];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(resolve_at(f, "", 1000), HC_EUNAUTH);
	assert_int_equal(resolve_at(f, "not-a-token", 1000), HC_EUNAUTH);
	assert_int_equal(resolve_at(f, big, 1000), HC_EUNAUTH);
	assert_int_equal(resolve_at(f, NULL, 1000), HC_EUNAUTH);
}

static void password_change_and_api_tokens(void **state)
{
	fixture *f = *state;
	hc_err e;
	hc_tx *tx;
	int64_t id = f->staff_a[HC_ROLE_LEADER].staff_id;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_staff_set_password(tx, id, "short", &e), HC_EINVAL);
	assert_int_equal(hc_staff_set_password(tx, id, "mat-khau-moi-2026", &e), HC_OK);
	char *api = NULL;
	assert_int_equal(hc_auth_api_token_new(tx, id, 5000, 5000 + 30 * 86400, &api, &e), HC_OK);
	assert_int_equal(hc_auth_api_token_new(tx, id, 5000, 4000, &api, &e), HC_EINVAL);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
	struct login old = {"a.leader", "mat-khau-thu", 5000, NULL, {0}};
	struct login neu = {"a.leader", "mat-khau-moi-2026", 5000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &old, &e), HC_EUNAUTH);
	assert_int_equal(in_tx(f, do_login, &neu, &e), HC_OK);
	free(neu.token);
	/* an API token ignores the idle rule but not its own expiry */
	assert_int_equal(resolve_at(f, api, 5000 + 10 * 86400), HC_OK);
	assert_int_equal(resolve_at(f, api, 5000 + 30 * 86400), HC_EUNAUTH);
	free(api);
}

static void names_normalized(void **state)
{
	fixture *f = *state;
	hc_err e;
	/* "Nguyễn" typed with combining marks is stored precomposed */
	struct add a = {f->unit_a,    "nguyen.decomposed", "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n",
	                "mat-khau-1", HC_ROLE_SPECIALIST,  0};
	assert_int_equal(in_tx(f, do_add, &a, &e), HC_OK);
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	hc_actor got;
	bool active = false;
	assert_int_equal(hc_staff_by_username(tx, "nguyen.decomposed", &got, &active, &e), HC_OK);
	hc_tx_rollback(tx);
	assert_string_equal(got.full_name, "Nguyễn Văn");
	assert_true(active);

	/* the limit counts characters after NFC: 128 decomposed "ễ" (three code
	 * points each) fit, 129 precomposed do not */
	char name[3 * 5 * 130];
	size_t n = 0;
	for (int i = 0; i < HC_FULL_NAME_MAX; i++) {
		memcpy(name + n, "e\xcc\x82\xcc\x83", 5);
		n += 5;
	}
	name[n] = '\0';
	struct add full = {f->unit_a, "ten.dai", name, "mat-khau-1", HC_ROLE_CLERK, 0};
	assert_int_equal(in_tx(f, do_add, &full, &e), HC_OK);
	n = 0;
	for (int i = 0; i < HC_FULL_NAME_MAX + 1; i++) {
		memcpy(name + n, "ễ", strlen("ễ"));
		n += strlen("ễ");
	}
	name[n] = '\0';
	struct add over = {f->unit_a, "ten.qua.dai", name, "mat-khau-1", HC_ROLE_CLERK, 0};
	assert_int_equal(in_tx(f, do_add, &over, &e), HC_EINVAL);
	assert_string_equal(e.field, "full_name");
	assert_non_null(strstr(e.message, "128"));
	/* control characters and invalid UTF-8 are refused, naming the field */
	struct add bad = {f->unit_a, "ten.loi", "Tên\x01", "mat-khau-1", HC_ROLE_CLERK, 0};
	assert_int_equal(in_tx(f, do_add, &bad, &e), HC_EINVAL);
	assert_string_equal(e.field, "full_name");
	struct add bad8 = {f->unit_a, "ten.loi", "T\xc3", "mat-khau-1", HC_ROLE_CLERK, 0};
	assert_int_equal(in_tx(f, do_add, &bad8, &e), HC_EINVAL);
	assert_string_equal(e.field, "full_name");
}

static void lookup_by_username(void **state)
{
	fixture *f = *state;
	hc_err e;
	hc_tx *tx;
	hc_actor got;
	bool active = false;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_staff_by_username(tx, "a.leader", &got, &active, &e), HC_OK);
	assert_int_equal(got.staff_id, f->staff_a[HC_ROLE_LEADER].staff_id);
	assert_int_equal(got.unit_id, f->unit_a);
	assert_int_equal(got.role, HC_ROLE_LEADER);
	assert_string_equal(got.username, "a.leader");
	assert_true(active);
	assert_int_equal(hc_staff_by_username(tx, "khong.co", &got, &active, &e), HC_ENOTFOUND);
	assert_string_equal(e.field, "username");
	assert_int_equal(hc_staff_by_username(tx, "A.LEADER", &got, NULL, &e), HC_ENOTFOUND);
	assert_int_equal(hc_staff_by_username(tx, NULL, &got, NULL, &e), HC_ENOTFOUND);
	/* a deactivated account is still found, marked inactive */
	assert_int_equal(hc_staff_deactivate(tx, got.staff_id, &e), HC_OK);
	assert_int_equal(hc_staff_by_username(tx, "a.leader", &got, &active, &e), HC_OK);
	assert_false(active);
	assert_int_equal(hc_staff_actor(tx, got.staff_id, &got, &e), HC_ENOTFOUND);
	assert_int_equal(hc_staff_deactivate(tx, 999999, &e), HC_ENOTFOUND);
	assert_int_equal(hc_staff_set_password(tx, 999999, "mat-khau-moi", &e), HC_ENOTFOUND);
	hc_tx_rollback(tx);
}

static void use_recorded_once_a_minute(void **state)
{
	fixture *f = *state;
	hc_err e;
	struct login l = {"a.specialist", "mat-khau-thu", 100000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &l, &e), HC_OK);
	struct resolve r = {l.token, 100030, {0}, 0};
	assert_int_equal(in_tx(f, do_resolve, &r, &e), HC_OK);
	assert_int_equal(r.last_used, 100000);
	assert_int_equal(in_tx(f, do_touch, &r, &e), HC_OK); /* 30 s later: not recorded */
	assert_int_equal(in_tx(f, do_resolve, &r, &e), HC_OK);
	assert_int_equal(r.last_used, 100000);
	r.now = 100061;
	assert_int_equal(in_tx(f, do_touch, &r, &e), HC_OK);
	assert_int_equal(in_tx(f, do_resolve, &r, &e), HC_OK);
	assert_int_equal(r.last_used, 100061);
	assert_string_equal(r.actor.username, "a.specialist");
	assert_string_equal(r.actor.full_name, f->staff_a[HC_ROLE_SPECIALIST].full_name);
	/* idle counts from the last recorded use */
	assert_int_equal(resolve_at(f, l.token, 100061 + HC_SESSION_IDLE_S - 1), HC_OK);
	assert_int_equal(resolve_at(f, l.token, 100061 + HC_SESSION_IDLE_S), HC_EUNAUTH);
	/* touching an unknown or absent token changes nothing and fails nothing */
	struct resolve none = {NULL, 100100, {0}, 0};
	assert_int_equal(in_tx(f, do_touch, &none, &e), HC_OK);
	free(l.token);
}

static void over_limit_credentials(void **state)
{
	fixture *f = *state;
	hc_err e1, e2;
	char user[80], pw[200];
	memset(user, 'a', sizeof user - 1);
	user[sizeof user - 1] = '\0';
	memset(pw, 'p', sizeof pw - 1);
	pw[sizeof pw - 1] = '\0';
	struct login long_user = {user, "mat-khau-thu", 1000, NULL, {0}};
	struct login long_pw = {"a.head", pw, 1000, NULL, {0}};
	struct login null_pw = {"a.head", NULL, 1000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &long_user, &e1), HC_EUNAUTH);
	assert_int_equal(in_tx(f, do_login, &long_pw, &e2), HC_EUNAUTH);
	assert_string_equal(e1.message, e2.message);
	assert_int_equal(in_tx(f, do_login, &null_pw, &e2), HC_EUNAUTH);
	assert_null(long_user.token);
	assert_null(long_pw.token);
	/* a password of exactly 128 bytes is accepted end to end */
	pw[HC_PASSWORD_MAX] = '\0';
	struct add a = {f->unit_a, "mat.khau.dai", "Tên", pw, HC_ROLE_CLERK, 0};
	assert_int_equal(in_tx(f, do_add, &a, &e1), HC_OK);
	struct login l = {"mat.khau.dai", pw, 1000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &l, &e1), HC_OK);
	free(l.token);
}

/* An account whose hash was made at another cost is upgraded at sign-in. */
static void hash_upgraded_at_login(void **state)
{
	fixture *f = *state;
	hc_err e;
	char weak[crypto_pwhash_STRBYTES];
	assert_int_equal(crypto_pwhash_str_alg(weak, "mat-khau-cu", strlen("mat-khau-cu"), 1,
	                                       (size_t)64 << 10, crypto_pwhash_ALG_ARGON2ID13),
	                 0);
	hc_tx *tx;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_WRITE, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_exec(tx, &e,
	                            "INSERT INTO staff (unit_id, username, full_name, role,"
	                            " password_hash, active, created_at)"
	                            " VALUES (?, 'tai.khoan.cu', 'Tài khoản cũ', 'clerk', ?, 1, 0)",
	                            "it", f->unit_a, weak),
	                 HC_OK);
	assert_int_equal(hc_tx_commit(tx, &e), HC_OK);
	struct login l = {"tai.khoan.cu", "mat-khau-cu", 1000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &l, &e), HC_OK);
	free(l.token);
	char stored[crypto_pwhash_STRBYTES] = "";
	hc_stmt *st;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_query(tx, &e, &st,
	                             "SELECT password_hash FROM staff WHERE username = ?", "t",
	                             "tai.khoan.cu"),
	                 HC_OK);
	assert_true(hc_stmt_next(st));
	snprintf(stored, sizeof stored, "%s", hc_stmt_text(st, 0));
	assert_int_equal(hc_stmt_finish(st, &e), HC_OK);
	hc_tx_rollback(tx);
	assert_string_not_equal(stored, weak);
	assert_int_equal(
	    crypto_pwhash_str_needs_rehash(stored, HC_PWHASH_OPSLIMIT, HC_PWHASH_MEMLIMIT), 0);
	/* and the same password still signs in */
	struct login again = {"tai.khoan.cu", "mat-khau-cu", 2000, NULL, {0}};
	assert_int_equal(in_tx(f, do_login, &again, &e), HC_OK);
	free(again.token);
}

static void citizen_secrets(void **state)
{
	(void)state;
	char seen[1000][16];
	for (int i = 0; i < 1000; i++) {
		hc_auth_secret_new(seen[i]);
		assert_int_equal(strlen(seen[i]), HC_SECRET_LEN);
		assert_null(strpbrk(seen[i], "0O1IL"));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(seen[i], seen[j]);
	}
	char hash[HC_SECRET_HASH_BUF];
	hc_auth_secret_hash(seen[0], hash);
	assert_string_not_equal(hash, seen[0]);
	assert_true(hc_auth_secret_verify(seen[0], hash));
	assert_false(hc_auth_secret_verify(seen[1], hash));
	/* typed in lower case on a phone */
	char lower[16];
	for (int i = 0; i <= HC_SECRET_LEN; i++)
		lower[i] = (char)(seen[0][i] >= 'A' && seen[0][i] <= 'Z' ? seen[0][i] - 'A' + 'a'
		                                                         : seen[0][i]);
	assert_true(hc_auth_secret_verify(lower, hash));
	/* one character off, or one character more, is refused */
	char off[16];
	memcpy(off, seen[0], sizeof off);
	off[3] = off[3] == '2' ? '3' : '2';
	assert_false(hc_auth_secret_verify(off, hash));
	memcpy(off, seen[0], sizeof off);
	off[HC_SECRET_LEN] = 'A';
	off[HC_SECRET_LEN + 1] = '\0';
	assert_false(hc_auth_secret_verify(off, hash));
	assert_false(hc_auth_secret_verify("", hash));
	char empty_hash[HC_SECRET_HASH_BUF];
	hc_auth_secret_hash("", empty_hash);
	assert_false(hc_auth_secret_verify("", empty_hash));
	assert_false(hc_auth_secret_verify(NULL, hash));
	assert_false(hc_auth_secret_verify(seen[0], ""));
	char big[200];
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_false(hc_auth_secret_verify(big, hash));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(add_validation, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(login_resolve_expire, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(refusals_look_alike, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(password_change_and_api_tokens, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(names_normalized, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(lookup_by_username, fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(use_recorded_once_a_minute, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(over_limit_credentials, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(hash_upgraded_at_login, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(citizen_secrets, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
