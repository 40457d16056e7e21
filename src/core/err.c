#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy_trunc(char *dst, size_t cap, const char *src)
{
	if (!src) {
		dst[0] = '\0';
		return;
	}
	snprintf(dst, cap, "%s", src);
}

int hc_err_set(hc_err *err, int code, const char *field, const char *message,
               const char *detail_fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	copy_trunc(err->field, sizeof err->field, field);
	copy_trunc(err->message, sizeof err->message, message);
	if (detail_fmt) {
		va_list ap;
		va_start(ap, detail_fmt);
		vsnprintf(err->detail, sizeof err->detail, detail_fmt, ap);
		va_end(ap);
	} else {
		copy_trunc(err->detail, sizeof err->detail, message);
	}
	return code;
}

void hc_err_clear(hc_err *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof *err);
}

const char *hc_err_name(int code)
{
	switch (code) {
	case HC_OK:
		return "ok";
	case HC_EINVAL:
		return "invalid";
	case HC_EUNAUTH:
		return "unauthenticated";
	case HC_EFORBIDDEN:
		return "forbidden";
	case HC_ENOTFOUND:
		return "not_found";
	case HC_ECONFLICT:
		return "conflict";
	case HC_ETOOBIG:
		return "too_large";
	case HC_EUNAVAIL:
		return "unavailable";
	case HC_EDB:
		return "storage_error";
	case HC_ENOMEM:
		return "out_of_memory";
	case HC_EIO:
		return "io_error";
	default:
		return "internal";
	}
}

int hc_err_http_status(int code)
{
	switch (code) {
	case HC_OK:
		return 200;
	case HC_EINVAL:
		return 400;
	case HC_EUNAUTH:
		return 401;
	case HC_EFORBIDDEN:
		return 403;
	case HC_ENOTFOUND:
		return 404;
	case HC_ECONFLICT:
		return 409;
	case HC_ETOOBIG:
		return 413;
	case HC_EUNAVAIL:
		return 503;
	default:
		return 500;
	}
}
