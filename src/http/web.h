/* web: the plumbing shared by haicap's HTML pages (web_pages.c, web_desk.c).
 * Owns: the session and pre-session cookies (names, attributes, parsing of
 * the Cookie header with hard limits), the form token (CSRF) bound to the
 * session, or before sign-in to a random pre-session cookie, the page
 * layout (header with the signed-in user and the menu of the role, footer),
 * HTML error pages and redirects, static assets (web/static/) with their
 * content type, version and caching, and the Content-Security-Policy.
 * Must not: hold domain rules (pages call the domain modules) or SQL.
 *
 * The form token is a keyed BLAKE2b of the session token (or of the
 * pre-session value): any node derives it without storage, it changes with
 * every session, and a page of another site cannot read it (the cookies are
 * HttpOnly and SameSite=Strict). */
#ifndef HC_WEB_H
#define HC_WEB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/time.h"
#include "domain/deadline.h"
#include "domain/procedure.h"
#include "http/request.h"
#include "http/txn.h"

/* Every reply: no inline script or style, nothing from elsewhere, no framing. */
#define HC_CSP                                                                                     \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "                \
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "        \
	"object-src 'none'"

#define HC_WEB_SESSION_COOKIE "hc_session"
#define HC_WEB_PRE_COOKIE "hc_pre"
#define HC_WEB_COOKIE_HEADER_MAX 4096
#define HC_WEB_CSRF_FIELD "csrf"
#define HC_WEB_FORM_TYPE "application/x-www-form-urlencoded"

/* The value of cookie name in a Cookie header ("a=1; b=2"), copied into
 * out[cap]. False when the header is absent, longer than
 * HC_WEB_COOKIE_HEADER_MAX, the cookie is missing or empty, its value does
 * not fit, or holds anything but the base64url/hex alphabet [A-Za-z0-9_-]. */
bool hc_web_cookie(const char *header, const char *name, char *out, size_t cap);

/* The form token for secret under kind ("s" session, "p" pre-session):
 * 32 hex characters and NUL in out. */
void hc_web_csrf_derive(const char *kind, const char *secret, char out[33]);
/* Constant-time comparison of two tokens (false when either is NULL). */
bool hc_web_csrf_equal(const char *a, const char *b);

/* Router steps for an HC_ROUTE_WEB route, after authentication: sets
 * rq->csrf (and rq->pre_session when the caller has no pre-session cookie);
 * for a POST, parses the form body (Content-Type must be
 * HC_WEB_FORM_TYPE, hc_query's limits apply), refuses undeclared fields,
 * and checks the csrf field (HC_EFORBIDDEN when it does not match). */
int hc_web_prepare(hc_request *rq, hc_err *err);
/* The error reply of a web route: a GET that needs sign-in is sent to the
 * sign-in page (303), anything else is an HTML page with the status. */
void hc_web_fail(hc_request *rq, const hc_err *err);

/* Renders template tmpl with data (stolen: decref'd here) inside the
 * layout and sets the reply (HTML, status). The layout adds to data: user,
 * role menu, csrf, asset addresses; title is the page's heading. */
void hc_web_page(hc_request *rq, int status, const char *tmpl, const char *title, json_t *data);
/* Renders a template alone (no layout): a fragment for app.js. */
void hc_web_fragment(hc_request *rq, const char *tmpl, json_t *data);
/* 303 See Other to location (a path on this site). */
void hc_web_redirect(hc_request *rq, const char *location);
/* Adds a Set-Cookie header to the reply (up to two per reply). */
void hc_web_set_cookie(hc_request *rq, const char *name, const char *value, int max_age_s);

/* GET /static/{name}: embedded web/static files with ETag and caching. */
int hc_web_v_static(hc_request *rq, hc_err *err);
void hc_web_static(hc_request *rq);

/* hc_http_read / hc_http_write whose error replies are HTML pages
 * (hc_web_fail) instead of JSON. */
void hc_web_read(hc_request *rq, hc_tx_fn fn, void *ctx);
void hc_web_write(hc_request *rq, hc_tx_fn fn, void *ctx);
/* A form's POST: write runs in one write transaction and its reply stands
 * when it succeeds. A refusal the user can mend (bad input, a forbidden or
 * illegal step) is kept in *error and the form is rendered again by render
 * (a read, which finds the refusal in its ctx) with the refusal's status; a
 * missing object or a server fault is the error page. */
void hc_web_post(hc_request *rq, hc_tx_fn write, hc_tx_fn render, void *ctx, hc_err *error);
/* True when the reply is an error set by hc_http_read/write (JSON). */
bool hc_web_reply_failed(const hc_request *rq);

/* The period of the statistics pages: ?tu=YYYY-MM-DD&den=YYYY-MM-DD, both
 * days included; default from 1 January of this year to today
 * (web_dashboard.c). */
typedef struct hc_web_period {
	int64_t from, to;                       /* UTC instants of local midnights, [from, to) */
	int64_t from_day, to_day;               /* local days, [from_day, to_day) */
	char text[96];                          /* "từ 01/01/2026 đến 30/06/2026" */
	char tu[HC_DATE_BUF], den[HC_DATE_BUF]; /* the form's values */
} hc_web_period;

/* Form helpers: the value of a form field ("" when absent). */
const char *hc_web_form(const hc_request *rq, const char *name);

/* Text forms shown on pages (Vietnamese). */
#define HC_WEB_TEXT_MAX 64
/* "09:00 ngày 16/03/2026"; "" when t is 0. */
const char *hc_web_fmt_time(int64_t t, char buf[HC_WEB_TEXT_MAX]);
/* "50.000 đồng"; "Không thu phí" for 0. */
const char *hc_web_fmt_fee(int64_t fee, char buf[HC_WEB_TEXT_MAX]);
/* A file size in Vietnamese writing: "850 byte", "12 KB", "1,2 MB" (1 KB =
 * 1024 bytes; one decimal, with a comma, under 10 of a unit). */
const char *hc_web_fmt_size(int64_t bytes, char buf[HC_WEB_TEXT_MAX]);
/* "3 ngày làm việc", "8 giờ làm việc", "Trong ngày". */
const char *hc_web_fmt_limit(hc_limit l, char buf[HC_WEB_TEXT_MAX]);
/* "Toàn trình", "Một phần", "Chưa trực tuyến" and a class name. */
const char *hc_web_level_label(enum hc_online_level l);
const char *hc_web_level_class(enum hc_online_level l);
/* A dossier action in plain words ("Hồ sơ được tiếp nhận" for receive);
 * NULL for an action it does not know. */
const char *hc_web_action_text(const char *action);

#endif
