/* lunar: the Vietnamese lunisolar calendar, computed astronomically for the
 * UTC+7 meridian (DESIGN §3.1): months begin on the local day of the new
 * moon; month 11 contains the winter solstice; in a year with 13 months the
 * first month without a principal solar term is the leap month.
 * Owns: solar <-> lunar date conversion for 1900-2199.
 * Must not: know about holidays (calendar.c).
 * Written by hand: no Debian package provides a Vietnamese (UTC+7) lunar
 * calendar; Chinese-calendar libraries use UTC+8 and give different dates in
 * some years (Tết 1985: 21 January in Vietnam, 20 February in China). The
 * new-moon and solar-longitude series are the low-precision ones of Meeus,
 * Astronomical Algorithms, accurate to minutes over these centuries. */
#ifndef HC_LUNAR_H
#define HC_LUNAR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct hc_lunar {
	int year, month, day; /* month 1..12, day 1..30 */
	bool leap;            /* a leap (nhuận) month */
} hc_lunar;

/* Lunar date of a solar day (days since 1970-01-01, local). */
hc_lunar hc_lunar_from_day(int64_t day);
/* Solar day of a lunar date; false when the date does not exist (no such
 * leap month, day 30 of a 29-day month, out of range). */
bool hc_lunar_to_day(hc_lunar l, int64_t *day);

#endif
