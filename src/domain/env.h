/* env: what every domain call needs besides storage: the working calendar
 * and the current instant. Plain data, owned by the caller (the server keeps
 * one calendar for its lifetime; each request sets now from hc_clock). */
#ifndef HC_ENV_H
#define HC_ENV_H

#include <stdint.h>

#include "domain/calendar.h"

typedef struct hc_env {
	const hc_calendar *cal;
	int64_t now; /* UTC epoch seconds */
} hc_env;

#endif
