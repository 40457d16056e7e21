#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_LIMIT ((size_t)64 << 20)

static int reserve(hc_buf *b, size_t extra)
{
	size_t limit = b->cap_limit ? b->cap_limit : DEFAULT_LIMIT;
	if (b->failed)
		return HC_ENOMEM;
	if (extra > limit || b->len + extra + 1 > limit) {
		b->failed = 1;
		return HC_ETOOBIG;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return HC_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return HC_ENOMEM;
	}
	b->data = p;
	b->cap = cap;
	return HC_OK;
}

int hc_buf_append(hc_buf *b, const void *p, size_t n)
{
	int rc = reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return HC_OK;
}

int hc_buf_puts(hc_buf *b, const char *s)
{
	return hc_buf_append(b, s, strlen(s));
}

int hc_buf_putc(hc_buf *b, char c)
{
	return hc_buf_append(b, &c, 1);
}

int hc_buf_vprintf(hc_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return HC_EINTERNAL;
	int rc = reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return HC_OK;
}

int hc_buf_printf(hc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = hc_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *hc_buf_str(const hc_buf *b)
{
	return b->data ? b->data : "";
}

char *hc_buf_take(hc_buf *b)
{
	char *s = b->data;
	if (!s)
		s = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
	return s;
}

void hc_buf_reset(hc_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data)
		b->data[0] = '\0';
}

void hc_buf_free(hc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
