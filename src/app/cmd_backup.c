/* `haicap backup` and `haicap restore`: argument parsing and printing only;
 * the copy is db.h's (hc_db_backup / hc_db_restore) and the figures that
 * prove it whole are census.h's: the backup prints the row counts and audit
 * chains of the snapshot it wrote, the restore those of what it loaded, so
 * the two can be compared (equal for a whole copy). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "db/db.h"
#include "domain/census.h"

static int take_census(hc_tx *tx, void *ctx, hc_err *err)
{
	return hc_census_snapshot(tx, ctx, err);
}

/* Prints the census; returns 1 when an audit chain is broken. */
static int print_census(const char *what, const char *file, json_t *c, int as_json)
{
	json_t *audit = json_object_get(c, "audit");
	int ok = json_is_true(json_object_get(audit, "ok"));
	if (as_json) {
		char *s = json_dumps(c, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
	} else {
		json_t *tables = json_object_get(c, "tables");
		printf(
		    "%s %s: %zu tables, %lld units, %lld dossiers, %lld actions, %lld audit rows\n",
		    what, file, json_object_size(tables),
		    (long long)json_integer_value(json_object_get(tables, "units")),
		    (long long)json_integer_value(json_object_get(tables, "dossiers")),
		    (long long)json_integer_value(json_object_get(tables, "dossier_actions")),
		    (long long)json_integer_value(json_object_get(tables, "audit")));
		if (ok)
			printf("audit chain ok: %lld rows in %lld chains\n",
			       (long long)json_integer_value(json_object_get(audit, "rows")),
			       (long long)json_integer_value(json_object_get(audit, "chains")));
	}
	if (!ok)
		fprintf(stderr, "haicap: audit chain BROKEN: unit %lld at row %lld\n",
		        (long long)json_integer_value(json_object_get(audit, "bad_unit")),
		        (long long)json_integer_value(json_object_get(audit, "bad_seq")));
	return ok ? 0 : 1;
}

int hc_cmd_backup(int argc, char **argv)
{
	static const char *const spec[] = {"db:", "out:", "json", NULL};
	hc_args a;
	hc_err err = {0};
	const char *url, *out;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &url, &err) ||
	    hc_args_need(&a, "out", &out, &err))
		return hc_cli_fail(&err);
	hc_db *db;
	if (hc_db_open(url, 1, &db, &err))
		return hc_cli_fail(&err);
	json_t *census = NULL;
	int rc = hc_db_backup(db, out, take_census, &census, &err);
	hc_db_close(db);
	if (rc) {
		json_decref(census);
		return hc_cli_fail(&err);
	}
	/* a broken chain is reported, but the copy is made: it is evidence */
	print_census("backup", out, census, hc_args_flag(&a, "json"));
	json_decref(census);
	return 0;
}

int hc_cmd_restore(int argc, char **argv)
{
	static const char *const spec[] = {"db:", "in:", "json", NULL};
	hc_args a;
	hc_err err = {0};
	const char *url, *in;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &url, &err) ||
	    hc_args_need(&a, "in", &in, &err))
		return hc_cli_fail(&err);
	if (hc_db_restore(url, in, &err))
		return hc_cli_fail(&err);
	hc_db *db;
	if (hc_db_open(url, 1, &db, &err)) /* applies migrations newer than the backup */
		return hc_cli_fail(&err);
	hc_tx *tx;
	json_t *census = NULL;
	int rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
	if (!rc)
		rc = hc_tx_end(tx, hc_census_snapshot(tx, &census, &err), &err);
	hc_db_close(db);
	if (rc)
		return hc_cli_fail(&err);
	rc = print_census("restored", url, census, hc_args_flag(&a, "json"));
	json_decref(census);
	return rc;
}
