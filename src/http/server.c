#include "http/server.h"

#include "http/router.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "http/body.h"
#include "http/metrics.h"
#include "http/web.h"

struct hc_server {
	struct MHD_Daemon *d;
	hc_app app;
	hc_metrics *metrics;
	size_t body_max;
	int port;
	atomic_int inflight;
	/* request ids: a random prefix drawn at start and a counter, unique
	 * across restarts without a random draw (a system call) per request */
	char rid_prefix[17];
	atomic_uint_fast64_t rid_seq;
};

/* One request on a connection: from the URI callback to completion. */
typedef struct conn {
	hc_server *srv;
	struct timespec start;
	char *uri; /* raw request target, with the query string */
	bool started, too_big, queued;
	int status;
	hc_buf body;
	size_t body_max; /* the server's, or HC_UPLOAD_BODY_MAX for an upload */
	hc_request rq;
} conn;

/* ---- listen address ------------------------------------------------- */

static int parse_port(const char *s, int *out)
{
	if (!*s || strlen(s) > 5)
		return -1;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v > 65535)
		return -1;
	*out = v;
	return 0;
}

int hc_listen_parse(const char *s, struct sockaddr_storage *out, socklen_t *len, hc_err *err)
{
	static const char msg[] =
	    "Địa chỉ lắng nghe không hợp lệ (ví dụ 127.0.0.1:8080 hoặc [::1]:8080)";
	memset(out, 0, sizeof *out);
	if (!s || !*s || strlen(s) > 64)
		return hc_err_set(err, HC_EINVAL, "listen", msg,
		                  "listen address empty or too long");
	char host[65];
	const char *port;
	bool v6 = s[0] == '[';
	if (v6) {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return hc_err_set(err, HC_EINVAL, "listen", msg,
			                  "'%s': expected [IPv6]:PORT", s);
		size_t n = (size_t)(close - s - 1);
		memcpy(host, s + 1, n);
		host[n] = '\0';
		port = close + 2;
	} else {
		const char *colon = strrchr(s, ':');
		if (!colon || strchr(s, ':') != colon)
			return hc_err_set(err, HC_EINVAL, "listen", msg,
			                  "'%s': expected HOST:PORT (IPv6 needs brackets)", s);
		size_t n = (size_t)(colon - s);
		memcpy(host, s, n);
		host[n] = '\0';
		port = colon + 1;
	}
	int p;
	if (parse_port(port, &p))
		return hc_err_set(err, HC_EINVAL, "listen", msg, "'%s': port must be 0..65535", s);
	if (v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)out;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)p);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			return hc_err_set(err, HC_EINVAL, "listen", msg,
			                  "'%s': not a literal IPv6 address", host);
		*len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)out;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)p);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			return hc_err_set(err, HC_EINVAL, "listen", msg,
			                  "'%s': not a literal IPv4 address", host);
		*len = sizeof *a;
	}
	return HC_OK;
}

/* ---- helpers ---------------------------------------------------------- */

static double elapsed(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

/* Copies s for a log line, replacing anything unprintable. */
static void log_safe(char *dst, size_t cap, const char *s)
{
	size_t j = 0;
	for (; s && *s && j + 1 < cap; s++)
		dst[j++] = (*s >= 0x20 && *s < 0x7f) ? *s : '?';
	dst[j] = '\0';
}

static void copy_bounded(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s ? s : "");
}

static enum MHD_Result send_reply(conn *c, struct MHD_Connection *mc)
{
	hc_reply *r = &c->rq.reply;
	if (r->status == 0)
		hc_reply_fail(r, HC_EINTERNAL, NULL, "Lỗi hệ thống", "no reply produced");
	struct MHD_Response *resp;
	if (r->body) {
		resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
		if (resp)
			r->body = NULL; /* now the response's */
	} else {
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        r->content_type ? r->content_type : HC_CT_JSON);
	MHD_add_response_header(resp, "X-Request-Id", c->rq.request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Content-Security-Policy", r->csp ? r->csp : HC_CSP);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        r->cache ? r->cache : "no-store");
	if (r->location[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	for (size_t i = 0; i < sizeof r->cookies / sizeof r->cookies[0]; i++)
		if (r->cookies[i][0])
			MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]);
	if (r->etag[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
	if (r->allow[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->replayed)
		MHD_add_response_header(resp, "Idempotent-Replayed", "true");
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	enum MHD_Result ok = MHD_queue_response(mc, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	if (ok == MHD_YES) {
		c->queued = true;
		c->status = r->status;
	}
	return ok;
}

static enum MHD_Result reply_too_big(conn *c, struct MHD_Connection *mc)
{
	hc_reply_fail(&c->rq.reply, HC_ETOOBIG, NULL, "Dữ liệu gửi lên quá lớn (tối đa 1 MiB)",
	              "request body over the limit");
	return send_reply(c, mc);
}

/* ---- libmicrohttpd callbacks ------------------------------------------ */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *mc)
{
	(void)mc;
	hc_server *s = cls;
	conn *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->srv = s;
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	c->uri = strdup(uri ? uri : "");
	c->body.cap_limit = s->body_max + 1;
	c->body_max = s->body_max;
	atomic_fetch_add(&s->inflight, 1);
	return c;
}

static void start_request(conn *c, struct MHD_Connection *mc, const char *url, const char *method)
{
	hc_server *s = c->srv;
	hc_request_init(&c->rq, &s->app);
	copy_bounded(c->rq.method, sizeof c->rq.method, method);
	copy_bounded(c->rq.path, sizeof c->rq.path, url);
	unsigned long long seq = (unsigned long long)atomic_fetch_add(&s->rid_seq, 1);
	snprintf(c->rq.request_id, sizeof c->rq.request_id, "%s%016llx", s->rid_prefix, seq);
	(void)mc;
}

static bool declared_too_big(struct MHD_Connection *mc, size_t max)
{
	const char *cl =
	    MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!cl)
		return false;
	unsigned long long v = 0;
	for (const char *p = cl; *p; p++) {
		if (*p < '0' || *p > '9')
			return false; /* MHD itself refuses a malformed length */
		if (v > (unsigned long long)max)
			return true;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	return v > (unsigned long long)max;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	conn *c = *con_cls;
	if (!c || !c->uri)
		return MHD_NO;
	hc_server *s = c->srv;
	if (!c->started) {
		c->started = true;
		start_request(c, mc, url, method);
		if (strlen(url) > HC_PATH_MAX) {
			hc_reply_fail(&c->rq.reply, HC_ENOTFOUND, NULL,
			              "Không tìm thấy địa chỉ yêu cầu", "path too long");
			return send_reply(c, mc);
		}
		if (strncmp(url, HC_UPLOAD_PATH_PREFIX, strlen(HC_UPLOAD_PATH_PREFIX)) == 0 &&
		    strcmp(method, "POST") == 0 && s->body_max < HC_UPLOAD_BODY_MAX) {
			/* an upload form (router.h HC_ROUTE_UPLOAD) */
			c->body_max = HC_UPLOAD_BODY_MAX;
			c->body.cap_limit = HC_UPLOAD_BODY_MAX + 1;
		}
		if (declared_too_big(mc, c->body_max)) {
			c->too_big = true;
			return reply_too_big(c, mc);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (c->queued)
			return MHD_YES;
		if (c->body.len + n > c->body_max) {
			c->too_big = true;
			/* Refuse now; when the reply cannot be queued mid-upload, drop
			 * the connection rather than read more. */
			return reply_too_big(c, mc);
		}
		if (hc_buf_append(&c->body, upload_data, n) != HC_OK) {
			hc_reply_fail(&c->rq.reply, HC_ENOMEM, NULL, "Hết bộ nhớ",
			              "body buffer append failed");
			return send_reply(c, mc);
		}
		return MHD_YES;
	}
	if (c->queued)
		return MHD_YES;
	hc_request *rq = &c->rq;
	const char *q = strchr(c->uri, '?');
	if (q) {
		rq->raw_query = q + 1;
		rq->raw_query_len = strlen(q + 1);
	}
	rq->body = c->body.data;
	rq->body_len = c->body.len;
	rq->authorization =
	    MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	rq->idempotency_key = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Idempotency-Key");
	rq->cookie = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
	rq->accept = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	rq->if_none_match =
	    MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	rq->content_type =
	    MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	hc_router_dispatch(&s->app, rq);
	return send_reply(c, mc);
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)mc;
	hc_server *s = cls;
	conn *c = *con_cls;
	*con_cls = NULL;
	if (!c)
		return;
	if (c->started) {
		double secs = elapsed(&c->start);
		char path[200];
		log_safe(path, sizeof path, c->rq.path);
		const char *who = c->rq.signed_in ? c->rq.actor.username : "-";
		/* a body over the limit sent without Content-Length ends with the
		 * connection closed mid-upload: counted as the 413 it is */
		int status = c->queued ? c->status : c->too_big ? 413 : 0;
		const hc_err *e = &c->rq.reply.err;
		if (status >= 500 || status == 0)
			hc_log_error("http %s %s %d %.1fms rid=%s user=%s err=%s: %s%s",
			             c->rq.method, path, status, secs * 1000.0, c->rq.request_id,
			             who, hc_err_name(e->code), e->detail,
			             toe == MHD_REQUEST_TERMINATED_COMPLETED_OK
			                 ? ""
			                 : " (connection ended early)");
		else if (status >= 400)
			hc_log_info("http %s %s %d %.1fms rid=%s user=%s err=%s field=%s: %s",
			            c->rq.method, path, status, secs * 1000.0, c->rq.request_id,
			            who, hc_err_name(e->code), e->field[0] ? e->field : "-",
			            e->detail);
		else
			hc_log_info("http %s %s %d %.1fms rid=%s user=%s", c->rq.method, path,
			            status, secs * 1000.0, c->rq.request_id, who);
		hc_metrics_observe(s->metrics, c->rq.method, c->rq.route_index, status, secs);
		hc_request_clear(&c->rq);
	}
	hc_buf_free(&c->body);
	free(c->uri);
	free(c);
	atomic_fetch_sub(&s->inflight, 1);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	hc_log_warn("http: %s", line);
}

/* ---- lifecycle ---------------------------------------------------------- */

int hc_server_start(const hc_server_config *cfg, hc_server **out, hc_err *err)
{
	*out = NULL;
	struct sockaddr_storage addr;
	socklen_t alen;
	int rc = hc_listen_parse(cfg->listen, &addr, &alen, err);
	if (rc)
		return rc;
	if (sodium_init() < 0)
		return hc_err_set(err, HC_EINTERNAL, NULL, "Lỗi hệ thống", "sodium_init failed");
	/* The heap keeps what a request freed for the next one. With glibc's
	 * defaults a free above 128 KiB gave memory back to the system and
	 * blocks from 128 KiB up had their own mmap, so every request that
	 * reads a commune's year (libpq's result of 19,000 rows, the report
	 * writers) faulted its pages in again: half of the dashboard's CPU on
	 * PostgreSQL (48 -> 22 ms per request, bench/web.sh). The process then
	 * holds each pool thread's high-water mark, which the body limit and
	 * the lists' page sizes bound. */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = cfg->threads > 0 ? cfg->threads : (int)(cpus > 0 ? 2 * cpus : 2);
	if (threads > 256)
		threads = 256;
	hc_server *s = calloc(1, sizeof *s);
	if (!s)
		return hc_err_set(err, HC_ENOMEM, NULL, "Hết bộ nhớ", "server: out of memory");
	atomic_init(&s->inflight, 0);
	s->body_max = cfg->body_max ? cfg->body_max : HC_BODY_MAX;
	s->app.db = cfg->db;
	s->app.cal = cfg->cal;
	s->app.clock = cfg->clock;
	s->app.authenticate = cfg->authenticate;
	s->app.secure_cookies = cfg->secure_cookies;
	unsigned char rnd[8];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(s->rid_prefix, sizeof s->rid_prefix, rnd, sizeof rnd);
	s->app.routes = cfg->routes;
	s->app.nroutes = cfg->nroutes;
	rc = hc_metrics_new(cfg->routes, cfg->nroutes, &s->metrics, err);
	if (rc) {
		free(s);
		return rc;
	}
	s->app.metrics = s->metrics;
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	uint16_t port;
	if (addr.ss_family == AF_INET6) {
		flags |= MHD_USE_IPv6;
		port = ntohs(((struct sockaddr_in6 *)&addr)->sin6_port);
	} else {
		port = ntohs(((struct sockaddr_in *)&addr)->sin_port);
	}
	errno = 0;
	s->d = MHD_start_daemon(
	    flags, port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
	    cfg->max_connections ? cfg->max_connections : 1024u, MHD_OPTION_CONNECTION_TIMEOUT,
	    cfg->timeout_s ? cfg->timeout_s : 30u, MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
	if (!s->d) {
		int e = errno;
		hc_metrics_free(s->metrics);
		free(s);
		return hc_err_set(
		    err, HC_EIO, "listen",
		    "Không mở được cổng lắng nghe (địa chỉ sai hoặc cổng đang được dùng)",
		    "cannot listen on %s: %s", cfg->listen,
		    e ? strerror(e) : "libmicrohttpd refused to start");
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? (int)info->port : (int)port;
	*out = s;
	return HC_OK;
}

int hc_server_port(const hc_server *s)
{
	return s->port;
}

hc_app *hc_server_app(hc_server *s)
{
	return &s->app;
}

void hc_server_stop(hc_server *s, int grace_ms)
{
	if (!s)
		return;
	MHD_socket lfd = MHD_quiesce_daemon(s->d);
	for (int waited = 0; waited < grace_ms && atomic_load(&s->inflight) > 0; waited += 10) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(s->d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	hc_metrics_free(s->metrics);
	free(s);
}
