/* demo: builds the demonstration database: the seven communes of the user
 * reports (data/demo/units.csv, offices.csv), a city supervisor, staff of
 * every role, the demo catalog in each unit, and dossiers from 1 July 2025 to
 * now generated through the real engine (intake and every lifecycle action,
 * with their audit rows), at volumes and channel mixes resembling the reports,
 * and citizens' feedback through the feedback module (a few dozen a year per
 * commune at scale 1).
 * Owns: the generation model (volumes, mixes, timing). Deterministic for a
 * given seed and now. Must not: bypass the domain modules to write dossiers. */
#ifndef HC_DEMO_H
#define HC_DEMO_H

#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/calendar.h"

typedef struct hc_demo_options {
	double scale;  /* 1.0 = the yearly volumes of the reports; tests use less */
	uint64_t seed; /* 0 = default */
	int64_t start; /* first instant (0 = 2025-07-01 00:00 local) */
	int64_t now;   /* last instant */
	/* 0: the seed communes only. N: a whole city, Hải Phòng with N commune-
	 * level units (114 since 1/7/2025): the seed communes of Hải Phòng keep
	 * their real names; the others are generated ("Phường Mẫu 07", "Xã Mẫu
	 * 31") with the city's mix of phường, xã and đặc khu and a city
	 * commune's volume, so N = 114 gives about 2 million dossiers a year. */
	int city_units;
} hc_demo_options;

#define HC_DEMO_CITY_MAX 400

typedef struct hc_demo_report {
	int units;
	int staff;
	int procedures;
	int64_t dossiers;
	int64_t feedback;
	int64_t actions;
} hc_demo_report;

/* The password of every demo account (printed by `haicap demo`). */
#define HC_DEMO_PASSWORD "haicap2025"

int hc_demo_build(hc_db *db, const hc_calendar *cal, const hc_demo_options *opt,
                  hc_demo_report *out, hc_err *err);

#endif
