/* `haicap serve`: opens the database, builds the working calendar, starts
 * the HTTP server and runs until SIGINT or SIGTERM. The signals are blocked
 * before any thread starts and taken with sigwait, so no handler and no
 * global state is needed. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/auth.h"
#include "domain/calendar.h"
#include "domain/calendar_store.h"
#include "http/api.h"
#include "http/server.h"

/* Grace period for requests in flight at shutdown. */
#define SHUTDOWN_GRACE_MS 10000

static int parse_threads(const char *s, int *out, hc_err *err)
{
	char *end = NULL;
	errno = 0;
	long v = s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || errno || *end || v < 1 || v > 256)
		return hc_err_set(err, HC_EINVAL, "threads", "Số luồng phải từ 1 đến 256",
		                  "--threads must be 1..256");
	*out = (int)v;
	return HC_OK;
}

int hc_cmd_serve(int argc, char **argv)
{
	static const char *const spec[] = {"db:", "listen:", "threads:", "secure-cookies", NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err))
		return hc_cli_fail(&err);
	const char *listen = hc_args_get(&a, "listen");
	if (!listen)
		listen = "127.0.0.1:8080";
	int threads = 0;
	if (hc_args_get(&a, "threads") && parse_threads(hc_args_get(&a, "threads"), &threads, &err))
		return hc_cli_fail(&err);
	struct sockaddr_storage addr;
	socklen_t alen;
	if (hc_listen_parse(listen, &addr, &alen, &err))
		return hc_cli_fail(&err);

	/* Block the shutdown signals in every thread started from here on. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	hc_db *db = NULL;
	hc_calendar *cal = NULL;
	hc_server *srv = NULL;
	int rc = hc_db_open(db_path, 0, &db, &err);
	if (!rc)
		rc = hc_auth_init(&err);
	if (!rc)
		rc = hc_calendar_open(db, &cal, &err);
	if (!rc) {
		size_t nroutes;
		const hc_route *routes = hc_api_routes(&nroutes);
		hc_server_config cfg = {.listen = listen,
		                        .threads = threads,
		                        .db = db,
		                        .cal = cal,
		                        .authenticate = hc_api_authenticate,
		                        .routes = routes,
		                        .nroutes = nroutes,
		                        /* behind an HTTPS proxy: cookies only over HTTPS */
		                        .secure_cookies = hc_args_flag(&a, "secure-cookies")};
		rc = hc_server_start(&cfg, &srv, &err);
	}
	if (rc) {
		hc_calendar_free(cal);
		hc_db_close(db);
		return hc_cli_fail(&err);
	}
	char host[80];
	if (listen[0] == '[')
		snprintf(host, sizeof host, "%.*s", (int)(strchr(listen, ']') - listen + 1),
		         listen);
	else
		snprintf(host, sizeof host, "%.*s", (int)(strrchr(listen, ':') - listen), listen);
	printf("haicap listening on http://%s:%d\n", host, hc_server_port(srv));
	fflush(stdout);
	hc_log_info("serving %s (%s) on %s:%d", db_path, hc_db_backend(db), host,
	            hc_server_port(srv));

	int sig = 0;
	while (sigwait(&sigs, &sig) != 0)
		;
	hc_log_info("signal %d: shutting down", sig);
	hc_server_stop(srv, SHUTDOWN_GRACE_MS);
	hc_calendar_free(cal);
	hc_db_close(db);
	hc_log_info("stopped");
	return 0;
}
