/* clock: the one source of "now" (DESIGN §2 Time).
 * Owns: an hc_clock value passed explicitly to whoever needs the time; a
 * fixed clock for tests and for the CLI's --now. Must not: hold global state. */
#ifndef HC_CLOCK_H
#define HC_CLOCK_H

#include <stdint.h>

typedef struct hc_clock {
	int64_t fixed; /* when non-zero, hc_clock_now returns it */
} hc_clock;

/* UTC epoch seconds: the fixed value if set, else the system clock. */
int64_t hc_clock_now(const hc_clock *c);

#endif
