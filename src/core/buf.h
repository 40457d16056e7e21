/* buf: a growable byte buffer, always NUL-terminated.
 * Owns: its heap storage (freed by hc_buf_free). Appends are bounded by
 * cap_limit (0 = 64 MiB) so no input can grow it without bound. */
#ifndef HC_BUF_H
#define HC_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/err.h"

typedef struct hc_buf {
	char *data; /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
	size_t cap_limit;
	int failed; /* sticky: an append failed (no memory or over the limit) */
} hc_buf;

#define HC_BUF_INIT                                                                                \
	{                                                                                          \
		0                                                                                  \
	}

int hc_buf_append(hc_buf *b, const void *p, size_t n);
int hc_buf_puts(hc_buf *b, const char *s);
int hc_buf_putc(hc_buf *b, char c);
int hc_buf_printf(hc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int hc_buf_vprintf(hc_buf *b, const char *fmt, va_list ap);
/* Returns the content ("" if empty); the buffer keeps ownership. */
const char *hc_buf_str(const hc_buf *b);
/* Hands the heap string to the caller (who frees it) and resets b. */
char *hc_buf_take(hc_buf *b);
void hc_buf_reset(hc_buf *b);
void hc_buf_free(hc_buf *b);

#endif
