/* router: the declared route table and the request pipeline.
 * Owns: the route type (method, path pattern with {params}, required
 * permission, body keys, validator, handler), path matching (404 for an
 * unknown path, 405 with Allow for a known path with another method), and
 * dispatch in a fixed order: match -> query string -> authentication ->
 * permission (perm.h) -> JSON body -> validator -> handler. Also the request
 * value handlers receive and the application context they share.
 * Must not: know about libmicrohttpd (server.c adapts it) or write SQL. */
#ifndef HC_ROUTER_H
#define HC_ROUTER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/env.h"
#include "domain/perm.h"
#include "http/query.h"
#include "http/reply.h"

#define HC_PATH_MAX 1024
#define HC_ROUTE_PARAMS_MAX 4
#define HC_PARAM_MAX 128

typedef struct hc_app hc_app;
typedef struct hc_route hc_route;
typedef struct hc_request hc_request;
struct hc_metrics;

/* Resolves a bearer token to the signed-in actor at instant now. HC_EUNAUTH
 * for an unknown or expired token; HC_EUNAVAIL when storage is busy. */
typedef int (*hc_auth_fn)(hc_app *app, const char *token, int64_t now, hc_actor *out,
			  hc_err *err);

/* What every request shares; owned by the server, read-only while it runs. */
struct hc_app {
	hc_db *db;                  /* caller's */
	const hc_calendar *cal;     /* caller's */
	hc_clock clock;
	struct hc_metrics *metrics; /* the server's; NULL in tests */
	hc_auth_fn authenticate;    /* NULL: every signed-in route answers 401 */
	const hc_route *routes;
	size_t nroutes;
};

enum hc_route_access {
	HC_ROUTE_UNSET = 0, /* a table entry that forgot its access: refused by the tests */
	HC_ROUTE_PUBLIC,    /* no sign-in */
	HC_ROUTE_AUTH,      /* any signed-in actor */
	HC_ROUTE_PERM,      /* signed in and hc_perm_check(actor, perm, actor's unit) */
};

/* Checks path params, query and body shape; may leave parsed input in
 * rq->parsed for the handler. Returns HC_OK or an error code (err set). */
typedef int (*hc_validate_fn)(hc_request *rq, hc_err *err);
/* Produces rq->reply (a reply or an error reply). */
typedef void (*hc_handler_fn)(hc_request *rq);

struct hc_route {
	const char *method;  /* "GET", "POST", "DELETE" */
	const char *pattern; /* "/api/v1/dossiers/{code}/actions" */
	enum hc_route_access access;
	enum hc_perm perm; /* used when access == HC_ROUTE_PERM */
	/* NULL-terminated list of the allowed top-level keys of the JSON body;
	 * NULL: the route takes no body (a non-empty one is refused). */
	const char *const *body_keys;
	hc_validate_fn validate;
	hc_handler_fn handle;
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
	char request_id[40];

	/* filled by dispatch */
	int nparams;
	const char *param_names[HC_ROUTE_PARAMS_MAX]; /* point into the pattern */
	char param_values[HC_ROUTE_PARAMS_MAX][HC_PARAM_MAX + 1];
	hc_query query;
	json_t *json; /* parsed body, owned by the request */
	hc_env env;   /* calendar and now (set when dispatch starts) */
	bool signed_in;
	hc_actor actor;
	char token[160]; /* bearer token as received, for logout */
	void *parsed;    /* validator -> handler; freed with parsed_free */
	void (*parsed_free)(void *);

	hc_reply reply;
};

/* Prepares rq for a new request (zeroes it, sets app and route_index). */
void hc_request_init(hc_request *rq, hc_app *app);
/* Releases what dispatch allocated (json, parsed, reply body). */
void hc_request_clear(hc_request *rq);
/* Value of a path parameter, or NULL. */
const char *hc_request_param(const hc_request *rq, const char *name);

/* Finds the route for method and path in routes[0..n). HEAD matches GET.
 * HC_OK: *index set and params copied into rq. HC_ENOTFOUND: no route;
 * *method_allowed tells whether the path exists with other methods, whose
 * names are then listed in allow ("GET, POST"). */
int hc_router_match(const hc_route *routes, size_t n, hc_request *rq, int *index,
		    bool *method_allowed, char *allow, size_t allow_cap);

/* Runs the whole pipeline for rq (method, path, raw query, headers and body
 * set by the caller) over app->routes; always leaves a reply in rq->reply. */
void hc_router_dispatch(hc_app *app, hc_request *rq);

#endif
