#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static void vlog(const char *level, const char *fmt, va_list ap)
{
	char line[1024];
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int n = snprintf(line, sizeof line, "%s %s ", ts, level);
	if (n > 0 && (size_t)n < sizeof line)
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", line);
}

#define DEFINE_LOG(name, level)                                                                    \
	void name(const char *fmt, ...)                                                            \
	{                                                                                          \
		va_list ap;                                                                        \
		va_start(ap, fmt);                                                                 \
		vlog(level, fmt, ap);                                                              \
		va_end(ap);                                                                        \
	}

DEFINE_LOG(hc_log_info, "info")
DEFINE_LOG(hc_log_warn, "warn")
DEFINE_LOG(hc_log_error, "error")
