/* api: haicap's JSON API v1 (docs/api.md) and the operator endpoints.
 * Owns: THE route table (routes.c) and, in api_*.c, the validators and
 * handlers it names. Handlers call domain functions inside hc_http_read /
 * hc_http_write transactions and render JSON; they hold no rule and no SQL.
 * Must not: be bypassed: every HTTP entry point is a row of the table. */
#ifndef HC_API_H
#define HC_API_H

#include <stddef.h>
#include <stdint.h>

#include "http/router.h"

/* The route table (static storage); *n receives its length. */
const hc_route *hc_api_routes(size_t *n);

/* The server's authenticator: resolves a bearer session token through
 * auth.h in its own transaction. */
int hc_api_authenticate(hc_app *app, const char *token, int64_t now, hc_actor *out, hc_tx **keep,
                        hc_err *err);

#endif
