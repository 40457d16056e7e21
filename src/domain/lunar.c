#include "domain/lunar.h"

#include <math.h>

#include "core/time.h"

#define TZ_HOURS 7.0
#define SYNODIC 29.530588853 /* mean synodic month, for lunation estimates */
/* mean lunation of Meeus' 1900-epoch new-moon series */
#define MEAN_LUNATION 29.53058868
#define DEG (M_PI / 180.0)
/* Julian day number of 1970-01-01 */
#define JDN_EPOCH 2440588
/* Julian date of the mean new moon of 1900-01-01, lunation k = 0 */
#define NM_EPOCH 2415020.75933

static double sin_deg(double d)
{
	return sin(d * DEG);
}

/* Julian ephemeris date of the new moon of lunation k (k = 0: January 1900),
 * mean phase plus the principal periodic terms, less ΔT. */
static double new_moon_jd(long k)
{
	double t = (double)k / 1236.85; /* Julian centuries from 1900 */
	double t2 = t * t, t3 = t2 * t;
	double mean = NM_EPOCH + MEAN_LUNATION * (double)k + 0.0001178 * t2 - 0.000000155 * t3 +
	              0.00033 * sin_deg(166.56 + 132.87 * t - 0.009173 * t2);
	double sun_anom = 359.2242 + 29.10535608 * (double)k - 0.0000333 * t2 - 0.00000347 * t3;
	double moon_anom = 306.0253 + 385.81691806 * (double)k + 0.0107306 * t2 + 0.00001236 * t3;
	double lat_arg = 21.2964 + 390.67050646 * (double)k - 0.0016528 * t2 - 0.00000239 * t3;
	double corr =
	    (0.1734 - 0.000393 * t) * sin_deg(sun_anom) + 0.0021 * sin_deg(2 * sun_anom) -
	    0.4068 * sin_deg(moon_anom) + 0.0161 * sin_deg(2 * moon_anom) -
	    0.0004 * sin_deg(3 * moon_anom) + 0.0104 * sin_deg(2 * lat_arg) -
	    0.0051 * sin_deg(sun_anom + moon_anom) - 0.0074 * sin_deg(sun_anom - moon_anom) +
	    0.0004 * sin_deg(2 * lat_arg + sun_anom) - 0.0004 * sin_deg(2 * lat_arg - sun_anom) -
	    0.0006 * sin_deg(2 * lat_arg + moon_anom) + 0.0010 * sin_deg(2 * lat_arg - moon_anom) +
	    0.0005 * sin_deg(sun_anom + 2 * moon_anom);
	/* ΔT (days): TT runs ahead of UT */
	double delta_t =
	    t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
	            : -0.000278 + 0.000265 * t + 0.000262 * t2;
	return mean + corr - delta_t;
}

/* Julian day number of the local (UTC+7) day holding new moon k. */
static long new_moon_jdn(long k)
{
	return (long)floor(new_moon_jd(k) + 0.5 + TZ_HOURS / 24.0);
}

/* Apparent solar longitude (degrees) at the start of local day jdn. */
static double sun_longitude(long jdn)
{
	double t = ((double)jdn - 2451545.5 - TZ_HOURS / 24.0) / 36525.0; /* from J2000 */
	double t2 = t * t;
	double mean_anom = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	double mean_long = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	double center = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin_deg(mean_anom) +
	                (0.019993 - 0.000101 * t) * sin_deg(2 * mean_anom) +
	                0.000290 * sin_deg(3 * mean_anom);
	double l = fmod(mean_long + center, 360.0);
	return l < 0 ? l + 360.0 : l;
}

/* Which 30° sector (0..11) the sun is in at the start of local day jdn:
 * a principal term falls inside a month when the sector changes. */
static int sun_sector(long jdn)
{
	return (int)(sun_longitude(jdn) / 30.0);
}

static long lunation_near(long jdn)
{
	return (long)floor(((double)jdn - NM_EPOCH) / SYNODIC + 0.5);
}

/* JDN of the first day of lunar month 11 of solar year y (the month that
 * holds the winter solstice, sun at 270°). */
static long month11_start(int y)
{
	long dec31 = (long)hc_days_from_civil(y, 12, 31) + JDN_EPOCH;
	long k = (long)floor(((double)dec31 - NM_EPOCH) / SYNODIC);
	while (new_moon_jdn(k) > dec31) /* the last new moon on or before 31/12 */
		k--;
	while (new_moon_jdn(k + 1) <= dec31)
		k++;
	long start = new_moon_jdn(k);
	if (sun_sector(start) >= 9) /* the solstice is already past: previous month */
		start = new_moon_jdn(k - 1);
	return start;
}

/* In a 13-month year starting at month 11 a11: the offset (1..12) of the
 * first month after a11 without a principal term, which is the leap month. */
static int leap_offset(long a11)
{
	long k = lunation_near(a11);
	int i = 1, last, sector = sun_sector(new_moon_jdn(k + 1));
	do {
		last = sector;
		i++;
		sector = sun_sector(new_moon_jdn(k + i));
	} while (sector != last && i < 14);
	return i - 1;
}

hc_lunar hc_lunar_from_day(int64_t day)
{
	long jdn = (long)day + JDN_EPOCH;
	/* the estimate can be one lunation off either way: the periodic terms
	 * move a new moon by up to about 0.6 day from the mean phase */
	long k = (long)floor(((double)jdn - NM_EPOCH) / SYNODIC);
	while (new_moon_jdn(k) > jdn)
		k--;
	while (new_moon_jdn(k + 1) <= jdn)
		k++;
	long month_start = new_moon_jdn(k);
	int y = hc_civil_from_days(day).y;
	long a11 = month11_start(y), b11;
	int lunar_year;
	if (a11 >= month_start) {
		lunar_year = y;
		a11 = month11_start(y - 1);
		b11 = month11_start(y);
	} else {
		lunar_year = y + 1;
		b11 = month11_start(y + 1);
	}
	hc_lunar r = {0};
	r.day = (int)(jdn - month_start) + 1;
	long diff = (long)floor((double)(month_start - a11) / 29.0);
	r.month = (int)diff + 11;
	if (b11 - a11 > 365) {
		int lo = leap_offset(a11);
		if (diff >= lo) {
			r.month = (int)diff + 10;
			r.leap = diff == lo;
		}
	}
	if (r.month > 12)
		r.month -= 12;
	if (r.month >= 11 && diff < 4)
		lunar_year--;
	r.year = lunar_year;
	return r;
}

bool hc_lunar_to_day(hc_lunar l, int64_t *day)
{
	if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > 30 || l.year < 1900 ||
	    l.year > 2199)
		return false;
	long a11, b11;
	if (l.month < 11) {
		a11 = month11_start(l.year - 1);
		b11 = month11_start(l.year);
	} else {
		a11 = month11_start(l.year);
		b11 = month11_start(l.year + 1);
	}
	long k = lunation_near(a11);
	int off = l.month - 11;
	if (off < 0)
		off += 12;
	if (b11 - a11 > 365) {
		int lo = leap_offset(a11);
		/* the leap month repeats the month at offset lo - 1 (11 + lo - 1) */
		int leap_month = (lo + 10 - 1) % 12 + 1;
		if (l.leap && l.month != leap_month)
			return false;
		if (l.leap || off >= lo)
			off += 1;
	} else if (l.leap) {
		return false;
	}
	long start = new_moon_jdn(k + off);
	long next = new_moon_jdn(k + off + 1);
	if (l.day > next - start)
		return false;
	*day = (int64_t)(start + l.day - 1 - JDN_EPOCH);
	return true;
}
