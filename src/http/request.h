/* request: one HTTP request as the router and handlers see it, and the
 * application context every request shares.
 * Owns: the request value (method, path, query, headers of interest, body,
 * path parameters, signed-in actor, environment, parsed input and reply) and
 * its cleanup. Must not: know about libmicrohttpd or routing rules. */
#ifndef HC_REQUEST_H
#define HC_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/env.h"
#include "http/query.h"
#include "http/reply.h"

#define HC_PATH_MAX 1024
#define HC_ROUTE_PARAMS_MAX 4
#define HC_PARAM_MAX 128

typedef struct hc_app hc_app;
typedef struct hc_route hc_route; /* router.h */
typedef struct hc_request hc_request;
struct hc_metrics;

/* Resolves a bearer token to the signed-in actor at instant now. HC_EUNAUTH
 * for an unknown or expired token; HC_EUNAVAIL when storage is busy. */
/* Resolves a bearer token. When keep is not NULL the authenticator may hand
 * over the read transaction it used (*keep, owned by the request from then
 * on), so a read route answers from the same snapshot in one transaction. */
typedef int (*hc_auth_fn)(hc_app *app, const char *token, int64_t now, hc_actor *out, hc_tx **keep,
                          hc_err *err);

/* What every request shares; owned by the server, read-only while it runs. */
struct hc_app {
	hc_db *db;              /* caller's */
	const hc_calendar *cal; /* caller's */
	hc_clock clock;
	struct hc_metrics *metrics; /* the server's; NULL in tests */
	hc_auth_fn authenticate;    /* NULL: every signed-in route answers 401 */
	const hc_route *routes;
	size_t nroutes;
	bool secure_cookies; /* web cookies carry Secure (behind HTTPS) */
};

struct hc_request {
	hc_app *app;
	const hc_route *route; /* NULL until matched */
	int route_index;       /* -1 when unmatched */
	char method[16];
	char path[HC_PATH_MAX + 1];
	const char *raw_query; /* without '?', owned by the caller; NULL = none */
	size_t raw_query_len;
	const char *body; /* raw body, owned by the caller */
	size_t body_len;
	const char *authorization; /* header values owned by the caller, NULL when absent */
	const char *idempotency_key;
	const char *cookie;        /* Cookie header */
	const char *accept;        /* Accept header */
	const char *if_none_match; /* If-None-Match header */
	const char *content_type;  /* Content-Type header of the body */
	char request_id[40];

	/* filled by dispatch */
	int nparams;
	const char *param_names[HC_ROUTE_PARAMS_MAX]; /* point into the pattern */
	char param_values[HC_ROUTE_PARAMS_MAX][HC_PARAM_MAX + 1];
	hc_query query;
	json_t *json; /* parsed body, owned by the request */
	hc_env env;   /* calendar and now (set when dispatch starts) */
	bool signed_in;
	hc_tx *read_tx; /* a GET's read transaction, kept from authentication; owned */
	hc_actor actor;
	char token[160];      /* bearer token (or session cookie) as received, for logout */
	hc_query form;        /* a web route's form body (application/x-www-form-urlencoded) */
	char csrf[40];        /* a web route's form token for this caller (web.h) */
	char pre_session[48]; /* a new pre-session cookie value to set, "" = none */
	struct hc_multipart *upload; /* a multipart form's parts (web.c); owned */
	void *parsed;                /* validator -> handler; freed with parsed_free */
	void (*parsed_free)(void *);

	hc_reply reply;
};

/* Prepares rq for a new request (zeroes it, sets app and route_index). */
void hc_request_init(hc_request *rq, hc_app *app);
/* Releases what dispatch allocated (json, parsed, reply body). */
void hc_request_clear(hc_request *rq);
/* Value of a path parameter, or NULL. */
const char *hc_request_param(const hc_request *rq, const char *name);

#endif
