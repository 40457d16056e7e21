/* The libmicrohttpd adapter on loopback: headers every reply carries, the
 * body limit (413 without reading the body), the listen-address parser and
 * a clean stop. Raw sockets keep the client honest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <cmocka.h>

#include "http/server.h"

static int v_ok(hc_request *rq, hc_err *err)
{
	(void)rq;
	(void)err;
	return HC_OK;
}

static void h_echo(hc_request *rq)
{
	hc_reply_json(
	    &rq->reply, 200,
	    json_pack("{s:s,s:i}", "id", hc_request_param(rq, "id"), "bytes", (int)rq->body_len));
}

static const char *const keys[] = {"a", NULL};
static const hc_route table[] = {
    {"GET", "/t/{id}", HC_ROUTE_PUBLIC, 0, NULL, v_ok, h_echo, 0},
    {"POST", "/t/{id}", HC_ROUTE_PUBLIC, 0, keys, v_ok, h_echo, 0},
};

/* Sends req, reads the whole reply (the server closes or we time out). */
static char *exchange(int port, const char *req, size_t reqlen)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	struct timeval tv = {5, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	size_t off = 0;
	while (off < reqlen) {
		ssize_t k = send(fd, req + off, reqlen - off, MSG_NOSIGNAL);
		if (k <= 0)
			break; /* the server may stop reading: fine */
		off += (size_t)k;
	}
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		ssize_t k = recv(fd, buf + len, cap - len - 1, 0);
		if (k <= 0)
			break;
		len += (size_t)k;
		if (strstr(buf, "\r\n\r\n")) {
			buf[len] = '\0';
			const char *cl = strstr(buf, "Content-Length: ");
			const char *body = strstr(buf, "\r\n\r\n") + 4;
			if (cl && (size_t)(buf + len - body) >= strtoul(cl + 16, NULL, 10))
				break;
		}
	}
	buf[len] = '\0';
	close(fd);
	return buf;
}

static void serves_with_headers(void **state)
{
	(void)state;
	hc_server *s;
	hc_err e;
	hc_server_config cfg = {
	    .listen = "127.0.0.1:0", .threads = 2, .routes = table, .nroutes = 2};
	assert_int_equal(hc_server_start(&cfg, &s, &e), HC_OK);
	int port = hc_server_port(s);
	assert_true(port > 0);

	const char get[] = "GET /t/abc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	char *r = exchange(port, get, sizeof get - 1);
	assert_non_null(strstr(r, "HTTP/1.1 200"));
	assert_non_null(strstr(r, "Content-Type: application/json; charset=utf-8\r\n"));
	assert_non_null(strstr(r, "X-Content-Type-Options: nosniff\r\n"));
	assert_non_null(strstr(r, "Cache-Control: no-store\r\n"));
	const char *rid = strstr(r, "X-Request-Id: ");
	assert_non_null(rid);
	assert_int_equal(strspn(rid + 14, "0123456789abcdef"), 32);
	assert_non_null(strstr(r, "{\"id\":\"abc\",\"bytes\":0}"));
	free(r);

	const char post[] = "POST /t/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	                    "Content-Length: 7\r\n\r\n{\"a\":1}";
	r = exchange(port, post, sizeof post - 1);
	assert_non_null(strstr(r, "{\"id\":\"x\",\"bytes\":7}"));
	free(r);

	/* declared over the limit: refused before the body is read */
	const char big[] = "POST /t/x HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n{";
	r = exchange(port, big, sizeof big - 1);
	assert_non_null(strstr(r, "HTTP/1.1 413"));
	assert_non_null(strstr(r, "\"too_large\""));
	free(r);

	const char put[] = "PUT /t/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	r = exchange(port, put, sizeof put - 1);
	assert_non_null(strstr(r, "HTTP/1.1 405"));
	assert_non_null(strstr(r, "Allow: GET, POST\r\n"));
	free(r);

	const char bad[] = "POST /t/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	                   "Content-Length: 5\r\n\r\n{\"a\":";
	r = exchange(port, bad, sizeof bad - 1);
	assert_non_null(strstr(r, "HTTP/1.1 400"));
	assert_non_null(strstr(r, "Dữ liệu JSON không hợp lệ"));
	free(r);

	/* still serving */
	r = exchange(port, get, sizeof get - 1);
	assert_non_null(strstr(r, "HTTP/1.1 200"));
	free(r);
	hc_server_stop(s, 1000);
}

static void listen_addresses(void **state)
{
	(void)state;
	struct sockaddr_storage a;
	socklen_t n;
	hc_err e;
	assert_int_equal(hc_listen_parse("127.0.0.1:8080", &a, &n, &e), HC_OK);
	assert_int_equal(a.ss_family, AF_INET);
	assert_int_equal(ntohs(((struct sockaddr_in *)&a)->sin_port), 8080);
	assert_int_equal(hc_listen_parse("[::1]:9000", &a, &n, &e), HC_OK);
	assert_int_equal(a.ss_family, AF_INET6);
	assert_int_equal(ntohs(((struct sockaddr_in6 *)&a)->sin6_port), 9000);
	assert_int_equal(hc_listen_parse("0.0.0.0:0", &a, &n, &e), HC_OK);
	static const char *const bad[] = {
	    "",           "127.0.0.1",   "127.0.0.1:", "127.0.0.1:65536", "localhost:80",
	    "::1:80",     "[::1]80",     "[::1]:",     "1.2.3.4:8o",      "[zz]:80",
	    "1.2.3.4:-1", "300.1.1.1:80"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(hc_listen_parse(bad[i], &a, &n, &e), HC_EINVAL);
		assert_string_equal(e.field, "listen");
	}
}

static void port_in_use(void **state)
{
	(void)state;
	hc_server *s, *s2;
	hc_err e;
	hc_server_config cfg = {
	    .listen = "127.0.0.1:0", .threads = 1, .routes = table, .nroutes = 2};
	assert_int_equal(hc_server_start(&cfg, &s, &e), HC_OK);
	char addr[32];
	snprintf(addr, sizeof addr, "127.0.0.1:%d", hc_server_port(s));
	cfg.listen = addr;
	assert_int_not_equal(hc_server_start(&cfg, &s2, &e), HC_OK);
	assert_string_equal(e.field, "listen");
	hc_server_stop(s, 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(serves_with_headers),
	    cmocka_unit_test(listen_addresses),
	    cmocka_unit_test(port_in_use),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
