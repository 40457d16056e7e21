/* libFuzzer target for the template renderer (src/web/tmpl.h): any text is
 * either rendered or refused with an error, never past the output limit,
 * and the same text renders the same way twice. (Escaping itself is
 * checked by tests/unit/web/test_tmpl.c.) */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *d;
	if (!d)
		d = json_pack("{s:s,s:[{s:s},{s:s}],s:b,s:i}", "x", "<i>", "items", "n", "a", "n",
		              "<b>", "t", 1, "z", 0);
	hc_buf b = HC_BUF_INIT;
	hc_err e;
	int rc = hc_tmpl_render_text((const char *)data, size, d, &b, &e);
	if (rc == HC_OK && b.len > HC_TMPL_OUT_MAX)
		abort();
	hc_buf c = HC_BUF_INIT;
	if (hc_tmpl_render_text((const char *)data, size, d, &c, &e) != rc)
		abort();
	if (rc == HC_OK && (b.len != c.len || (b.len && memcmp(b.data, c.data, b.len) != 0)))
		abort();
	hc_buf_free(&b);
	hc_buf_free(&c);
	return 0;
}
