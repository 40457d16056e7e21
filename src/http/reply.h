/* reply: the reply a handler builds for one HTTP request.
 * Owns: the reply value (status, body, content type, the extra headers the
 * server adds), the JSON error shape every client sees
 *   {"error":{"code":"invalid","message":"<Vietnamese>","field":"a.b"}}
 * (field is null when no single input is at fault) and the rule that 5xx
 * replies carry a generic message while the English detail goes to the log.
 * Must not: know about libmicrohttpd, routes or storage. */
#ifndef HC_REPLY_H
#define HC_REPLY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define HC_CT_JSON "application/json; charset=utf-8"
#define HC_CT_HTML "text/html; charset=utf-8"
#define HC_CT_PROMETHEUS "text/plain; version=0.0.4; charset=utf-8"

typedef struct hc_reply {
	int status; /* 0 until a reply is set */
	char *body; /* heap, owned by the reply; NULL = empty */
	size_t len;
	const char *content_type; /* static string; NULL means HC_CT_JSON */
	bool replayed;            /* Idempotent-Replayed: true */
	char allow[64];           /* Allow header for 405, "" otherwise */
	char disposition[1280];   /* Content-Disposition of a file reply, "" otherwise */
	char location[512];       /* Location header (redirects), "" otherwise */
	char cookies[2][400];     /* Set-Cookie headers, "" when unused */
	char etag[48];            /* ETag header, "" otherwise */
	const char *cache;        /* static Cache-Control value; NULL = no-store */
	const char *csp;          /* static Content-Security-Policy; NULL = web.h's HC_CSP */
	hc_err err;               /* the error behind a 4xx/5xx reply, for the log */
} hc_reply;

/* Sets the reply to status with the compact JSON form of body. Steals the
 * reference to body (decrefs it). A NULL body or a failed dump gives 500. */
void hc_reply_json(hc_reply *r, int status, json_t *body);
/* Sets the reply to a copy of the already-serialized body (n bytes). */
void hc_reply_raw(hc_reply *r, int status, const char *content_type, const char *body, size_t n);
/* Sets the reply to a copy of a file of n bytes to download as filename
 * (Content-Disposition: attachment); characters of filename outside
 * [A-Za-z0-9._-] become '_' and it is cut to fit. Any later JSON reply (an
 * error) drops the disposition. */
#define HC_REPLY_FILE_NAME_MAX 160 /* bytes of the disposition of hc_reply_file */
void hc_reply_file(hc_reply *r, const char *content_type, const char *filename, const char *body,
                   size_t n);
/* The same for a file named by anyone (a citizen's upload): filename is
 * UTF-8 of any characters; the disposition carries the ASCII fallback as
 * above (at most HC_REPLY_FILE_NAME_MAX / 2 bytes) and the exact name as
 * filename*=UTF-8''<percent-encoded> (RFC 6266, RFC 5987), cut between
 * characters to fit. */
void hc_reply_attachment(hc_reply *r, const char *content_type, const char *filename,
                         const char *body, size_t n);
/* Takes ownership of the heap string body (freed by the reply). */
void hc_reply_take(hc_reply *r, int status, const char *content_type, char *body);
/* Sets the error reply for err: status hc_err_http_status(code), body as
 * above. For 5xx the message shown is a generic Vietnamese one; err is kept
 * in r->err so the server logs its detail with the request id. */
void hc_reply_error(hc_reply *r, const hc_err *err);
/* Shorthand: hc_err_set + hc_reply_error. */
void hc_reply_fail(hc_reply *r, int code, const char *field, const char *message,
                   const char *detail);
/* The error body as a new JSON object (caller decrefs); used by the reply
 * and by the idempotency store. */
json_t *hc_reply_error_json(const hc_err *err);
/* Frees the body and resets r to the empty reply. */
void hc_reply_clear(hc_reply *r);

#endif
