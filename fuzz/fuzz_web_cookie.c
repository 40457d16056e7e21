/* libFuzzer target for the Cookie header parser (src/http/web.h): checks
 * that an accepted value fits, is not empty and holds only the token
 * alphabet, and that the same header parses the same way twice. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = malloc(size + 1);
	if (!h)
		return 0;
	memcpy(h, data, size);
	h[size] = '\0';
	static const char *const names[] = {HC_WEB_SESSION_COOKIE, HC_WEB_PRE_COOKIE, "a"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char v[48], w[48];
		bool ok = hc_web_cookie(h, names[i], v, sizeof v);
		if (ok != hc_web_cookie(h, names[i], w, sizeof w))
			abort();
		if (!ok)
			continue;
		size_t n = strlen(v);
		if (n == 0 || n >= sizeof v || strcmp(v, w) != 0)
			abort();
		for (size_t k = 0; k < n; k++)
			if (!strchr(
			        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
			        v[k]))
				abort();
	}
	free(h);
	return 0;
}
