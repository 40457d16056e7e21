/* `haicap form`: prints a form of the one-stop process to a PDF file.
 * Argument parsing and the file write only; forms.c draws the form. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/commands.h"
#include "core/clock.h"
#include "core/time.h"
#include "db/db.h"
#include "domain/forms.h"

static int write_file(const char *path, const char *data, size_t len, hc_err *err)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return hc_err_set(err, HC_EIO, "out", "Không ghi được tệp", "%s: %s", path,
		                  strerror(errno));
	size_t w = fwrite(data, 1, len, f);
	int bad = fclose(f) != 0 || w != len;
	if (bad) {
		remove(path);
		return hc_err_set(err, HC_EIO, "out", "Không ghi được tệp", "%s: short write",
		                  path);
	}
	return HC_OK;
}

int hc_cmd_form(int argc, char **argv)
{
	static const char *const spec[] = {
	    "db:",   "dossier:", "unit:",     "kind:", "out:", "secret:",
	    "from:", "to:",      "base-url:", "now:",  NULL};
	hc_args a;
	hc_err err = {0};
	const char *db_path, *kind_s, *out;
	enum hc_form_kind kind;
	if (hc_args_parse(argc, argv, spec, &a, &err) || hc_args_need(&a, "db", &db_path, &err) ||
	    hc_args_need(&a, "kind", &kind_s, &err) || hc_args_need(&a, "out", &out, &err))
		return hc_cli_fail(&err);
	if (!hc_form_kind_parse(kind_s, &kind)) {
		hc_err_set(
		    &err, HC_EINVAL, "kind", "Loại mẫu phiếu không hợp lệ",
		    "kind must be receipt, supplement, refusal, apology, control or register");
		return hc_cli_fail(&err);
	}
	const char *dossier = hc_args_get(&a, "dossier");
	int64_t from = 0, to = 0;
	if (kind == HC_FORM_REGISTER) {
		const char *from_s, *to_s;
		if (hc_args_need(&a, "from", &from_s, &err) ||
		    hc_args_need(&a, "to", &to_s, &err) ||
		    hc_parse_date(from_s, "from", &from, &err) ||
		    hc_parse_date(to_s, "to", &to, &err))
			return hc_cli_fail(&err);
	} else if (hc_args_need(&a, "dossier", &dossier, &err)) {
		return hc_cli_fail(&err);
	}
	hc_clock clock = {0};
	if (hc_args_get(&a, "now") &&
	    hc_parse_local_time(hc_args_get(&a, "now"), "now", &clock.fixed, &err))
		return hc_cli_fail(&err);
	hc_env env = {.cal = NULL, .now = hc_clock_now(&clock)};
	hc_actor system = hc_actor_system();
	hc_form_opts o = {.secret = hc_args_get(&a, "secret"),
	                  .base_url = hc_args_get(&a, "base-url")};
	hc_db *db;
	if (hc_db_open(db_path, 1, &db, &err))
		return hc_cli_fail(&err);
	hc_tx *tx;
	char *pdf = NULL;
	size_t len = 0;
	int rc = hc_tx_begin(db, HC_TX_READ, &tx, &err);
	if (!rc) {
		if (kind == HC_FORM_REGISTER)
			rc = hc_form_register(tx, &env, &system, hc_args_get(&a, "unit"), from, to,
			                      &o, &pdf, &len, &err);
		else
			rc =
			    hc_form_dossier(tx, &env, &system, dossier, kind, &o, &pdf, &len, &err);
		rc = hc_tx_end(tx, rc, &err);
	}
	hc_db_close(db);
	if (!rc)
		rc = write_file(out, pdf, len, &err);
	free(pdf);
	if (rc)
		return hc_cli_fail(&err);
	return 0;
}
