#include "http/txn.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "domain/idem.h"

/* Storage that fails to begin or commit is unavailable to the client (503),
 * whatever the cause; the detail stays in the log. */
static void storage_trouble(hc_err *err)
{
	if (err->code == HC_EDB || err->code == HC_EUNAVAIL || err->code == HC_EIO) {
		char detail[HC_ERR_MSG_MAX];
		snprintf(detail, sizeof detail, "%s", err->detail);
		hc_err_set(err, HC_EUNAVAIL, NULL,
		           "Cơ sở dữ liệu đang bận hoặc tạm thời không truy cập được, vui lòng "
		           "thử lại sau",
		           "storage: %s", detail);
	}
}

static void fail(hc_request *rq, hc_err *err)
{
	if (err->code == HC_OK)
		hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "failure without a code");
	hc_reply_error(&rq->reply, err);
}

void hc_http_read(hc_request *rq, hc_tx_fn fn, void *ctx)
{
	hc_err err;
	hc_err_clear(&err);
	hc_tx *tx = rq->read_tx; /* opened while authenticating, when signed in */
	rq->read_tx = NULL;
	if (!tx && hc_tx_begin(rq->app->db, HC_TX_READ, &tx, &err) != HC_OK) {
		storage_trouble(&err);
		fail(rq, &err);
		return;
	}
	int rc = fn(rq, tx, ctx, &err);
	hc_tx_rollback(tx); /* reads change nothing */
	if (rc != HC_OK) {
		if (err.code == HC_EUNAVAIL)
			storage_trouble(&err);
		hc_reply_clear(&rq->reply);
		fail(rq, &err);
	}
}

static void write_tx(hc_request *rq, hc_idem_scope_fn scope, hc_tx_fn fn, void *ctx)
{
	hc_err err;
	hc_err_clear(&err);
	const char *key = rq->idempotency_key;
	bool idem = key && (rq->signed_in || scope);
	char hash[HC_IDEM_HASH_HEX];
	if (idem) {
		if (hc_idem_check_key(key, &err) != HC_OK) {
			fail(rq, &err);
			return;
		}
		hc_idem_hash(rq->method, rq->path, rq->body ? rq->body : "",
		             rq->body ? rq->body_len : 0, hash);
	}
	hc_tx *tx;
	if (hc_tx_begin(rq->app->db, HC_TX_WRITE, &tx, &err) != HC_OK) {
		storage_trouble(&err);
		fail(rq, &err);
		return;
	}
	int rc = HC_OK;
	int64_t idem_unit = rq->actor.unit_id, idem_staff = rq->actor.staff_id;
	if (idem && !rq->signed_in) {
		idem_staff = 0;
		rc = scope(rq, tx, ctx, &idem_unit, &err);
	}
	if (idem && rc == HC_OK) {
		bool found;
		int status;
		char *body;
		rc = hc_idem_lookup(tx, idem_unit, idem_staff, key, hash, rq->env.now, &found,
		                    &status, &body, &err);
		if (rc == HC_OK && found) {
			rc = hc_tx_commit(tx, &err); /* keeps the expiry sweep */
			if (rc != HC_OK) {
				free(body);
				storage_trouble(&err);
				fail(rq, &err);
				return;
			}
			hc_reply_take(&rq->reply, status, HC_CT_JSON, body);
			rq->reply.replayed = true;
			return;
		}
	}
	if (rc == HC_OK)
		rc = fn(rq, tx, ctx, &err);
	if (rc == HC_OK && rq->reply.status == 0)
		rc = hc_err_set(&err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "write left no reply");
	if (rc == HC_OK && idem)
		rc = hc_idem_store(tx, idem_unit, idem_staff, key, hash, rq->reply.status,
		                   rq->reply.body ? rq->reply.body : "", rq->env.now, &err);
	if (rc != HC_OK) {
		hc_tx_rollback(tx);
		if (err.code == HC_EUNAVAIL)
			storage_trouble(&err);
		hc_reply_clear(&rq->reply);
		fail(rq, &err);
		return;
	}
	if (hc_tx_commit(tx, &err) != HC_OK) {
		storage_trouble(&err);
		hc_reply_clear(&rq->reply);
		fail(rq, &err);
	}
}

void hc_http_write(hc_request *rq, hc_tx_fn fn, void *ctx)
{
	write_tx(rq, NULL, fn, ctx);
}

void hc_http_write_public(hc_request *rq, hc_idem_scope_fn scope, hc_tx_fn fn, void *ctx)
{
	write_tx(rq, rq->signed_in ? NULL : scope, fn, ctx);
}
