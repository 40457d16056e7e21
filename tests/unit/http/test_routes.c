/* Walks THE route table: every route has an access kind, a validator and a
 * handler; paths are unique per method and well formed; API routes live
 * under /api/v1, web pages (HC_ROUTE_WEB) elsewhere; body keys only on
 * methods that carry a body; every web form declares the csrf field. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/api.h"

static void every_route_declared(void **state)
{
	(void)state;
	size_t n;
	const hc_route *r = hc_api_routes(&n);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const hc_route *x = &r[i];
		if (x->access != HC_ROUTE_PUBLIC && x->access != HC_ROUTE_AUTH &&
		    x->access != HC_ROUTE_PERM)
			fail_msg("route %s %s has no access kind", x->method, x->pattern);
		if (x->access == HC_ROUTE_PERM && (int)x->perm >= HC_PERM_COUNT)
			fail_msg("route %s %s has an unknown permission", x->method, x->pattern);
		if (!x->validate)
			fail_msg("route %s %s has no validator", x->method, x->pattern);
		if (!x->handle)
			fail_msg("route %s %s has no handler", x->method, x->pattern);
		assert_true(strcmp(x->method, "GET") == 0 || strcmp(x->method, "POST") == 0 ||
		            strcmp(x->method, "PUT") == 0 || strcmp(x->method, "DELETE") == 0 ||
		            strcmp(x->method, "PATCH") == 0);
		assert_true(x->pattern[0] == '/');
		bool web = x->flags & HC_ROUTE_WEB;
		if (web)
			assert_true(strncmp(x->pattern, "/api/", 5) != 0);
		else
			assert_true(strncmp(x->pattern, "/api/v1/", 8) == 0 ||
			            strcmp(x->pattern, "/healthz") == 0 ||
			            strcmp(x->pattern, "/metrics") == 0 ||
			            strncmp(x->pattern, "/static/", 8) == 0);
		if (web && strcmp(x->method, "POST") == 0) {
			bool has_csrf = false;
			for (const char *const *k = x->body_keys; k && *k; k++)
				has_csrf |= strcmp(*k, "csrf") == 0;
			if (!has_csrf)
				fail_msg("web form POST %s does not declare csrf", x->pattern);
		}
		if (x->body_keys && strcmp(x->method, "GET") == 0)
			fail_msg("route GET %s declares body keys", x->pattern);
		if (strcmp(x->method, "POST") == 0 && !x->body_keys)
			fail_msg("route POST %s declares no body keys", x->pattern);
		/* public routes are the known few */
		if (x->access == HC_ROUTE_PUBLIC && !web)
			assert_true(strncmp(x->pattern, "/static/", 8) == 0 ||
			            strcmp(x->pattern, "/healthz") == 0 ||
			            strcmp(x->pattern, "/metrics") == 0 ||
			            strcmp(x->pattern, "/api/v1/sessions") == 0 ||
			            strncmp(x->pattern, "/api/v1/public/", 15) == 0);
		for (size_t j = 0; j < i; j++)
			if (strcmp(r[j].method, x->method) == 0 &&
			    strcmp(r[j].pattern, x->pattern) == 0)
				fail_msg("route %s %s declared twice", x->method, x->pattern);
		/* braces balanced, whole segments */
		for (const char *p = x->pattern; *p; p++)
			if (*p == '{')
				assert_true(
				    p[-1] == '/' && strchr(p, '}') &&
				    (strchr(p, '}')[1] == '/' || strchr(p, '}')[1] == '\0'));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_route_declared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
