#include "core/clock.h"

#include <time.h>

int64_t hc_clock_now(const hc_clock *c)
{
	if (c && c->fixed)
		return c->fixed;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}
