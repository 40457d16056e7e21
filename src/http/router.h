/* router: the declared route table and the request pipeline.
 * Owns: the route type (method, path pattern with {params}, required
 * permission, body keys, validator, handler), path matching (404 for an
 * unknown path, 405 with Allow for a known path with another method), and
 * dispatch in a fixed order: match -> query string -> authentication ->
 * permission (perm.h) -> JSON body -> validator -> handler.
 * Must not: know about libmicrohttpd (server.c adapts it) or write SQL. */
#ifndef HC_ROUTER_H
#define HC_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/perm.h"
#include "http/request.h"

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
	/* HC_ROUTE_WEB: an HTML page (web.h): signed in by the session cookie
	 * (public pages too, when it is there), a POST's body is a form whose
	 * declared fields are body_keys and whose "csrf" field must match the
	 * caller's token, and errors are HTML pages (a GET that needs sign-in
	 * is sent to the sign-in form). */
	unsigned flags;
};

#define HC_ROUTE_WEB 1u
/* HC_ROUTE_UPLOAD (with HC_ROUTE_WEB): the POST body is multipart/form-data
 * (multipart.h) up to HC_UPLOAD_BODY_MAX; its path starts with
 * HC_UPLOAD_PATH_PREFIX, which is how the server, before routing, knows to
 * accept the larger body. */
#define HC_ROUTE_UPLOAD 2u
#define HC_UPLOAD_PATH_PREFIX "/nop-truc-tuyen/"
#define HC_UPLOAD_BODY_MAX (21u << 20) /* upload.h's 20 MiB of files and the form */

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
