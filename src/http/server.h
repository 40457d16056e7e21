/* server: haicap's HTTP server over libmicrohttpd.
 * Owns: the listening socket and worker threads (epoll, a pool of N threads),
 * connection limits and timeouts, reading request bodies under a hard limit
 * (413 without reading more), request ids (X-Request-Id), the headers every
 * reply carries (JSON content type, nosniff, no-store, the
 * Content-Security-Policy, X-Frame-Options DENY), the access log (one
 * English line per request; 5xx lines carry the error detail), metrics, and
 * graceful shutdown. Everything else is the router's.
 * Must not: install signal handlers or keep global state (cmd_serve.c owns
 * the process). */
#ifndef HC_SERVER_H
#define HC_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/clock.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "http/router.h"

typedef struct hc_server hc_server;

typedef struct hc_server_config {
	const char *listen;       /* "127.0.0.1:8080" or "[::1]:8080"; port 0 = any free */
	int threads;              /* worker threads; 0 = 2 x online CPUs */
	unsigned max_connections; /* 0 = 1024 */
	unsigned timeout_s;       /* idle connection timeout; 0 = 30 */
	size_t body_max;          /* request body limit; 0 = HC_BODY_MAX (1 MiB) */
	hc_db *db;                /* caller's, must outlive the server */
	const hc_calendar *cal;   /* caller's, must outlive the server */
	hc_clock clock;
	hc_auth_fn authenticate; /* bearer token -> actor; NULL = no sign-in */
	const hc_route *routes;  /* the route table (static) */
	size_t nroutes;
	bool secure_cookies; /* web cookies carry Secure (served behind HTTPS) */
} hc_server_config;

/* Parses "A.B.C.D:PORT" or "[IPv6]:PORT" (PORT 0..65535) into out and len.
 * Host names are refused: the address must be literal. */
int hc_listen_parse(const char *s, struct sockaddr_storage *out, socklen_t *len, hc_err *err);

/* Starts serving in background threads. *out is the caller's:
 * hc_server_stop. */
int hc_server_start(const hc_server_config *cfg, hc_server **out, hc_err *err);
/* The bound TCP port (useful with port 0). */
int hc_server_port(const hc_server *s);
/* The application context handlers see (for tests). */
hc_app *hc_server_app(hc_server *s);
/* Stops accepting, lets requests in flight finish for up to grace_ms, then
 * closes every connection, joins the threads and frees s (NULL ignored). */
void hc_server_stop(hc_server *s, int grace_ms);

#endif
