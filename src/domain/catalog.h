/* catalog: the demo data carried inside the binary: a catalog of real
 * commune-level administrative procedures (data/catalog/procedures.csv:
 * national procedure codes, fields, limits, fees, components, deciding
 * office), the seed communes (data/demo/units.csv) and their offices
 * (data/demo/offices.csv). Loads them through the import engine, so the
 * demo goes through the same validation as any imported file.
 * Must not: commit or open transactions (the caller owns tx). */
#ifndef HC_CATALOG_H
#define HC_CATALOG_H

#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

#define HC_CATALOG_PROCEDURES "data/catalog/procedures.csv"
#define HC_CATALOG_UNITS "data/demo/units.csv"
#define HC_CATALOG_OFFICES "data/demo/offices.csv"

/* Inserts or updates the seed units and their offices. *count (may be
 * NULL) receives the number of units. */
int hc_catalog_load_demo_units(hc_tx *tx, int64_t now, long *count, hc_err *err);
/* Inserts or updates the demo procedure catalog in unit_id; the unit must
 * have the offices the catalog names (VP, KT, VHXH). Any invalid row fails
 * the whole load. */
int hc_catalog_load_demo(hc_tx *tx, int64_t unit_id, hc_err *err);

#endif
