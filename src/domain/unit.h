/* unit: administrative units (xã, phường, đặc khu; the province body for
 * supervisors) and their offices (phòng, TTPVHCC).
 * Owns: the units and offices tables. Must not: know about staff or dossiers. */
#ifndef HC_UNIT_H
#define HC_UNIT_H

#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

typedef struct hc_unit {
	int64_t id;
	char code[32];       /* national code (mã ĐVHC) */
	char identifier[32]; /* prefix of receipt codes: [A-Z0-9.]{1,24} */
	char name[160];
	char kind[16]; /* xa | phuong | dac_khu | tinh */
	char province[160];
	char office_hours[64];
} hc_unit;

typedef struct hc_office {
	int64_t id;
	int64_t unit_id;
	char code[32];
	char name[160];
} hc_office;

/* Validates and inserts (or, when the code exists, updates) a unit inside tx.
 * Sets u->id. Names are NFC-normalized. */
int hc_unit_upsert(hc_tx *tx, hc_unit *u, int64_t now, hc_err *err);
/* The unit's place name, its name without the kind ("Phường Trần Liễu" ->
 * "Trần Liễu"), for date lines; points into u->name. */
const char *hc_unit_place(const hc_unit *u);
int hc_unit_by_code(hc_tx *tx, const char *code, hc_unit *out, hc_err *err);
int hc_unit_by_id(hc_tx *tx, int64_t id, hc_unit *out, hc_err *err);
/* Calls fn for every unit ordered by code; stops on a non-zero return. */
int hc_unit_each(hc_tx *tx, int (*fn)(const hc_unit *u, void *ctx), void *ctx, hc_err *err);

int hc_office_upsert(hc_tx *tx, hc_office *o, hc_err *err);
int hc_office_by_code(hc_tx *tx, int64_t unit_id, const char *code, hc_office *out, hc_err *err);
int hc_office_by_id(hc_tx *tx, int64_t id, hc_office *out, hc_err *err);
/* Calls fn for every office of unit_id ordered by name; stops on a non-zero
 * return. */
int hc_office_each(hc_tx *tx, int64_t unit_id, int (*fn)(const hc_office *o, void *ctx), void *ctx,
                   hc_err *err);

#endif
