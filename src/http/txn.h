/* txn: how a handler runs domain work inside one storage transaction.
 * Owns: begin -> work -> commit/rollback for reads and writes, the mapping of
 * storage trouble to 503 with a Vietnamese message (logged with the request
 * id by the server), and Idempotency-Key handling for retriable writes:
 * begin write tx -> idem lookup -> work -> store the reply -> commit, so a
 * retried request gets the stored reply (header Idempotent-Replayed: true)
 * and a reused key with another request gets 409.
 * Must not: hold domain rules or SQL. */
#ifndef HC_TXN_H
#define HC_TXN_H

#include "db/db.h"
#include "http/request.h"

/* Domain work in tx. On success it sets rq->reply (status < 400) and returns
 * HC_OK; on failure it returns an error code with err set and leaves the
 * reply alone. */
typedef int (*hc_tx_fn)(hc_request *rq, hc_tx *tx, void *ctx, hc_err *err);

/* Runs fn in a read transaction; always leaves a reply. */
void hc_http_read(hc_request *rq, hc_tx_fn fn, void *ctx);
/* Runs fn in a write transaction, committed only when fn succeeds. With
 * rq->idempotency_key set (and a signed-in actor), the reply is stored with
 * the action and replayed for the same request. */
void hc_http_write(hc_request *rq, hc_tx_fn fn, void *ctx);

/* The unit a public (not signed-in) write addresses, resolved inside its
 * write transaction; HC_OK with *unit_id set, or an error (err set). */
typedef int (*hc_idem_scope_fn)(hc_request *rq, hc_tx *tx, void *ctx, int64_t *unit_id,
                                hc_err *err);
/* hc_http_write for a public route: an Idempotency-Key is kept under the
 * unit given by scope (staff id 0, "anyone"), so a citizen's retried
 * submission gets the stored reply instead of a second record. */
void hc_http_write_public(hc_request *rq, hc_idem_scope_fn scope, hc_tx_fn fn, void *ctx);

#endif
