/* libFuzzer target for multipart/form-data bodies (src/http/multipart.h):
 * every part lies inside the body, names are NUL-terminated within their
 * limits, and the same body parses the same way twice. The first line of
 * the input is the Content-Type header. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	const char *nl = memchr(d, '\n', size);
	size_t hl = nl ? (size_t)(nl - d) : size;
	char *ct = malloc(hl + 1);
	if (!ct)
		return 0;
	memcpy(ct, d, hl);
	ct[hl] = '\0';
	char b[HC_MP_BOUNDARY_MAX + 1];
	hc_err e;
	if (hc_multipart_boundary(ct, b, &e) == HC_OK) {
		const char *body = nl ? nl + 1 : d + size;
		size_t len = (size_t)(d + size - body);
		static hc_multipart m1, m2;
		int r1 = hc_multipart_parse(body, len, b, &m1, &e);
		int r2 = hc_multipart_parse(body, len, b, &m2, &e);
		if (r1 != r2 || m1.n != m2.n || m1.n > HC_MP_MAX_PARTS)
			abort();
		for (size_t i = 0; i < m1.n; i++) {
			const hc_mp_part *p = &m1.parts[i];
			if (p->data < body || p->data + p->len > body + len || !p->name[0] ||
			    strlen(p->name) > HC_MP_NAME_MAX ||
			    strlen(p->filename) > HC_MP_FILENAME_MAX)
				abort();
		}
	}
	free(ct);
	return 0;
}
