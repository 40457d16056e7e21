/* The write helper: idempotent replay, conflicts, rollback on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/txn.h"
#include "../db/testdb.h"

static char path[256];

typedef struct fixture {
	hc_db *db;
	hc_app app;
	int runs;
} fixture;

static int setup(void **state)
{
	if (testdb_create(path, sizeof path))
		return -1;
	fixture *f = calloc(1, sizeof *f);
	hc_err e;
	if (hc_db_open(path, 2, &f->db, &e) != HC_OK)
		return -1;
	f->app.db = f->db;
	f->app.clock.fixed = 1767225600;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	hc_db_close(f->db);
	free(f);
	testdb_drop(path);
	return 0;
}

/* The "action": counts its runs in a table and replies with the count. */
static int action(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	fixture *f = ctx;
	int rc = hc_tx_exec(tx, err,
	                    "INSERT INTO counters (unit_id, name, value) VALUES (1, 'runs', 1)"
	                    " ON CONFLICT (unit_id, name) DO UPDATE SET value = counters.value + 1",
	                    "");
	if (rc)
		return rc;
	f->runs++;
	hc_reply_json(&rq->reply, 201, json_pack("{s:i}", "run", f->runs));
	return HC_OK;
}

static int failing(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err)
{
	(void)rq;
	(void)ctx;
	int rc = hc_tx_exec(
	    tx, err, "INSERT INTO counters (unit_id, name, value) VALUES (1, 'failed', 1)", "");
	if (rc)
		return rc;
	return hc_err_set(err, HC_ECONFLICT, NULL, "Không thể chuyển trạng thái", "illegal");
}

static void request(fixture *f, hc_request *rq, const char *key, const char *body)
{
	hc_request_init(rq, &f->app);
	snprintf(rq->method, sizeof rq->method, "POST");
	snprintf(rq->path, sizeof rq->path, "/api/v1/dossiers");
	rq->body = body;
	rq->body_len = strlen(body);
	rq->idempotency_key = key;
	rq->signed_in = true;
	rq->actor.unit_id = 1;
	rq->actor.staff_id = 5;
	rq->env.now = f->app.clock.fixed;
}

static int64_t count(fixture *f, const char *name)
{
	hc_tx *tx;
	hc_err e;
	int64_t v = 0;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	if (hc_tx_query_int(tx, &e, &v, "SELECT value FROM counters WHERE name = ?", "t", name))
		v = 0;
	hc_tx_rollback(tx);
	return v;
}

static void replay_same_request(void **state)
{
	fixture *f = *state;
	hc_request rq;
	request(f, &rq, "abc-1", "{\"a\":1}");
	hc_http_write(&rq, action, f);
	assert_int_equal(rq.reply.status, 201);
	assert_false(rq.reply.replayed);
	assert_string_equal(rq.reply.body, "{\"run\":1}");
	hc_request_clear(&rq);

	request(f, &rq, "abc-1", "{\"a\":1}");
	hc_http_write(&rq, action, f);
	assert_int_equal(rq.reply.status, 201);
	assert_true(rq.reply.replayed);
	assert_string_equal(rq.reply.body, "{\"run\":1}");
	hc_request_clear(&rq);
	assert_int_equal(f->runs, 1);
	assert_int_equal(count(f, "runs"), 1);

	/* same key, another body: 409, the action does not run */
	request(f, &rq, "abc-1", "{\"a\":2}");
	hc_http_write(&rq, action, f);
	assert_int_equal(rq.reply.status, 409);
	assert_non_null(strstr(rq.reply.body, "Idempotency-Key"));
	hc_request_clear(&rq);
	assert_int_equal(f->runs, 1);

	/* no key: runs every time */
	request(f, &rq, NULL, "{\"a\":1}");
	hc_http_write(&rq, action, f);
	assert_string_equal(rq.reply.body, "{\"run\":2}");
	hc_request_clear(&rq);
	assert_int_equal(count(f, "runs"), 2);

	/* a bad key is refused before anything runs */
	request(f, &rq, "bad key", "{\"a\":1}");
	hc_http_write(&rq, action, f);
	assert_int_equal(rq.reply.status, 400);
	hc_request_clear(&rq);
	assert_int_equal(f->runs, 2);
}

static void failure_rolls_back(void **state)
{
	fixture *f = *state;
	hc_request rq;
	request(f, &rq, "k-fail", "{}");
	hc_http_write(&rq, failing, f);
	assert_int_equal(rq.reply.status, 409);
	assert_non_null(strstr(rq.reply.body, "\"conflict\""));
	hc_request_clear(&rq);
	assert_int_equal(count(f, "failed"), 0);
	/* nothing was stored: the retry runs the action again */
	request(f, &rq, "k-fail", "{}");
	hc_http_write(&rq, action, f);
	assert_int_equal(rq.reply.status, 201);
	assert_false(rq.reply.replayed);
	hc_request_clear(&rq);
}

/* Public writes: the key is kept under the unit the scope names (staff 0);
 * a scope that fails refuses the request before the action runs. */
static int scope_unit(hc_request *rq, hc_tx *tx, void *ctx, int64_t *unit_id, hc_err *err)
{
	(void)tx;
	(void)ctx;
	if (strstr(rq->body, "nowhere"))
		return hc_err_set(err, HC_EINVAL, "unit", "Không tìm thấy đơn vị", "unknown unit");
	*unit_id = strstr(rq->body, "\"u\":2") ? 2 : 1;
	return HC_OK;
}

static int64_t idem_rows(fixture *f, int64_t unit, int64_t staff)
{
	hc_tx *tx;
	hc_err e;
	int64_t v = 0;
	assert_int_equal(hc_tx_begin(f->db, HC_TX_READ, &tx, &e), HC_OK);
	assert_int_equal(hc_tx_query_int(tx, &e, &v,
	                                 "SELECT COUNT(*) FROM idempotency WHERE unit_id = ?"
	                                 " AND staff_id = ?",
	                                 "ii", unit, staff),
	                 HC_OK);
	hc_tx_rollback(tx);
	return v;
}

static void public_write_scoped_by_unit(void **state)
{
	fixture *f = *state;
	hc_request rq;
	request(f, &rq, "pub-1", "{\"u\":2}");
	rq.signed_in = false;
	rq.actor.unit_id = 0;
	rq.actor.staff_id = 0;
	hc_http_write_public(&rq, scope_unit, action, f);
	assert_int_equal(rq.reply.status, 201);
	hc_request_clear(&rq);
	assert_int_equal(idem_rows(f, 2, 0), 1);
	request(f, &rq, "pub-1", "{\"u\":2}");
	rq.signed_in = false;
	hc_http_write_public(&rq, scope_unit, action, f);
	assert_true(rq.reply.replayed);
	hc_request_clear(&rq);
	assert_int_equal(f->runs, 1);
	/* the same key for another unit is another request */
	request(f, &rq, "pub-1", "{\"u\":1}");
	rq.signed_in = false;
	hc_http_write_public(&rq, scope_unit, action, f);
	assert_false(rq.reply.replayed);
	assert_int_equal(rq.reply.status, 201);
	hc_request_clear(&rq);
	assert_int_equal(f->runs, 2);
	/* an unknown unit: 400, nothing runs, nothing stored */
	request(f, &rq, "pub-2", "{\"nowhere\":1}");
	rq.signed_in = false;
	hc_http_write_public(&rq, scope_unit, action, f);
	assert_int_equal(rq.reply.status, 400);
	hc_request_clear(&rq);
	assert_int_equal(f->runs, 2);
	/* without a key the scope is not consulted and the action runs */
	request(f, &rq, NULL, "{\"nowhere\":1}");
	rq.signed_in = false;
	hc_http_write_public(&rq, scope_unit, action, f);
	assert_int_equal(rq.reply.status, 201);
	hc_request_clear(&rq);
	assert_int_equal(f->runs, 3);
	/* signed in: the actor's own scope, as hc_http_write */
	request(f, &rq, "pub-3", "{\"u\":2}");
	hc_http_write_public(&rq, scope_unit, action, f);
	hc_request_clear(&rq);
	assert_int_equal(idem_rows(f, 1, 5), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(replay_same_request, setup, teardown),
	    cmocka_unit_test_setup_teardown(failure_rolls_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(public_write_scoped_by_unit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
